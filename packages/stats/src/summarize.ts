import { compensatedSum } from './mean.js';
import { quantileSorted } from './quantile.js';
import { assertSample } from './validate.js';

/**
 * The usual latency summary. Percentiles use numpy's default 'linear' method; stdev is the
 * sample standard deviation (ddof = 1) and is NaN for a single value, as in numpy.
 */
export interface Summary {
  count: number;
  mean: number;
  stdev: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** Summarizes a sample in one sort of a copy: O(n log n), xs untouched. */
export function summarize(xs: ArrayLike<number>): Summary {
  const n = assertSample('xs', xs);
  const sorted = Float64Array.from(xs).sort();
  return summarizeSorted(sorted, compensatedSum(sorted) / n);
}

/** Summary of a sorted, validated sample whose mean is already known. */
export function summarizeSorted(sorted: Float64Array, mean: number): Summary {
  const n = sorted.length;
  let squares = 0;
  let deviations = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i]! - mean;
    squares += d * d;
    deviations += d;
  }
  const variance =
    n > 1 ? Math.max(0, (squares - (deviations * deviations) / n) / (n - 1)) : Number.NaN;
  return {
    count: n,
    mean,
    stdev: Math.sqrt(variance),
    min: sorted[0]!,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
    p999: quantileSorted(sorted, 0.999),
    max: sorted[n - 1]!,
  };
}
