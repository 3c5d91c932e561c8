import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ecdf,
  histogram,
  mean,
  type QuantileMethod,
  quantile,
  quantileSorted,
  stdev,
  summarize,
  variance,
} from '../src/index.ts';

// Fixed seed: property runs are reproducible, never flaky (the edge cases they found are
// kept as explicit tests).
fc.configureGlobal({ seed: 20261126 });

// Reference values computed by numpy/scipy: see test/fixtures/numpy-reference.py for the exact
// expressions (np.quantile(a, p, method=m), np.var(a, ddof=1), scipy.stats.ecdf, np.histogram).
interface Reference {
  ps: number[];
  samples: Record<
    string,
    {
      xs: number[];
      mean: number;
      var?: number;
      std?: number;
      quantiles: Record<QuantileMethod, number[]>;
      ecdf: { x: number[]; y: number[] };
      histogram7: { counts: number[]; edges: number[] };
    }
  >;
}
const reference: Reference = JSON.parse(
  readFileSync(new URL('./fixtures/numpy-reference.json', import.meta.url), 'utf8'),
);

/** Equal up to a few ulps: numpy sums pairwise, we sum with compensation. */
function expectClose(actual: number, expected: number, ulps = 4): void {
  const tolerance = ulps * Number.EPSILON * Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

describe('mean, variance, stdev against numpy', () => {
  it('small literal case', () => {
    // python3 -c 'import numpy as np; print(np.var([1,2,3,4], ddof=1))' → 1.6666666666666667
    expect(variance([1, 2, 3, 4])).toBe(1.6666666666666667);
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(stdev(new Float64Array([2, 4, 4, 4, 5, 5, 7, 9]))).toBeCloseTo(2.138089935299395, 15);
  });

  for (const [name, s] of Object.entries(reference.samples)) {
    it(`sample "${name}"`, () => {
      expectClose(mean(s.xs), s.mean);
      if (s.var !== undefined) {
        expectClose(variance(s.xs), s.var);
        expectClose(stdev(s.xs), s.std!);
      }
    });
  }

  it('survives a large offset where the naive formula cancels', () => {
    // python3 -c 'import numpy as np; print(np.var(np.array([4,7,13,16])+1e9, ddof=1))' → 30.0
    expect(variance([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16])).toBe(30);
  });
});

describe('quantile against numpy, all 13 methods', () => {
  for (const [name, s] of Object.entries(reference.samples)) {
    it(`sample "${name}"`, () => {
      const sorted = Float64Array.from(s.xs).sort();
      for (const [method, values] of Object.entries(s.quantiles)) {
        reference.ps.forEach((p, k) => {
          const expected = values[k]!;
          const m = method as QuantileMethod;
          expect(quantile(s.xs, p, m), `${method} p=${p}`).toBe(expected);
          expect(quantileSorted(sorted, p, m), `${method} p=${p} (sorted)`).toBe(expected);
        });
      }
    });
  }

  it('defaults to linear', () => {
    // python3 -c 'import numpy as np; print(np.quantile([3.1,-2.5,7.25,0,1e-3,12.5,7.25,4.4,-8,2.2], 0.9))'
    // → 7.774999999999999
    expect(quantile([3.1, -2.5, 7.25, 0, 1e-3, 12.5, 7.25, 4.4, -8, 2.2], 0.9)).toBe(
      7.774999999999999,
    );
  });

  it('does not modify its input', () => {
    const xs = [5, 3, 1, 4, 2];
    quantile(xs, 0.3);
    expect(xs).toEqual([5, 3, 1, 4, 2]);
  });
});

describe('properties', () => {
  const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
    minLength: 1,
    maxLength: 60,
  });

  it('quantile is monotone in p and within [min, max]', () => {
    fc.assert(
      fc.property(
        sample,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, p, q) => {
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          const a = quantile(xs, lo);
          const b = quantile(xs, hi);
          expect(a).toBeLessThanOrEqual(b);
          expect(a).toBeGreaterThanOrEqual(Math.min(...xs));
          expect(b).toBeLessThanOrEqual(Math.max(...xs));
        },
      ),
    );
  });

  it('quantile by selection equals quantile of the sorted sample', () => {
    fc.assert(
      fc.property(sample, fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
        const sorted = Float64Array.from(xs).sort();
        // == rather than Object.is: which of ±0 is picked among equal values may differ.
        expect(quantile(xs, p) === quantileSorted(sorted, p)).toBe(true);
      }),
    );
  });

  it('summary is invariant under permutation', () => {
    fc.assert(
      fc.property(sample, fc.integer(), (xs, seed) => {
        // A deterministic shuffle driven by fast-check's seed.
        const shuffled = [...xs];
        let s = seed | 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) | 0;
          const j = (s >>> 0) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const a = summarize(xs);
        const b = summarize(shuffled);
        expect(b.count).toBe(a.count);
        // === rather than Object.is: −0 and +0 are equal values and either may be picked.
        for (const key of ['min', 'p50', 'p90', 'p99', 'p999', 'max'] as const) {
          expect(b[key] === a[key], key).toBe(true);
        }
        // The mean may differ in the last bits because summation order changes.
        expect(Math.abs(b.mean - a.mean)).toBeLessThanOrEqual(1e-9 * (Math.abs(a.mean) + 1));
      }),
    );
  });

  it('summary percentiles are ordered', () => {
    fc.assert(
      fc.property(sample, (xs) => {
        const s = summarize(xs);
        const chain = [s.min, s.p50, s.p90, s.p99, s.p999, s.max];
        for (let i = 1; i < chain.length; i++)
          expect(chain[i]!).toBeGreaterThanOrEqual(chain[i - 1]!);
        expect(s.mean).toBeGreaterThanOrEqual(s.min - 1e-9 * Math.abs(s.min));
        expect(s.mean).toBeLessThanOrEqual(s.max + 1e-9 * Math.abs(s.max));
      }),
    );
  });
});

describe('summarize', () => {
  it('matches numpy on the reference samples', () => {
    const { ps } = reference;
    for (const s of Object.values(reference.samples)) {
      const summary = summarize(s.xs);
      const linear = s.quantiles.linear;
      expect(summary.count).toBe(s.xs.length);
      expectClose(summary.mean, s.mean);
      expect(summary.min).toBe(linear[ps.indexOf(0)]);
      expect(summary.p50).toBe(linear[ps.indexOf(0.5)]);
      expect(summary.p90).toBe(linear[ps.indexOf(0.9)]);
      expect(summary.p99).toBe(linear[ps.indexOf(0.99)]);
      expect(summary.p999).toBe(linear[ps.indexOf(0.999)]);
      expect(summary.max).toBe(linear[ps.indexOf(1)]);
      if (s.std === undefined) expect(summary.stdev).toBeNaN();
      else expectClose(summary.stdev, s.std, 16);
    }
  });
});

describe('ecdf against scipy.stats.ecdf', () => {
  for (const [name, s] of Object.entries(reference.samples)) {
    it(`sample "${name}"`, () => {
      const e = ecdf(s.xs);
      expect(Array.from(e.x)).toEqual(s.ecdf.x);
      expect(Array.from(e.y)).toEqual(s.ecdf.y);
    });
  }
});

describe('histogram', () => {
  for (const [name, s] of Object.entries(reference.samples)) {
    it(`linear bins match np.histogram(a, bins=7) on "${name}"`, () => {
      const h = histogram(s.xs, { bins: 7 });
      expect(Array.from(h.edges)).toEqual(s.histogram7.edges);
      expect(Array.from(h.counts)).toEqual(s.histogram7.counts);
      expect(h.underflow + h.overflow).toBe(0);
    });
  }

  it('log bins put edge values where np.histogram does', () => {
    // python3 -c 'import numpy as np; print(np.histogram([1,5,10,10.5,99,100,1000,0.5,2000], bins=np.geomspace(1,1000,4)))'
    // → (array([2, 3, 2]), array([   1.,   10.,  100., 1000.]))
    const h = histogram([1, 5, 10, 10.5, 99, 100, 1000, 0.5, 2000], {
      bins: 3,
      scale: 'log',
      min: 1,
      max: 1000,
    });
    expect(Array.from(h.edges)).toEqual([1, 10, 100, 1000]);
    expect(Array.from(h.counts)).toEqual([2, 3, 2]);
    expect(h.underflow).toBe(1);
    expect(h.overflow).toBe(1);
  });

  it('log bins have equal ratios', () => {
    const h = histogram([0.001, 0.5, 3, 70, 900], { bins: 6, scale: 'log' });
    const r = h.edges[1]! / h.edges[0]!;
    for (let i = 1; i < 6; i++) expect(h.edges[i + 1]! / h.edges[i]!).toBeCloseTo(r, 10);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(5);
  });
});

describe('bad input', () => {
  it.each([
    [() => mean([]), RangeError, 'xs must contain at least 1 value, got an empty array'],
    [() => mean([1, Number.NaN]), RangeError, 'xs[1] must be a finite number, got NaN'],
    [() => mean('12' as unknown as number[]), TypeError, 'xs must be an array'],
    [
      () => variance([1]),
      RangeError,
      'xs must contain at least 2 values for a sample variance, got 1',
    ],
    [() => quantile([1, 2], 1.5), RangeError, 'p must be a number in [0, 1], got 1.5'],
    [() => quantile([1, 2], -0.1), RangeError, 'p must be a number in [0, 1], got -0.1'],
    [
      () => quantile([1, 2], 0.5, 'cubic' as QuantileMethod),
      RangeError,
      // numpy's 13 method names (np.quantile's `method` documentation).
      'method must be one of linear, lower, higher, midpoint, nearest, inverted_cdf, averaged_inverted_cdf, closest_observation, interpolated_inverted_cdf, hazen, weibull, median_unbiased, normal_unbiased; got "cubic"',
    ],
    [() => quantile([], 0.5), RangeError, 'xs must contain at least 1 value'],
    [
      () => quantileSorted([], 0.5),
      RangeError,
      'sorted must contain at least 1 value, got an empty array',
    ],
    [() => quantileSorted([1], 2), RangeError, 'p must be a number in [0, 1], got 2'],
    [
      () => summarize([Number.POSITIVE_INFINITY]),
      RangeError,
      'xs[0] must be a finite number, got Infinity',
    ],
    [
      () => histogram([1], { bins: 0 }),
      RangeError,
      'bins must be an integer in [1, 16777216], got 0',
    ],
    [
      () => histogram([0, 1], { bins: 2, scale: 'log' }),
      RangeError,
      'min must be > 0 for log-scale bins, got 0',
    ],
    [
      () => histogram([1], { bins: 2, min: 3, max: 2 }),
      RangeError,
      'min must be <= max, got min=3, max=2',
    ],
    [
      () => histogram([-1e308, 1e308], { bins: 2 }),
      RangeError,
      'max - min must be a finite number',
    ],
  ])('%#', (call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});

describe('signed zero', () => {
  it('keeps -0 where numpy does', () => {
    // python3 -c 'import numpy as np; print(np.quantile([-0.0], 0), np.quantile([-0.0, -0.0], 0.5), np.quantile([-0.0, 1.0], 0))'
    // → -0.0 -0.0 -0.0
    expect(Object.is(quantile([-0], 0), -0)).toBe(true);
    expect(Object.is(quantile([-0, -0], 0.5), -0)).toBe(true);
    expect(Object.is(quantile([-0, 1], 0), -0)).toBe(true);
    expect(Object.is(quantileSorted([-0], 0), -0)).toBe(true);
  });
});

describe('selection on awkward inputs', () => {
  it('agrees with sorting on duplicates, sorted and reversed data', () => {
    const n = 20_001;
    const inputs = {
      fewDistinct: Float64Array.from({ length: n }, (_, i) => (i * 7919) % 3),
      allEqual: new Float64Array(n).fill(4.5),
      ascending: Float64Array.from({ length: n }, (_, i) => i / 7),
      descending: Float64Array.from({ length: n }, (_, i) => (n - i) / 7),
    };
    for (const [name, xs] of Object.entries(inputs)) {
      const sorted = Float64Array.from(xs).sort();
      for (const p of [0, 0.001, 0.5, 0.9, 0.99, 0.999, 1]) {
        expect(quantile(xs, p), `${name} p=${p}`).toBe(quantileSorted(sorted, p));
      }
      const s = summarize(xs);
      expect(s.p999, name).toBe(quantileSorted(sorted, 0.999));
      expect(s.p50, name).toBe(quantileSorted(sorted, 0.5));
    }
  });
});

describe('hostile input: overflow, wrong types, misspelt options', () => {
  it('mean of values whose sum overflows is still their mean', () => {
    expect(mean([1e308, 1e308])).toBe(1e308);
    expect(mean([-1e308, -1e308, 1e308])).toBeCloseTo(-1e308 / 3, -300);
    expect(summarize([1e308, 1e308]).mean).toBe(1e308);
    expect(summarize([1e308, 1e308]).stdev).toBe(0);
  });

  it('stdev of values spread wider than 1.3e154 is finite; their variance is refused', () => {
    expect(stdev([1e200, -1e200]) / (Math.SQRT2 * 1e200)).toBeCloseTo(1, 12);
    expect(summarize([1e200, -1e200]).stdev / (Math.SQRT2 * 1e200)).toBeCloseTo(1, 12);
    expect(() => variance([1e200, -1e200])).toThrow(RangeError);
    expect(() => variance([1e200, -1e200])).toThrow(
      'xs must have a variance below the largest double (1.8e308), got one that overflows (stdev 1.414213562373095e+200)',
    );
  });

  it('a quantile between values near ∓1.8e308 does not overflow', () => {
    expect(quantile([-1e308, 1e308], 0.5)).toBe(0);
    expect(quantile([-1e308, 1e308], 0.75)).toBe(5e307);
    expect(summarize([-1e308, 1e308]).p50).toBe(0);
    expect(quantileSorted([5, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY], 0.75)).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it.each([
    [
      () => quantileSorted(null as never, 0.5),
      TypeError,
      'sorted must be an array or typed array of numbers, got null',
    ],
    [
      () => quantileSorted(undefined as never, 0.5),
      TypeError,
      'sorted must be an array or typed array of numbers, got undefined',
    ],
    [
      () => quantileSorted('abc' as never, 0.5),
      TypeError,
      'sorted must be an array or typed array of numbers, got "abc"',
    ],
    [
      () => histogram([1, 2], { bins: 2, Max: 10 } as never),
      RangeError,
      "histogram: unknown option 'Max'; the options are bins, scale, min, max",
    ],
    [
      () => histogram([1e17], { bins: 1 }),
      RangeError,
      'bins must leave every bin a finite non-zero width over [100000000000000000, 100000000000000000], got 1',
    ],
    [
      () => histogram([0, 5e-324], { bins: 10 }),
      RangeError,
      'bins must leave every bin a finite non-zero width over [0, 5e-324], got 10',
    ],
    [
      () => histogram([1e308], { bins: 1, scale: 'log' }),
      RangeError,
      'bins must leave every bin a finite non-zero width over [3.162277660168379e+307, Infinity], got 1',
    ],
    [
      () => histogram([5e-324], { bins: 1, scale: 'log' }),
      RangeError,
      'bins must leave every bin a finite non-zero width over [0, 1.5e-323], got 1',
    ],
  ])('%#', (call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});
