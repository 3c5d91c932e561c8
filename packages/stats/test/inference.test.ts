import { describe, expect, it } from 'vitest';
import { chiSquareTest, createRng, ksTest2 } from '../src/index.ts';

/** Relative closeness for p-values spanning many decades. */
function expectRelative(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    rel * Math.abs(expected),
  );
}

describe('chiSquareTest against scipy.stats.chisquare', () => {
  it('uniform expected counts', () => {
    // python3 -c 'from scipy import stats; print(stats.chisquare([16, 18, 16, 14, 12, 12]))'
    // → statistic=2.0, pvalue=0.8491450360846096
    const r = chiSquareTest([16, 18, 16, 14, 12, 12]);
    expect(r.statistic).toBe(2);
    expect(r.df).toBe(5);
    expectRelative(r.pValue, 0.8491450360846096, 1e-13);
  });

  it('given expected counts', () => {
    // stats.chisquare([16, 18, 16, 14, 12, 12], f_exp=[16, 16, 16, 16, 16, 8])
    // → statistic=3.5, pvalue=0.6233876277495822
    const r = chiSquareTest([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]);
    expect(r.statistic).toBe(3.5);
    expectRelative(r.pValue, 0.6233876277495822, 1e-13);
  });

  it('one degree of freedom and a huge statistic', () => {
    // stats.chisquare([5, 0]) → statistic=5.0, pvalue=0.025347318677468325
    expectRelative(chiSquareTest([5, 0]).pValue, 0.025347318677468325, 1e-13);
    // stats.chisquare([1000, 10, 10]) → statistic=1921.764705882353, pvalue=0.0
    const r = chiSquareTest([1000, 10, 10]);
    expect(r.statistic).toBeCloseTo(1921.764705882353, 10);
    expect(r.pValue).toBe(0);
  });

  it('the generator passes on int(1, 6)', () => {
    const rng = createRng('chi-dice');
    const counts = new Float64Array(6);
    for (let i = 0; i < 60_000; i++) counts[rng.int(1, 6) - 1]!++;
    // Fixed seed: this is a deterministic regression check, not a probabilistic one.
    expect(chiSquareTest(counts).pValue).toBeGreaterThan(0.001);
  });

  it.each([
    [() => chiSquareTest([1]), 'observed must contain at least 2 categories, got 1'],
    [() => chiSquareTest([1, -1]), 'observed[1] must be a finite number >= 0, got -1'],
    [() => chiSquareTest([1e308, 1e308]), 'observed must have a finite total, got Infinity'],
    [
      () => chiSquareTest([1, 1], [1e308, 1e308]),
      'expected must have a finite total, got Infinity',
    ],
    [() => chiSquareTest([0, 0]), 'observed must have a positive total, got 0'],
    [
      () => chiSquareTest([1, 2], [1, 1, 1]),
      'expected must have the same length as observed (2), got 3',
    ],
    [() => chiSquareTest([1, 2], [1, 1]), 'expected must sum to the observed total 3'],
    [() => chiSquareTest([1, 2], [3, 0]), 'expected[1] must be a finite number > 0, got 0'],
  ])('bad input %#', (call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it('refuses something that is not an array of counts, with a TypeError', () => {
    expect(() => chiSquareTest({} as unknown as number[])).toThrow(
      new TypeError('observed must be an array or typed array of counts, got object'),
    );
  });

  it('accepts expected counts that sum to the total within 1e-8 of the total', () => {
    // Totals 10 000: a difference of 1e-5 is 1e-9 relative, inside the tolerance; 1e-3 is not.
    // python3 -c 'from scipy import stats; print(stats.chisquare([5000, 5000],
    //   [5000, 5000.00001], sum_check=False))'  → statistic 1.9999998949515023e-14
    const r = chiSquareTest([5000, 5000], [5000, 5000.00001]);
    expectRelative(r.statistic, 1.9999998949515023e-14, 1e-6);
    expect(() => chiSquareTest([5000, 5000], [5000, 5000.001])).toThrow(
      'expected must sum to the observed total 10000',
    );
  });
});

// Samples both languages compute to the same doubles: integer arithmetic, one division, one
// multiply-add. Python: def seq(n, mult, mod, scale=1.0, shift=0.0):
//   return [((i * mult) % mod) / mod * scale + shift for i in range(1, n + 1)]
function seq(n: number, mult: number, mod: number, scale = 1, shift = 0): number[] {
  return Array.from({ length: n }, (_, k) => ((((k + 1) * mult) % mod) / mod) * scale + shift);
}

describe('ksTest2 against scipy.stats.ks_2samp', () => {
  // python3 -c 'from scipy import stats; r = stats.ks_2samp(A, B); print(r.statistic, r.pvalue)'
  const exactCases: [string, number[], number[], number, number][] = [
    ['5v7', seq(5, 7919, 10007), seq(7, 104729, 10009, 1.1), 0.22857142857142856, 0.98989898989899],
    ['20v20', seq(20, 7919, 10007), seq(20, 104729, 10009, 1, 0.2), 0.3, 0.33559098126008213],
    [
      '100v137',
      seq(100, 7919, 10007),
      seq(137, 104729, 10009, 1, 0.05),
      0.05897810218978102,
      0.9779075763338387,
    ],
    [
      '1000v800',
      seq(1000, 7919, 10007),
      seq(800, 104729, 10009, 1.1),
      0.09375,
      0.0007557497891018531,
    ],
    ['3000v2000', seq(3000, 7919, 10007), seq(2000, 104729, 10009), 0.0026666666666666666, 1],
    [
      '10000v9000',
      seq(10000, 7919, 10007),
      seq(9000, 104729, 10009, 1, 0.01),
      0.0104,
      0.6800425062877874,
    ],
    [
      '400v300',
      seq(400, 7919, 10007),
      seq(300, 104729, 10009, 1, 0.4),
      0.4025,
      2.5540364368349605e-25,
    ],
    [
      '60v60',
      seq(60, 7919, 10007),
      seq(60, 104729, 10009, 1, 0.5),
      0.5333333333333333,
      3.65152150309215e-8,
    ],
  ];
  it.each(exactCases)('exact p-value, %s', (_name, a, b, statistic, pValue) => {
    const r = ksTest2(a, b);
    expect(r.method).toBe('exact');
    expect(r.statistic).toBeCloseTo(statistic, 14);
    // scipy counts 1 − P(inside) for unequal sizes, so its tiny p-values carry absolute error
    // ~1e-16; ours sums the outside mass directly. Compare relatively where p is not tiny.
    if (pValue > 1e-10) expectRelative(r.pValue, pValue, 1e-9);
    else expectRelative(r.pValue, pValue, 1e-6);
  });

  it('ties: scipy.stats.ks_2samp([1,2,2,3,3,3], [2,3,4,4,5]) → 0.6, 0.23809523809523814', () => {
    const r = ksTest2([1, 2, 2, 3, 3, 3], [2, 3, 4, 4, 5]);
    expect(r.statistic).toBeCloseTo(0.6, 15);
    expectRelative(r.pValue, 0.23809523809523814, 1e-12);
  });

  it.each([
    [
      '12000v15000',
      seq(12000, 7919, 10007),
      seq(15000, 104729, 10009, 1, 0.01),
      0.010666666666666713,
      0.4310893358364859,
    ],
    [
      '30000v20000',
      seq(30000, 7919, 10007),
      seq(20000, 104729, 10009, 1, 0.004),
      0.004133333333333433,
      0.9860153224393419,
    ],
    [
      '50000v40000',
      seq(50000, 7919, 10007),
      seq(40000, 104729, 10009, 1, 0.012),
      0.012110000000000003,
      0.0029296284717650395,
    ],
  ] as const)('asymptotic p-value within 0.002 of scipy, %s', (_name, a, b, statistic, pValue) => {
    const r = ksTest2(a, b);
    expect(r.method).toBe('asymptotic');
    expect(r.statistic).toBeCloseTo(statistic, 12);
    // Measured differences: +0.0011, +0.00034, −0.000007 (Stephens' formula vs kstwo.sf).
    expect(Math.abs(r.pValue - pValue)).toBeLessThan(0.002);
  });

  it('rejects bad input', () => {
    expect(() => ksTest2([], [1])).toThrow('a must contain at least 1 value');
    expect(() => ksTest2([1], [Number.NaN])).toThrow('b[0] must be a finite number, got NaN');
  });
});
