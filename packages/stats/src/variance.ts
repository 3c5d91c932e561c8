import { compensatedSum, finiteMean, OVERFLOW_SCALE } from './mean.js';
import { assertSample } from './validate.js';

/**
 * Sample variance with Bessel's correction: Σ(x - x̄)² / (n - 1), i.e. numpy's
 * `np.var(xs, ddof=1)` and Python's `statistics.variance`, not numpy's default ddof=0.
 * Two passes (mean, then squared deviations with the compensated-sum correction term of
 * Chan, Golub & LeVeque), so large offsets do not cancel catastrophically. Needs ≥ 2 values.
 * A variance beyond the largest double (values spread wider than ~1.3e154) is refused; stdev
 * is still finite there.
 */
export function variance(xs: ArrayLike<number>): number {
  const n = checkedLength(xs);
  const v = scaledVariance(xs, n, 1);
  if (Number.isFinite(v)) return v;
  const scaled = scaledVariance(xs, n, OVERFLOW_SCALE) / OVERFLOW_SCALE / OVERFLOW_SCALE;
  if (Number.isFinite(scaled)) return scaled;
  throw new RangeError(
    `xs must have a variance below the largest double (1.8e308), got one that overflows (stdev ${stdevOf(xs, n)})`,
  );
}

/** Sample standard deviation, √variance (ddof = 1, like `np.std(xs, ddof=1)`). */
export function stdev(xs: ArrayLike<number>): number {
  return stdevOf(xs, checkedLength(xs));
}

function checkedLength(xs: ArrayLike<number>): number {
  const n = assertSample('xs', xs);
  if (n < 2)
    throw new RangeError(`xs must contain at least 2 values for a sample variance, got ${n}`);
  return n;
}

/** √variance of n ≥ 2 checked values, finite also when their squares overflow. */
export function stdevOf(xs: ArrayLike<number>, n: number): number {
  const v = scaledVariance(xs, n, 1);
  if (Number.isFinite(v)) return Math.sqrt(v);
  // The squares overflowed: the standard deviation of the values scaled by 2^-600, scaled back.
  return Math.sqrt(scaledVariance(xs, n, OVERFLOW_SCALE)) / OVERFLOW_SCALE;
}

/** The sample variance of xs·scale (NaN or ∞ when its squares overflow). */
export function scaledVariance(xs: ArrayLike<number>, n: number, scale: number): number {
  const m = scale === 1 ? finiteMean(xs, n) : compensatedSum(xs, scale) / n;
  let squares = 0;
  let deviations = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! * scale - m;
    squares += d * d;
    deviations += d;
  }
  // The correction term removes the error left by rounding in m.
  return Math.max(0, (squares - (deviations * deviations) / n) / (n - 1));
}
