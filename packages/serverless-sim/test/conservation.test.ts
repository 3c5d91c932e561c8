import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../src/catalogue.js';
import { MemoryKind } from '../src/cluster/memoryAccounting.js';
import { Simulator } from '../src/engine/simulator.js';
import { FunctionTable } from '../src/functionProfile.js';
import type { Platform, PlatformContext } from '../src/platform.js';
import { createPlatform } from '../src/platforms/index.js';
import { presets } from '../src/presets.js';
import { simulate } from '../src/simulate.js';
import { resultToJson } from '../src/simulationResult.js';
import { OnOffWorkload } from '../src/workloads/onOffWorkload.js';

/**
 * Memory equals what the live sandboxes hold, recomputed per node from the start paths' cost
 * formulas (startPaths.test.ts works them by hand) and the pool's live counts: private memory
 * per live sandbox, plus the page cache once per (node, function) with a live sandbox. None of
 * these platforms keeps memory of its own. Returns '' or what differs.
 */
function memoryMatchesSandboxes(sim: Simulator, platform: string): string {
  type Profile = (typeof catalogue)[number];
  const perSandbox = (f: Profile) =>
    platform === 'criu'
      ? { priv: f.memoryMb, cache: f.fileCacheMb + f.memoryMb }
      : platform === 'reap-plus' || platform === 'faasnap-plus'
        ? // A guest: its touched pages plus its own copy of the file pages; the host caches
          // the snapshot file and the rootfs.
          {
            priv: f.memoryMb * f.touchedFraction + f.fileCacheMb,
            cache: f.memoryMb + f.fileCacheMb,
          }
        : { priv: f.memoryMb, cache: f.fileCacheMb };
  const out: string[] = [];
  let liveTotal = 0;
  for (let n = 0; n < sim.memory.nodeCount; n++) {
    let priv = 0;
    let cache = 0;
    catalogue.forEach((f, fn) => {
      const live = sim.sandboxes.liveCount[n * catalogue.length + fn]!;
      liveTotal += live;
      priv += live * perSandbox(f).priv;
      if (live > 0) cache += perSandbox(f).cache;
    });
    if (Math.abs(sim.memory.privateMb[n]! - priv) > 1e-6) {
      out.push(`node ${n} private ${sim.memory.privateMb[n]} ≠ ${priv}`);
    }
    if (Math.abs(sim.memory.pageCacheMb[n]! - cache) > 1e-6) {
      out.push(`node ${n} page cache ${sim.memory.pageCacheMb[n]} ≠ ${cache}`);
    }
  }
  if (liveTotal !== sim.liveSandboxCount) out.push(`live ${liveTotal} ≠ ${sim.liveSandboxCount}`);
  return out.join('; ');
}

describe('conservation', () => {
  for (const platform of [
    'faasd',
    'keep-alive',
    'hybrid-histogram',
    'criu',
    'reap-plus',
    'faasnap-plus',
  ]) {
    it(`${platform}: every invocation ends once; memory stays within [0, capacity]`, () => {
      const capacity = 2048;
      const workload = new OnOffWorkload({
        onRatesPerSec: catalogue.map(() => 3),
        offRatePerSec: 0.05,
        meanOnMs: 5_000,
        meanOffMs: 20_000,
        durationMs: 600_000,
      });
      const functions = new FunctionTable(catalogue);
      const seen = new Uint8Array(100_000);
      let violations = 0;
      let records = 0;
      const memoryChecks: string[] = [];
      const sim: Simulator = new Simulator({
        functions,
        platform: createPlatform(platform),
        workload,
        rng: createRng(`conservation-${platform}`),
        nodes: 3,
        coresPerNode: 4,
        memoryMbPerNode: capacity,
        placement: 'locality',
        sampleIntervalMs: 10_000,
        onRecord: (r) => {
          seen[r.id]!++;
          records++;
          if (!(r.endMs >= r.arrivalMs && r.queueMs >= 0 && r.startupMs >= 0 && r.execMs >= 0))
            violations++;
          for (let n = 0; n < 3; n++) {
            const used = sim.memory.nodeUsedMb(n);
            if (used < 0 || used > capacity + 1e-6) violations++;
          }
          if (records % 97 === 0) memoryChecks.push(memoryMatchesSandboxes(sim, platform));
        },
      });
      sim.run();
      expect(violations).toBe(0);
      expect(records).toBe(sim.arrivalCount);
      expect(sim.arrivalCount).toBeGreaterThan(1000);
      for (let i = 0; i < sim.arrivalCount; i++) expect(seen[i]).toBe(1);
      expect(sim.inFlightCount).toBe(0);
      const m = sim.memory.summary(sim.results.endTimeMs);
      expect(m.peakNodeMb).toBeLessThanOrEqual(capacity + 1e-6);
      // Memory checked against the live sandboxes during the run (every 97th record) and at
      // its end (memoryMatchesSandboxes, above).
      memoryChecks.push(memoryMatchesSandboxes(sim, platform));
      const liveTotal = sim.liveSandboxCount;
      expect(memoryChecks.length).toBeGreaterThan(10);
      expect(memoryChecks.filter((c) => c !== '')).toEqual([]);
      // Keep-alive platforms end with warm sandboxes; faasd, CRIU and the snapshot baselines
      // release each at its end, so their nodes are empty.
      if (platform !== 'keep-alive' && platform !== 'hybrid-histogram') {
        expect(liveTotal).toBe(0);
      } else expect(liveTotal).toBeGreaterThan(0);
      // The load really presses on the limits: nodes fill up and invocations queue.
      expect(m.peakNodeMb).toBeGreaterThan(0.95 * capacity);
      expect(sim.results.queue.max).toBeGreaterThan(0);
      if (platform === 'keep-alive' || platform === 'hybrid-histogram') {
        expect(sim.results.evictions).toBeGreaterThan(0);
      }
    });
  }
});

describe('memory against an independent reconstruction from the records', () => {
  // With a 0 ms keep-alive (faasd, criu) a sandbox lives exactly from its dispatch
  // (arrival + queueing) to its end and holds the function's private memory; the page cache of a
  // (node, function) pair is held while at least one of its sandboxes lives. A sweep over the
  // records' intervals, written here without the simulator's data structures, gives the
  // memory integral and the peak, which must equal the simulator's gauges.
  for (const [platform, cacheOf] of [
    ['faasd', (f: (typeof catalogue)[number]) => f.fileCacheMb],
    ['criu', (f: (typeof catalogue)[number]) => f.fileCacheMb + f.memoryMb],
  ] as const) {
    it(`${platform}: average and peak equal a sweep over the invocation intervals`, () => {
      type Ev = { t: number; d: number; pair: number; mb: number; cache: number };
      const evs: Ev[] = [];
      const nodes = 2;
      const res = simulate(
        {
          seed: 3,
          platform,
          cluster: { nodes, coresPerNode: 4, memoryMbPerNode: 4096 },
          functions: catalogue.map((f) => f.name),
          workload: {
            kind: 'on-off',
            onRatePerSec: 2,
            offRatePerSec: 0.1,
            meanOnMs: 5_000,
            meanOffMs: 20_000,
            durationMs: 300_000,
          },
        },
        {
          onRecord: (r) => {
            const f = catalogue[r.fn]!;
            const pair = r.node * catalogue.length + r.fn;
            const start = r.arrivalMs + r.queueMs;
            evs.push({ t: start, d: +1, pair, mb: f.memoryMb, cache: cacheOf(f) });
            evs.push({ t: r.endMs, d: -1, pair, mb: f.memoryMb, cache: cacheOf(f) });
          },
        },
      );
      // Ends before starts at one instant: the simulator frees cores and memory first.
      evs.sort((a, b) => a.t - b.t || a.d - b.d);
      const live = new Map<number, number>();
      let level = 0;
      let peak = 0;
      let area = 0;
      let last = 0;
      for (let i = 0; i < evs.length; i++) {
        const e = evs[i]!;
        area += level * (e.t - last);
        last = e.t;
        const before = live.get(e.pair) ?? 0;
        live.set(e.pair, before + e.d);
        level += e.d * e.mb;
        if (before === 0 && e.d === 1) level += e.cache;
        if (before === 1 && e.d === -1) level -= e.cache;
        // The peak is read once every change at this instant has been applied.
        if (i + 1 === evs.length || evs[i + 1]!.t !== e.t) peak = Math.max(peak, level);
      }
      expect(res.invocations).toBeGreaterThan(500);
      expect(Math.abs(level)).toBeLessThan(1e-6);
      const end = res.simulatedMs;
      expect(res.memory.averageMb).toBeCloseTo(area / end, 6);
      expect(res.memory.peakMb).toBeCloseTo(peak, 6);
    });
  }
});

describe('a node that can never free memory', () => {
  it('fails loudly instead of returning a truncated result', () => {
    // A platform that keeps 1,000 MiB per released sandbox and never gives it back.
    const inner = createPlatform('faasd');
    let ctx: PlatformContext | undefined;
    const leaky: Platform = {
      name: 'leaky',
      init(c) {
        ctx = c;
        inner.init(c);
      },
      warmStartMs: (fn, node) => inner.warmStartMs(fn, node),
      plan: (fn, node, now, plan) => inner.plan(fn, node, now, plan),
      onIdle: (fn, node, now, out) => inner.onIdle(fn, node, now, out),
      onRelease(_fn, node, now) {
        ctx!.memory.add(MemoryKind.private, node, 1000, now);
      },
    };
    expect(() =>
      simulate(
        {
          seed: 1,
          cluster: { nodes: 1, coresPerNode: 4, memoryMbPerNode: 1500 },
          functions: ['image-resize'],
          workload: { kind: 'poisson', ratePerSec: 1, durationMs: 60_000 },
        },
        { platform: leaky },
      ),
    ).toThrow(
      /invocation\(s\) wait forever on node 0: .* of 1500 MiB is held by nothing that will be released/,
    );
  });
});

describe('determinism', () => {
  it('the same seed gives byte-identical results; another seed a different sample', () => {
    const cfg = {
      ...presets['burst-faasd']!,
      workload: { kind: 'poisson', ratePerSec: 2, durationMs: 300_000 },
    } as const;
    const a = resultToJson(simulate(cfg));
    const b = resultToJson(simulate(cfg));
    expect(a).toBe(b);
    const c = resultToJson(simulate({ ...cfg, seed: 8 }));
    expect(c).not.toBe(a);
  });
});

describe('contended sandbox creation', () => {
  it('a burst of N simultaneous misses serialises: the k-th waits k × the serial part', () => {
    // faasd: every miss creates a container (15 ms serial + 15 ms parallel, parameters.ts),
    // then runtime + app init. N arrivals at the same instant from a 2021-style list.
    const n = 40;
    const starts: number[] = [];
    const res = simulate(
      {
        seed: 1,
        platform: 'faasd',
        cluster: { nodes: 1, coresPerNode: 1000, memoryMbPerNode: 1e6 },
      },
      {
        functions: [catalogue[0]!],
        workload: {
          name: 'burst',
          horizonMs: 10_000,
          expectedCount: n,
          fn: 0,
          durationMs: 1,
          i: 0,
          start() {
            this.i = 0;
          },
          next() {
            return this.i++ < n ? 0 : Number.POSITIVE_INFINITY;
          },
        } as import('../src/workload.js').Workload & { i: number },
        onRecord: (r) => starts.push(r.startupMs),
      },
    );
    expect(res.invocations).toBe(n);
    // hello-python: python runtime 150 ms + app init 20 ms.
    const init = 150 + 20;
    const expected = Array.from({ length: n }, (_, k) => k * 15 + 15 + 15 + init);
    expect(starts.slice().sort((x, y) => x - y)).toEqual(expected);
    // The last creation in the burst waited 39 × 15 = 585 ms for the lock: the ~600 ms network-namespace set-up under load
    // that TrEnv reports (SOSP'24, §6.1).
    expect(Math.max(...starts) - init - 30).toBe(585);
  });
});
