import { describe, expect, it } from 'vitest';
import { chiSquareTest, createRng } from '../src/index.ts';
import { rngFromState } from '../src/rng.ts';

// Bounds below are k standard errors derived from the sample size; seeds are fixed, so the
// tests are deterministic, and k = 5 keeps them meaningful (a wrong mean or variance by a few
// percent fails) without depending on a lucky seed.
const K = 5;

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let mean = 0;
  let m2 = 0;
  for (let i = 1; i <= n; i++) {
    const x = draw();
    const d = x - mean;
    mean += d / i;
    m2 += d * (x - mean);
  }
  return { mean, variance: m2 / (n - 1) };
}

/** |observed mean - mu| within K standard errors, and the variance within K of its own s.e. */
function expectMoments(
  draw: () => number,
  n: number,
  mu: number,
  sigma2: number,
  kurtosisExcess: number,
): void {
  const { mean, variance } = moments(draw, n);
  expect(Math.abs(mean - mu)).toBeLessThan(K * Math.sqrt(sigma2 / n));
  // Var(s²) ≈ σ⁴ (2/(n-1) + γ₂/n) for a distribution with excess kurtosis γ₂.
  const seVar = sigma2 * Math.sqrt(2 / (n - 1) + kurtosisExcess / n);
  expect(Math.abs(variance - sigma2)).toBeLessThan(K * seVar);
}

/** Each category's count within K binomial standard deviations of n·p. */
function expectFrequencies(counts: ArrayLike<number>, probs: ArrayLike<number>, n: number): void {
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(counts[i]! - n * p), `category ${i}`).toBeLessThanOrEqual(K * sd + 1e-9);
  }
}

describe('generator', () => {
  it('matches the xoshiro128** reference C code', () => {
    // Reference: prng.di.unimi.it/xoshiro128starstar.c transcribed line by line to Python,
    // state {1, 2, 3, 4}, six outputs:
    //   M = 0xffffffff; rotl = lambda x, k: ((x << k) | (x >> (32 - k))) & M; s = [1, 2, 3, 4]
    //   for _ in range(6):
    //       r = rotl(s[1] * 5 & M, 7) * 9 & M; t = s[1] << 9 & M
    //       s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 11)
    //       print(r)
    //   → 11520 0 5927040 70819200 2031721883 1637235492
    const rng = rngFromState([1, 2, 3, 4]);
    const out = Array.from({ length: 6 }, () => rng.uint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('is reproducible from its seed; numbers equal their decimal string', () => {
    const a = createRng(42);
    const b = createRng('42');
    const c = createRng(43);
    const xs = Array.from({ length: 10 }, () => a.next());
    expect(Array.from({ length: 10 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 10 }, () => c.next())).not.toEqual(xs);
    expect(createRng('').next()).not.toBe(createRng(' ').next());
  });

  it('next() gives 53-bit floats in [0, 1)', () => {
    const rng = createRng('bits');
    let lowBitSet = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      const scaled = x * 2 ** 53;
      expect(Number.isInteger(scaled)).toBe(true);
      lowBitSet += scaled % 2;
    }
    // The lowest of the 53 bits is a fair coin too: 10000 flips, sd 50.
    expect(Math.abs(lowBitSet - 5000)).toBeLessThan(K * 50);
  });

  it('fork depends only on (parent seed, name)', () => {
    const first = createRng('root').fork('arrivals');
    const expected = Array.from({ length: 5 }, () => first.next());

    const parent = createRng('root');
    for (let i = 0; i < 1000; i++) parent.next();
    parent.fork('something-else').next();
    const again = parent.fork('arrivals');
    expect(Array.from({ length: 5 }, () => again.next())).toEqual(expected);

    expect(createRng('root').fork('services').next()).not.toBe(expected[0]);
    expect(createRng('other').fork('arrivals').next()).not.toBe(expected[0]);
    // A fork is not the same stream as a root generator seeded with the name.
    expect(createRng('arrivals').next()).not.toBe(expected[0]);
    // Nested forks are distinct from their parents.
    expect(createRng('root').fork('arrivals').fork('arrivals').next()).not.toBe(expected[0]);
  });

  it('forked streams are uncorrelated', () => {
    const root = createRng(7);
    const a = root.fork('a');
    const b = root.fork('b');
    const n = 100_000;
    let sab = 0;
    for (let i = 0; i < n; i++) sab += (a.next() - 0.5) * (b.next() - 0.5);
    // Correlation of independent uniforms: mean of products 0, sd (1/12)/sqrt(n).
    expect(Math.abs(sab / n)).toBeLessThan((K * (1 / 12)) / Math.sqrt(n));
  });
});

describe('seed hashing', () => {
  // Neighbouring seeds and names must not give neighbouring streams. For 4096 consecutive seeds
  // (and fork names) the first output's top byte, and its XOR with the next seed's, should be
  // uniform over 256 cells; with fixed inputs this is a deterministic check of the hash.
  function topBytes(first: (i: number) => number): { own: number[]; diff: number[] } {
    const own = new Array(256).fill(0);
    const diff = new Array(256).fill(0);
    let previous = first(0);
    for (let i = 1; i <= 4096; i++) {
      const x = first(i);
      own[x >>> 24]++;
      diff[((x ^ previous) >>> 24) & 255]++;
      previous = x;
    }
    return { own, diff };
  }

  it('consecutive numeric seeds', () => {
    const { own, diff } = topBytes((i) => createRng(i).uint32());
    expect(chiSquareTest(own).pValue).toBeGreaterThan(1e-3);
    expect(chiSquareTest(diff).pValue).toBeGreaterThan(1e-3);
  });

  it('consecutive fork names', () => {
    const root = createRng('root');
    const { own, diff } = topBytes((i) => root.fork(`worker-${i}`).uint32());
    expect(chiSquareTest(own).pValue).toBeGreaterThan(1e-3);
    expect(chiSquareTest(diff).pValue).toBeGreaterThan(1e-3);
  });
});

describe('integers', () => {
  it('int(lo, hi) covers both ends uniformly', () => {
    const rng = createRng('dice');
    const n = 60_000;
    const counts = new Array(6).fill(0);
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const k = rng.int(1, 6);
      if (!(k >= 1 && k <= 6 && Number.isInteger(k))) outside++;
      else counts[k - 1]++;
    }
    expect(outside).toBe(0);
    expectFrequencies(counts, new Array(6).fill(1 / 6), n);
  });

  it('int has no modulo bias for a range just above 2^31', () => {
    // With plain x % n, n = 3·2^30 maps the top third of [0, 2^32) onto [0, 2^30): values below
    // 2^30 would be twice as likely as the others (p = 1/2 instead of 1/3).
    const rng = createRng('bias');
    const n = 3 * 2 ** 30;
    const draws = 30_000;
    let low = 0;
    for (let i = 0; i < draws; i++) if (rng.int(0, n - 1) < 2 ** 30) low++;
    expectFrequencies([low], [1 / 3], draws);
  });

  it('int handles ranges wider than 2^32 and negative bounds', () => {
    const rng = createRng('wide');
    const lo = -(2 ** 40);
    const hi = 2 ** 45;
    let sum = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const k = rng.int(lo, hi);
      expect(Number.isSafeInteger(k) && k >= lo && k <= hi).toBe(true);
      sum += k;
    }
    const mu = (lo + hi) / 2;
    const sd = (hi - lo) / Math.sqrt(12);
    expect(Math.abs(sum / n - mu)).toBeLessThan((K * sd) / Math.sqrt(n));
    expect(rng.int(5, 5)).toBe(5);
    expect(rng.int(Number.MIN_SAFE_INTEGER + 1, 0)).toBeLessThanOrEqual(0);
  });

  it('uint32 spans the full range', () => {
    const rng = createRng('u32');
    let high = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.uint32();
      expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
      if (x >= 2 ** 31) high++;
    }
    expectFrequencies([high], [0.5], 10_000);
  });
});

describe('continuous distributions', () => {
  const n = 200_000;

  it('uniform(lo, hi)', () => {
    const rng = createRng('uniform');
    expectMoments(() => rng.uniform(-2, 6), n, 2, 64 / 12, -1.2);
    expect(rng.uniform(3, 3)).toBe(3);
  });

  it('normal(mean, sd)', () => {
    const rng = createRng('normal');
    expectMoments(() => rng.normal(10, 3), n, 10, 9, 0);
    // Standard normal tail: python3 -c "from scipy.stats import norm; print(norm.isf(0.025))" → 1.9599639845400545.
    let tail = 0;
    for (let i = 0; i < n; i++) if (rng.normal() > 1.9599639845400545) tail++;
    expectFrequencies([tail], [0.025], n);
  });

  it('exponential(rate)', () => {
    const rng = createRng('exp');
    // mean 1/λ, variance 1/λ², excess kurtosis 6
    expectMoments(() => rng.exponential(4), n, 0.25, 1 / 16, 6);
  });

  it('lognormal(mu, sigma)', () => {
    const rng = createRng('lognormal');
    const mu = 0.5;
    const s = 0.4;
    // mean e^(μ+σ²/2), variance (e^σ² - 1)e^(2μ+σ²), excess kurtosis e^4σ² + 2e^3σ² + 3e^2σ² - 6
    const s2 = s * s;
    const kurt = Math.exp(4 * s2) + 2 * Math.exp(3 * s2) + 3 * Math.exp(2 * s2) - 6;
    expectMoments(
      () => rng.lognormal(mu, s),
      n,
      Math.exp(mu + s2 / 2),
      (Math.exp(s2) - 1) * Math.exp(2 * mu + s2),
      kurt,
    );
  });

  it('lognormalFromMedianP99 hits its median and p99', () => {
    const rng = createRng('lognormal-p99');
    let belowMedian = 0;
    let belowP99 = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.lognormalFromMedianP99(100, 700);
      if (x < 100) belowMedian++;
      if (x < 700) belowP99++;
    }
    expectFrequencies([belowMedian, belowP99], [0.5, 0.99], n);
  });

  it('gamma(shape, scale) for shape above and below 1', () => {
    const rng = createRng('gamma');
    // mean kθ, variance kθ², excess kurtosis 6/k
    expectMoments(() => rng.gamma(3, 2), n, 6, 12, 2);
    expectMoments(() => rng.gamma(0.5, 2), n, 1, 2, 12);
    expectMoments(() => rng.gamma(1), n, 1, 1, 6);
  });

  it('pareto(xm, alpha)', () => {
    const rng = createRng('pareto');
    // Survival (xm/x)^α: P(X > 2·xm) = 2^-α; check two tail points, and the minimum.
    let over2 = 0;
    let over10 = 0;
    let min = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const x = rng.pareto(3, 1.5);
      if (x > 6) over2++;
      if (x > 30) over10++;
      if (x < min) min = x;
    }
    expect(min).toBeGreaterThanOrEqual(3);
    expectFrequencies([over2, over10], [2 ** -1.5, 10 ** -1.5], n);
  });
});

describe('discrete distributions', () => {
  it('zipf(n, s) matches its probability mass function', () => {
    for (const [size, s] of [
      [10, 1.2],
      [5, 1],
      [8, 0],
      [1000, 0.8],
    ] as const) {
      const rng = createRng(`zipf-${size}-${s}`);
      const draws = 100_000;
      const counts = new Array(size).fill(0);
      let outside = 0;
      for (let i = 0; i < draws; i++) {
        const k = rng.zipf(size, s);
        if (!(Number.isInteger(k) && k >= 1 && k <= size)) outside++;
        else counts[k - 1]++;
      }
      expect(outside).toBe(0);
      let norm = 0;
      for (let k = 1; k <= size; k++) norm += k ** -s;
      const probs = Array.from({ length: size }, (_, i) => (i + 1) ** -s / norm);
      expectFrequencies(counts.slice(0, 10), probs.slice(0, 10), draws);
    }
  });

  it('zipf(1, s) is always 1 and huge n stays in range', () => {
    const rng = createRng('zipf-edge');
    expect(rng.zipf(1, 2)).toBe(1);
    for (let i = 0; i < 1000; i++) {
      const k = rng.zipf(1e12, 1.01);
      expect(k >= 1 && k <= 1e12 && Number.isInteger(k)).toBe(true);
    }
  });

  it('poisson(lambda) for small and large lambda', () => {
    for (const lambda of [0.7, 3, 9.5, 10, 50, 1234.5]) {
      const rng = createRng(`poisson-${lambda}`);
      // mean λ, variance λ, excess kurtosis 1/λ
      expectMoments(() => rng.poisson(lambda), 100_000, lambda, lambda, 1 / lambda);
    }
    expect(createRng(1).poisson(0)).toBe(0);
  });

  it('poisson(50) matches its probability mass function', () => {
    // The PTRS branch: compare frequencies near the mode with exact pmf values.
    // python3 -c 'from scipy.stats import poisson; print([float(poisson.pmf(k, 50)) for k in (40, 50, 60)])'
    // → [0.021499631196827764, 0.05632500632519166, 0.020104872145675377]
    const rng = createRng('pmf-50');
    const draws = 200_000;
    const counts = new Float64Array(3);
    for (let i = 0; i < draws; i++) {
      const k = rng.poisson(50);
      if (k === 40 || k === 50 || k === 60) counts[(k - 40) / 10]!++;
    }
    expectFrequencies(
      counts,
      [0.021499631196827764, 0.05632500632519166, 0.020104872145675377],
      draws,
    );
  });

  it('bernoulli(p)', () => {
    const rng = createRng('coin');
    let heads = 0;
    for (let i = 0; i < 50_000; i++) if (rng.bernoulli(0.3)) heads++;
    expectFrequencies([heads], [0.3], 50_000);
    expect(rng.bernoulli(0)).toBe(false);
    expect(rng.bernoulli(1)).toBe(true);
  });

  it('weightedIndex, choice with and without weights', () => {
    const rng = createRng('weights');
    const weights = [1, 0, 3, 6];
    const counts = [0, 0, 0, 0];
    const draws = 50_000;
    for (let i = 0; i < draws; i++) counts[rng.weightedIndex(weights)]!++;
    expect(counts[1]).toBe(0);
    expectFrequencies(counts, [0.1, 0, 0.3, 0.6], draws);

    const picks = new Map<string, number>();
    for (let i = 0; i < 30_000; i++) {
      const c = rng.choice(['a', 'b', 'c']);
      picks.set(c, (picks.get(c) ?? 0) + 1);
    }
    expectFrequencies(
      [picks.get('a')!, picks.get('b')!, picks.get('c')!],
      [1 / 3, 1 / 3, 1 / 3],
      30_000,
    );
    expect(rng.choice(['x', 'y'], new Float64Array([0, 2]))).toBe('y');
  });

  it('shuffle is an in-place uniform permutation', () => {
    const rng = createRng('shuffle');
    const items = [0, 1, 2, 3, 4];
    expect(rng.shuffle(items)).toBe(items);
    expect([...items].sort()).toEqual([0, 1, 2, 3, 4]);
    // Every element lands in every position with probability 1/5.
    const draws = 20_000;
    const firstCounts = [0, 0, 0, 0, 0];
    for (let i = 0; i < draws; i++) firstCounts[rng.shuffle([0, 1, 2, 3, 4])[0]!]!++;
    expectFrequencies(firstCounts, new Array(5).fill(0.2), draws);
    expect(rng.shuffle([])).toEqual([]);
  });

  it('fillBytes fills every byte, including a ragged tail', () => {
    const rng = createRng('bytes');
    const out = new Uint8Array(100_003);
    expect(rng.fillBytes(out)).toBe(out);
    const counts = new Array(256).fill(0);
    for (const b of out) counts[b]++;
    // 100003 bytes over 256 values: each count ~ Binomial(n, 1/256).
    expectFrequencies(counts, new Array(256).fill(1 / 256), out.length);
    expect(out.subarray(100_000).some((b) => b !== 0)).toBe(true);
  });
});

describe('bad input', () => {
  const rng = createRng('bad');
  it.each([
    [() => createRng(Number.NaN), RangeError, 'seed must be a finite number or a string, got NaN'],
    [() => createRng({} as unknown as string), TypeError, 'seed must be'],
    [() => rng.fork(3 as unknown as string), TypeError, 'name must be a string'],
    [() => rng.exponential(-1), RangeError, 'rate must be a finite number > 0, got -1'],
    [() => rng.exponential(0), RangeError, 'rate must be a finite number > 0, got 0'],
    [() => rng.int(3, 1), RangeError, 'lo must be <= hi, got lo=3, hi=1'],
    [() => rng.int(0.5, 1), RangeError, 'lo must be an integer in [-(2^53-1), 2^53-1], got 0.5'],
    [() => rng.zipf(0, 1), RangeError, 'n must be an integer in [1, 2^53-1], got 0'],
    [() => rng.zipf(10, -1), RangeError, 's must be a finite number >= 0, got -1'],
    [() => rng.poisson(-2), RangeError, 'lambda must be a finite number >= 0, got -2'],
    [() => rng.bernoulli(1.5), RangeError, 'p must be a number in [0, 1], got 1.5'],
    [() => rng.normal(0, -1), RangeError, 'sd must be a finite number >= 0, got -1'],
    [() => rng.gamma(0), RangeError, 'shape must be a finite number > 0, got 0'],
    [() => rng.pareto(1, Number.NaN), RangeError, 'alpha must be a finite number > 0, got NaN'],
    [() => rng.lognormalFromMedianP99(10, 5), RangeError, 'p99 must be greater than median'],
    [() => rng.weightedIndex([]), RangeError, 'weights must contain at least 1 value'],
    [() => rng.weightedIndex([0, 0]), RangeError, 'weights must have a finite positive sum, got 0'],
    [
      () => rng.weightedIndex([1, -1]),
      RangeError,
      'weights[1] must be a finite number >= 0, got -1',
    ],
    [() => rng.choice([]), RangeError, 'items must contain at least 1 element'],
    [
      () => rng.choice([1, 2], [1]),
      RangeError,
      'weights must have the same length as items (2), got 1',
    ],
    [() => rng.uniform(2, 1), RangeError, 'lo must be <= hi'],
    [() => rng.exponential('8' as never), TypeError, 'rate must be a finite number > 0, got "8"'],
    [
      () => rng.choice([1, 2], null as never),
      TypeError,
      'weights must be an array or typed array of numbers, got null',
    ],
  ])('%#: throws a named error', (call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('a rejected call leaves the stream unchanged', () => {
    const a = createRng('state');
    const b = createRng('state');
    expect(() => a.zipf(0, 1)).toThrow(RangeError);
    expect(() => a.weightedIndex([0, -1])).toThrow(RangeError);
    expect(a.next()).toBe(b.next());
  });
});

describe('parameters whose draws could overflow', () => {
  // Bounds worked outside the code, from IEEE 754's largest double (python3 sys.float_info.max
  // = 1.7976931348623157e308) and the generator's extreme inputs 1 − u = 2^-53, |z| ≤ √(208 ln 2):
  //   python3 -c 'import math,sys; M=sys.float_info.max; print(53*math.log(2)/M, math.log(M))'
  //   → 2.043552364819525e-307 709.782712893384
  const rng = createRng('overflow');
  it.each([
    [() => rng.exponential(5e-324), 'rate must be a finite number >= 2.044e-307, got 5e-324'],
    [() => rng.exponential(1e-307), 'rate must be a finite number >= 2.044e-307, got 1e-307'],
    // Pareto with alpha → 0 is the heavy tail: xm·2^(53/alpha) overflows for alpha < 53/1024.
    [() => rng.pareto(1, 5e-324), 'alpha must be a finite number >= 0.05176 for xm=1'],
    [() => rng.pareto(1, 1e-10), 'alpha must be a finite number >= 0.05176 for xm=1'],
    [() => rng.pareto(1e308, 1), 'alpha must be a finite number >= 62.64 for xm=1e+308'],
    [() => rng.pareto(Number.MAX_VALUE, 1), 'xm must be a finite number in (0, 1.797e+308]'],
    [() => rng.lognormal(1e308, 1), 'mu must be a finite number < 709.7, got 1e+308'],
    [() => rng.lognormal(0, 1e308), 'sigma must be a number in [0, 59.11] for mu=0'],
    [() => rng.lognormalFromMedianP99(1, 1e308), 'p99 must be a number in (1, 5.281e+59]'],
    [() => rng.lognormalFromMedianP99(5e-324, 1), 'p99 must be a number in (5e-324, '],
    [() => rng.gamma(1, 1e308), 'scale must be a finite number in (0, 1.311e+306] for shape=1'],
    [() => rng.gamma(1e308, 1e308), 'scale must be a finite number in (0, '],
    [() => rng.normal(0, 1e308), 'sd must be a number in [0, 1.497e+307] for mean=0'],
  ])('%#: refuses the parameter by name and range', (call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it('accepts parameters just inside the bounds, and every draw is finite', () => {
    const draws: [string, () => number][] = [
      ['exponential', () => rng.exponential(2.05e-307)],
      ['pareto', () => rng.pareto(1, 0.0518)],
      ['pareto xm', () => rng.pareto(1e308, 62.7)],
      ['lognormal', () => rng.lognormal(0, 59.1)],
      ['lognormalFromMedianP99', () => rng.lognormalFromMedianP99(1, 5.28e59)],
      ['gamma', () => rng.gamma(1, 1.31e306)],
      ['normal', () => rng.normal(0, 1.49e307)],
    ];
    for (const [name, draw] of draws) {
      for (let i = 0; i < 5000; i++) expect(Number.isFinite(draw()), name).toBe(true);
    }
    // Underflow is a finite, correctly rounded 0, not an error.
    expect(rng.lognormal(-1e308, 1)).toBe(0);
    expect(rng.gamma(5e-324)).toBe(0);
  });
});

describe('uniform over a range wider than the largest double', () => {
  it('spreads over [lo, hi) instead of always returning lo', () => {
    const rng = createRng('wide');
    let below = 0;
    for (let i = 0; i < 1000; i++) {
      const x = rng.uniform(-1e308, 1e308);
      expect(x).toBeGreaterThanOrEqual(-1e308);
      expect(x).toBeLessThan(1e308);
      if (x < 0) below++;
    }
    // Binomial(1000, 1/2): 5 standard errors are ±79.
    expect(Math.abs(below - 500)).toBeLessThan(80);
  });
});

describe('cached parameters', () => {
  it('lognormalFromMedianP99 equals lognormal(ln median, (ln p99 − ln median)/Φ⁻¹(0.99)) with or without cache hits', () => {
    // Φ⁻¹(0.99) = 2.3263478740408408 (scipy.stats.norm.ppf(0.99)).
    const a = createRng('cache');
    const b = createRng('cache');
    for (let i = 0; i < 100; i++) {
      // Runs of equal and of alternating pairs: hits and misses of the one-entry cache.
      const median = i < 50 ? 10 : i % 2 === 0 ? 10 : 20;
      const mu = Math.log(median);
      const sigma = (Math.log(100) - mu) / 2.3263478740408408;
      expect(a.lognormalFromMedianP99(median, 100)).toBe(b.lognormal(mu, sigma));
    }
    expect(() => a.lognormalFromMedianP99(70, 7)).toThrow(RangeError);
    // A rejected pair does not poison the cache.
    expect(a.lognormalFromMedianP99(10, 100)).toBe(
      b.lognormal(Math.log(10), (Math.log(100) - Math.log(10)) / 2.3263478740408408),
    );
  });
});
