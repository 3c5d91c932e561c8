import { compensatedSum } from './mean.js';
import { assertSample } from './validate.js';

/**
 * Sample variance with Bessel's correction: Σ(x - x̄)² / (n - 1), i.e. numpy's
 * `np.var(xs, ddof=1)` and Python's `statistics.variance`, not numpy's default ddof=0.
 * Two passes (mean, then squared deviations with the compensated-sum correction term of
 * Chan, Golub & LeVeque), so large offsets do not cancel catastrophically. Needs ≥ 2 values.
 */
export function variance(xs: ArrayLike<number>): number {
  const n = assertSample('xs', xs);
  if (n < 2)
    throw new RangeError(`xs must contain at least 2 values for a sample variance, got ${n}`);
  const m = compensatedSum(xs) / n;
  let squares = 0;
  let deviations = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - m;
    squares += d * d;
    deviations += d;
  }
  // The correction term removes the error left by rounding in m.
  return Math.max(0, (squares - (deviations * deviations) / n) / (n - 1));
}

/** Sample standard deviation, √variance (ddof = 1, like `np.std(xs, ddof=1)`). */
export function stdev(xs: ArrayLike<number>): number {
  return Math.sqrt(variance(xs));
}
