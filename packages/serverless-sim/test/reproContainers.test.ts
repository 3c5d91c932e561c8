// The container reproduction's metric and mechanisms, on small configurations whose answer is
// known from outside the code: a numpy-linear P99 recomputed from the raw records, a function
// that never starts cold (ratio exactly 1), and T-CXL's private memory, which must follow the
// read-only share by a closed form.
import { describe, expect, it } from 'vitest';
import type { SimulationConfig } from '../src/configSchema.js';
import type { FunctionProfile } from '../src/functionProfile.js';
import { criu } from '../src/parameters.js';
import { createPlatform } from '../src/platforms/index.js';
import { TrenvPlatform } from '../src/platforms/trenv.js';
import { trenvContainersPreset } from '../src/presetsTrenv.js';
import { criuPlatform } from '../src/repro/criuPlatform.js';
import {
  containerHeadline,
  headlineBaselines,
  runContainerPlatform,
} from '../src/repro/reproduceContainers.js';
import { simulate } from '../src/simulate.js';
import { InvocationListWorkload } from '../src/workloads/invocationListWorkload.js';

const fn = (over: Partial<FunctionProfile> = {}): FunctionProfile => ({
  name: 'f',
  tenant: 't',
  runtime: 'python',
  imageMb: 50,
  memoryMb: 400,
  touchedFraction: 0.5,
  readOnlyFraction: 0.5,
  fileCacheMb: 0,
  initMs: 100,
  exec: { kind: 'fixed', ms: 100 },
  ...over,
});

/** numpy's default (linear, H&F type 7) quantile, written out as the reference. */
function npQuantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!);
}

describe('per-function P99 of a run', () => {
  it('equals numpy-linear P99 of each function’s own end-to-end latencies', () => {
    const config: SimulationConfig = {
      seed: 7,
      functions: ['hello-python', 'json-serde'],
      workload: { kind: 'poisson', ratePerSec: 3, durationMs: 120_000 },
    };
    const raw = new Map<string, number[]>();
    simulate(config, {
      platform: createPlatform('reap-plus'),
      onRecord: (r, fns) => {
        const name = fns.profiles[r.fn]!.name;
        raw.set(name, [...(raw.get(name) ?? []), r.endMs - r.arrivalMs]);
      },
    });
    const run = runContainerPlatform(config, createPlatform('reap-plus'));
    expect([...run.functionP99.keys()]).toEqual(['hello-python', 'json-serde']);
    for (const [name, xs] of raw)
      expect(run.functionP99.get(name)).toBeCloseTo(npQuantile(xs, 0.99), 9);
  });
});

/** n invocations of one function, one every E + 10 s: never two at once, so no start finds
 * another instance's sandbox or page cache. */
function spaced(n: number, execMs: number): InvocationListWorkload {
  const starts = new Float64Array(n).map((_, i) => i * (execMs + 10_000));
  return new InvocationListWorkload(starts, new Int32Array(n), new Float64Array(n).fill(execMs));
}

describe('"up to" on a function with no cold starts', () => {
  const config: SimulationConfig = { seed: 1, functions: [fn()], cluster: { nodes: 1 } };

  it('is exactly 1 when every invocation after the first is warm on both platforms', () => {
    // Only the first of 300 invocations misses (keep-alive longer than the run); the P99 sits
    // at h = 299·0.99 = 296.01, between two warm values, so it is the warm latency on both.
    const base = runContainerPlatform(
      config,
      createPlatform('reap-plus', { keepAliveMs: 1e9 }),
      spaced(300, 100),
    );
    const cxl = runContainerPlatform(
      config,
      new TrenvPlatform({ keepAliveMs: 1e9 }),
      spaced(300, 100),
    );
    expect(base.result.coldStartFraction).toBeCloseTo(1 / 300, 12);
    const h = containerHeadline(cxl, [base]);
    expect(h.upTo.get('reap-plus')!.ratio).toBe(1);
  });

  it('exceeds 1 when every invocation starts cold, and shrinks as execution grows', () => {
    // keep-alive 0: each invocation pays its platform's start path s_b or s_t once, so the
    // per-function ratio is (E + s_b) / (E + s_t), which falls toward 1 as E grows.
    const ratio = (execMs: number) => {
      const b = runContainerPlatform(config, createPlatform('reap-plus'), spaced(300, execMs));
      const t = runContainerPlatform(config, new TrenvPlatform(), spaced(300, execMs));
      return containerHeadline(t, [b]).upTo.get('reap-plus')!.ratio;
    };
    const short = ratio(10);
    const long = ratio(10_000);
    expect(short).toBeGreaterThan(1.5);
    expect(long).toBeGreaterThan(1);
    expect(long).toBeLessThan(short);
    // (r − 1)(E + s_t) = s_b − s_t is the same at both E; s_t is T-CXL's P99 minus E.
    const diff = (execMs: number, r: number) => {
      const t = runContainerPlatform(config, new TrenvPlatform(), spaced(300, execMs));
      return (r - 1) * t.functionP99.get('f')!;
    };
    expect(diff(10_000, long)).toBeCloseTo(diff(10, short), 0);
  });
});

describe("T-CXL's memory saving follows the read-only share", () => {
  it('private memory per live instance falls by footprint × touched × Δ(read-only share)', () => {
    // T-CXL keeps only written pages local: per live instance memoryMb · touched · (1 − ro).
    // Without repurposing, nothing else is private, so between ro = 0.2 and ro = 0.8 the
    // private memory per live instance must drop by 400 · 0.5 · 0.6 = 120 MiB exactly.
    const perInstance = (ro: number) => {
      const cfg: SimulationConfig = {
        seed: 3,
        functions: [fn({ readOnlyFraction: ro })],
        workload: { kind: 'poisson', ratePerSec: 5, durationMs: 60_000 },
      };
      const r = runContainerPlatform(cfg, new TrenvPlatform({ repurpose: false })).result;
      return r.memory.averagePrivateMb / r.instances.averageLive;
    };
    expect(perInstance(0.2) - perInstance(0.8)).toBeCloseTo(120, 6);
    expect(perInstance(0.2)).toBeCloseTo(400 * 0.5 * 0.8, 6);
  });
});

describe('headline baselines and the CRIU sweep wrapper', () => {
  it('averages memory over REAP+ and FaaSnap+ only; faasd and CRIU stay in their columns', () => {
    const cfg: SimulationConfig = {
      ...trenvContainersPreset,
      workload: { kind: 'poisson', ratePerSec: 2, durationMs: 60_000 },
    };
    const runs = ['faasd', 'criu', ...headlineBaselines].map((n) =>
      runContainerPlatform(cfg, createPlatform(n)),
    );
    const cxl = runContainerPlatform(cfg, new TrenvPlatform());
    const h = containerHeadline(cxl, runs);
    const mem = (n: string) => runs.find((r) => r.result.platform === n)!.result.memory.averageMb;
    const own = cxl.result.memory.averageMb;
    expect(h.memoryMean).toBeCloseTo(
      (1 - own / mem('reap-plus') + 1 - own / mem('faasnap-plus')) / 2,
      12,
    );
    expect(h.memory.get('faasd')).toBeCloseTo(1 - own / mem('faasd'), 12);
  });

  it('moves only CRIU’s start-up, by the change in its fixed restore work', () => {
    const cfg: SimulationConfig = { seed: 1, functions: [fn()] };
    const a = runContainerPlatform(cfg, criuPlatform(), spaced(50, 100));
    const b = runContainerPlatform(cfg, criuPlatform(450), spaced(50, 100));
    expect(b.result.latencyMs.startup.p50 - a.result.latencyMs.startup.p50).toBeCloseTo(
      450 - criu.restoreBaseMs,
      9,
    );
    expect(() => criuPlatform(Number.NaN)).toThrow(/baseMs must be a finite number >= 0/);
  });
});
