// The paper's metrics (paperMetrics.ts) checked on hand-built result sets, against values
// computed by hand or by numpy (expressions quoted), so a change of definition fails here.
import { describe, expect, it } from 'vitest';
import { paperAgentPeakGb, paperAgents } from '../src/repro/paperFigures.js';
import {
  FunctionTailCollector,
  functionTailRatios,
  meanReduction,
  rangeOf,
  reduction,
  upToTailRatio,
} from '../src/repro/paperMetrics.js';
import { paperPeakReductions } from '../src/repro/reproduceAgents.js';

describe('P99 per function', () => {
  it('is each function’s own numpy-linear P99, not the pooled one', () => {
    const c = new FunctionTailCollector();
    for (const x of [10, 20, 30, 40, 100]) c.add('a', x);
    for (const x of [5, 5, 5, 5, 5, 5, 5, 5, 5, 500]) c.add('b', x);
    const p99 = c.quantiles(0.99);
    // np.percentile([10,20,30,40,100], 99) = 97.6: h = 4·0.99 = 3.96, 40 + 0.96·60
    expect(p99.get('a')).toBeCloseTo(97.6, 10);
    // np.percentile([5]*9 + [500], 99) = 455.45: h = 9·0.99 = 8.91, 5 + 0.91·495
    expect(p99.get('b')).toBeCloseTo(455.45, 10);
    // Pooled, np.percentile(all 15 values, 99) = 444.0: one function's tail, which is why the
    // headline never pools.
    expect([...p99.keys()]).toEqual(['a', 'b']);
  });

  it('rejects a negative or non-finite latency', () => {
    const c = new FunctionTailCollector();
    expect(() => c.add('a', -1)).toThrow(/latencyMs must be a finite number >= 0, got -1/);
    expect(() => c.add('a', Number.NaN)).toThrow(RangeError);
    expect(c.quantiles().size).toBe(0);
  });
});

describe('"up to" = the largest per-function ratio', () => {
  const baseline = new Map([
    ['a', 97.6],
    ['b', 455.45],
    ['only-baseline', 10],
  ]);
  const system = new Map([
    ['a', 48.8],
    ['b', 455.45],
  ]);

  it('takes the maximum over the functions both ran', () => {
    // a: 97.6 / 48.8 = 2; b: 1; only-baseline has no system value and no ratio.
    const all = functionTailRatios(baseline, system);
    expect(all.map((r) => [r.fn, r.ratio])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(upToTailRatio(baseline, system)).toMatchObject({ fn: 'a', ratio: 2 });
  });

  it('refuses a zero tail and an empty intersection', () => {
    expect(() => upToTailRatio(baseline, new Map([['a', 0]]))).toThrow(
      /system P99 of function 'a' must be a finite number > 0, got 0/,
    );
    expect(() => upToTailRatio(baseline, new Map([['z', 1]]))).toThrow(/share at least one/);
  });
});

describe('memory reduction averaged over REAP+ and FaaSnap+', () => {
  it('is the mean of the two reductions, not the reduction against the mean', () => {
    // TrEnv 52, REAP+ 100, FaaSnap+ 80: (1 − 52/100 + 1 − 52/80) / 2 = (0.48 + 0.35) / 2 = 0.415;
    // against the mean baseline it would be 1 − 52/90 = 0.4222…
    expect(meanReduction(52, [100, 80])).toBeCloseTo(0.415, 12);
    expect(1 - 52 / 90).not.toBeCloseTo(0.415, 3);
    expect(reduction(100, 52)).toBeCloseTo(0.48, 12);
  });

  it('refuses empty baselines and a zero baseline', () => {
    expect(() => meanReduction(1, [])).toThrow(/at least one/);
    expect(() => reduction(0, 1)).toThrow(/baseline must be a finite number > 0, got 0/);
    expect(() => reduction(1, Number.POSITIVE_INFINITY)).toThrow(/system/);
  });
});

describe("the agents' headline range", () => {
  it('recovers the abstract\'s "up to 61 %" and the 11 % low end from the chart values', () => {
    // By hand from the README chart: Bug fixer 1 − 21/23.5 = 0.1064; Game design 1 − 71/182 =
    // 0.6099; the abstract's "memory usage by 61 %" is the best of six.
    const r = rangeOf(paperPeakReductions());
    expect(r.minAt).toBe('Bug fixer');
    expect(r.min).toBeCloseTo(1 - 21 / 23.5, 12);
    expect(r.maxAt).toBe('Game design');
    expect(Math.round(r.max * 100)).toBe(Math.round(paperAgents.memoryUpToReduction * 100));
    expect(Object.keys(paperAgentPeakGb)).toHaveLength(6);
  });

  it('rangeOf refuses empty and non-finite input', () => {
    expect(() => rangeOf(new Map())).toThrow(/at least one/);
    expect(() => rangeOf(new Map([['x', Number.NaN]]))).toThrow(/value of 'x' must be finite/);
  });
});

describe('paper metrics hostile input', () => {
  it('refuses a ratio that overflows instead of returning ±Infinity', () => {
    expect(() => reduction(5e-324, 1e308)).toThrow(RangeError);
    expect(() => reduction(5e-324, 1e308)).toThrow(
      'system / baseline must be finite, got baseline=5e-324, system=1e+308',
    );
    expect(() => functionTailRatios(new Map([['f', 1e308]]), new Map([['f', 5e-324]]))).toThrow(
      "P99 ratio of function 'f' must be finite, got baseline 1e+308 / system 5e-324",
    );
    expect(() => meanReduction(1, null as never)).toThrow(TypeError);
    expect(() => meanReduction(1, null as never)).toThrow(
      'baselines must be an array of numbers, got null',
    );
  });
});
