// Replay of per-minute invocation counts (the Azure 2019 trace format, built by
// Azure2019TraceBuilder): cells of (minute, function, count) in minute order, expanded one minute
// at a time so only the current minute's arrivals are ever materialised.
import type { Rng } from '@paperlab/stats';
import type { Workload } from '../workload.js';

const MINUTE_MS = 60_000;

/**
 * Replays per-minute counts: minute k of the window (trace minute `firstMinute + k`) covers
 * simulated time [k·60 s, (k+1)·60 s). Each count becomes that many arrivals inside its minute,
 * evenly spaced or at uniform random offsets, so the replay reproduces every count exactly.
 */
export class MinuteCountsWorkload implements Workload {
  readonly name = 'azure-2019-replay';
  readonly horizonMs: number;
  readonly expectedCount: number;
  /** Trace minute number of simulated minute 0. */
  readonly firstMinute: number;
  fn = 0;
  durationMs = Number.NaN;
  private readonly minuteStart: Int32Array;
  private readonly fnOf: Int32Array;
  private readonly countOf: Float64Array;
  private readonly spread: 'even' | 'uniform';
  private rng: Rng | undefined;
  private minute = -1;
  private times = new Float64Array(0);
  private fns = new Int32Array(0);
  private order = new Uint32Array(0);
  private pos = 0;
  private len = 0;

  constructor(
    start: Int32Array,
    fnOf: Int32Array,
    countOf: Float64Array,
    firstMinute: number,
    spread: 'even' | 'uniform',
  ) {
    this.minuteStart = start;
    this.fnOf = fnOf;
    this.countOf = countOf;
    this.firstMinute = firstMinute;
    this.spread = spread;
    this.horizonMs = (start.length - 1) * MINUTE_MS;
    let total = 0;
    for (const c of countOf) total += c;
    this.expectedCount = total;
  }

  /** Minutes in the window. */
  get minutes(): number {
    return this.minuteStart.length - 1;
  }

  start(_functionCount: number, rng: Rng): void {
    this.rng = rng;
    this.minute = -1;
    this.pos = 0;
    this.len = 0;
  }

  next(): number {
    while (this.pos === this.len) {
      if (this.minute + 1 >= this.minutes) return Number.POSITIVE_INFINITY;
      this.fillMinute(++this.minute);
    }
    const i = this.order[this.pos++]!;
    this.fn = this.fns[i]!;
    return this.times[i]!;
  }

  private fillMinute(m: number): void {
    let n = 0;
    for (let c = this.minuteStart[m]!; c < this.minuteStart[m + 1]!; c++) n += this.countOf[c]!;
    if (this.times.length < n) {
      this.times = new Float64Array(n);
      this.fns = new Int32Array(n);
      this.order = new Uint32Array(n);
    }
    const base = m * MINUTE_MS;
    let k = 0;
    for (let c = this.minuteStart[m]!; c < this.minuteStart[m + 1]!; c++) {
      const count = this.countOf[c]!;
      const f = this.fnOf[c]!;
      for (let j = 0; j < count; j++) {
        this.times[k] =
          this.spread === 'even'
            ? base + ((j + 0.5) * MINUTE_MS) / count
            : base + this.rng!.next() * MINUTE_MS;
        this.fns[k] = f;
        this.order[k] = k;
        k++;
      }
    }
    const times = this.times;
    const order = this.order.subarray(0, n);
    order.sort((a, b) => times[a]! - times[b]! || a - b);
    this.pos = 0;
    this.len = n;
  }
}
