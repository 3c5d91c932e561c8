// A workload is a stream of arrivals in time order. It is pulled one arrival at a time (the
// simulator holds only the next one), so a workload may be a generator of billions of
// invocations or a trace read row by row, and it never sits in memory whole.
import type { Rng } from '@paperlab/stats';

export interface Workload {
  readonly name: string;
  /**
   * Simulated time the workload covers, ms (Infinity if unknown). Used for time-weighted
   * averages and progress.
   */
  readonly horizonMs: number;
  /** Expected number of arrivals if known (for progress), else NaN. */
  readonly expectedCount: number;
  /** Prepares a fresh pass. `functionCount` is the size of the function table. */
  start(functionCount: number, rng: Rng): void;
  /**
   * Advances to the next arrival and returns its time in ms, non-decreasing, or Infinity when
   * the workload is exhausted. Afterwards `fn` and `durationMs` describe that arrival.
   */
  next(): number;
  /** Function id of the current arrival. */
  readonly fn: number;
  /** Execution time given by a trace, ms; NaN means "draw it from the function profile". */
  readonly durationMs: number;
  /**
   * Most further steps an arrival can have after its first (default 0: one execution). An agent
   * session is a chain of steps (LLM call, tool, ...) that holds one sandbox throughout.
   */
  readonly maxExtraSteps?: number;
  /** Further steps of the current arrival (at most `maxExtraSteps`). */
  readonly extraSteps?: number;
  /** Durations of the current arrival's further steps, ms: `[0, extraSteps)`. */
  readonly extraStepMs?: Float64Array;
}
