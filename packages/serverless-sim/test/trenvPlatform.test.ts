import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { type InvocationRecord, Simulator } from '../src/engine/simulator.js';
import { type FunctionProfile, FunctionTable } from '../src/functionProfile.js';
import { storage } from '../src/parameters.js';
import { StartPath } from '../src/platform.js';
import { createPlatform } from '../src/platforms/index.js';
import { TrenvPlatform } from '../src/platforms/trenv.js';
import type { Workload } from '../src/workload.js';

// A scripted workload: exact (time, function) pairs, so each start path is forced by hand.
class ScriptWorkload implements Workload {
  readonly name = 'script';
  readonly expectedCount: number;
  fn = 0;
  durationMs = Number.NaN;
  private i = 0;
  constructor(
    private readonly arrivals: readonly (readonly [number, number])[],
    readonly horizonMs: number,
  ) {
    this.expectedCount = arrivals.length;
  }
  start(): void {
    this.i = 0;
  }
  next(): number {
    const a = this.arrivals[this.i++];
    if (a === undefined) return Number.POSITIVE_INFINITY;
    this.fn = a[1];
    return a[0];
  }
}

const fn = (name: string, tenant: string): FunctionProfile => ({
  name,
  tenant,
  runtime: 'python',
  imageMb: 100,
  memoryMb: 256,
  touchedFraction: 0.4,
  readOnlyFraction: 0.7,
  fileCacheMb: 50,
  initMs: 500,
  exec: { kind: 'fixed', ms: 100 },
});

function run(
  platform: ReturnType<typeof createPlatform>,
  arrivals: readonly (readonly [number, number])[],
  nodes = 1,
  profiles = [fn('a', 't1'), fn('b', 't1'), fn('c', 't2')],
) {
  const sim = new Simulator({
    functions: new FunctionTable(profiles),
    platform,
    workload: new ScriptWorkload(arrivals, 1e9),
    rng: createRng('trenv'),
    nodes,
    coresPerNode: 64,
    memoryMbPerNode: 1e6,
    placement: 'least-loaded',
    sampleIntervalMs: 1e9,
  });
  sim.run();
  return { sim };
}

function recordsOf(platform: ReturnType<typeof createPlatform>, arrivals: [number, number][]) {
  const out: InvocationRecord[] = [];
  const sim = new Simulator({
    functions: new FunctionTable([fn('a', 't1'), fn('b', 't1'), fn('c', 't2')]),
    platform,
    workload: new ScriptWorkload(arrivals, 1e9),
    rng: createRng('trenv'),
    nodes: 1,
    coresPerNode: 64,
    memoryMbPerNode: 1e6,
    placement: 'least-loaded',
    sampleIntervalMs: 1e9,
    onRecord: (r) => out.push({ ...r }),
  });
  sim.run();
  return { sim, out };
}

describe('TrEnv containers', () => {
  it('a repurposed start is faster than a created one and slower than a warm hit', () => {
    // keep-alive 5 s: a@0 creates; a@1000 is warm; a expires at ~6.1 s and is parked;
    // b@20000 (same tenant) repurposes it; c@30000 (other tenant) must create.
    const p = createPlatform('trenv-cxl', { keepAliveMs: 5000 });
    const { out } = recordsOf(p, [
      [0, 0],
      [1000, 0],
      [20_000, 1],
      [30_000, 2],
    ]);
    expect(out.map((r) => r.path)).toEqual([
      StartPath.restore,
      StartPath.warm,
      StartPath.repurpose,
      StartPath.restore,
    ]);
    const [created, warm, repurposed, otherTenant] = out.map((r) => r.startupMs);
    expect(repurposed!).toBeLessThan(created!);
    expect(repurposed!).toBeGreaterThan(warm!);
    expect(otherTenant!).toBeCloseTo(created!, 9);
  });

  it('pool memory is counted once however many nodes and instances use a template', () => {
    // 40 concurrent invocations of one function over 4 nodes: the pool holds 256 MiB once.
    const arrivals: [number, number][] = Array.from(
      { length: 40 },
      (_, i) => [i, 0] as [number, number],
    );
    const p = new TrenvPlatform({ tier: 'cxl' });
    const { sim } = run(p, arrivals, 4);
    const m = sim.memory.summary(sim.simulatedMs);
    expect(sim.memory.sharedMb).toBe(256);
    expect(p.stats().poolPlacements).toBe(1);
    expect(p.stats().poolHits).toBe(39);
    expect(m.averageSharedMb).toBeLessThanOrEqual(256);
  });

  it('a template loaded by one node serves the others without a second load', () => {
    // Two arrivals at once land on two nodes (least-loaded placement). The first loads the
    // 256 MiB template into the pool (256 MiB read from its storage at storage.mbPerMs); the second maps it.
    const out: InvocationRecord[] = [];
    const p = new TrenvPlatform({ tier: 'cxl' });
    const sim = new Simulator({
      functions: new FunctionTable([fn('a', 't1')]),
      platform: p,
      workload: new ScriptWorkload(
        [
          [0, 0],
          [0, 0],
        ],
        1e9,
      ),
      rng: createRng('trenv'),
      nodes: 2,
      coresPerNode: 64,
      memoryMbPerNode: 1e6,
      placement: 'least-loaded',
      sampleIntervalMs: 1e9,
      onRecord: (r) => out.push({ ...r }),
    });
    sim.run();
    expect(out.map((r) => r.node).sort()).toEqual([0, 1]);
    const [first, second] = out.sort((x, y) => y.startupMs - x.startupMs).map((r) => r.startupMs);
    expect(first! - second!).toBeCloseTo(256 / storage.mbPerMs, 9);
    expect(p.stats()).toMatchObject({ poolPlacements: 1, poolHits: 1 });
  });

  it('local memory is what instances wrote (CXL) or touched (RDMA)', () => {
    const one: [number, number][] = [[0, 0]];
    const cxl = new TrenvPlatform({ tier: 'cxl', keepAliveMs: 1e6 });
    const rdma = new TrenvPlatform({ tier: 'rdma', keepAliveMs: 1e6 });
    const a = run(cxl, one).sim.memory;
    const b = run(rdma, one).sim.memory;
    // 256 MiB × 0.4 touched = 102.4 MiB; written = 30 % of it = 30.72 MiB.
    expect(a.privateMb[0]).toBeCloseTo(30.72, 9);
    expect(b.privateMb[0]).toBeCloseTo(102.4, 9);
  });

  it('a pool too small for the templates falls back to CRIU restores', () => {
    const arrivals: [number, number][] = [
      [0, 0],
      [0, 1],
      [0, 2],
    ];
    const small = new TrenvPlatform({ poolCapacityMb: 300 });
    run(small, arrivals);
    // One 256 MiB template fits; the other two are pinned out.
    expect(small.stats()).toMatchObject({ poolPlacements: 1, criuFallbacks: 2 });
  });

  it('ablations: templates only never repurposes, repurposing only never maps a template', () => {
    const arrivals: [number, number][] = [
      [0, 0],
      [10_000, 1],
      [20_000, 0],
    ];
    const t = new TrenvPlatform({ repurpose: false });
    run(t, arrivals);
    expect(t.stats()).toMatchObject({ repurposed: 0, created: 3, templateStarts: 3 });
    const r = new TrenvPlatform({ templates: false });
    run(r, arrivals);
    expect(r.stats()).toMatchObject({
      repurposed: 2,
      created: 1,
      templateStarts: 0,
      criuFallbacks: 3,
    });
  });

  it('rejects bad options naming the field', () => {
    expect(() => createPlatform('trenv-cxl', { poolCapacityMb: 0 })).toThrow(
      /platformOptions.poolCapacityMb/,
    );
    expect(() => createPlatform('trenv-rdma', { tier: 'nvme' })).toThrow(/platformOptions.tier/);
    expect(() => createPlatform('trenv-cxl', { bogus: 1 })).toThrow(/unknown key/);
  });
});
