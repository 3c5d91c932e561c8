import { checkOptionNames, type OptionNames } from './checkOptionNames.js';
import { copySample } from './copySample.js';
import { DEFAULT_CONFIDENCE_LEVEL, DEFAULT_RESAMPLES } from './parameters.js';
import { quantileSorted } from './quantile.js';
import type { Rng } from './rng.js';
import { assertInteger, assertSample, describe } from './validate.js';

export interface BootstrapOptions {
  /** Generator for the resampling; pass a fork so the interval is reproducible. */
  rng: Rng;
  /** Number of resamples, an integer in [1, 10^7]. Default 9999 (scipy.stats.bootstrap's). */
  resamples?: number;
  /** Confidence level in (0, 1). Default 0.95. */
  level?: number;
}

export interface ConfidenceInterval {
  /** The statistic on the original sample. */
  estimate: number;
  lower: number;
  upper: number;
}

const BOOTSTRAP_OPTIONS: OptionNames<BootstrapOptions> = {
  rng: true,
  resamples: true,
  level: true,
};

/**
 * Percentile bootstrap confidence interval (Efron & Tibshirani 1993, ch. 13; scipy's
 * `bootstrap(..., method='percentile')`): resample xs with replacement, apply the statistic,
 * and take the (1 − level)/2 and (1 + level)/2 quantiles (numpy 'linear') of the results.
 * The statistic receives one reused Float64Array; it may reorder it but must not keep it.
 * O(resamples · (n + cost of statistic)).
 */
export function bootstrapCi(
  xs: ArrayLike<number>,
  statistic: (xs: Float64Array) => number,
  options: BootstrapOptions,
): ConfidenceInterval {
  const n = assertSample('xs', xs);
  if (typeof statistic !== 'function') {
    throw new TypeError(`statistic must be a function, got ${describe(statistic)}`);
  }
  if (options === null || typeof options !== 'object' || options.rng === undefined) {
    throw new TypeError('options.rng must be an Rng from createRng(seed)');
  }
  checkOptionNames('bootstrapCi', options, BOOTSTRAP_OPTIONS);
  const given = options.rng as unknown as { int?: unknown } | null;
  if (given === null || typeof given !== 'object' || typeof given.int !== 'function') {
    throw new TypeError(`options.rng must be an Rng from createRng(seed), got ${describe(given)}`);
  }
  const { rng, resamples = DEFAULT_RESAMPLES, level = DEFAULT_CONFIDENCE_LEVEL } = options;
  assertInteger('resamples', resamples, 1, 10_000_000);
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new RangeError(`level must be a number in (0, 1), got ${describe(level)}`);
  }
  const original = copySample(xs);
  const estimate = checkedStatistic(statistic, original.slice());
  const work = new Float64Array(n);
  const results = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) work[i] = original[rng.int(0, n - 1)]!;
    results[r] = checkedStatistic(statistic, work);
  }
  results.sort();
  const tail = (1 - level) / 2;
  return {
    estimate,
    lower: quantileSorted(results, tail),
    upper: quantileSorted(results, 1 - tail),
  };
}

function checkedStatistic(statistic: (xs: Float64Array) => number, xs: Float64Array): number {
  const value = statistic(xs);
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new RangeError(`statistic must return a number (not NaN), got ${describe(value)}`);
  }
  return value;
}
