// The e2e suite's reading of a chart's axis (e2e/checks/chartAxes.mjs), on hand-placed ticks.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the browser suite, without types
import { axisScale, tickValue } from '../e2e/checks/chartAxes.mjs';

/** Ticks at x = 100·log10(v): 100 px per decade. */
const logTicks = (values: number[]) => values.map((v) => ({ value: v, x: 100 * Math.log10(v) }));

describe('chart axes', () => {
  it('reads the tick labels Observable Plot writes', () => {
    expect(tickValue('20')).toBe(20);
    expect(tickValue('1k')).toBe(1000);
    expect(tickValue('2.5M')).toBe(2_500_000);
    expect(tickValue('1,000')).toBe(1000);
    expect(tickValue('−5')).toBe(-5);
    expect(tickValue('0.2')).toBe(0.2);
    expect(tickValue('')).toBeNull();
    expect(tickValue('go-compress')).toBeNull();
    expect(tickValue('P99 ms (log scale) →')).toBeNull();
  });

  it('a log axis: 20, 30, 100, 200, 300, 1k at 100 px per decade', () => {
    expect(axisScale(logTicks([20, 30, 100, 200, 300, 1000])).scale).toBe('log');
    // Rounded to whole pixels, as drawn.
    const rounded = logTicks([1, 10, 100, 1000]).map((t) => ({ ...t, x: Math.round(t.x) }));
    expect(axisScale(rounded).scale).toBe('log');
  });

  it('a linear axis: 0 … 60 every 50 px; a zero tick rules out a log axis', () => {
    const ticks = [0, 20, 40, 60].map((v) => ({ value: v, x: 2.5 * v }));
    expect(axisScale(ticks).scale).toBe('linear');
    const positive = [10, 20, 40, 80].map((v) => ({ value: v, x: 2.5 * v }));
    expect(axisScale(positive).scale).toBe('linear');
  });

  it('says "unclear" with fewer than three distinct ticks, or ticks fitting both', () => {
    expect(axisScale(logTicks([10, 100])).scale).toBe('unclear');
    expect(axisScale(logTicks([10, 100, 100])).scale).toBe('unclear');
    // 100 to 102: log and linear differ by far less than a pixel.
    const narrow = [100, 101, 102].map((v) => ({ value: v, x: 1000 * Math.log10(v) }));
    expect(axisScale(narrow).scale).toBe('unclear');
  });
});
