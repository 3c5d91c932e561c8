// The metrics the TrEnv papers report, as functions of simulation outputs, so that each headline
// figure is computed one way everywhere (CLI, REPRODUCTION.md, docs, tests).
//
// TrEnv's SOSP'24 abstract (DOI 10.1145/3694715.3695967): "up to a 7× speedup in P99 end-to-end
// latency and reducing memory usage by 48 % on average compared to state-of-the-art on-demand
// restoring systems", i.e. REAP+ and FaaSnap+. We read it as:
// - latency: the P99 of end-to-end latency taken per function; "up to" is the largest ratio
//   baseline P99 / TrEnv P99 over the functions, computed against each baseline separately;
// - memory: the reduction 1 − TrEnv / baseline, averaged over the on-demand restoring baselines.
// TrEnv-X's README figure of agent workloads plots peak memory per workload; its "up to 61 %" is
// the best of six, so the headline there is the range of per-workload reductions.
import { createRecorder, type Recorder } from '@paperlab/stats';

/** Collects end-to-end latencies per function and returns each function's P99 (numpy 'linear'). */
export class FunctionTailCollector {
  private readonly byName = new Map<string, Recorder>();

  add(fn: string, latencyMs: number): void {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) {
      throw new RangeError(`latencyMs must be a finite number >= 0, got ${latencyMs}`);
    }
    let r = this.byName.get(fn);
    if (r === undefined) {
      r = createRecorder();
      this.byName.set(fn, r);
    }
    r.add(latencyMs);
  }

  /** Function name → quantile `p` of its latencies, in name order. */
  quantiles(p = 0.99): Map<string, number> {
    const out = new Map<string, number>();
    for (const name of [...this.byName.keys()].sort())
      out.set(name, this.byName.get(name)!.quantile(p));
    return out;
  }
}

/** One function's P99 on the baseline and on the system under test, and their ratio. */
export interface FunctionRatio {
  fn: string;
  baselineMs: number;
  systemMs: number;
  /** baselineMs / systemMs: how many times lower the system's tail is. */
  ratio: number;
}

function checkTail(what: string, fn: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) {
    throw new RangeError(`${what} P99 of function '${fn}' must be a finite number > 0, got ${v}`);
  }
}

/**
 * Per-function P99 ratios baseline / system over the functions both ran, largest first (ties by
 * name). A function missing on either side is left out: it has no ratio.
 */
export function functionTailRatios(
  baseline: ReadonlyMap<string, number>,
  system: ReadonlyMap<string, number>,
): FunctionRatio[] {
  const out: FunctionRatio[] = [];
  for (const [fn, b] of baseline) {
    const s = system.get(fn);
    if (s === undefined) continue;
    checkTail('baseline', fn, b);
    checkTail('system', fn, s);
    const ratio = b / s;
    // 1e308 / 5e-324 is +∞, which JSON writes as null.
    if (ratio === Number.POSITIVE_INFINITY) {
      throw new RangeError(
        `P99 ratio of function '${fn}' must be finite, got baseline ${b} / system ${s}`,
      );
    }
    out.push({ fn, baselineMs: b, systemMs: s, ratio });
  }
  return out.sort((x, y) => y.ratio - x.ratio || (x.fn < y.fn ? -1 : x.fn > y.fn ? 1 : 0));
}

/** "Up to N×": the largest per-function P99 ratio, and where it occurs. */
export function upToTailRatio(
  baseline: ReadonlyMap<string, number>,
  system: ReadonlyMap<string, number>,
): FunctionRatio {
  const all = functionTailRatios(baseline, system);
  if (all.length === 0)
    throw new RangeError('baseline and system must share at least one function');
  return all[0]!;
}

/** Reduction 1 − system / baseline (0.48 = 48 % less). */
export function reduction(baseline: number, system: number): number {
  if (!(baseline > 0) || !Number.isFinite(baseline)) {
    throw new RangeError(`baseline must be a finite number > 0, got ${baseline}`);
  }
  if (!(system >= 0) || !Number.isFinite(system)) {
    throw new RangeError(`system must be a finite number >= 0, got ${system}`);
  }
  const ratio = system / baseline;
  if (ratio === Number.POSITIVE_INFINITY) {
    throw new RangeError(
      `system / baseline must be finite, got baseline=${baseline}, system=${system}`,
    );
  }
  return 1 - ratio;
}

/** Mean of the reductions of `system` against each baseline ("48 % on average"). */
export function meanReduction(system: number, baselines: readonly number[]): number {
  if (!Array.isArray(baselines)) {
    throw new TypeError(
      `baselines must be an array of numbers, got ${baselines === null ? 'null' : typeof baselines}`,
    );
  }
  if (baselines.length === 0) throw new RangeError('baselines must hold at least one value');
  let sum = 0;
  for (const b of baselines) sum += reduction(b, system);
  return sum / baselines.length;
}

/** Smallest and largest value, and the keys where they occur ("11–61 % across workloads"). */
export interface Range {
  min: number;
  minAt: string;
  max: number;
  maxAt: string;
}

export function rangeOf(values: ReadonlyMap<string, number>): Range {
  let r: Range | undefined;
  for (const [k, v] of values) {
    if (!Number.isFinite(v)) throw new RangeError(`value of '${k}' must be finite, got ${v}`);
    if (r === undefined) r = { min: v, minAt: k, max: v, maxAt: k };
    else {
      if (v < r.min) r = { ...r, min: v, minAt: k };
      if (v > r.max) r = { ...r, max: v, maxAt: k };
    }
  }
  if (r === undefined) throw new RangeError('values must hold at least one entry');
  return r;
}

/** Whether `x` lies in [range.min, range.max]. */
export function inRange(x: number, range: Range): boolean {
  return x >= range.min && x <= range.max;
}
