import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/simulate.js';
import { summaryRows, summaryTable } from '../src/simulationResult.js';
import { parseShard, shardIndices } from '../src/sweepDocument.js';
import { expandGrid, getPath, setPath } from '../src/sweepGrid.js';

describe('setPath', () => {
  it('refuses prototype keys and leaves Object.prototype clean', () => {
    for (const path of [
      '__proto__.polluted',
      'a.__proto__.polluted',
      'constructor.prototype.polluted',
      'prototype',
    ]) {
      expect(() => setPath({ a: {} }, path, 1)).toThrow(
        `sweep path must not contain __proto__, prototype or constructor, got "${path}"`,
      );
      expect(() => expandGrid({ seed: 1 }, [{ path, values: [1] }])).toThrow(/must not contain/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  });

  it('round-trips with getPath and never touches the input (property)', () => {
    const key = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,5}$/);
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 4 }), fc.integer(), (keys, v) => {
        const base = { seed: 1, cluster: { nodes: 2 } };
        const before = JSON.stringify(base);
        const path = keys.join('.');
        const out = setPath(base, path, v);
        expect(getPath(out, path)).toBe(v);
        expect(JSON.stringify(base)).toBe(before);
      }),
    );
  });
});

describe('shards', () => {
  it('every point lands in exactly one shard (a Set model)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 20 }),
        (points, n) => {
          const seen: number[] = [];
          for (let i = 1; i <= n; i++) seen.push(...shardIndices(points, { index: i, count: n }));
          expect(seen.sort((a, b) => a - b)).toEqual([...Array(points).keys()]);
        },
      ),
    );
  });

  it('parses i/n strictly', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1/3/4', '+1/3', '1.0/3', ' 1/3', '0x1/3', '']) {
      expect(() => parseShard(bad)).toThrow(
        `shard must be i/n with integers 1 <= i <= n <= 1000000, got "${bad}"`,
      );
    }
  });
});

describe('a workload with zero invocations', () => {
  it('returns empty summaries that say so, and empty table cells', () => {
    const r = simulate({
      seed: 1,
      functions: ['hello-python'],
      workload: { kind: 'poisson', ratePerSec: 0, durationMs: 60_000 },
    });
    expect(r.invocations).toBe(0);
    for (const s of [r.latencyMs.endToEnd, r.latencyMs.startup, r.latencyMs.queue]) {
      expect(s.empty).toBe(true);
      expect(s.count).toBe(0);
    }
    expect(r.coldStartFraction).toBe(0);
    const row = summaryRows([r])[0]!;
    expect(row['e2e p99 ms']).toBe('');
    expect(Object.values(row).some((v) => typeof v === 'number' && Number.isNaN(v))).toBe(false);
    expect(summaryTable([r])).toContain('n/a');
    expect(summaryTable([r])).not.toContain('NaN');
    const busy = simulate({
      seed: 1,
      functions: ['hello-python'],
      workload: { kind: 'poisson', ratePerSec: 1, durationMs: 10_000 },
    });
    expect(busy.latencyMs.endToEnd.empty).toBe(false);
  });
});

describe('expandGrid and setPath hostile input', () => {
  it.each([
    [
      () => expandGrid({ seed: 1 }, [{ path: 'seed', value: [1, 2] } as never]),
      RangeError,
      "axes[0]: unknown option 'value'; the options are path, values",
    ],
    [
      // A string has a length: it used to sweep seed over "1" and "2".
      () => expandGrid({ seed: 1 }, [{ path: 'seed', values: '12' as never }]),
      TypeError,
      'axes[0].values must be an array, got "12"',
    ],
    [
      () => expandGrid({ seed: 1 }, [{ path: 5 as never, values: [1] }]),
      TypeError,
      'sweep path must be a string, got number',
    ],
    [
      () => expandGrid({ seed: 1 }, null as never),
      TypeError,
      'axes must be an array of { path, values }, got null',
    ],
    [
      () => expandGrid({ seed: 1 }, [null as never]),
      TypeError,
      'axes[0] must be an object { path, values }, got null',
    ],
    [() => setPath({}, 5 as never, 1), TypeError, 'sweep path must be a string, got number'],
    [
      // 20^8 = 2.56·10^10 points used to be cloned one by one until memory ran out.
      () =>
        expandGrid(
          { seed: 1 },
          Array.from({ length: 8 }, (_, i) => ({
            path: `a${i}`,
            values: Array.from({ length: 20 }, (_, j) => j),
          })),
        ),
      RangeError,
      'sweep grid must have at most 1048576 points, got 25600000000 (20 × 20 × 20 × 20 × 20 × 20 × 20 × 20)',
    ],
  ])('%#', (call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('still expands a well-formed grid', () => {
    expect(expandGrid({ seed: 1 }, [{ path: 'seed', values: [1, 2] }])).toEqual([
      { seed: 1 },
      { seed: 2 },
    ]);
  });
});
