// bootstrapCi against normal theory (its own file: the mutation-testing set of quantile, KS and
// chi-square, vitest.mutation.config.ts, leaves out this consumer of quantile, whose thousands
// of resamples every surviving quantile mutant would re-run).
import { describe, expect, it } from 'vitest';
import { bootstrapCi, createRng, mean, quantile, stdev } from '../src/index.ts';

describe('bootstrapCi', () => {
  it('percentile interval of the mean matches the normal-theory interval', () => {
    const data = createRng('bootstrap-data');
    const xs = Float64Array.from({ length: 400 }, () => data.normal(50, 10));
    const ci = bootstrapCi(xs, mean, { rng: createRng('bootstrap'), resamples: 4000 });
    expect(ci.estimate).toBe(mean(xs));
    // The bootstrap standard error of a mean is s·√((n−1)/n)/√n; the 95 % interval is ±1.96 of
    // it. With 4000 resamples the percentile endpoints carry ~3 % Monte Carlo error.
    const n = xs.length;
    const se = (stdev(xs) * Math.sqrt((n - 1) / n)) / Math.sqrt(n);
    expect(Math.abs(ci.upper - ci.estimate - 1.959963984540054 * se)).toBeLessThan(0.1 * 1.96 * se);
    expect(Math.abs(ci.estimate - ci.lower - 1.959963984540054 * se)).toBeLessThan(0.1 * 1.96 * se);
  });

  it('is reproducible from the seed and narrows with a lower level', () => {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9];
    const median = (s: Float64Array) => quantile(s, 0.5);
    const a = bootstrapCi(xs, median, { rng: createRng(1), resamples: 500 });
    const b = bootstrapCi(xs, median, { rng: createRng(1), resamples: 500 });
    expect(b).toEqual(a);
    const narrow = bootstrapCi(xs, median, { rng: createRng(1), resamples: 500, level: 0.5 });
    expect(narrow.upper - narrow.lower).toBeLessThanOrEqual(a.upper - a.lower);
    expect(a.lower).toBeLessThanOrEqual(a.estimate);
    expect(a.upper).toBeGreaterThanOrEqual(a.estimate);
  });

  it('rejects bad options', () => {
    const rng = createRng(1);
    expect(() => bootstrapCi([1, 2], mean, { rng, level: 1 })).toThrow(
      'level must be a number in (0, 1), got 1',
    );
    expect(() => bootstrapCi([1, 2], mean, { rng, resamples: 0 })).toThrow(
      'resamples must be an integer in [1, 10000000], got 0',
    );
    expect(() => bootstrapCi([1, 2], () => Number.NaN, { rng })).toThrow(
      'statistic must return a number (not NaN), got NaN',
    );
    expect(() => bootstrapCi([], mean, { rng })).toThrow('xs must contain at least 1 value');
  });

  it('refuses a misspelt option and an rng that is not a generator, before drawing', () => {
    const rng = createRng(1);
    const twin = createRng(1);
    expect(() => bootstrapCi([1, 2], mean, { rng, resample: 3 } as never)).toThrow(RangeError);
    expect(() => bootstrapCi([1, 2], mean, { rng, resample: 3 } as never)).toThrow(
      "bootstrapCi: unknown option 'resample'; the options are rng, resamples, level",
    );
    expect(() => bootstrapCi([1, 2], mean, { rng: 42 } as never)).toThrow(TypeError);
    expect(() => bootstrapCi([1, 2], mean, { rng: 42 } as never)).toThrow(
      'options.rng must be an Rng from createRng(seed), got 42',
    );
    expect(rng.next()).toBe(twin.next());
  });

  it('an infinite statistic gives an infinite interval, not NaN', () => {
    const ci = bootstrapCi([1, 2], () => Number.POSITIVE_INFINITY, {
      rng: createRng(1),
      resamples: 3,
    });
    expect(ci).toEqual({
      estimate: Number.POSITIVE_INFINITY,
      lower: Number.POSITIVE_INFINITY,
      upper: Number.POSITIVE_INFINITY,
    });
  });
});
