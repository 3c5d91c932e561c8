// Two documented behaviours of the sandbox lifecycle, each checked on a hand-worked trace:
// idle sandboxes are evicted least recently idle first, and a pre-warmed sandbox is not ready
// before its creation (lock wait + creation + start-up) has finished.
import { describe, expect, it } from 'vitest';
import { type Platform, type Retention, StartPath, type StartPlan } from '../src/platform.js';
import { createPlatform } from '../src/platforms/index.js';
import { simulate } from '../src/simulate.js';
import { InvocationListWorkload } from '../src/workloads/invocationListWorkload.js';
import { profile } from './helpers.js';

function list(rows: [number, number, number][]) {
  return new InvocationListWorkload(
    Float64Array.from(rows.map((r) => r[0])),
    Int32Array.from(rows.map((r) => r[1])),
    Float64Array.from(rows.map((r) => r[2])),
  );
}

describe('eviction of idle sandboxes', () => {
  it('evicts the least recently idle sandbox, not the most recent one', () => {
    // keep-alive (10 min TTL), three 100 MiB functions, one node holding 250 MiB: two fit.
    // Each cold start: 30 ms creation + 10 ms native runtime; warm: 1 ms; exec 10 ms.
    //   t=0    A cold, idle at 50
    //   t=100  B cold, idle at 150
    //   t=200  A warm, idle again at 211: A is now the more recently idle of the two
    //   t=300  C needs 100 MiB: one must go. LRU evicts B (idle since 150); MRU would evict A.
    //   t=400  A: warm under LRU (cold under MRU)
    //   t=500  B: cold under LRU (warm under MRU); evicts C (idle since 350) or A? A was idle
    //          again at 411, C at 350: C goes.
    //   t=600  A: warm under LRU.
    const paths: number[] = [];
    const res = simulate(
      { seed: 1, cluster: { nodes: 1, coresPerNode: 8, memoryMbPerNode: 250 } },
      {
        platform: createPlatform('keep-alive'),
        functions: [
          profile('A', { kind: 'fixed', ms: 10 }, 100),
          profile('B', { kind: 'fixed', ms: 10 }, 100),
          profile('C', { kind: 'fixed', ms: 10 }, 100),
        ],
        workload: list([
          [0, 0, 10],
          [100, 1, 10],
          [200, 0, 10],
          [300, 2, 10],
          [400, 0, 10],
          [500, 1, 10],
          [600, 0, 10],
        ]),
        onRecord: (r) => {
          paths[r.id] = r.path;
        },
      },
    );
    const { warm, cold } = StartPath;
    expect(paths).toEqual([cold, cold, warm, cold, warm, cold, warm]);
    expect(res.evictions).toBe(2);
  });
});

/** Cold start 50 ms after a 10 ms serial + 5 ms parallel creation; pre-warm 1 s after an end. */
function prewarmingPlatform(): Platform {
  return {
    name: 'prewarm-test',
    init() {},
    warmStartMs: () => 0,
    plan(_fn: number, _node: number, _now: number, plan: StartPlan) {
      plan.path = StartPath.cold;
      plan.createSerialMs = 10;
      plan.createParallelMs = 5;
      plan.startupMs = 50;
    },
    onIdle(_fn: number, _node: number, _now: number, out: Retention) {
      out.prewarmMs = 1000;
      out.keepAliveMs = 10_000;
    },
  };
}

describe('pre-warmed sandboxes', () => {
  it('are not ready before their creation finishes', () => {
    // t=0: cold start 10 + 5 + 50 = 65 ms, exec 100 ms, ends at 165. The sandbox is released
    // and re-created at 165 + 1000 = 1165: ready at 1165 + 10 + 5 + 50 = 1230.
    // t=1180 arrives while it is still being created: it waits 50 ms, so start-up 50 ms (warm).
    // It ends at 1180 + 50 + 100 = 1330; the next pre-warm starts at 2330, ready at 2395.
    // t=2400 finds it ready: start-up 0.
    const startups: number[] = [];
    const paths: number[] = [];
    const res = simulate(
      { seed: 1, cluster: { nodes: 1, coresPerNode: 8, memoryMbPerNode: 1000 } },
      {
        platform: prewarmingPlatform(),
        functions: [profile('f', { kind: 'fixed', ms: 100 }, 10)],
        workload: list([
          [0, 0, 100],
          [1180, 0, 100],
          [2400, 0, 100],
        ]),
        onRecord: (r) => {
          startups[r.id] = r.startupMs;
          paths[r.id] = r.path;
        },
      },
    );
    expect(paths).toEqual([StartPath.cold, StartPath.warm, StartPath.warm]);
    expect(startups).toEqual([65, 50, 0]);
    expect(res.prewarms).toBe(2);
  });

  it('wait for the creation lock like any other creation', () => {
    // Two functions end at the same instant, so their pre-warms (at 1165) queue on the lock:
    // the second's serial part starts at 1175, so it is ready at 1175 + 10 + 5 + 50 = 1240.
    const startups: number[] = [];
    simulate(
      { seed: 1, cluster: { nodes: 1, coresPerNode: 8, memoryMbPerNode: 1000 } },
      {
        platform: prewarmingPlatform(),
        functions: [
          profile('f', { kind: 'fixed', ms: 100 }, 10),
          profile('g', { kind: 'fixed', ms: 100 }, 10),
        ],
        // The two cold starts at t=0 queue on the lock too: f ready at 65, g at 75; g's exec
        // is 90 ms so both end at 165.
        workload: list([
          [0, 0, 100],
          [0, 1, 90],
          [1200, 0, 100],
          [1200, 1, 100],
        ]),
        onRecord: (r) => {
          startups[r.id] = r.startupMs;
        },
      },
    );
    // f's pre-warm: lock at 1165, ready 1230 → waits 30; g's: lock at 1175, ready 1240 → 40.
    expect(startups).toEqual([65, 75, 30, 40]);
  });
});
