import { assertSample } from './validate.js';

/**
 * Arithmetic mean. Uses Neumaier's compensated summation so the result stays correct to the
 * last digit or so on long samples (numpy uses pairwise summation; both agree to ~1 ulp on the
 * tested cases, a naive running sum drifts by ~n·ε). O(n). Throws on empty input or NaN/±∞.
 */
export function mean(xs: ArrayLike<number>): number {
  const n = assertSample('xs', xs);
  return compensatedSum(xs) / n;
}

/** Neumaier's variant of Kahan summation (also correct when a term outweighs the running sum). */
export function compensatedSum(xs: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + compensation;
}
