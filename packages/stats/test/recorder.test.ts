import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGauge, createRecorder, createRng, quantile } from '../src/index.ts';

// Fixed seed: property runs are reproducible, never flaky (the edge cases they found are
// kept as explicit tests).
fc.configureGlobal({ seed: 20261126 });

// The 'big' sample (1001 lognormal values) and its numpy quantiles; see fixtures/numpy-reference.py.
const reference = JSON.parse(
  readFileSync(new URL('./fixtures/numpy-reference.json', import.meta.url), 'utf8'),
);
const big = reference.samples.big as {
  xs: number[];
  mean: number;
  std: number;
  quantiles: { linear: number[]; lower: number[] };
};
const ps = reference.ps as number[];

describe('recorder, exact mode', () => {
  it('gives numpy linear quantiles while under its capacity', () => {
    const r = createRecorder();
    for (const x of big.xs) r.add(x);
    expect(r.approximate).toBe(false);
    ps.forEach((p, k) => {
      expect(r.quantile(p)).toBe(big.quantiles.linear[k]);
    });
    const s = r.summary();
    expect(s.count).toBe(1001);
    expect(Math.abs(s.mean - big.mean)).toBeLessThan(1e-12 * big.mean);
    expect(Math.abs(s.stdev - big.std)).toBeLessThan(1e-12 * big.std);
    expect(r.min).toBe(big.quantiles.linear[0]);
    expect(r.max).toBe(big.quantiles.linear.at(-1));
  });
});

describe('recorder, bucket mode', () => {
  it('keeps quantiles within the relative error of numpy lower order statistics', () => {
    for (const relativeError of [0.01, 0.05]) {
      const r = createRecorder({ exactCapacity: 100, relativeError });
      for (const x of big.xs) r.add(x);
      expect(r.approximate).toBe(true);
      ps.forEach((p, k) => {
        const exact = big.quantiles.lower[k]!;
        expect(Math.abs(r.quantile(p) - exact), `p=${p}`).toBeLessThanOrEqual(
          relativeError * exact * (1 + 1e-12),
        );
      });
      // Moments and extremes stay exact.
      expect(Math.abs(r.mean - big.mean)).toBeLessThan(1e-12 * big.mean);
      expect(Math.abs(r.summary().stdev - big.std)).toBeLessThan(1e-9 * big.std);
      expect(r.quantile(0)).toBe(big.quantiles.linear[0]);
      expect(r.quantile(1)).toBe(big.quantiles.linear.at(-1));
    }
  });

  it('holds a million samples spanning six decades in a few kilobytes', () => {
    const rng = createRng('recorder-million');
    const r = createRecorder({ exactCapacity: 1000, relativeError: 0.01 });
    const all = new Float64Array(1_000_000);
    for (let i = 0; i < all.length; i++) {
      const x = rng.lognormal(0, 2.5);
      all[i] = x;
      r.add(x);
    }
    expect(r.count).toBe(1_000_000);
    // log_γ(range) buckets × 8 bytes, γ = 1.01/0.99: ~ln(1e12)/0.02 ≈ 1400 buckets ≈ 11 KB, ×2 slack.
    expect(r.memoryBytes()).toBeLessThan(40_000);
    all.sort();
    for (const p of [0.001, 0.1, 0.5, 0.9, 0.99, 0.999]) {
      const exact = quantile(all, p, 'lower');
      expect(Math.abs(r.quantile(p) - exact)).toBeLessThanOrEqual(0.01 * exact * (1 + 1e-12));
    }
  });

  it('handles zeros and values far apart', () => {
    const r = createRecorder({ exactCapacity: 0 });
    for (const x of [0, 0, 0, 1e-9, 1e9]) r.add(x);
    expect(r.quantile(0.5)).toBe(0);
    expect(r.quantile(0.75)).toBeCloseTo(1e-9, 10);
    expect(Math.abs(r.quantile(0.75) - 1e-9)).toBeLessThanOrEqual(0.01e-9);
    expect(r.quantile(1)).toBe(1e9);
  });
});

describe('recorder merge', () => {
  it('merging equals recording everything in one recorder', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 300 }),
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 300 }),
        fc.integer({ min: 0, max: 400 }),
        (xs, ys, capacity) => {
          const a = createRecorder({ exactCapacity: capacity });
          const b = createRecorder({ exactCapacity: capacity });
          const all = createRecorder({ exactCapacity: capacity });
          for (const x of xs) {
            a.add(x);
            all.add(x);
          }
          for (const y of ys) {
            b.add(y);
            all.add(y);
          }
          a.merge(b);
          expect(a.count).toBe(all.count);
          if (all.count === 0) return;
          expect(a.min).toBe(all.min);
          expect(a.max).toBe(all.max);
          expect(Math.abs(a.mean - all.mean)).toBeLessThanOrEqual(1e-9 * (all.mean + 1));
          expect(a.approximate).toBe(all.approximate);
          for (const p of [0, 0.25, 0.5, 0.9, 0.99, 1]) expect(a.quantile(p)).toBe(all.quantile(p));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses buckets of a different relative error, leaving state unchanged', () => {
    const a = createRecorder({ exactCapacity: 0, relativeError: 0.01 });
    const b = createRecorder({ exactCapacity: 0, relativeError: 0.02 });
    a.add(1);
    b.add(2);
    expect(() => a.merge(b)).toThrow(
      "other.relativeError must equal this recorder's (0.01) to merge buckets, got 0.02",
    );
    expect(a.count).toBe(1);
    expect(() => a.merge(a)).toThrow(RangeError);
    expect(() => a.merge({} as never)).toThrow(TypeError);
  });
});

describe('recorder bad input', () => {
  it.each([
    [
      () => createRecorder({ exactCapacity: -1 }),
      'exactCapacity must be an integer in [0, 67108864], got -1',
    ],
    [
      () => createRecorder({ relativeError: 0.9 }),
      'relativeError must be a number in [0.0001, 0.5], got 0.9',
    ],
    [() => createRecorder().add(-1), 'value must be a finite number >= 0, got -1'],
    [() => createRecorder().add(Number.NaN), 'value must be a finite number >= 0, got NaN'],
    [() => createRecorder().quantile(0.5), 'quantile needs at least 1 recorded value, got 0'],
    [() => createRecorder().summary(), 'summary needs at least 1 recorded value, got 0'],
  ])('%#', (call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it('a rejected add changes nothing', () => {
    const r = createRecorder();
    r.add(3);
    expect(() => r.add(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(r.count).toBe(1);
    expect(r.max).toBe(3);
  });
});

describe('time-weighted gauge', () => {
  it('integrates a step function', () => {
    const g = createGauge();
    g.set(0, 2);
    g.set(3, 5);
    g.add(4, -1);
    // ∫ = 2·3 + 5·1 + 4·6 = 35 over 10 time units.
    expect(g.average(10)).toBe(3.5);
    expect(g.current).toBe(4);
    expect(g.peak).toBe(5);
    expect(g.average(4)).toBe(11 / 4);
  });

  it('honours a start time and a zero-length window', () => {
    const g = createGauge(100);
    expect(g.average(100)).toBe(0);
    g.set(100, 7);
    expect(g.average(100)).toBe(7);
    g.set(110, 1);
    expect(g.average(120)).toBe((7 * 10 + 1 * 10) / 20);
  });

  it('agrees with a list-of-segments model', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dt: fc.double({ min: 0, max: 100, noNaN: true }),
            v: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
            delta: fc.boolean(),
          }),
          { maxLength: 50 },
        ),
        fc.double({ min: 0.001, max: 50, noNaN: true }),
        (steps, tail) => {
          const g = createGauge(5);
          const segments: { from: number; value: number }[] = [{ from: 5, value: 0 }];
          let t = 5;
          let value = 0;
          let peak = 0;
          for (const s of steps) {
            t += s.dt;
            value = s.delta ? value + s.v : s.v;
            if (s.delta) g.add(t, s.v);
            else g.set(t, s.v);
            segments.push({ from: t, value });
            peak = Math.max(peak, value);
          }
          const end = t + tail;
          let area = 0;
          segments.forEach((seg, i) => {
            const to = i + 1 < segments.length ? segments[i + 1]!.from : end;
            area += seg.value * (to - seg.from);
          });
          const expected = area / (end - 5);
          expect(Math.abs(g.average(end) - expected)).toBeLessThanOrEqual(
            1e-9 * (Math.abs(expected) + 1e3),
          );
          expect(g.current).toBeCloseTo(value, 6);
          expect(g.peak).toBeCloseTo(peak, 6);
        },
      ),
    );
  });

  it('rejects time going backwards and leaves the value alone', () => {
    const g = createGauge();
    g.set(5, 1);
    expect(() => g.set(4, 2)).toThrow(
      'time must be a finite number >= 5 (the last update time), got 4',
    );
    expect(() => g.add(6, Number.NaN)).toThrow('delta must be a finite number, got NaN');
    expect(() => g.average(1)).toThrow(RangeError);
    expect(() => createGauge(Number.NaN)).toThrow('startTime must be a finite number, got NaN');
    expect(g.current).toBe(1);
  });
});

describe('recorder and gauge hostile input', () => {
  it('createRecorder refuses a misspelt option instead of using the default', () => {
    expect(() => createRecorder({ exactcapacity: 4 } as never)).toThrow(RangeError);
    expect(() => createRecorder({ exactcapacity: 4 } as never)).toThrow(
      "createRecorder: unknown option 'exactcapacity'; the options are exactCapacity, relativeError",
    );
  });

  it('add refuses a numeric string and changes nothing', () => {
    const r = createRecorder();
    r.add(3);
    expect(() => r.add('8' as never)).toThrow(TypeError);
    expect(() => r.add('8' as never)).toThrow('value must be a finite number >= 0, got "8"');
    expect(r.toJSON().values).toEqual([3]);
    expect(r.count).toBe(1);
  });

  it('gauge refuses a numeric-string time and changes nothing', () => {
    const g = createGauge();
    g.set(1, 2);
    expect(() => g.set('8' as never, 1)).toThrow(TypeError);
    expect(() => g.set('8' as never, 1)).toThrow('time must be a finite number >= 1, got "8"');
    expect(g.toJSON()).toEqual({
      format: 'paperlab-gauge',
      version: 1,
      startTime: 0,
      lastTime: 1,
      current: 2,
      peak: 2,
      area: 0,
    });
  });

  it('gauge refuses an update whose area or elapsed time overflows, and changes nothing', () => {
    const g = createGauge();
    g.set(0, 1e308);
    expect(() => g.set(10, 0)).toThrow(RangeError);
    expect(() => g.set(10, 0)).toThrow(
      'time must keep the elapsed time and the area ∫value dt finite, got time=10 with startTime=0 and value 1e+308 since 0',
    );
    expect(() => g.average(10)).toThrow('untilTime must keep the elapsed time');
    expect(g.toJSON().lastTime).toBe(0);
    expect(g.toJSON().area).toBe(0);
    expect(g.average(1)).toBe(1e308);
    const wide = createGauge(-1e308);
    expect(() => wide.set(1e308, 1)).toThrow(
      'time must keep the elapsed time and the area ∫value dt finite, got time=1e+308 with startTime=-1e+308 and value 0 since -1e+308',
    );
  });
});
