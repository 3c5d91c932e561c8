import { describe, expect, it } from 'vitest';
import { FunctionTable } from '../src/functionProfile.js';
import { simulate } from '../src/simulate.js';
import {
  recordToCsv,
  resultToJson,
  summaryRows,
  timeSeriesToCsv,
} from '../src/simulationResult.js';

const config = {
  seed: 5,
  functions: ['hello-python', 'pyaes'],
  workload: {
    kind: 'on-off' as const,
    onRatePerSec: 4,
    meanOnMs: 30_000,
    meanOffMs: 300_000,
    durationMs: 3_600_000,
  },
  sampleIntervalMs: 60_000,
};

describe('results', () => {
  it('time series: one tick per interval, arrivals add up to the invocations', () => {
    const r = simulate(config);
    const s = r.timeSeries;
    expect(s.timeMs[0]).toBe(0);
    expect(s.timeMs).toEqual(s.timeMs.map((_, i) => i * 60_000));
    // Ticks cover the horizon (1 h): 0, 1, …, 60 minutes; every arrival is before the last tick.
    expect(s.timeMs.length).toBe(61);
    expect(s.arrivals.reduce((a, b) => a + b, 0)).toBe(r.invocations);
    expect(s.coldStarts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(
      r.invocations - r.startPaths.warm,
    );
    const csv = timeSeriesToCsv(r).trim().split('\n');
    expect(csv[0]).toBe('timeMs,arrivals,coldStarts,inSystem,liveSandboxes,idleSandboxes,memoryMb');
    expect(csv).toHaveLength(s.timeMs.length + 1);
  });

  it('start paths add up; summary row and JSON agree with the result', () => {
    const r = simulate(config);
    const paths = Object.values(r.startPaths).reduce((a, b) => a + b, 0);
    expect(paths).toBe(r.invocations);
    expect(r.coldStartFraction).toBeCloseTo(1 - r.startPaths.warm / r.invocations, 12);
    const row = summaryRows([r])[0]!;
    expect(row.invocations).toBe(r.invocations);
    const back = JSON.parse(resultToJson(r));
    expect(back.latencyMs.endToEnd.p99).toBe(r.latencyMs.endToEnd.p99);
    expect(back.memory.nodes).toHaveLength(1);
  });

  it('per-invocation CSV quotes function names that need it', () => {
    const table = new FunctionTable([
      {
        name: 'a,"b"',
        tenant: 't',
        runtime: 'go',
        imageMb: 1,
        memoryMb: 1,
        touchedFraction: 0,
        readOnlyFraction: 0,
        fileCacheMb: 0,
        initMs: 0,
        exec: { kind: 'fixed', ms: 1 },
      },
    ]);
    const line = recordToCsv(
      {
        id: 3,
        fn: 0,
        node: 1,
        path: 1,
        arrivalMs: 10,
        queueMs: 0,
        startupMs: 40,
        execMs: 1,
        endMs: 51,
      },
      table,
    );
    expect(line).toBe('3,"a,""b""",1,cold,10,0,40,1,51');
  });

  it('refuses a sample interval that would produce more than 10^6 samples', () => {
    // 1 ms is a valid interval on its own; over 10^8 ms it would give 10^8 samples.
    const long = { ...config, workload: { ...config.workload, durationMs: 1e8 } } as const;
    expect(() => simulate({ ...long, sampleIntervalMs: 1 })).toThrow(
      /sampleIntervalMs must give at most 10\^6 samples/,
    );
    // Below 1 ms the schema refuses it with its range.
    expect(() => simulate({ ...config, sampleIntervalMs: 0.0001 })).toThrow(
      /config\.sampleIntervalMs: must be a number in \[1, 1e13\], got 0\.0001/,
    );
  });
});
