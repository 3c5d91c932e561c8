// Diurnal arrivals: a non-homogeneous Poisson process per function whose rate follows
// rate·(1 + amplitude·sin(2π(t − peakAt)/period + π/2)), i.e. peaks at `peakAtMs`. Sampled
// exactly by thinning (Lewis & Shedler 1979): candidates at the peak rate, each kept with
// probability rate(t)/peak rate.

import type { Rng } from '@paperlab/stats';
import { checkOptionNames } from '@paperlab/stats';
import { catalogue } from '../catalogue.js';
import { literal, MAX_MS, MIN_MS, num, object, withDefault } from '../configFields.js';
import { MergedArrivals } from './mergedArrivals.js';
import { defineWorkload, durationField, perFunction, rateField } from './workloadDefinition.js';

/** `{ kind: 'diurnal' }` in a config. */
export const diurnalWorkload = defineWorkload({
  kind: 'diurnal',
  description: 'Poisson with a sinusoidal daily rate (sampled exactly by thinning)',
  schema: object({
    /** The workload kind (`workloadRegistry`). */
    kind: literal('diurnal'),
    /** Mean rate per function (one value or one per function), per second. */
    ratePerSec: rateField(),
    /** Relative swing in [0, 1]. */
    amplitude: withDefault(num(0, 1), 0.5),
    /** Length of a day, ms. */
    periodMs: withDefault(num(MIN_MS, MAX_MS), 86_400_000),
    /** Time of the peak within the period, ms. */
    peakAtMs: withDefault(num(0, MAX_MS), 14 * 3_600_000),
    /** Arrivals stop at this simulated time, ms. */
    durationMs: durationField(),
  }),
  build(w, ctx) {
    const fns = ctx.functions ?? catalogue;
    return {
      functions: fns,
      workload: new DiurnalWorkload({
        ratesPerSec: perFunction('config.workload.ratePerSec', w.ratePerSec, fns.length),
        amplitude: w.amplitude,
        periodMs: w.periodMs,
        peakAtMs: w.peakAtMs,
        durationMs: w.durationMs,
      }),
    };
  },
});

export interface DiurnalWorkloadOptions {
  /** Mean rate per function, per second. */
  ratesPerSec: readonly number[];
  /** Relative swing in [0, 1]: 0 is plain Poisson, 1 drops to zero at the trough. */
  amplitude: number;
  periodMs: number;
  /** Time of the daily peak, ms from 0. */
  peakAtMs: number;
  durationMs: number;
}

export class DiurnalWorkload extends MergedArrivals {
  readonly name = 'diurnal';
  readonly horizonMs: number;
  readonly expectedCount: number;
  private readonly rates: Float64Array;
  private readonly amplitude: number;
  private readonly omega: number;
  private readonly peakAt: number;

  constructor(o: DiurnalWorkloadOptions) {
    super();
    checkOptionNames<DiurnalWorkloadOptions>('DiurnalWorkload', o, {
      ratesPerSec: true,
      amplitude: true,
      periodMs: true,
      peakAtMs: true,
      durationMs: true,
    });
    if (!Array.isArray(o.ratesPerSec)) {
      throw new TypeError(
        `workload.ratesPerSec must be an array of numbers, got ${typeof o.ratesPerSec}`,
      );
    }
    // NaN or a string used to pass and made every rate NaN.
    if (typeof o.peakAtMs !== 'number' || !Number.isFinite(o.peakAtMs)) {
      throw new RangeError(`workload.peakAtMs must be a finite number, got ${String(o.peakAtMs)}`);
    }
    if (!(o.durationMs > 0 && Number.isFinite(o.durationMs))) {
      throw new RangeError(`workload.durationMs must be a finite number > 0, got ${o.durationMs}`);
    }
    if (!(o.amplitude >= 0 && o.amplitude <= 1)) {
      throw new RangeError(`workload.amplitude must be in [0, 1], got ${o.amplitude}`);
    }
    if (!(o.periodMs > 0)) throw new RangeError(`workload.periodMs must be > 0, got ${o.periodMs}`);
    let sum = 0;
    this.rates = Float64Array.from(o.ratesPerSec, (r, i) => {
      if (!(r >= 0 && Number.isFinite(r))) {
        throw new RangeError(`workload.ratesPerSec[${i}] must be a finite number >= 0, got ${r}`);
      }
      sum += r;
      return r / 1000;
    });
    this.amplitude = o.amplitude;
    this.omega = (2 * Math.PI) / o.periodMs;
    this.peakAt = o.peakAtMs;
    this.horizonMs = o.durationMs;
    this.expectedCount = (sum * o.durationMs) / 1000;
  }

  /** Rate multiplier at time t (mean 1 over a period). */
  factor(t: number): number {
    return 1 + this.amplitude * Math.cos(this.omega * (t - this.peakAt));
  }

  start(functionCount: number, rng: Rng): void {
    if (this.rates.length > functionCount) {
      throw new RangeError(
        `workload.ratesPerSec has ${this.rates.length} entries, more than the ${functionCount} functions`,
      );
    }
    this.seedArrivals(this.rates.length, rng);
  }

  protected advance(fn: number, from: number, rng: Rng): number {
    const r = this.rates[fn]!;
    if (r === 0) return Number.POSITIVE_INFINITY;
    const peak = r * (1 + this.amplitude);
    let t = from;
    for (;;) {
      t += rng.exponential(peak);
      if (t >= this.horizonMs) return Number.POSITIVE_INFINITY;
      if (rng.next() * (1 + this.amplitude) < this.factor(t)) return t;
    }
  }
}
