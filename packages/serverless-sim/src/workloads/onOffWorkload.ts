// Bursty arrivals: per function, a two-state Markov-modulated Poisson process (see
// modulatedPoisson.ts), on/off when the "off" rate is 0.
import type { Rng } from '@paperlab/stats';
import { MergedArrivals } from './mergedArrivals.js';
import { ModulatedPoisson } from './modulatedPoisson.js';

export interface OnOffWorkloadOptions {
  /** Rate while "on", per function, invocations per second. */
  onRatesPerSec: readonly number[];
  /** Rate while "off" (0 for on/off), per second; same for every function. */
  offRatePerSec: number;
  /** Mean length of an "on" period, ms. */
  meanOnMs: number;
  /** Mean length of an "off" period, ms. */
  meanOffMs: number;
  durationMs: number;
}

export class OnOffWorkload extends MergedArrivals {
  readonly name = 'on-off';
  readonly horizonMs: number;
  readonly expectedCount: number;
  private readonly onRate: Float64Array;
  private readonly offRate: number;
  private readonly process: ModulatedPoisson;

  constructor(o: OnOffWorkloadOptions) {
    super();
    if (!(o.durationMs > 0 && Number.isFinite(o.durationMs))) {
      throw new RangeError(`workload.durationMs must be a finite number > 0, got ${o.durationMs}`);
    }
    if (!(o.meanOnMs > 0)) throw new RangeError(`workload.meanOnMs must be > 0, got ${o.meanOnMs}`);
    if (!(o.meanOffMs > 0))
      throw new RangeError(`workload.meanOffMs must be > 0, got ${o.meanOffMs}`);
    if (!(o.offRatePerSec >= 0)) {
      throw new RangeError(`workload.offRatePerSec must be >= 0, got ${o.offRatePerSec}`);
    }
    this.onRate = Float64Array.from(o.onRatesPerSec, (r, i) => {
      if (!(r >= 0 && Number.isFinite(r))) {
        throw new RangeError(`workload.onRatesPerSec[${i}] must be a finite number >= 0, got ${r}`);
      }
      return r / 1000;
    });
    this.offRate = o.offRatePerSec / 1000;
    this.process = new ModulatedPoisson(this.onRate, this.offRate, 1 / o.meanOnMs, 1 / o.meanOffMs);
    this.horizonMs = o.durationMs;
    const pOn = o.meanOnMs / (o.meanOnMs + o.meanOffMs);
    let sum = 0;
    for (const r of this.onRate) sum += pOn * r + (1 - pOn) * this.offRate;
    this.expectedCount = sum * o.durationMs;
  }

  /** Long-run mean rate of function `fn`, per second. */
  meanRatePerSec(fn: number): number {
    const pOn = this.process.onFraction;
    return (pOn * this.onRate[fn]! + (1 - pOn) * this.offRate) * 1000;
  }

  start(functionCount: number, rng: Rng): void {
    const n = this.onRate.length;
    if (n > functionCount) {
      throw new RangeError(
        `workload.onRatesPerSec has ${n} entries, more than the ${functionCount} functions`,
      );
    }
    this.process.reset(n);
    this.seedArrivals(n, rng);
  }

  protected override startFunction(i: number, rng: Rng): void {
    // Start in the stationary state distribution.
    this.process.startModulated(i, rng);
  }

  protected advance(fn: number, from: number, rng: Rng): number {
    return this.process.next(fn, from, this.horizonMs, rng);
  }
}
