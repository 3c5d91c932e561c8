// The Kolmogorov limiting distribution behind ksTest2's asymptotic p-values, against scipy:
//   python3 -c "from scipy.special import kolmogorov; print(repr(float(kolmogorov(x))))"
// Both of its series are exercised: the Jacobi-transformed one below λ = 1.18 and the
// alternating one above, at points where dropping a term or a sign would show.
import { describe, expect, it } from 'vitest';
import { ksTest2 } from '../src/index.ts';
import { kolmogorovSurvival } from '../src/ksTest2.ts';

function expectRelative(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    rel * Math.abs(expected),
  );
}

describe('kolmogorovSurvival against scipy.special.kolmogorov', () => {
  it.each([
    [0.02, 1.0],
    [0.2, 0.999999999999495],
    [0.5, 0.9639452436648751],
    [0.8, 0.5441424115741981],
    [1.0, 0.26999967167735456],
    [1.17, 0.12939004218561884],
    [1.18, 0.1234538094297657],
    [1.19, 0.11774229287977166],
    [1.5, 0.022217962616525127],
    [2.0, 0.0006709252557796953],
    [3.0, 3.045995948942526e-8],
    [5.0, 3.8574996959278356e-22],
  ])('Q(%f) = %f', (lambda, q) => {
    expectRelative(kolmogorovSurvival(lambda), q, 1e-12);
  });

  it('is 1 at and below 0 (scipy: kolmogorov(0) = 1.0)', () => {
    expect(kolmogorovSurvival(0)).toBe(1);
    expect(kolmogorovSurvival(-1)).toBe(1);
  });
});

describe("ksTest2's asymptotic p-value is Stephens' formula exactly", () => {
  // p = kolmogorov((√nₑ + 0.12 + 0.11/√nₑ)·D), nₑ = n₁n₂/(n₁ + n₂), D from scipy.stats.ks_2samp
  // on the same samples (inference.test.ts):
  //   python3 -c "import math; from scipy.special import kolmogorov; e=n1*n2/(n1+n2);
  //     s=math.sqrt(e); print(kolmogorov((s+0.12+0.11/s)*D))"
  function seq(n: number, mult: number, mod: number, scale = 1, shift = 0): number[] {
    return Array.from({ length: n }, (_, k) => ((((k + 1) * mult) % mod) / mod) * scale + shift);
  }
  it.each([
    [
      '12000v15000',
      seq(12000, 7919, 10007),
      seq(15000, 104729, 10009, 1, 0.01),
      0.4322006462357362,
    ],
    [
      '30000v20000',
      seq(30000, 7919, 10007),
      seq(20000, 104729, 10009, 1, 0.004),
      0.9863526927608859,
    ],
    [
      '50000v40000',
      seq(50000, 7919, 10007),
      seq(40000, 104729, 10009, 1, 0.012),
      0.002922586385322334,
    ],
  ] as const)('%s', (_name, a, b, p) => {
    const r = ksTest2(a, b);
    expect(r.method).toBe('asymptotic');
    expectRelative(r.pValue, p, 1e-9);
  });
});
