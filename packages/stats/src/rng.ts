// Seeded randomness for the simulators.
//
// Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
// 2021; reference C at https://prng.di.unimi.it/xoshiro128starstar.c). 128 bits of state kept in
// four int32 fields so V8 keeps them unboxed; every output bit passes BigCrush, unlike the low
// bits of the "+" variants. pure-rand's xoroshiro128+ is measured against it in bench/bench.ts.
//
// Seeds: a seed (number or string; a number is treated as its decimal string, so 42 and '42'
// are the same stream) is hashed into a 128-bit key. fork(name) hashes (key, name) into a child
// key, so a substream depends only on its parent's seed and its own name: never on how many
// values the parent or any sibling drew, nor on which other forks exist.
//
// Parameter ranges: every continuous sampler refuses, with a RangeError naming the parameter and
// its allowed range, the parameters for which some draw could overflow to ±Infinity, rather than
// clamp it to ±Number.MAX_VALUE: a clamped draw is a silently wrong value, and one that still
// overflows as soon as a simulator adds it to a clock. The bounds come from the largest inputs
// the generator can produce: 1 − next() ≥ 2^-53, so an exponential's −ln(1 − u) ≤ 53·ln 2 ≈ 36.7,
// and the polar method's |N(0, 1)| ≤ √(−2 ln 2^-104) = √(208·ln 2) ≈ 12.01. Hence
//   exponential(rate)          rate ≥ 53·ln 2 / MAX_VALUE ≈ 2.04e-307
//   pareto(xm, alpha)          xm·2^(53/alpha) finite (heavy tails, alpha → 0, are refused)
//   normal(mean, sd)           |mean| + 12.01·sd finite
//   lognormal(mu, sigma)       mu + 12.01·sigma ≤ ln MAX_VALUE ≈ 709.78
//   lognormalFromMedianP99     the same, through mu = ln median, sigma = ln(p99/median)/Φ⁻¹(0.99)
//   gamma(shape, scale)        its largest Marsaglia–Tsang draw times scale finite
// Underflow to 0 (lognormal with mu ≪ 0, gamma with shape near 0) is allowed: 0 is the correctly
// rounded value of those draws. uniform, int, zipf, poisson and bernoulli cannot overflow.

import { logGamma } from './logGamma.js';
import { Z99 } from './parameters.js';
import {
  assertFinite,
  assertInteger,
  assertNonNegative,
  assertPositive,
  assertProbability,
  describe,
} from './validate.js';

/** A seeded pseudorandom generator with named, independent substreams. */
export interface Rng {
  /** Independent named substream derived from (this generator's seed, name) only. */
  fork(name: string): Rng;
  /** Uniform float in [0, 1) carrying 53 random bits. No allocation. */
  next(): number;
  /** Uniform integer in [0, 2^32). */
  uint32(): number;
  /** Uniform float in [lo, hi); defaults to [0, 1). */
  uniform(lo?: number, hi?: number): number;
  /** Uniform integer in [lo, hi], both inclusive, without modulo bias. */
  int(lo: number, hi: number): number;
  /** Normal (Gaussian) variate; defaults mean 0, sd 1. */
  normal(mean?: number, sd?: number): number;
  /** Exponential variate with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  /** exp(N(mu, sigma²)). */
  lognormal(mu: number, sigma: number): number;
  /** Lognormal whose median and 99th percentile are the given values (0 < median < p99). */
  lognormalFromMedianP99(median: number, p99: number): number;
  /** Gamma variate with the given shape k and scale θ (mean kθ); scale defaults to 1. */
  gamma(shape: number, scale?: number): number;
  /** Pareto (type I) variate: support [xm, ∞), P(X > x) = (xm/x)^alpha. */
  pareto(xm: number, alpha: number): number;
  /** Zipf variate on {1..n}: P(k) ∝ k^-s (s ≥ 0; s = 0 is uniform). */
  zipf(n: number, s: number): number;
  /** Poisson variate with mean lambda ≥ 0. */
  poisson(lambda: number): number;
  /** true with probability p. */
  bernoulli(p: number): boolean;
  /** Index i drawn with probability weights[i] / Σ weights. O(n) per draw. */
  weightedIndex(weights: ArrayLike<number>): number;
  /** One element, uniformly or by weight. */
  choice<T>(items: readonly T[], weights?: ArrayLike<number>): T;
  /** Fisher–Yates shuffle in place; returns items. */
  shuffle<T>(items: T[]): T[];
  /** Fills out with random bytes and returns it. */
  fillBytes(out: Uint8Array): Uint8Array;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_53 = 1 / 9007199254740992;
/** Largest −ln(1 − next()): 1 − next() ≥ 2^-53. */
const MAX_STANDARD_EXPONENTIAL = 53 * Math.LN2;
/** Largest |standard normal| of the polar method: s = u² + v² ≥ 2^-104, |z| ≤ √(−2 ln s). */
const MAX_STANDARD_NORMAL = Math.sqrt(208 * Math.LN2);
/** Smallest rate whose largest exponential draw is finite, rounded up by one part in 2^40. */
const MIN_EXPONENTIAL_RATE = (MAX_STANDARD_EXPONENTIAL / Number.MAX_VALUE) * (1 + 2 ** -40);
const LN_MAX_VALUE = Math.log(Number.MAX_VALUE);

/** A bound for a message: 4 significant digits, rounded toward the allowed side. */
function bound(x: number, up: boolean): string {
  const s = String(Number(x.toPrecision(4)));
  if (x === 0 || (up ? Number(s) >= x : Number(s) <= x)) return s;
  const e = Math.floor(Math.log10(Math.abs(x))) - 3;
  return String(Number(((up ? Math.ceil : Math.floor)(x / 10 ** e) * 10 ** e).toPrecision(4)));
}

/** Creates a generator from a seed: a finite number or a string. */
export function createRng(seed: number | string): Rng {
  let text: string;
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) {
      throw new RangeError(`seed must be a finite number or a string, got ${describe(seed)}`);
    }
    text = String(seed);
  } else if (typeof seed === 'string') {
    text = seed;
  } else {
    throw new TypeError(`seed must be a finite number or a string, got ${describe(seed)}`);
  }
  const key = new Int32Array(4);
  hashInto(key, 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, text);
  return new Xoshiro128(key);
}

/**
 * Internal, for known-answer tests against the reference C code: a generator whose raw
 * xoshiro128** state is given (four uint32). Not exported from the package.
 */
export function rngFromState(state: readonly [number, number, number, number]): Rng {
  return new Xoshiro128(new Int32Array(4), state);
}

/**
 * Hashes text into out[0..3] starting from a 128-bit key (four int32 lanes). Each code unit
 * goes through all four lanes with odd multipliers (a cyrb128-style absorb), then the length
 * and a murmur3 fmix32 finaliser per lane spread every input bit over the whole output.
 */
function hashInto(out: Int32Array, k0: number, k1: number, k2: number, k3: number, text: string) {
  let h0 = k0 ^ 0x6a09e667;
  let h1 = k1 ^ 0xbb67ae85;
  let h2 = k2 ^ 0x3c6ef372;
  let h3 = k3 ^ 0xa54ff53a;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h0 = h1 ^ Math.imul(h0 ^ c, 597399067);
    h1 = h2 ^ Math.imul(h1 ^ c, 2869860233);
    h2 = h3 ^ Math.imul(h2 ^ c, 951274213);
    h3 = h0 ^ Math.imul(h3 ^ c, 2716044179);
  }
  h0 ^= text.length;
  for (let round = 0; round < 2; round++) {
    h0 = fmix32(h0 + h1);
    h1 = fmix32(h1 + h2);
    h2 = fmix32(h2 + h3);
    h3 = fmix32(h3 + h0);
  }
  out[0] = h0;
  out[1] = h1;
  out[2] = h2;
  out[3] = h3;
}

/** murmur3's 32-bit finaliser: a bijection with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** splitmix32-style expansion (Vigna's recommendation: never seed xoshiro with the raw key). */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  return fmix32(x);
}

class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private readonly key: Int32Array;
  private hasSpareNormal = false;
  private spareNormal = 0;
  // lognormalFromMedianP99's (mu, sigma), cached for the last (median, p99) pair; NaN never matches.
  private lnMedian = Number.NaN;
  private lnP99 = Number.NaN;
  private lnMu = 0;
  private lnSigma = 0;
  // Zipf rejection-inversion constants, cached for the last (n, s) pair.
  private zipfN = -1;
  private zipfS = -1;
  private zipfHX1 = 0;
  private zipfHN = 0;
  private zipfThreshold = 0;

  constructor(key: Int32Array, state?: readonly number[]) {
    this.key = key;
    if (state === undefined) {
      this.s0 = splitmix32(key[0]!);
      this.s1 = splitmix32(key[1]! ^ this.s0);
      this.s2 = splitmix32(key[2]! ^ this.s1);
      this.s3 = splitmix32(key[3]! ^ this.s2);
    } else {
      this.s0 = state[0]! | 0;
      this.s1 = state[1]! | 0;
      this.s2 = state[2]! | 0;
      this.s3 = state[3]! | 0;
    }
    // The all-zero state is the one fixed point of xoshiro; 2^-128 odds, but cheap to exclude.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  fork(name: string): Rng {
    if (typeof name !== 'string') {
      throw new TypeError(`name must be a string, got ${describe(name)}`);
    }
    const child = new Int32Array(4);
    // The trailing lane constant differs from createRng's, so fork(x) never equals createRng(x).
    hashInto(child, this.key[0]!, this.key[1]!, this.key[2]! ^ 0x2545f491, this.key[3]!, name);
    return new Xoshiro128(child);
  }

  /** One xoshiro128** step; returns the output as a signed int32. */
  private step(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9);
    this.s0 = s0 ^ s3;
    this.s1 = s1 ^ s2;
    this.s2 = s2 ^ (s1 << 9);
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  uint32(): number {
    return this.step() >>> 0;
  }

  next(): number {
    // 27 high bits of one output and 26 of the next give a 53-bit integer; scaled by 2^-53
    // it lands on the full grid of doubles spaced 2^-53 in [0, 1).
    const a = this.step() >>> 5;
    const b = this.step() >>> 6;
    return (a * 67108864 + b) * TWO_POW_MINUS_53;
  }

  uniform(lo = 0, hi = 1): number {
    assertFinite('lo', lo);
    assertFinite('hi', hi);
    if (!(lo <= hi)) throw new RangeError(`lo must be <= hi, got lo=${lo}, hi=${hi}`);
    const u = this.next();
    const width = hi - lo;
    // hi − lo overflows for bounds near ∓1.8e308 (every draw would be lo); halve both then.
    const x =
      width < Number.POSITIVE_INFINITY ? lo + width * u : 2 * (lo / 2 + (hi / 2 - lo / 2) * u);
    // Rounding can land exactly on hi when hi - lo is large; keep the interval half-open.
    return x < hi || lo === hi ? x : lo;
  }

  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo))
      assertInteger('lo', lo, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    if (!Number.isSafeInteger(hi))
      assertInteger('hi', hi, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    if (lo > hi) throw new RangeError(`lo must be <= hi, got lo=${lo}, hi=${hi}`);
    const n = hi - lo + 1;
    if (n <= TWO_POW_32) {
      // Rejection as in java.util.Random.nextInt: drop draws from the final partial block of
      // size 2^32 mod n so every residue has the same number of preimages.
      for (;;) {
        const x = this.step() >>> 0;
        const r = x % n;
        if (x - r + n <= TWO_POW_32) return lo + r;
      }
    }
    if (!Number.isSafeInteger(n)) {
      throw new RangeError(`hi - lo + 1 must be at most 2^53-1, got lo=${lo}, hi=${hi}`);
    }
    const limit = 9007199254740992 - (9007199254740992 % n);
    for (;;) {
      const x = (this.step() >>> 11) * TWO_POW_32 + (this.step() >>> 0);
      if (x < limit) return lo + (x % n);
    }
  }

  normal(mean = 0, sd = 1): number {
    assertFinite('mean', mean);
    assertNonNegative('sd', sd);
    if (!(Math.abs(mean) + sd * MAX_STANDARD_NORMAL <= Number.MAX_VALUE)) {
      const max = (Number.MAX_VALUE - Math.abs(mean)) / MAX_STANDARD_NORMAL;
      throw new RangeError(
        `sd must be a number in [0, ${bound(max, false)}] for mean=${describe(mean)} (a draw reaches ${MAX_STANDARD_NORMAL.toFixed(2)} sd from the mean and must stay finite), got ${describe(sd)}`,
      );
    }
    return mean + sd * this.standardNormal();
  }

  /** Marsaglia's polar method; the second variate of each pair is kept for the next call. */
  private standardNormal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    this.hasSpareNormal = true;
    return u * factor;
  }

  exponential(rate: number): number {
    // typeof too: '8' > 0 holds and would be divided by silently.
    if (
      typeof rate !== 'number' ||
      !(rate >= MIN_EXPONENTIAL_RATE && rate < Number.POSITIVE_INFINITY)
    ) {
      assertPositive('rate', rate);
      // A smaller rate draws up to 36.7/rate, past the largest double.
      throw new RangeError(
        `rate must be a finite number >= ${bound(MIN_EXPONENTIAL_RATE, true)}, got ${describe(rate)}`,
      );
    }
    // 1 - next() is in (0, 1], so the logarithm is finite.
    return -Math.log(1 - this.next()) / rate;
  }

  lognormal(mu: number, sigma: number): number {
    assertFinite('mu', mu);
    assertNonNegative('sigma', sigma);
    if (!(mu + sigma * MAX_STANDARD_NORMAL <= LN_MAX_VALUE)) {
      if (!(mu < LN_MAX_VALUE)) {
        throw new RangeError(
          `mu must be a finite number < ${bound(LN_MAX_VALUE, false)}, got ${describe(mu)}`,
        );
      }
      const max = (LN_MAX_VALUE - mu) / MAX_STANDARD_NORMAL;
      throw new RangeError(
        `sigma must be a number in [0, ${bound(max, false)}] for mu=${describe(mu)} (so that e^(mu + ${MAX_STANDARD_NORMAL.toFixed(2)}·sigma) is finite), got ${describe(sigma)}`,
      );
    }
    return Math.exp(mu + sigma * this.standardNormal());
  }

  lognormalFromMedianP99(median: number, p99: number): number {
    // Simulators call this per request with the same pair; the logs are computed (and the
    // arguments validated) once per distinct pair.
    if (median !== this.lnMedian || p99 !== this.lnP99) {
      assertPositive('median', median);
      assertPositive('p99', p99);
      if (!(p99 > median)) {
        throw new RangeError(`p99 must be greater than median, got median=${median}, p99=${p99}`);
      }
      // median = e^mu and p99 = e^(mu + sigma·Φ⁻¹(0.99)).
      const mu = Math.log(median);
      const sigma = (Math.log(p99) - mu) / Z99;
      if (!(mu + sigma * MAX_STANDARD_NORMAL <= LN_MAX_VALUE)) {
        // The largest draw is median·(p99/median)^(12.01/Φ⁻¹(0.99)).
        const max = Math.exp(mu + ((LN_MAX_VALUE - mu) * Z99) / MAX_STANDARD_NORMAL);
        throw new RangeError(
          `p99 must be a number in (${describe(median)}, ${bound(max, false)}] for median=${describe(median)} (so that every draw is finite), got ${describe(p99)}`,
        );
      }
      this.lnMu = mu;
      this.lnSigma = sigma;
      this.lnMedian = median;
      this.lnP99 = p99;
    }
    return Math.exp(this.lnMu + this.lnSigma * this.standardNormal());
  }

  gamma(shape: number, scale = 1): number {
    assertPositive('shape', shape);
    assertPositive('scale', scale);
    // (shape + 1)·206 bounds the largest standard draw (below), so the common case skips it.
    if (!((shape + 1) * scale <= 1e300)) {
      const max = Number.MAX_VALUE / maxStandardGamma(shape);
      if (!(scale <= max)) {
        throw new RangeError(
          `scale must be a finite number in (0, ${bound(max, false)}] for shape=${describe(shape)} (so that every draw is finite), got ${describe(scale)}`,
        );
      }
    }
    return this.standardGamma(shape) * scale;
  }

  /** Marsaglia & Tsang (2000); shape < 1 uses the boost Γ(k) = Γ(k+1)·U^(1/k). */
  private standardGamma(shape: number): number {
    if (shape < 1) {
      const u = 1 - this.next();
      return this.standardGamma(shape + 1) * u ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.standardNormal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  pareto(xm: number, alpha: number): number {
    assertPositive('xm', xm);
    assertPositive('alpha', alpha);
    // The largest draw, at 1 − next() = 2^-53, is xm·2^(53/alpha); alpha ≥ 1 and xm ≤ 1e290
    // keep it below 2^53·1e290, so only heavier tails or larger xm pay for the check.
    if (
      !(alpha >= 1 && xm <= 1e290) &&
      !(xm * TWO_POW_MINUS_53 ** (-1 / alpha) < Number.POSITIVE_INFINITY)
    ) {
      const min = 53 / (Math.log2(Number.MAX_VALUE) - Math.log2(xm));
      if (!Number.isFinite(min)) {
        throw new RangeError(
          `xm must be a finite number in (0, ${bound(Number.MAX_VALUE, false)}] (every draw above xm must be finite), got ${describe(xm)}`,
        );
      }
      throw new RangeError(
        `alpha must be a finite number >= ${bound(min, true)} for xm=${describe(xm)} (the largest draw xm·2^(53/alpha) must be finite), got ${describe(alpha)}`,
      );
    }
    // Inversion: F⁻¹(u) = xm·(1-u)^(-1/alpha), with 1 - next() in (0, 1].
    return xm * (1 - this.next()) ** (-1 / alpha);
  }

  zipf(n: number, s: number): number {
    if (n !== this.zipfN || s !== this.zipfS) this.prepareZipf(n, s);
    // Rejection-inversion (Hörmann & Derflinger 1996, "Rejection-inversion to generate variates
    // from monotone discrete distributions"): O(1) expected time and no table, for any n.
    const hN = this.zipfHN;
    const hX1 = this.zipfHX1;
    for (;;) {
      const u = hN + this.next() * (hX1 - hN);
      const x = zipfHIntegralInverse(u, s);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > n) k = n;
      if (k - x <= this.zipfThreshold || u >= zipfHIntegral(k + 0.5, s) - zipfH(k, s)) return k;
    }
  }

  private prepareZipf(n: number, s: number): void {
    assertInteger('n', n, 1, Number.MAX_SAFE_INTEGER);
    assertNonNegative('s', s);
    this.zipfHX1 = zipfHIntegral(1.5, s) - 1;
    this.zipfHN = zipfHIntegral(n + 0.5, s);
    this.zipfThreshold = 2 - zipfHIntegralInverse(zipfHIntegral(2.5, s) - zipfH(2, s), s);
    this.zipfN = n;
    this.zipfS = s;
  }

  poisson(lambda: number): number {
    assertNonNegative('lambda', lambda);
    if (lambda === 0) return 0;
    if (lambda < 10) {
      // Multiplication method (Knuth, TAOCP vol. 2 §3.4.1): count uniforms until their product
      // falls below e^-λ; expected λ+1 draws.
      const limit = Math.exp(-lambda);
      let k = 0;
      let product = this.next();
      while (product > limit) {
        k++;
        product *= this.next();
      }
      return k;
    }
    return this.poissonPtrs(lambda);
  }

  /** PTRS, transformed rejection with squeeze (Hörmann 1993), valid for λ ≥ 10. */
  private poissonPtrs(lambda: number): number {
    const sqrtLambda = Math.sqrt(lambda);
    const logLambda = Math.log(lambda);
    const b = 0.931 + 2.53 * sqrtLambda;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
        -lambda + k * logLambda - logGamma(k + 1)
      ) {
        return k;
      }
    }
  }

  bernoulli(p: number): boolean {
    assertProbability('p', p);
    return this.next() < p;
  }

  weightedIndex(weights: ArrayLike<number>): number {
    const total = weightTotal(weights);
    let target = this.next() * total;
    const n = weights.length;
    let last = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (w > 0) {
        if (target < w) return i;
        target -= w;
        last = i;
      }
    }
    // Accumulated rounding can leave target a hair above the last positive weight.
    return last;
  }

  choice<T>(items: readonly T[], weights?: ArrayLike<number>): T {
    if (!Array.isArray(items))
      throw new TypeError(`items must be an array, got ${describe(items)}`);
    if (items.length === 0)
      throw new RangeError('items must contain at least 1 element, got an empty array');
    if (weights === undefined) return items[this.int(0, items.length - 1)] as T;
    if (weights === null || typeof weights !== 'object') weightTotal(weights);
    if (weights.length !== items.length) {
      throw new RangeError(
        `weights must have the same length as items (${items.length}), got ${weights.length}`,
      );
    }
    return items[this.weightedIndex(weights)] as T;
  }

  shuffle<T>(items: T[]): T[] {
    if (!Array.isArray(items))
      throw new TypeError(`items must be an array, got ${describe(items)}`);
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  fillBytes(out: Uint8Array): Uint8Array {
    if (!(out instanceof Uint8Array)) {
      throw new TypeError(`out must be a Uint8Array, got ${describe(out)}`);
    }
    const n = out.length;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const x = this.step();
      out[i] = x;
      out[i + 1] = x >>> 8;
      out[i + 2] = x >>> 16;
      out[i + 3] = x >>> 24;
    }
    if (i < n) {
      let x = this.step();
      for (; i < n; i++) {
        out[i] = x;
        x >>>= 8;
      }
    }
    return out;
  }
}

/**
 * The largest value standardGamma(shape) can return: d·(1 + c·z)³ with z at its maximum (the
 * boost for shape < 1 multiplies by U^(1/shape) ≤ 1).
 */
function maxStandardGamma(shape: number): number {
  const d = (shape < 1 ? shape + 1 : shape) - 1 / 3;
  const v = 1 + MAX_STANDARD_NORMAL / Math.sqrt(9 * d);
  return d * v * v * v;
}

/** Validates weights (finite, ≥ 0, positive total) and returns their sum. */
function weightTotal(weights: ArrayLike<number>): number {
  if (weights === null || typeof weights !== 'object' || typeof weights.length !== 'number') {
    throw new TypeError(
      `weights must be an array or typed array of numbers, got ${describe(weights)}`,
    );
  }
  const n = weights.length;
  if (n === 0) throw new RangeError('weights must contain at least 1 value, got an empty array');
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (typeof w !== 'number' || !(w >= 0 && w < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`weights[${i}] must be a finite number >= 0, got ${describe(w)}`);
    }
    total += w;
  }
  if (!(total > 0 && total < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`weights must have a finite positive sum, got ${total}`);
  }
  return total;
}

// Zipf helpers: h(x) = x^-s and its antiderivative H(x) = (x^(1-s) - 1)/(1 - s), written with
// expm1/log1p so they stay accurate as s → 1 (where H becomes ln x).
function zipfH(x: number, s: number): number {
  return Math.exp(-s * Math.log(x));
}

function zipfHIntegral(x: number, s: number): number {
  const logX = Math.log(x);
  return expm1OverX((1 - s) * logX) * logX;
}

function zipfHIntegralInverse(x: number, s: number): number {
  let t = x * (1 - s);
  if (t < -1) t = -1; // guards rounding just past the support's edge
  return Math.exp(log1pOverX(t) * x);
}

function expm1OverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x / 3);
}

function log1pOverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x / 3);
}
