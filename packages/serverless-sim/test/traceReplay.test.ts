import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Azure2019TraceBuilder } from '../src/azure2019Trace.js';
import { LineSplitter } from '../src/lineSplitter.js';
import { readAzure2019Trace, readAzure2021Trace, readAzureTrace } from '../src/node.js';
import { simulate } from '../src/simulate.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The fixture's counts, parsed independently: Map "app/function" → counts per minute column. */
function countsModel(): Map<string, number[]> {
  const lines = readFileSync(fixture('azure2019-invocations.csv'), 'utf8').trim().split('\n');
  const m = new Map<string, number[]>();
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    m.set(`${c[1]}/${c[2]}`, c.slice(4).map(Number));
  }
  return m;
}

describe('Azure 2019 replay', () => {
  for (const spread of ['even', 'uniform'] as const) {
    it(`reproduces every per-minute count of the fixture exactly (${spread})`, async () => {
      const { functions, workload } = await readAzure2019Trace(
        {
          invocations: fixture('azure2019-invocations.csv'),
          durations: fixture('azure2019-durations.csv'),
          memory: fixture('azure2019-memory.csv'),
        },
        { spread },
      );
      const model = countsModel();
      // The never-invoked function is dropped (minInvocations = 1).
      expect(functions.length).toBe([...model.values()].filter((c) => c.some((x) => x > 0)).length);
      const seen = new Map<string, number[]>();
      simulate(
        { seed: 4, platform: 'keep-alive' },
        {
          functions,
          workload,
          onRecord: (r, table) => {
            const name = table.profiles[r.fn]!.name;
            let row = seen.get(name);
            if (row === undefined) {
              row = new Array<number>(30).fill(0);
              seen.set(name, row);
            }
            row[Math.floor(r.arrivalMs / 60_000)]!++;
          },
        },
      );
      for (const [key, counts] of model) {
        if (counts.every((x) => x === 0)) {
          expect(seen.has(key)).toBe(false);
          continue;
        }
        expect(seen.get(key)).toEqual(counts);
      }
    });
  }

  it('takes profiles from the durations and memory files', async () => {
    const { functions } = await readAzure2019Trace({
      invocations: fixture('azure2019-invocations.csv'),
      durations: fixture('azure2019-durations.csv'),
      memory: fixture('azure2019-memory.csv'),
    });
    // Fixture rows: f1 has p50 120 ms, p99 960 ms; app a1 has pct50 150 MiB.
    const f1 = functions[0]!;
    expect(f1.exec).toEqual({ kind: 'lognormal', medianMs: 120, p99Ms: 960 });
    expect(f1.memoryMb).toBe(150);
  });

  it('parses the same from arbitrary chunks (browser path)', () => {
    const text = readFileSync(fixture('azure2019-invocations.csv'), 'utf8');
    const b = new Azure2019TraceBuilder();
    const s = new LineSplitter((l) => b.invocationsLine(l));
    for (let i = 0; i < text.length; i += 37) s.push(text.slice(i, i + 37));
    s.end();
    const model = [...countsModel().values()].map((c) => c.reduce((x, y) => x + y, 0));
    expect(b.functionTotals()).toEqual(model);
  });

  it('names the bad line and field', () => {
    const b = new Azure2019TraceBuilder();
    b.invocationsLine('HashOwner,HashApp,HashFunction,Trigger,1,2');
    expect(() => b.invocationsLine('o,a,f,http,1,x')).toThrow(
      'invocations line 2, column 6 (2) must be a count written in decimal digits in [0, 4194304], got "x"',
    );
    expect(() => b.invocationsLine('o,a,f,http,1')).toThrow(/must have 6 fields, got 5/);
  });
});

describe('Azure 2021 replay', () => {
  it('starts each invocation at end − duration and runs it for its duration', async () => {
    const { functions, workload } = await readAzure2021Trace(fixture('azure2021.csv'));
    const rows = readFileSync(fixture('azure2021.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .map((c) => ({
        key: `${c[0]}/${c[1]}`,
        start: (Number(c[2]) - Number(c[3])) * 1000,
        dur: Number(c[3]) * 1000,
      }))
      .sort((a, b) => a.start - b.start);
    const got: { key: string; start: number; exec: number }[] = [];
    simulate(
      { seed: 1, platform: 'keep-alive' },
      {
        functions,
        workload,
        onRecord: (r, t) =>
          got.push({ key: t.profiles[r.fn]!.name, start: r.arrivalMs, exec: r.execMs }),
      },
    );
    got.sort((a, b) => a.start - b.start);
    expect(got.length).toBe(rows.length);
    got.forEach((g, i) => {
      expect(g.key).toBe(rows[i]!.key);
      expect(g.start).toBeCloseTo(Math.max(0, rows[i]!.start), 6);
      expect(g.exec).toBeCloseTo(rows[i]!.dur, 6);
    });
  });
});

describe('readAzureTrace', () => {
  it('tells the format from the header', async () => {
    const t2021 = await readAzureTrace(fixture('azure2021.csv'));
    expect(t2021.workload.name).toBe('azure-2021-replay');
    expect(t2021.workload.expectedCount).toBe(60);
    const t2019 = await readAzureTrace(fixture('azure2019-invocations.csv'), {
      durations: fixture('azure2019-durations.csv'),
    });
    expect(t2019.workload.name).toBe('azure-2019-replay');
    expect(t2019.functions[0]!.exec).toEqual({ kind: 'lognormal', medianMs: 120, p99Ms: 960 });
  });
});
