// Regularised incomplete gamma P and Q against scipy.special.gammainc / gammaincc (and mpmath at
// 50 digits where scipy itself is off), on the grid of fixtures/regularized-gamma-reference.py,
// plus closed forms and identities.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regularizedGammaP, regularizedGammaQ } from '../src/index.ts';

fc.configureGlobal({ seed: 20261201 });

const { rows } = JSON.parse(
  readFileSync(new URL('./fixtures/regularized-gamma-reference.json', import.meta.url), 'utf8'),
) as { rows: [number, number, number, number, 'scipy' | 'mpmath'][] };

/** Relative error, with values below the normal range (where scipy returns 0) treated as 0. */
function relativeError(got: number, want: number): number {
  if (want < 1e-300) return Math.abs(got) < 1e-300 ? 0 : Number.POSITIVE_INFINITY;
  return Math.abs(got - want) / want;
}

describe('regularizedGammaP / regularizedGammaQ', () => {
  it('match scipy (mpmath where scipy is off) to 1e-12 relative on the whole grid', () => {
    expect(rows.length).toBeGreaterThan(600);
    const worst = { p: 0, q: 0 };
    for (const [a, x, p, q] of rows) {
      const ep = relativeError(regularizedGammaP(a, x), p);
      const eq = relativeError(regularizedGammaQ(a, x), q);
      expect(ep, `P(${a}, ${x})`).toBeLessThanOrEqual(1e-12);
      expect(eq, `Q(${a}, ${x})`).toBeLessThanOrEqual(1e-12);
      worst.p = Math.max(worst.p, ep);
      worst.q = Math.max(worst.q, eq);
    }
    // Every regime is on the grid: both tails of tiny and huge a and the x ≈ a transition.
    expect(rows.some(([a, x, p]) => a === 1e-3 && x < 1 && p > 0.99)).toBe(true);
    expect(rows.some(([a, x, p]) => a === 1e7 && x < a && p < 1e-200)).toBe(true);
    expect(rows.some(([a, x, , q]) => a === 1e7 && x > a && q < 1e-200)).toBe(true);
    expect(rows.some(([a, x]) => a >= 1e6 && x === a)).toBe(true);
  });

  it('spot values quoted from scipy', () => {
    // python3 -c 'from scipy.special import gammaincc; print(gammaincc(2.5, 3.0))' → 0.30621891841327875
    expect(Math.abs(regularizedGammaQ(2.5, 3) - 0.30621891841327875)).toBeLessThan(1e-14);
    // python3 -c 'from scipy.special import gammainc; print(gammainc(0.5, 2.0))' → 0.9544997361036415
    // (= erf(√2), the probability of |N(0,1)| < 2)
    expect(Math.abs(regularizedGammaP(0.5, 2) - 0.9544997361036415)).toBeLessThan(3e-16);
    // python3 -c 'from scipy.special import gammaincc; print(gammaincc(1e-3, 1.0))' → 0.0002196083575855568
    expect(
      Math.abs(regularizedGammaQ(1e-3, 1) - 0.0002196083575855568) / 0.0002196083575855568,
    ).toBeLessThan(1e-12);
  });

  it('Q(n, x) is the Poisson CDF e^(−x)·Σ_{k<n} x^k/k! for integer n (closed form)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 1e-6, max: 60, noNaN: true }),
        (n, x) => {
          let term = Math.exp(-x);
          let sum = 0;
          for (let k = 0; k < n; k++) {
            sum += term;
            term *= x / (k + 1);
          }
          const q = regularizedGammaQ(n, x);
          expect(Math.abs(q - sum)).toBeLessThanOrEqual(1e-13 * sum + 1e-300);
          expect(Math.abs(regularizedGammaP(n, x) - (1 - sum))).toBeLessThanOrEqual(1e-14);
        },
      ),
    );
  });

  it('P + Q = 1, both in [0, 1], P increasing in x', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
        (a, ratio, step) => {
          const x = a * ratio;
          const p = regularizedGammaP(a, x);
          const q = regularizedGammaQ(a, x);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(q).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(q).toBeLessThanOrEqual(1);
          expect(Math.abs(p + q - 1)).toBeLessThanOrEqual(4e-15);
          expect(regularizedGammaP(a, x * (1 + step) + step)).toBeGreaterThanOrEqual(p);
        },
      ),
    );
  });

  it('P(1, x) = 1 − e^(−x) and Q(1, x) = e^(−x) (exponential distribution)', () => {
    for (const x of [1e-12, 1e-5, 0.3, 1, 1.999, 2, 7.5, 40, 300, 700]) {
      // e^(a·ln x) carries |ln x|·ε of relative error for tiny x: 3e-15 at 1e-12.
      expect(Math.abs(regularizedGammaP(1, x) + Math.expm1(-x))).toBeLessThanOrEqual(
        1e-14 * -Math.expm1(-x),
      );
      expect(Math.abs(regularizedGammaQ(1, x) - Math.exp(-x))).toBeLessThanOrEqual(
        1e-13 * Math.exp(-x),
      );
    }
  });

  it('handles x = 0, x = ∞ and the largest a', () => {
    expect(regularizedGammaP(3, 0)).toBe(0);
    expect(regularizedGammaQ(3, 0)).toBe(1);
    expect(regularizedGammaP(3, Number.POSITIVE_INFINITY)).toBe(1);
    expect(regularizedGammaQ(3, Number.POSITIVE_INFINITY)).toBe(0);
    expect(regularizedGammaP(2, Number.MIN_VALUE)).toBe(0);
    expect(regularizedGammaQ(1e10, 1e10)).toBeCloseTo(0.5, 4);
    expect(regularizedGammaQ(5, 1e308)).toBe(0);
  });

  it.each([
    [() => regularizedGammaP(0, 1), RangeError, 'a must be a number in (0, 10000000000], got 0'],
    [() => regularizedGammaQ(-1, 1), RangeError, 'a must be a number in (0, 10000000000], got -1'],
    [() => regularizedGammaP(Number.NaN, 1), RangeError, 'got NaN'],
    [() => regularizedGammaP(1e11, 1), RangeError, 'got 100000000000'],
    [
      () => regularizedGammaQ(1, -1e-300),
      RangeError,
      'x must be a number >= 0 (or +Infinity), got -1e-300',
    ],
    [() => regularizedGammaQ(1, Number.NaN), RangeError, 'x must be a number >= 0'],
    [() => regularizedGammaP('1' as never, 1), TypeError, 'a must be a number, got "1"'],
    [() => regularizedGammaQ(1, null as never), TypeError, 'x must be a number, got null'],
  ])('bad input %#', (call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});

describe('Stirling branch (a ≥ 10) to a few ulps', () => {
  // The prefactor's Γ*(a) series has seven terms; at a = 10 its last two change Γ* by ~4e-14
  // relative, which the grid's 1e-12 cannot see. mpmath at 40 digits, rounded to doubles:
  //   python3 -c "import mpmath as mp; mp.mp.dps = 40;
  //     print(mp.gammainc(a, 0, x, regularized=True), mp.gammainc(a, x, mp.inf, regularized=True))"
  it.each([
    [10, 10, 0.5420702855281478, 0.4579297144718522],
    [10, 12, 0.7576078383294876, 0.24239216167051233],
    [10, 5, 0.03182805730620481, 0.9681719426937951],
    [20, 25, 0.8664251659143496, 0.1335748340856504],
  ])('P(%f, %f) and Q', (a, x, p, q) => {
    expect(relativeError(regularizedGammaP(a, x), p)).toBeLessThan(5e-15);
    expect(relativeError(regularizedGammaQ(a, x), q)).toBeLessThan(5e-15);
  });
});
