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
