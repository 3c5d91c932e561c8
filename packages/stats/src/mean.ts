import { assertSample } from './validate.js';

/**
 * Arithmetic mean. Uses Neumaier's compensated summation so the result stays correct to the
 * last digit or so on long samples (numpy uses pairwise summation; both agree to ~1 ulp on the
 * tested cases, a naive running sum drifts by ~n·ε). O(n). Throws on empty input or NaN/±∞.
 * Values near ±1.8e308 whose sum overflows still give their (finite) mean.
 */
export function mean(xs: ArrayLike<number>): number {
  const n = assertSample('xs', xs);
  return finiteMean(xs, n);
}

/** Down-scaling used when a sum or a sum of squares overflows (a power of 2, so exact). */
export const OVERFLOW_SCALE = 2 ** -600;

/**
 * Σxs / n for n ≥ 1 finite values. When the sum overflows (±∞, or NaN from ∞ − ∞), the values
 * are summed again scaled by 2^-600 and the mean scaled back: the mean of finite values is
 * finite, and only parts below 2^-474, which cannot matter next to an overflowing sum, are lost.
 */
export function finiteMean(xs: ArrayLike<number>, n: number): number {
  const m = compensatedSum(xs) / n;
  if (Number.isFinite(m)) return m;
  return compensatedSum(xs, OVERFLOW_SCALE) / n / OVERFLOW_SCALE;
}

/** Neumaier's variant of Kahan summation (also correct when a term outweighs the running sum). */
export function compensatedSum(xs: ArrayLike<number>, scale = 1): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]! * scale;
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + compensation;
}
