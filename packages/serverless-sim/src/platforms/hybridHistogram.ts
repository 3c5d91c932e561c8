// Hybrid-histogram keep-alive (Shahrad et al., "Serverless in the Wild", ATC'20), per function:
// a histogram of idle times (from the end of the function's last invocation to its next
// arrival, when none is running) in 1-minute bins over 4 hours. When the histogram is
// representative (enough samples, bin-count CV above the threshold), the sandbox is released
// after each invocation, pre-warmed at the 5th percentile (minus a margin) and kept until the
// 99th percentile (plus a margin). Otherwise, the policy falls back to keeping the sandbox for
// the whole histogram range. Not modelled: the ARIMA branch for functions whose idle times are
// mostly beyond the range (they take the fallback too).
import { parseWith } from '../configError.js';
import { num, object, withDefault } from '../configFields.js';
import type { FunctionTable } from '../functionProfile.js';
import { hybridHistogram, warmStartMs } from '../parameters.js';
import type { Platform, PlatformContext, Retention, StartPlan } from '../platform.js';
import { planVanillaCold } from '../startPaths/coldStart.js';

export interface HybridHistogramOptions {
  binMs: number;
  bins: number;
  prewarmPercentile: number;
  keepAlivePercentile: number;
  margin: number;
  cvThreshold: number;
  minSamples: number;
}

/** The options' config ranges; the constructor checks them too, for direct callers. */
export const hybridSchema = withDefault(
  object({
    binMs: withDefault(num(1, 1e10), hybridHistogram.binMs),
    bins: withDefault(num(1, 100_000, { int: true }), hybridHistogram.bins),
    prewarmPercentile: withDefault(num(0, 1), hybridHistogram.prewarmPercentile),
    keepAlivePercentile: withDefault(num(0, 1), hybridHistogram.keepAlivePercentile),
    margin: withDefault(num(0, 1), hybridHistogram.margin),
    cvThreshold: withDefault(num(0, 1e6), hybridHistogram.cvThreshold),
    minSamples: withDefault(num(1, 1e9, { int: true }), hybridHistogram.minSamples),
  }),
  { ...hybridHistogram },
);

export class HybridHistogramPlatform implements Platform {
  readonly name = 'hybrid-histogram';
  private readonly o: HybridHistogramOptions;
  private fns: FunctionTable | undefined;
  private counts = new Uint32Array(0);
  private total = new Float64Array(0);
  private outOfBounds = new Float64Array(0);
  private running = new Int32Array(0);
  private lastEnd = new Float64Array(0);
  private dirty = new Uint8Array(0);
  private prewarmMs = new Float64Array(0);
  private keepMs = new Float64Array(0);
  private prewarmDecisions = 0;
  private fallbackDecisions = 0;

  constructor(options: Partial<HybridHistogramOptions> = {}) {
    this.o = { ...hybridHistogram, ...options };
    const o = this.o;
    if (!(o.binMs > 0)) throw new RangeError(`platformOptions.binMs must be > 0, got ${o.binMs}`);
    if (!(Number.isInteger(o.bins) && o.bins >= 1)) {
      throw new RangeError(`platformOptions.bins must be an integer >= 1, got ${o.bins}`);
    }
    for (const k of ['prewarmPercentile', 'keepAlivePercentile', 'margin'] as const) {
      if (!(o[k] >= 0 && o[k] <= 1))
        throw new RangeError(`platformOptions.${k} must be in [0, 1], got ${o[k]}`);
    }
    if (!(o.prewarmPercentile <= o.keepAlivePercentile)) {
      throw new RangeError(
        `platformOptions.prewarmPercentile must be <= keepAlivePercentile (${o.keepAlivePercentile}), got ${o.prewarmPercentile}`,
      );
    }
    if (!(o.cvThreshold >= 0))
      throw new RangeError(`platformOptions.cvThreshold must be >= 0, got ${o.cvThreshold}`);
    if (!(o.minSamples >= 1))
      throw new RangeError(`platformOptions.minSamples must be >= 1, got ${o.minSamples}`);
    // What the checks above let through: unknown keys, strings ('5' > 0 holds), Infinity,
    // a fractional minSamples and a bins count whose histogram would not fit in memory.
    parseWith(hybridSchema, options, 'platformOptions');
  }

  init(ctx: PlatformContext): void {
    const n = ctx.functions.count;
    this.fns = ctx.functions;
    this.counts = new Uint32Array(n * this.o.bins);
    this.total = new Float64Array(n);
    this.outOfBounds = new Float64Array(n);
    this.running = new Int32Array(n);
    this.lastEnd = new Float64Array(n).fill(Number.NaN);
    this.dirty = new Uint8Array(n).fill(1);
    this.prewarmMs = new Float64Array(n);
    this.keepMs = new Float64Array(n);
  }

  onArrival(fn: number, now: number): void {
    if (this.running[fn] === 0) {
      const last = this.lastEnd[fn]!;
      if (!Number.isNaN(last)) {
        const bin = Math.floor((now - last) / this.o.binMs);
        if (bin < this.o.bins) this.counts[fn * this.o.bins + bin]!++;
        else this.outOfBounds[fn]!++;
        this.total[fn]!++;
        this.dirty[fn] = 1;
      }
    }
    this.running[fn]!++;
  }

  warmStartMs(): number {
    return warmStartMs;
  }

  plan(fn: number, _node: number, _now: number, plan: StartPlan): void {
    planVanillaCold(this.fns!, fn, plan);
  }

  onIdle(fn: number, _node: number, now: number, out: Retention): void {
    if (--this.running[fn]! === 0) this.lastEnd[fn] = now;
    if (this.dirty[fn] === 1) this.decide(fn);
    out.prewarmMs = this.prewarmMs[fn]!;
    out.keepAliveMs = this.keepMs[fn]!;
  }

  /** The policy's windows for `fn` (exposed for tests): [prewarm, keep-alive] in ms. */
  windows(fn: number): [number, number] {
    if (this.dirty[fn] === 1) this.decide(fn);
    return [this.prewarmMs[fn]!, this.keepMs[fn]!];
  }

  private decide(fn: number): void {
    this.dirty[fn] = 0;
    const o = this.o;
    const range = o.bins * o.binMs;
    const inRange = this.total[fn]! - this.outOfBounds[fn]!;
    const base = fn * o.bins;
    let representative = false;
    if (inRange >= o.minSamples && this.outOfBounds[fn]! <= inRange) {
      // CV of the bin counts: a peaked histogram (predictable idle times) has a high CV.
      const mean = inRange / o.bins;
      let ss = 0;
      for (let b = 0; b < o.bins; b++) {
        const d = this.counts[base + b]! - mean;
        ss += d * d;
      }
      const sd = Math.sqrt(ss / (o.bins - 1 || 1));
      representative = sd / mean > o.cvThreshold;
    }
    if (!representative) {
      this.fallbackDecisions++;
      this.prewarmMs[fn] = 0;
      this.keepMs[fn] = range;
      return;
    }
    // Percentiles over bins: lower edge of the bin holding the p-th idle time for the pre-warm,
    // upper edge for the keep-alive end.
    const headTarget = o.prewarmPercentile * inRange;
    const tailTarget = o.keepAlivePercentile * inRange;
    let cum = 0;
    let head = -1;
    let tail = o.bins - 1;
    for (let b = 0; b < o.bins; b++) {
      cum += this.counts[base + b]!;
      if (head < 0 && cum > headTarget) head = b;
      if (cum >= tailTarget) {
        tail = b;
        break;
      }
    }
    if (head < 0) head = 0;
    const prewarm = head * o.binMs * (1 - o.margin);
    const keepEnd = (tail + 1) * o.binMs * (1 + o.margin);
    this.prewarmDecisions++;
    this.prewarmMs[fn] = prewarm;
    this.keepMs[fn] = keepEnd - prewarm;
  }

  stats(): Record<string, number> {
    return { prewarmDecisions: this.prewarmDecisions, fallbackDecisions: this.fallbackDecisions };
  }
}
