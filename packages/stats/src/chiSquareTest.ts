import { regularizedGammaQ } from './regularizedGamma.js';
import { describe } from './validate.js';

export interface ChiSquareResult {
  statistic: number;
  /** Degrees of freedom, k − 1. */
  df: number;
  pValue: number;
}

/**
 * Pearson's chi-square goodness-of-fit test, as `scipy.stats.chisquare(observed, expected)`:
 * statistic Σ(o − e)²/e, df = k − 1, p = Q(df/2, statistic/2) (the regularized upper incomplete
 * gamma function, see regularizedGamma). expected defaults to equal counts; when given, its total must
 * match observed's to a relative 1e-8 (scipy's check), and every expected count must be > 0.
 */
export function chiSquareTest(
  observed: ArrayLike<number>,
  expected?: ArrayLike<number>,
): ChiSquareResult {
  const k = checkCounts('observed', observed, false);
  if (k < 2) throw new RangeError(`observed must contain at least 2 categories, got ${k}`);
  let total = 0;
  for (let i = 0; i < k; i++) total += observed[i]!;
  if (total === Number.POSITIVE_INFINITY) {
    throw new RangeError('observed must have a finite total, got Infinity');
  }
  let statistic = 0;
  if (expected === undefined) {
    if (!(total > 0)) throw new RangeError('observed must have a positive total, got 0');
    const e = total / k;
    for (let i = 0; i < k; i++) {
      const d = observed[i]! - e;
      statistic += (d * d) / e;
    }
  } else {
    const m = checkCounts('expected', expected, true);
    if (m !== k) {
      throw new RangeError(`expected must have the same length as observed (${k}), got ${m}`);
    }
    let expectedTotal = 0;
    for (let i = 0; i < k; i++) expectedTotal += expected[i]!;
    if (expectedTotal === Number.POSITIVE_INFINITY) {
      throw new RangeError('expected must have a finite total, got Infinity');
    }
    if (Math.abs(total - expectedTotal) > 1e-8 * Math.max(total, expectedTotal)) {
      throw new RangeError(
        `expected must sum to the observed total ${total} (relative tolerance 1e-8), got ${expectedTotal}`,
      );
    }
    for (let i = 0; i < k; i++) {
      const e = expected[i]!;
      const d = observed[i]! - e;
      statistic += (d * d) / e;
    }
  }
  const df = k - 1;
  return { statistic, df, pValue: regularizedGammaQ(df / 2, statistic / 2) };
}

function checkCounts(name: string, xs: ArrayLike<number>, positive: boolean): number {
  if (xs === null || typeof xs !== 'object' || typeof xs.length !== 'number') {
    throw new TypeError(`${name} must be an array or typed array of counts, got ${describe(xs)}`);
  }
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const ok = positive ? x > 0 : x >= 0;
    if (typeof x !== 'number' || !ok || !Number.isFinite(x)) {
      throw new RangeError(
        `${name}[${i}] must be a finite number ${positive ? '> 0' : '>= 0'}, got ${describe(x)}`,
      );
    }
  }
  return xs.length;
}
