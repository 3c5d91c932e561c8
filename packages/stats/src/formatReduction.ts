import { assertFinite } from './validate.js';

/**
 * Relative change of value against baseline as a whole percentage with a true minus sign
 * (U+2212): formatReduction(100, 52) = "−48 %", formatReduction(100, 112) = "+12 %", no change
 * "0 %". Changes under 1 % in size keep one decimal ("−0.4 %"). baseline must be non-zero.
 */
export function formatReduction(baseline: number, value: number): string {
  assertFinite('baseline', baseline);
  assertFinite('value', value);
  if (baseline === 0) throw new RangeError('baseline must be a finite non-zero number, got 0');
  let percent = ((value - baseline) / Math.abs(baseline)) * 100;
  // value − baseline can overflow while the change itself is representable (1e308 → −1e308).
  if (!Number.isFinite(percent)) percent = (value / Math.abs(baseline) - Math.sign(baseline)) * 100;
  if (!Number.isFinite(percent)) {
    throw new RangeError(
      `value must differ from baseline by a finite percentage, got baseline=${baseline}, value=${value}`,
    );
  }
  const size = Math.abs(percent);
  let text = size < 0.95 ? size.toFixed(1) : size.toFixed(0);
  if (text === '0.0') text = '0';
  if (text === '0') return '0 %';
  return `${percent < 0 ? '\u2212' : '+'}${text} %`;
}
