// Bursty arrivals: per function, a two-state Markov-modulated Poisson process (see
// modulatedPoisson.ts), on/off when the "off" rate is 0.
import type { Rng } from '@paperlab/stats';
import { checkOptionNames } from '@paperlab/stats';
import { catalogue } from '../catalogue.js';
import { ConfigError } from '../configError.js';
import { literal, MAX_MS, MIN_MS, num, object, withDefault } from '../configFields.js';
import { MergedArrivals } from './mergedArrivals.js';
import { ModulatedPoisson } from './modulatedPoisson.js';
import { defineWorkload, durationField, perFunction, rateField } from './workloadDefinition.js';

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
    checkOptionNames<OnOffWorkloadOptions>('OnOffWorkload', o, {
      onRatesPerSec: true,
      offRatePerSec: true,
      meanOnMs: true,
      meanOffMs: true,
      durationMs: true,
    });
    if (!Array.isArray(o.onRatesPerSec)) {
      throw new TypeError(
        `workload.onRatesPerSec must be an array of numbers, got ${typeof o.onRatesPerSec}`,
      );
    }
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

/** Most on/off cycles a workload may ask for: beyond it the switching alone takes minutes. */
export const MAX_ON_OFF_CYCLES = 1e7;

/** `{ kind: 'on-off' }` in a config. */
export const onOffWorkload = defineWorkload({
  kind: 'on-off',
  description: 'Markov-modulated (interrupted) Poisson: bursts of `onRatePerSec`',
  schema: object({
    /** The workload kind (`workloadRegistry`). */
    kind: literal('on-off'),
    /** Rate while on, per function (one value or one per function), per second. */
    onRatePerSec: rateField(),
    /** Rate while off, every function, per second. */
    offRatePerSec: withDefault(num(0, 1e6), 0),
    /** Mean length of an on period, ms. */
    meanOnMs: num(MIN_MS, MAX_MS),
    /** Mean length of an off period, ms. */
    meanOffMs: num(MIN_MS, MAX_MS),
    /** Arrivals stop at this simulated time, ms. */
    durationMs: durationField(),
  }),
  build(w, ctx) {
    const cycles = w.durationMs / (w.meanOnMs + w.meanOffMs);
    if (!(cycles <= MAX_ON_OFF_CYCLES)) {
      throw new ConfigError(
        'config.workload.meanOnMs',
        `meanOnMs + meanOffMs must be at least durationMs / 10^7 = ${w.durationMs / MAX_ON_OFF_CYCLES} ms (at most 10^7 on/off cycles), got ${w.meanOnMs + w.meanOffMs}`,
      );
    }
    const fns = ctx.functions ?? catalogue;
    return {
      functions: fns,
      workload: new OnOffWorkload({
        onRatesPerSec: perFunction('config.workload.onRatePerSec', w.onRatePerSec, fns.length),
        offRatePerSec: w.offRatePerSec,
        meanOnMs: w.meanOnMs,
        meanOffMs: w.meanOffMs,
        durationMs: w.durationMs,
      }),
    };
  },
});
