import { assertPositive } from './validate.js';

/**
 * "How many times": the larger of the two over the smaller, with the direction of value
 * relative to baseline, e.g. formatRatio(70, 10) = "7.0× lower", formatRatio(10, 13) = "1.3× higher",
 * equal values "1.0× (same)". One decimal below 100×, whole numbers above. Both must be > 0.
 */
export function formatRatio(baseline: number, value: number): string {
  assertPositive('baseline', baseline);
  assertPositive('value', value);
  if (value === baseline) return '1.0× (same)';
  const ratio = value > baseline ? value / baseline : baseline / value;
  if (ratio === Number.POSITIVE_INFINITY) {
    throw new RangeError(
      `value / baseline must be a finite ratio, got baseline=${baseline}, value=${value}`,
    );
  }
  const text = ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(1);
  return `${text}× ${value > baseline ? 'higher' : 'lower'}`;
}
