// Regularised incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and Q(a, x) = Γ(a, x)/Γ(a) = 1 − P,
// the chi-square distribution's CDF and survival function (P(df/2, χ²/2)).
//
// Method: Numerical Recipes 3rd ed. §6.2 (Press, Teukolsky, Vetterling & Flannery 2007): the
// power series for P where x < a + 1 and the Legendre continued fraction for Q (evaluated by
// the modified Lentz algorithm, NR §5.2) elsewhere; each computes the smaller-or-central one of
// P and Q directly, so the complement 1 − (·) never cancels badly. The common prefactor
// xᵃe⁻ˣ/Γ(a) is computed as Temme does for large a (N. M. Temme, "The asymptotic expansion of
// the incomplete gamma functions", SIAM J. Math. Anal. 10, 1979; also DiDonato & Morris, ACM
// TOMS 12, 1986): √(a/2π)·e^(−a·φ)/Γ*(a) with φ = λ − 1 − ln λ, λ = x/a, taken from
// log1p(d) − d for d = (x − a)/a so no digits are lost when x ≈ a, and Γ*(a) = Γ(a)/(√(2π)
// a^(a−½) e⁻ᵃ) from its Stirling series. Both the series and the fraction need O(√a) terms
// near the transition x ≈ a, so a is capped at MAX_GAMMA_SHAPE (≈ 1 ms there).
// Checked against scipy.special.gammainc / gammaincc to 1e-12 relative (test/regularizedGamma).
import { logGamma } from './logGamma.js';
import { MAX_GAMMA_SHAPE } from './parameters.js';
import { describe } from './validate.js';

const EPSILON = Number.EPSILON;
/** Lentz's stand-in for an exact zero denominator (NR §5.2). */
const TINY = 1e-300;
/** Below this shape, ln Γ(a) from Lanczos is accurate enough; above it, Stirling's Γ*. */
const STIRLING_FROM = 10;
/** Below this shape, Q for x < a + 1 is small enough that 1 − P would cancel (Q ≈ a·E₁(x)). */
const SMALL_SHAPE = 0.5;
/**
 * ζ(k) − 1 for k = 2…30 (python3 -c 'import mpmath as mp; mp.mp.dps = 30;
 * print([float(mp.zeta(k) - 1) for k in range(2, 31)])').
 */
const ZETA_MINUS_ONE = [
  0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993,
  0.01734306198444914, 0.008349277381922827, 0.00407735619794434, 0.0020083928260822143,
  0.0009945751278180853, 0.0004941886041194645, 0.0002460865533080483, 0.00012271334757848915,
  6.124813505870483e-5, 3.058823630702049e-5, 1.528225940865187e-5, 7.637197637899763e-6,
  3.81729326499984e-6, 1.908212716553939e-6, 9.539620338727962e-7, 4.769329867878064e-7,
  2.38450502727733e-7, 1.1921992596531106e-7, 5.960818905125948e-8, 2.980350351465228e-8,
  1.4901554828365043e-8, 7.45071178983543e-9, 3.725334024788457e-9, 1.862659723513049e-9,
  9.313274324196682e-10,
] as const;
const EULER_GAMMA = 0.5772156649015329;

/** Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), for a in (0, 1e10], x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  check(a, x);
  if (x === 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x >= a + 1) return 1 - upperFraction(a, x);
  return lowerSeries(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) = 1 − P(a, x). */
export function regularizedGammaQ(a: number, x: number): number {
  check(a, x);
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x >= a + 1) return upperFraction(a, x);
  return a < SMALL_SHAPE ? upperSmallShape(a, x) : 1 - lowerSeries(a, x);
}

function check(a: number, x: number): void {
  if (typeof a !== 'number' || typeof x !== 'number') {
    const [name, value] = typeof a !== 'number' ? ['a', a] : ['x', x];
    throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  }
  if (!(a > 0 && a <= MAX_GAMMA_SHAPE)) {
    throw new RangeError(`a must be a number in (0, ${MAX_GAMMA_SHAPE}], got ${describe(a)}`);
  }
  if (!(x >= 0)) throw new RangeError(`x must be a number >= 0 (or +Infinity), got ${describe(x)}`);
}

/** P by NR eq. 6.2.5: xᵃe⁻ˣ/Γ(a+1) · Σₙ xⁿ/((a+1)…(a+n)); terms shrink once n > x − a. */
function lowerSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  let ap = a;
  for (let n = 0; n < maxTerms(a); n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (term < sum * EPSILON) return (prefactor(a, x) / a) * sum;
  }
  throw new RangeError(`regularized gamma series did not converge for a=${a}, x=${x}`);
}

/**
 * Q by the continued fraction NR eq. 6.2.7, Γ(a, x) = e⁻ˣxᵃ·(1/(x+1−a−) 1·(1−a)/(x+3−a−)
 * 2·(2−a)/(x+5−a−) …), evaluated forward by modified Lentz.
 */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < maxTerms(a); i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) return prefactor(a, x) * h;
  }
  throw new RangeError(`regularized gamma continued fraction did not converge for a=${a}, x=${x}`);
}

/**
 * Q for a < ½, x < a + 1 without forming 1 − P (Temme's and Gautschi's treatment of small a;
 * the same split as DiDonato & Morris 1986 §3): with u = xᵃ − 1, g = Γ(1 + a) − 1 and
 * S = Σₙ≥₁ (−x)ⁿ/(n!(a + n)), P = (1 + u)(1 + aS)/(1 + g), so Q = (g − u − (1 + u)aS)/(1 + g),
 * where u and g are each computed to full relative precision even as a → 0.
 */
function upperSmallShape(a: number, x: number): number {
  const u = Math.expm1(a * Math.log(x));
  const g = gammaOnePlusMinusOne(a);
  let term = 1;
  let sum = 0;
  for (let n = 1; n < 200; n++) {
    term *= -x / n;
    const t = term / (a + n);
    sum += t;
    if (Math.abs(t) <= Math.abs(sum) * EPSILON) break;
  }
  return (g - u - (1 + u) * a * sum) / (1 + g);
}

/**
 * Γ(1 + a) − 1 for 0 < a < ½ from ln Γ(1 + a) = −ln(1 + a) + a(1 − γ) + Σₖ≥₂ (−1)ᵏ(ζ(k) − 1)aᵏ/k
 * (Abramowitz & Stegun 6.1.33), whose terms fall like (a/2)ᵏ.
 */
function gammaOnePlusMinusOne(a: number): number {
  let power = -a; // (−a)ᵏ from k = 2 on
  let sum = 0;
  for (let k = 2; k <= 30; k++) {
    power *= -a;
    sum += (ZETA_MINUS_ONE[k - 2]! * power) / k;
  }
  return Math.expm1(-Math.log1p(a) + a * (1 - EULER_GAMMA) + sum);
}

/** Enough for the worst case x ≈ a: the terms fall off like e^(−n²/2a) there. */
function maxTerms(a: number): number {
  return 200 + Math.ceil(30 * Math.sqrt(a));
}

/** xᵃe⁻ˣ/Γ(a), without overflow in the intermediate powers and accurate for x ≈ a large. */
function prefactor(a: number, x: number): number {
  if (a < STIRLING_FROM) return Math.exp(a * Math.log(x) - x - logGamma(a));
  const d = (x - a) / a;
  // a·φ(λ) = a(λ − 1 − ln λ) = −a·(log1p(d) − d); for λ < ½ log1p would round 1 + d badly.
  const aPhi = d < -0.5 ? a * (x / a - 1 - Math.log(x / a)) : -a * log1pmx(d);
  return (Math.sqrt(a / (2 * Math.PI)) * Math.exp(-aPhi)) / gammaStar(a);
}

/** ln(1 + d) − d, accurate also for small |d| (series, |d| < ½). */
function log1pmx(d: number): number {
  if (Math.abs(d) > 0.5) return Math.log1p(d) - d;
  // −d²/2 + d³/3 − d⁴/4 + …; |d| ≤ ½ makes each term at most half the previous one.
  let power = d;
  let sum = 0;
  for (let k = 2; k < 80; k++) {
    power *= -d;
    const term = power / k;
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * EPSILON) break;
  }
  return sum;
}

/**
 * Γ*(a) = Γ(a)/(√(2π) a^(a−½) e⁻ᵃ) for a ≥ 10 by Stirling's series, ln Γ*(a) = Σ B₂ₖ/(2k(2k−1)a^(2k−1))
 * (Abramowitz & Stegun 6.1.40); seven terms reach 1e-16 at a = 10.
 */
function gammaStar(a: number): number {
  const r = 1 / a;
  const r2 = r * r;
  const series =
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 / 156))))));
  return Math.exp(series);
}
