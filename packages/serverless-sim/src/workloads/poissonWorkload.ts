// Independent Poisson arrivals per function: each function has its own rate, and the merged
// stream is ordered by a small heap of per-function next-arrival times (mergedArrivals.ts).
import type { Rng } from '@paperlab/stats';
import { checkOptionNames } from '@paperlab/stats';
import { catalogue } from '../catalogue.js';
import { literal, object } from '../configFields.js';
import { MergedArrivals } from './mergedArrivals.js';
import { defineWorkload, durationField, perFunction, rateField } from './workloadDefinition.js';

export interface PoissonWorkloadOptions {
  /** Arrival rate per function, invocations per second (one entry per function id). */
  ratesPerSec: readonly number[];
  /** Arrivals stop at this simulated time, ms. */
  durationMs: number;
}

export class PoissonWorkload extends MergedArrivals {
  readonly name = 'poisson';
  readonly horizonMs: number;
  readonly expectedCount: number;
  private readonly ratesPerMs: Float64Array;

  constructor(o: PoissonWorkloadOptions) {
    super();
    checkOptionNames<PoissonWorkloadOptions>('PoissonWorkload', o, {
      ratesPerSec: true,
      durationMs: true,
    });
    if (!Array.isArray(o.ratesPerSec)) {
      throw new TypeError(
        `workload.ratesPerSec must be an array of numbers, got ${typeof o.ratesPerSec}`,
      );
    }
    if (!(o.durationMs > 0 && Number.isFinite(o.durationMs))) {
      throw new RangeError(`workload.durationMs must be a finite number > 0, got ${o.durationMs}`);
    }
    this.ratesPerMs = new Float64Array(o.ratesPerSec.length);
    let total = 0;
    o.ratesPerSec.forEach((r, i) => {
      if (!(r >= 0 && Number.isFinite(r))) {
        throw new RangeError(`workload.ratesPerSec[${i}] must be a finite number >= 0, got ${r}`);
      }
      this.ratesPerMs[i] = r / 1000;
      total += r;
    });
    this.horizonMs = o.durationMs;
    this.expectedCount = (total * o.durationMs) / 1000;
  }

  start(functionCount: number, rng: Rng): void {
    if (this.ratesPerMs.length > functionCount) {
      throw new RangeError(
        `workload.ratesPerSec has ${this.ratesPerMs.length} entries, more than the ${functionCount} functions`,
      );
    }
    this.seedArrivals(this.ratesPerMs.length, rng);
  }

  protected advance(fn: number, from: number, rng: Rng): number {
    const r = this.ratesPerMs[fn]!;
    return r > 0 ? from + rng.exponential(r) : Number.POSITIVE_INFINITY;
  }
}

/** `{ kind: 'poisson' }` in a config. */
export const poissonWorkload = defineWorkload({
  kind: 'poisson',
  description: 'independent Poisson arrivals per function',
  schema: object({
    /** The workload kind (`workloadRegistry`). */
    kind: literal('poisson'),
    /** One rate for every function, or one per function; invocations per second. */
    ratePerSec: rateField(),
    /** Arrivals stop at this simulated time, ms. */
    durationMs: durationField(),
  }),
  build(w, ctx) {
    const fns = ctx.functions ?? catalogue;
    return {
      functions: fns,
      workload: new PoissonWorkload({
        ratesPerSec: perFunction('config.workload.ratePerSec', w.ratePerSec, fns.length),
        durationMs: w.durationMs,
      }),
    };
  },
});
