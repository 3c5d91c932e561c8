// Recorders and gauges serialise to JSON and merge exactly: a stream split into shards, each
// shard recorded, written out, read back and merged (in any order) gives the recorder of the
// whole stream, byte for byte. Means and stdevs are checked against Python's statistics module
// (exact fractions, one rounding), see fixtures/exact-moments-reference.py.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createGauge,
  createRecorder,
  createRng,
  gaugeFromJSON,
  type Recorder,
  type RecorderJSON,
  recorderFromJSON,
} from '../src/index.ts';

fc.configureGlobal({ seed: 20261201 });

const reference = JSON.parse(
  readFileSync(new URL('./fixtures/exact-moments-reference.json', import.meta.url), 'utf8'),
) as Record<string, { xs: number[]; mean: number; stdev: number }>;

const ps = [0, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

function roundTrip(r: Recorder): Recorder {
  return recorderFromJSON(JSON.parse(JSON.stringify(r)));
}

function record(xs: readonly number[], options: Parameters<typeof createRecorder>[0]): Recorder {
  const r = createRecorder(options);
  for (const x of xs) r.add(x);
  return r;
}

/** Everything observable about a recorder, with NaN and −0 told apart by Object.is. */
function expectSameRecorder(actual: Recorder, expected: Recorder): void {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  expect(actual.count).toBe(expected.count);
  expect(actual.approximate).toBe(expected.approximate);
  expect(Object.is(actual.mean, expected.mean)).toBe(true);
  expect(actual.min).toBe(expected.min);
  expect(actual.max).toBe(expected.max);
  if (expected.count === 0) return;
  const a = actual.summary();
  const e = expected.summary();
  for (const key of Object.keys(e) as (keyof typeof e)[]) {
    expect(Object.is(a[key], e[key]), key).toBe(true);
  }
  for (const p of ps)
    expect(Object.is(actual.quantile(p), expected.quantile(p)), `p=${p}`).toBe(true);
}

const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 1e4, noNaN: true }) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 50 }).map((k) => k * Number.MIN_VALUE) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1, 0.1, 1e-300, 1e308, Number.MAX_VALUE) },
);

describe('recorder toJSON / recorderFromJSON / merge', () => {
  it('k shards, serialised, parsed and merged in any order equal the whole stream', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 160 }),
        fc.array(fc.nat(), { minLength: 0, maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom(0.01, 0.05, 0.5),
        (xs, cutSeeds, orderSeeds, exactCapacity, relativeError) => {
          const options = { exactCapacity, relativeError };
          const whole = record(xs, options);
          // k = cutSeeds.length + 1 contiguous shards (some may be empty).
          const cuts = cutSeeds.map((c) => c % (xs.length + 1)).sort((a, b) => a - b);
          const bounds = [0, ...cuts, xs.length];
          const shards = bounds.slice(1).map((end, i) => xs.slice(bounds[i], end));
          const texts = shards.map((shard) => JSON.stringify(record(shard, options)));
          const order = texts
            .map((_, i) => i)
            .sort((a, b) => orderSeeds[a]! - orderSeeds[b]! || a - b);
          const merged = recorderFromJSON(JSON.parse(texts[order[0]!]!));
          for (const i of order.slice(1)) merged.merge(recorderFromJSON(JSON.parse(texts[i]!)));
          expectSameRecorder(merged, whole);
          expectSameRecorder(roundTrip(whole), whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('order of arrival does not matter either', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 120 }), fc.integer({ min: 0, max: 40 }), (xs, c) => {
        const reversed = [...xs].reverse();
        expectSameRecorder(
          record(reversed, { exactCapacity: c }),
          record(xs, { exactCapacity: c }),
        );
      }),
    );
  });

  it('mean and stdev equal Python statistics.mean / statistics.stdev bit for bit', () => {
    for (const [name, { xs, mean, stdev }] of Object.entries(reference)) {
      for (const exactCapacity of [0, 50, 65_536]) {
        const r = record(xs, { exactCapacity });
        expect(r.mean, `${name} mean, capacity ${exactCapacity}`).toBe(mean);
        expect(r.summary().stdev, `${name} stdev, capacity ${exactCapacity}`).toBe(stdev);
        // Seven shards of a shuffled copy, merged: the same bits.
        const shuffled = createRng(name).shuffle([...xs]);
        const merged = createRecorder({ exactCapacity });
        for (let k = 0; k < 7; k++) {
          merged.merge(
            roundTrip(
              record(
                shuffled.filter((_, i) => i % 7 === k),
                { exactCapacity },
              ),
            ),
          );
        }
        expect(merged.mean).toBe(mean);
        expect(merged.summary().stdev).toBe(stdev);
      }
    }
  });

  it('hand-picked sums that running floating-point sums get wrong', () => {
    // python3 -c 'import statistics as s; xs=[0.1]*10; print(s.mean(xs), s.stdev(xs))' → 0.1 0.0
    // (np.mean([0.1]*10) is 0.09999999999999999: pairwise sum then divide)
    let r = record(Array(10).fill(0.1), {});
    expect(r.mean).toBe(0.1);
    expect(r.summary().stdev).toBe(0);
    // python3 -c 'import statistics as s; xs=[1e16,1.0,1e-16,3.3]; print(s.mean(xs), s.stdev(xs))'
    // → 2500000000000001.0 4999999999999999.0
    r = record([1e16, 1, 1e-16, 3.3], {});
    expect(r.mean).toBe(2500000000000001.0);
    expect(r.summary().stdev).toBe(4999999999999999.0);
    // python3 -c 'import statistics as s; xs=[1e308,1e308,1.7e308]; print(s.mean(xs), s.stdev(xs))'
    // → 1.2333333333333333e+308 4.04145188432738e+307 (the plain sum overflows to inf)
    r = record([1e308, 1e308, 1.7e308], { exactCapacity: 0 });
    expect(r.mean).toBe(1.2333333333333333e308);
    expect(r.summary().stdev).toBe(4.04145188432738e307);
    // python3 -c 'import statistics as s; xs=[5e-324,1e-323,0.0,2.5e-323]; print(s.mean(xs), s.stdev(xs))'
    // → 1e-323 1e-323 (subnormal results, rounded once)
    r = record([5e-324, 1e-323, 0, 2.5e-323], {});
    expect(r.mean).toBe(1e-323);
    expect(r.summary().stdev).toBe(1e-323);
    // python3 -c 'import statistics as s; xs=[1.0,1.0+2**-52,1.0+2**-51]; print(s.mean(xs), s.stdev(xs))'
    // → 1.0000000000000002 2.220446049250313e-16
    r = record([1, 1 + 2 ** -52, 1 + 2 ** -51], {});
    expect(r.mean).toBe(1.0000000000000002);
    expect(r.summary().stdev).toBe(2.220446049250313e-16);
  });

  it('keeps the canonical form compact and readable', () => {
    const r = record([3, 1, 2], { exactCapacity: 10 });
    expect(r.toJSON()).toEqual({
      format: 'paperlab-recorder',
      version: 1,
      exactCapacity: 10,
      relativeError: 0.01,
      count: 3,
      min: 1,
      max: 3,
      // 6·2^1074 and 14·2^2148 in hexadecimal: 2^1074 = 4·16^268, 2^2148 = 16^537.
      sum: `18${'0'.repeat(268)}`,
      sumOfSquares: `e${'0'.repeat(537)}`,
      values: [1, 2, 3],
      zeros: 0,
      bucketOffset: 0,
      buckets: [],
    });
    const b = record([0, 1, 1, 100], { exactCapacity: 0, relativeError: 0.5 });
    // γ = 1.5/0.5 = 3; 1 ∈ (3^-1, 3^0] → index 0; 100 ∈ (3^4, 3^5] → index 5.
    expect(b.toJSON()).toMatchObject({
      values: null,
      zeros: 1,
      bucketOffset: 0,
      buckets: [2, 0, 0, 0, 0, 1],
    });
    expect(createRecorder().toJSON()).toMatchObject({
      count: 0,
      min: null,
      max: null,
      sum: '0',
      values: [],
    });
    expectSameRecorder(roundTrip(createRecorder()), createRecorder());
  });

  it('a restored recorder keeps recording like the original', () => {
    const rng = createRng('restore');
    const a = createRecorder({ exactCapacity: 100 });
    for (let i = 0; i < 80; i++) a.add(rng.lognormal(3, 1));
    const b = roundTrip(a);
    for (let i = 0; i < 200; i++) {
      const x = rng.lognormal(3, 1);
      a.add(x);
      b.add(x);
    }
    expect(b.approximate).toBe(true);
    expectSameRecorder(b, a);
  });
});

describe('recorderFromJSON rejects malformed and tampered input', () => {
  const good = (): RecorderJSON =>
    JSON.parse(JSON.stringify(record([0.5, 2, 2, 7], { exactCapacity: 10 })));
  const goodBuckets = (): RecorderJSON =>
    JSON.parse(JSON.stringify(record([0, 0.5, 2, 2, 7], { exactCapacity: 0 })));
  const cases: [string, () => unknown, ErrorConstructor, string][] = [
    ['null', () => null, TypeError, 'json must be an object made by Recorder.toJSON, got null'],
    ['array', () => [], TypeError, 'json must be an object'],
    [
      'format',
      () => ({ ...good(), format: 'x' }),
      RangeError,
      'format must be "paperlab-recorder"',
    ],
    ['version', () => ({ ...good(), version: 2 }), RangeError, 'version must be 1, got 2'],
    ['capacity', () => ({ ...good(), exactCapacity: -1 }), RangeError, 'exactCapacity must be'],
    ['alpha', () => ({ ...good(), relativeError: 0.9 }), RangeError, 'relativeError must be'],
    ['count', () => ({ ...good(), count: 1.5 }), RangeError, 'count must be an integer'],
    ['count vs values', () => ({ ...good(), count: 5 }), RangeError, 'values must hold count (5)'],
    ['sum type', () => ({ ...good(), sum: 12 }), TypeError, 'sum must be a lowercase hexadecimal'],
    ['sum hex', () => ({ ...good(), sum: '0x12' }), TypeError, 'sum must be a lowercase hex'],
    ['sum zeros', () => ({ ...good(), sum: '012' }), TypeError, 'without leading zeros'],
    [
      'sum tampered',
      () => ({ ...good(), sum: `1${good().sum}` }),
      RangeError,
      'exact sums of values',
    ],
    [
      'value tampered',
      () => ({ ...good(), values: [0.5, 2, 2.0000000000000004, 7] }),
      RangeError,
      'exact sums of values',
    ],
    [
      'unsorted',
      () => ({ ...good(), values: [0.5, 2, 7, 2] }),
      RangeError,
      'values must be ascending',
    ],
    ['NaN value', () => ({ ...good(), values: [0.5, 2, null, 7] }), TypeError, 'values[2] must be'],
    ['negative', () => ({ ...good(), min: -1 }), RangeError, 'min must be a finite number >= 0'],
    ['min > max', () => ({ ...good(), min: 8 }), RangeError, 'min must be <= max'],
    ['min wrong', () => ({ ...good(), min: 0.25 }), RangeError, 'min and max must equal the first'],
    ['empty min', () => ({ ...createRecorder().toJSON(), min: 0 }), RangeError, 'must be null'],
    ['buckets in exact', () => ({ ...good(), buckets: [1] }), RangeError, 'must be 0, 0 and []'],
    [
      'zeros',
      () => ({ ...goodBuckets(), zeros: 2 }),
      RangeError,
      'must add up to count (5), got 6',
    ],
    [
      'bucket count',
      () => ({ ...goodBuckets(), buckets: [2, ...goodBuckets().buckets.slice(1)] }),
      RangeError,
      'must add up to count',
    ],
    [
      'bucket padding',
      () => ({ ...goodBuckets(), buckets: [...goodBuckets().buckets, 0] }),
      RangeError,
      'must start and end with a non-empty bucket',
    ],
    [
      'shifted buckets',
      () => ({ ...goodBuckets(), bucketOffset: goodBuckets().bucketOffset + 1 }),
      RangeError,
      'min and max must lie in the first and last non-empty buckets',
    ],
    [
      'offset range',
      () => ({ ...goodBuckets(), bucketOffset: 1e9 }),
      RangeError,
      'bucketOffset must be',
    ],
    [
      'bucket sum out of range',
      () => ({ ...goodBuckets(), sum: `f${goodBuckets().sum}` }),
      RangeError,
      'consistent with count, min and max',
    ],
    [
      'squares below Cauchy–Schwarz',
      () => ({ ...goodBuckets(), sumOfSquares: goodBuckets().sum }),
      RangeError,
      'consistent with count, min and max',
    ],
    [
      'values type',
      () => ({ ...good(), values: 'x' }),
      TypeError,
      'values must be an array or null',
    ],
    [
      '__proto__',
      () => JSON.parse('{"__proto__": {"format": "paperlab-recorder"}}'),
      RangeError,
      'format must be',
    ],
  ];
  it.each(cases)('%s', (_, make, type, message) => {
    const json = make();
    expect(() => recorderFromJSON(json)).toThrow(type);
    expect(() => recorderFromJSON(json)).toThrow(message);
  });

  it('the untampered forms load', () => {
    expect(recorderFromJSON(good()).summary().p50).toBe(2);
    expect(recorderFromJSON(goodBuckets()).count).toBe(5);
  });

  it('merge refuses other kinds and leaves state unchanged', () => {
    const a = record([1, 2], {});
    expect(() => a.merge(JSON.parse(JSON.stringify(a)))).toThrow(TypeError);
    expect(a.count).toBe(2);
  });
});

describe('gauge toJSON / gaugeFromJSON', () => {
  it('a restored gauge continues exactly like the original', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dt: fc.double({ min: 0, max: 100, noNaN: true }),
            v: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
            delta: fc.boolean(),
          }),
          { maxLength: 40 },
        ),
        fc.nat(),
        (steps, splitSeed) => {
          const split = splitSeed % (steps.length + 1);
          const a = createGauge(3);
          let b = createGauge(3);
          let t = 3;
          steps.forEach((s, i) => {
            if (i === split) b = gaugeFromJSON(JSON.parse(JSON.stringify(b)));
            t += s.dt;
            for (const g of [a, b]) {
              if (s.delta) g.add(t, s.v);
              else g.set(t, s.v);
            }
          });
          expect(JSON.stringify(b)).toBe(JSON.stringify(a));
          expect(b.average(t + 1)).toBe(a.average(t + 1));
          expect(b.peak).toBe(a.peak);
          expect(b.current).toBe(a.current);
        },
      ),
    );
  });

  it('serialises the documented fields', () => {
    const g = createGauge(10);
    g.set(12, 4);
    g.add(15, -1);
    // ∫ over [10, 15] = 0·2 + 4·3 = 12.
    expect(g.toJSON()).toEqual({
      format: 'paperlab-gauge',
      version: 1,
      startTime: 10,
      lastTime: 15,
      current: 3,
      peak: 4,
      area: 12,
    });
    expect(gaugeFromJSON(g.toJSON()).average(20)).toBe((12 + 3 * 5) / 10);
  });

  it.each([
    [null, TypeError, 'json must be an object'],
    [{ format: 'paperlab-recorder' }, RangeError, 'format must be "paperlab-gauge"'],
    [
      { format: 'paperlab-gauge', version: 1, startTime: 0, lastTime: 1, current: 1, peak: 1 },
      TypeError,
      'area must be a finite number',
    ],
    [
      {
        format: 'paperlab-gauge',
        version: 1,
        startTime: 0,
        lastTime: 1,
        current: 1,
        peak: 1,
        area: Number.NaN,
      },
      RangeError,
      'area must be a finite number, got NaN',
    ],
    [
      {
        format: 'paperlab-gauge',
        version: 1,
        startTime: 2,
        lastTime: 1,
        current: 1,
        peak: 1,
        area: 0,
      },
      RangeError,
      'lastTime must be >= startTime (2), got 1',
    ],
    [
      {
        format: 'paperlab-gauge',
        version: 1,
        startTime: 0,
        lastTime: 1,
        current: 5,
        peak: 1,
        area: 0,
      },
      RangeError,
      'peak must be >= max(current, 0) = 5, got 1',
    ],
    [
      {
        format: 'paperlab-gauge',
        version: 1,
        startTime: -1e308,
        lastTime: 1e308,
        current: 0,
        peak: 0,
        area: 0,
      },
      RangeError,
      'lastTime - startTime must be finite, got startTime=-1e+308, lastTime=1e+308',
    ],
  ])('rejects %j', (json, type, message) => {
    expect(() => gaugeFromJSON(json)).toThrow(type);
    expect(() => gaugeFromJSON(json)).toThrow(message);
  });
});
