import { copySample } from './copySample.js';
import { assertSample } from './validate.js';

/** An empirical CDF as step points: F(x[i]) = y[i], constant until the next x. */
export interface Ecdf {
  /** Distinct sample values, ascending. */
  x: Float64Array;
  /** Fraction of the sample ≤ x[i]; the last entry is exactly 1. */
  y: Float64Array;
}

/**
 * Empirical cumulative distribution function, the same points as
 * `scipy.stats.ecdf(xs).cdf.quantiles` / `.probabilities`. O(n log n).
 */
export function ecdf(xs: ArrayLike<number>): Ecdf {
  const n = assertSample('xs', xs);
  const sorted = copySample(xs).sort();
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    // Only the last of a run of ties gets a step, with the count of everything up to it.
    if (i + 1 < n && sorted[i + 1] === sorted[i]) continue;
    x[m] = sorted[i]!;
    y[m] = (i + 1) / n;
    m++;
  }
  return { x: x.slice(0, m), y: y.slice(0, m) };
}
