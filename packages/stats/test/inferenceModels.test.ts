// KS and chi-square tests against reference models written independently of the code: the KS
// statistic from ECDFs counted at every pooled point, its exact p-value by enumerating every
// lattice path (the permutation distribution itself), chi-square p-values from the closed form
// of the chi-square survival function for even df, and more scipy values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareTest, ksTest2 } from '../src/index.ts';

fc.configureGlobal({ seed: 20261201 });

/** sup |F_a − F_b| by counting, at every pooled value, how many of each sample are ≤ it. */
function ksStatisticModel(a: number[], b: number[]): number {
  let d = 0;
  for (const v of [...a, ...b]) {
    const fa = a.filter((x) => x <= v).length / a.length;
    const fb = b.filter((x) => x <= v).length / b.length;
    d = Math.max(d, Math.abs(fa - fb));
  }
  return d;
}

/**
 * Exact two-sided p-value of the KS statistic D for sizes m, n without ties: the share of all
 * C(m+n, m) interleavings (lattice paths) whose max |i/m − j/n| reaches D. Integer arithmetic
 * on the lattice: |i·n − j·m| ≥ D·m·n.
 */
function ksExactModel(m: number, n: number, d: number): number {
  const target = Math.round(d * m * n);
  let hits = 0;
  let total = 0;
  const walk = (i: number, j: number, reached: boolean): void => {
    const now = reached || Math.abs(i * n - j * m) >= target;
    if (i === m && j === n) {
      total++;
      if (now) hits++;
      return;
    }
    if (i < m) walk(i + 1, j, now);
    if (j < n) walk(i, j + 1, now);
  };
  walk(0, 0, false);
  return hits / total;
}

const distinct = (minLength: number, maxLength: number) =>
  fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength, maxLength });

describe('ksTest2 against reference models', () => {
  it('statistic = sup |F_a − F_b| counted at every pooled value, ties included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 40 }),
        (a, b) => {
          const r = ksTest2(a, b);
          expect(Math.abs(r.statistic - ksStatisticModel(a, b))).toBeLessThan(1e-12);
          expect(r.pValue).toBeGreaterThanOrEqual(0);
          expect(r.pValue).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('exact p-value = share of all lattice paths reaching D (no ties, m + n ≤ 16)', () => {
    fc.assert(
      fc.property(
        distinct(2, 16).chain((pool) =>
          fc
            .integer({ min: 1, max: pool.length - 1 })
            .map((m) => [pool.slice(0, m), pool.slice(m)]),
        ),
        ([a, b]) => {
          const r = ksTest2(a!, b!);
          expect(r.method).toBe('exact');
          const model = ksExactModel(a!.length, b!.length, r.statistic);
          expect(Math.abs(r.pValue - model)).toBeLessThanOrEqual(1e-12 * model + 1e-15);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is symmetric in its samples and invariant under a monotone transform', () => {
    fc.assert(
      fc.property(distinct(1, 30), distinct(1, 30), (a, b) => {
        const r = ksTest2(a, b);
        const swapped = ksTest2(b, a);
        expect(swapped.statistic).toBe(r.statistic);
        expect(Math.abs(swapped.pValue - r.pValue)).toBeLessThanOrEqual(1e-12);
        // exp is increasing, so the ECDFs, D and the p-value do not change.
        const t = ksTest2(
          a.map((x) => Math.exp(x / 100)),
          b.map((x) => Math.exp(x / 100)),
        );
        expect(t.statistic).toBe(r.statistic);
        expect(t.pValue).toBe(r.pValue);
      }),
    );
  });

  it('identical samples: D = 0, p = 1; disjoint samples: D = 1', () => {
    expect(ksTest2([3, 1, 2], [2, 3, 1])).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
    // Disjoint 4 v 4: only the two extreme paths of C(8, 4) = 70 reach D = 1, so p = 2/70.
    const r = ksTest2([1, 2, 3, 4], [5, 6, 7, 8]);
    expect(r.statistic).toBe(1);
    expect(Math.abs(r.pValue - 2 / 70)).toBeLessThan(1e-15);
  });

  it('switches to the asymptotic form only past 10 000 values', () => {
    const a = Array.from({ length: 10_000 }, (_, i) => i);
    expect(ksTest2(a, [0.5, 1.5]).method).toBe('exact');
    expect(ksTest2([...a, 10_000], [0.5, 1.5]).method).toBe('asymptotic');
  });
});

describe('chiSquareTest against closed forms and scipy', () => {
  it('the statistic is Σo²/e − N, and p for even df is e^(−χ²/2)·Σ_{j<df/2} (χ²/2)^j/j!', () => {
    fc.assert(
      fc.property(
        // An odd number of categories gives an even df = k − 1.
        fc
          .integer({ min: 1, max: 10 })
          .chain((half) =>
            fc.array(fc.integer({ min: 0, max: 60 }), {
              minLength: 2 * half + 1,
              maxLength: 2 * half + 1,
            }),
          )
          .filter((obs) => obs.some((o) => o > 0)),
        (observed) => {
          const k = observed.length;
          const total = observed.reduce((s, o) => s + o, 0);
          const e = total / k;
          const r = chiSquareTest(observed);
          const identity = observed.reduce((s, o) => s + (o * o) / e, 0) - total;
          expect(Math.abs(r.statistic - identity)).toBeLessThanOrEqual(1e-9 * (identity + 1));
          expect(r.df).toBe(k - 1);
          const x = r.statistic / 2;
          let term = Math.exp(-x);
          let p = 0;
          for (let j = 0; j < r.df / 2; j++) {
            p += term;
            term *= x / (j + 1);
          }
          expect(Math.abs(r.pValue - p)).toBeLessThanOrEqual(1e-12 * p + 1e-300);
        },
      ),
    );
  });

  it('is invariant under reordering the categories together with their expectations', () => {
    fc.assert(
      fc.property(
        fc
          .array(
            fc.record({ o: fc.integer({ min: 0, max: 50 }), e: fc.integer({ min: 1, max: 50 }) }),
            {
              minLength: 2,
              maxLength: 12,
            },
          )
          .filter((cells) => cells.some((c) => c.o > 0)),
        (cells) => {
          const o = cells.map((c) => c.o);
          const sumO = o.reduce((s, v) => s + v, 0);
          const sumE = cells.reduce((s, c) => s + c.e, 0);
          // Expectations scaled so both totals agree, as the test requires.
          const e = cells.map((c) => (c.e * sumO) / sumE);
          const r = chiSquareTest(o, e);
          const rev = chiSquareTest([...o].reverse(), [...e].reverse());
          expect(Math.abs(rev.statistic - r.statistic)).toBeLessThanOrEqual(
            1e-9 * (r.statistic + 1),
          );
          expect(Math.abs(rev.pValue - r.pValue)).toBeLessThanOrEqual(1e-9 * r.pValue + 1e-300);
        },
      ),
    );
  });

  it('large df and tiny p-values', () => {
    // python3 -c 'from scipy import stats; obs=[(i*37)%23+5 for i in range(60)];
    //   print(stats.chisquare(obs))' → statistic 169.87513116474295, pvalue 1.1267076515439088e-12
    const observed = Array.from({ length: 60 }, (_, i) => ((i * 37) % 23) + 5);
    let r = chiSquareTest(observed);
    expect(Math.abs(r.statistic - 169.87513116474295)).toBeLessThan(1e-11);
    expect(Math.abs(r.pValue - 1.1267076515439088e-12) / 1.1267076515439088e-12).toBeLessThan(
      1e-11,
    );
    // stats.chisquare([120, 60, 20]) → statistic 76.0, pvalue 3.139132792048018e-17 (= e^-38)
    r = chiSquareTest([120, 60, 20]);
    expect(r.statistic).toBe(76);
    expect(Math.abs(r.pValue - 3.139132792048018e-17) / 3.139132792048018e-17).toBeLessThan(1e-13);
    // stats.chisquare([3,0,0,0,0,0,0,0,0,0]) → statistic 27.000000000000007, pvalue 0.0013987676797964567
    r = chiSquareTest([3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Math.abs(r.statistic - 27)).toBeLessThan(1e-12);
    expect(Math.abs(r.pValue - 0.0013987676797964567) / 0.0013987676797964567).toBeLessThan(1e-12);
  });

  it('perfect fit, given expectations and fractional counts', () => {
    // stats.chisquare([10, 10, 10, 10]) → 0.0, 1.0
    expect(chiSquareTest([10, 10, 10, 10])).toEqual({ statistic: 0, df: 3, pValue: 1 });
    // stats.chisquare([5, 7, 9, 11], f_exp=[8, 8, 8, 8]) → 2.5, 0.4752910833430205
    let r = chiSquareTest([5, 7, 9, 11], [8, 8, 8, 8]);
    expect(r.statistic).toBe(2.5);
    expect(Math.abs(r.pValue - 0.4752910833430205)).toBeLessThan(1e-14);
    // stats.chisquare([0.5, 1.5], f_exp=[1.2, 0.8]) → 1.0208333333333333, 0.31232142167621324
    r = chiSquareTest([0.5, 1.5], [1.2, 0.8]);
    expect(Math.abs(r.statistic - 1.0208333333333333)).toBeLessThan(1e-15);
    expect(Math.abs(r.pValue - 0.31232142167621324)).toBeLessThan(1e-14);
    // A total within scipy's relative 1e-8 is accepted; just outside it is refused.
    expect(chiSquareTest([1, 2], [1.5, 1.5 + 1e-9]).df).toBe(1);
    expect(() => chiSquareTest([1, 2], [1.5, 1.5 + 1e-7])).toThrow(
      'expected must sum to the observed total 3',
    );
  });

  it.each([
    [
      () => chiSquareTest(null as never),
      TypeError,
      'observed must be an array or typed array of counts, got null',
    ],
    [
      () => chiSquareTest([1, 2], 'ab' as never),
      TypeError,
      'expected must be an array or typed array of counts, got "ab"',
    ],
    [
      () => chiSquareTest([1, Number.NaN]),
      RangeError,
      'observed[1] must be a finite number >= 0, got NaN',
    ],
    [
      () => chiSquareTest([1, Number.POSITIVE_INFINITY]),
      RangeError,
      'observed[1] must be a finite number >= 0, got Infinity',
    ],
    [
      () => chiSquareTest([1, 2], [-1, 4]),
      RangeError,
      'expected[0] must be a finite number > 0, got -1',
    ],
    [
      () => chiSquareTest([1, '2' as never]),
      RangeError,
      'observed[1] must be a finite number >= 0, got "2"',
    ],
    [() => chiSquareTest([]), RangeError, 'observed must contain at least 2 categories, got 0'],
  ])('bad input %#', (call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});
