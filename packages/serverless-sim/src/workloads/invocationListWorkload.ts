// Replay of an explicit list of invocations (start, function, duration), e.g. the Azure 2021
// trace once sorted by start time, or any hand-made scenario in tests and examples.
import type { Rng } from '@paperlab/stats';
import type { Workload } from '../workload.js';

/** Replays a sorted list of invocations (start ms, function, duration ms). */
export class InvocationListWorkload implements Workload {
  readonly name = 'azure-2021-replay';
  readonly horizonMs: number;
  readonly expectedCount: number;
  fn = 0;
  durationMs = Number.NaN;
  private readonly starts: Float64Array;
  private readonly fns: Int32Array;
  private readonly durs: Float64Array;
  private i = 0;

  constructor(starts: Float64Array, fns: Int32Array, durations: Float64Array) {
    for (let k = 1; k < starts.length; k++) {
      if (starts[k]! < starts[k - 1]!)
        throw new RangeError(`starts must be sorted, but starts[${k}] < starts[${k - 1}]`);
    }
    this.starts = starts;
    this.fns = fns;
    this.durs = durations;
    this.expectedCount = starts.length;
    let end = 0;
    for (let k = 0; k < starts.length; k++) end = Math.max(end, starts[k]! + durations[k]!);
    this.horizonMs = end;
  }

  start(functionCount: number, _rng: Rng): void {
    for (const f of this.fns) {
      if (f >= functionCount)
        throw new RangeError(`trace function id ${f} is outside the ${functionCount} functions`);
    }
    this.i = 0;
  }

  next(): number {
    const i = this.i;
    if (i >= this.starts.length) return Number.POSITIVE_INFINITY;
    this.i = i + 1;
    this.fn = this.fns[i]!;
    this.durationMs = this.durs[i]!;
    return this.starts[i]!;
  }
}
