import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../src/index.ts';

describe('normalQuantile', () => {
  it('matches scipy.stats.norm.ppf', () => {
    // scipy.stats.norm.ppf([0.975, 0.01, 0.5, 1e-10, 0.814, 0.004])
    const cases: [number, number][] = [
      [0.975, 1.959963984540054],
      [0.01, -2.3263478740408408],
      [0.5, 0],
      [1e-10, -6.361340902404056],
      [0.814, 0.8927333243208557],
      [0.004, -2.6520698079021954],
    ];
    for (const [p, z] of cases) expect(normalQuantile(p)).toBeCloseTo(z, 8);
    // Acklam's approximation: relative error below 1.2e-9 over (0, 1).
    for (const [p, z] of cases)
      if (z !== 0) expect(Math.abs(normalQuantile(p) / z - 1)).toBeLessThan(1.2e-9);
    expect(() => normalQuantile(1)).toThrow(/p must be in \(0, 1\), got 1/);
  });
});

describe('normalQuantile edges', () => {
  it('is antisymmetric about 1/2 and rejects p outside (0, 1)', () => {
    // Powers of two and short decimals, so that 1 - p is exact in binary.
    for (const p of [2 ** -40, 2 ** -10, 0.02425, 0.25, 0.49]) {
      expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 6);
    }
    for (const p of [0, 1, -0.5, 2, Number.NaN]) {
      expect(() => normalQuantile(p)).toThrow(RangeError);
    }
  });
});

describe('normalQuantile hostile input', () => {
  it('refuses a non-number p instead of coercing it', () => {
    expect(() => normalQuantile('0.5' as never)).toThrow(TypeError);
    expect(() => normalQuantile('0.5' as never)).toThrow('p must be a number in (0, 1), got "0.5"');
    expect(() => normalQuantile(null as never)).toThrow('p must be a number in (0, 1), got null');
  });
});
