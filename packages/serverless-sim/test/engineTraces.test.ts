// The event engine on small scenarios, each worked by hand in its comments: deterministic
// schedules (queueing for cores and for memory, ties at one instant, keep-alive timers,
// multi-step sessions, the start-up chain of creation lock, storage and join), the books kept
// at the end, and every input the engine refuses.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { MemoryKind } from '../src/cluster/memoryAccounting.js';
import {
  type InvocationRecord,
  Simulator,
  type SimulatorOptions,
} from '../src/engine/simulator.js';
import { FunctionTable } from '../src/functionProfile.js';
import {
  type Platform,
  type PlatformContext,
  type Retention,
  StartPath,
  type StartPlan,
} from '../src/platform.js';
import type { Workload } from '../src/workload.js';
import { InvocationListWorkload } from '../src/workloads/invocationListWorkload.js';
import { profile } from './helpers.js';

const { warm, cold } = StartPath;

interface Knobs {
  /** Miss plan per function (fields not given stay at resetPlan's 0). */
  plan?: (fn: number, node: number, now: number) => Partial<StartPlan>;
  keepAliveMs?: (fn: number, now: number) => number;
  prewarmMs?: number;
  warmStartMs?: number;
  affinity?: (fn: number, node: number) => number;
  /** Every hook call, as text, for the tests that check the calls. */
  calls?: string[];
  init?: (ctx: PlatformContext) => void;
}

function platform(k: Knobs): Platform {
  const log = (s: string) => k.calls?.push(s);
  return {
    name: 'trace',
    init(ctx) {
      k.init?.(ctx);
    },
    onArrival(fn, now) {
      log(`arrival ${fn}@${now}`);
    },
    warmStartMs: () => k.warmStartMs ?? 0,
    plan(fn, node, now, plan) {
      Object.assign(plan, { path: cold }, k.plan?.(fn, node, now));
    },
    commit(fn, node, now) {
      log(`commit ${fn}/${node}@${now}`);
    },
    onIdle(fn, _node, now, out: Retention) {
      out.keepAliveMs = k.keepAliveMs?.(fn, now) ?? 0;
      out.prewarmMs = k.prewarmMs ?? 0;
    },
    onRelease(fn, node, now) {
      log(`release ${fn}/${node}@${now}`);
    },
    ...(k.affinity ? { affinity: k.affinity } : {}),
  };
}

type Row = [start: number, fn: number, durationMs: number];

function list(rows: Row[]) {
  return new InvocationListWorkload(
    Float64Array.from(rows.map((r) => r[0])),
    Int32Array.from(rows.map((r) => r[1])),
    Float64Array.from(rows.map((r) => r[2])),
  );
}

/** Builds and runs to the end. */
function ran(...args: Parameters<typeof build>) {
  const b = build(...args);
  b.s.run();
  return b;
}

function build(
  rows: Row[] | Workload,
  k: Knobs,
  o: Partial<SimulatorOptions> & { fns?: number } = {},
) {
  const recs: InvocationRecord[] = [];
  const { fns = 1, ...rest } = o;
  const s = new Simulator({
    functions: new FunctionTable(
      Array.from({ length: fns }, (_, i) => profile(`f${i}`, { kind: 'fixed', ms: 1 })),
    ),
    platform: platform(k),
    workload: Array.isArray(rows) ? list(rows) : rows,
    rng: createRng(1),
    nodes: 1,
    coresPerNode: 8,
    memoryMbPerNode: 1000,
    placement: 'least-loaded',
    sampleIntervalMs: 1000,
    onRecord: (r) => recs.push({ ...r }),
    ...rest,
  });
  return { s, recs };
}

/** [id, node, path, queueMs, startupMs, execMs, endMs] per record, by id. */
function rowsOf(recs: InvocationRecord[]) {
  return recs
    .slice()
    .sort((a, b) => a.id - b.id)
    .map((r) => [r.id, r.node, r.path, r.queueMs, r.startupMs, r.execMs, r.endMs]);
}

describe('queueing for cores', () => {
  it('a node runs at most coresPerNode invocations; the rest wait FIFO', () => {
    // 2 cores, no start-up cost, keep-alive 0.
    //   t=0   #0, #1 start; #2 waits.      t=5  #3 waits behind #2.
    //   t=10  #0 and #1 end: #2 starts (waited 10), then #3 (waited 5); #4 arrives after the
    //         two ends (ENDs run first at a tie) and waits: both cores are busy again.
    //   t=20  #2 ends: #4 starts (waited 10), ends at 21; #3 ends.
    const { s, recs } = build(
      [
        [0, 0, 10],
        [0, 0, 10],
        [0, 0, 10],
        [5, 0, 10],
        [10, 0, 1],
      ],
      {},
      { coresPerNode: 2, sampleIntervalMs: 5 },
    );
    s.runUntil(6);
    expect([s.busyOn(0), s.queuedOn(0), s.inFlightCount]).toEqual([2, 2, 4]);
    s.run();
    expect(rowsOf(recs)).toEqual([
      [0, 0, cold, 0, 0, 10, 10],
      [1, 0, cold, 0, 0, 10, 10],
      [2, 0, cold, 10, 0, 10, 20],
      [3, 0, cold, 5, 0, 10, 20],
      [4, 0, cold, 10, 0, 1, 21],
    ]);
    expect([s.eventCount, s.arrivalCount, s.simulatedMs, s.inFlightCount]).toEqual([10, 5, 21, 0]);
    // Time series, one tick every 5 ms, each read before the events at its instant:
    //   tick  0: nothing yet;  5: 3 in the system, 2 sandboxes;  10: 4 in, 2 sandboxes;
    //   15: 3 in (#2, #3 running, #4 queued), 2;  20: 3 in, 2. Arrivals since the previous
    //   tick: 0 | 3 (t=0) | 1 (t=5) | 1 (t=10) | 0. Cold starts are counted when the
    //   invocation ends (TimeSeries.coldStarts): #0 and #1 at 10 go to tick 15; the ends at
    //   20 and 21 come after the last tick.
    const series = s.results.series;
    expect(series.timeMs).toEqual([0, 5, 10, 15, 20]);
    expect(series.inSystem).toEqual([0, 3, 4, 3, 3]);
    expect(series.liveSandboxes).toEqual([0, 2, 2, 2, 2]);
    expect(series.arrivals).toEqual([0, 3, 1, 1, 0]);
    expect(series.coldStarts).toEqual([0, 0, 0, 2, 0]);
    // In the system: 3 on [0,5), 4 on [5,10), 3 on [10,20), 1 on [20,21): 15 + 20 + 30 + 1 =
    // 66 invocation·ms over 21 ms.
    expect(s.results.averageInSystem()).toBeCloseTo(66 / 21, 12);
    // End-to-end latencies 10, 10, 20, 15, 11: mean 13.2, max 20.
    expect([s.results.endToEnd.mean, s.results.endToEnd.max]).toEqual([13.2, 20]);
    expect(s.results.endTimeMs).toBe(21);
  });

  it('a drained queue keeps its order when more arrive (one core, three waiting)', () => {
    // 1 core, 10 ms each: #0 [0,10); #1, #2, #3 wait. At 10 #1 starts (queue #2, #3); #4 at 11
    // joins behind #3. Order: #1 10–20, #2 20–30, #3 30–40, #4 40–50; one core throughout.
    const { s, recs } = ran(
      [
        [0, 0, 10],
        [1, 0, 10],
        [2, 0, 10],
        [3, 0, 10],
        [11, 0, 10],
      ],
      {},
      { coresPerNode: 1 },
    );
    expect(rowsOf(recs).map((r) => [r[0], r[3], r[6]])).toEqual([
      [0, 0, 10],
      [1, 9, 20],
      [2, 18, 30],
      [3, 27, 40],
      [4, 29, 50],
    ]);
    expect(s.results.peakLive).toBe(1);
  });

  it('peakLive keeps the maximum, not the count at the last creation', () => {
    const { s } = ran(
      [
        [0, 0, 10],
        [0, 0, 10],
        [50, 0, 10],
      ],
      {},
    );
    expect(s.results.peakLive).toBe(2);
  });

  it('at one instant an END runs before an arrival, so the freed core is taken at once', () => {
    // 1 core: #0 runs [0, 10); #1 arrives at 10. The first step at t=10 is #0's END.
    const { s, recs } = build(
      [
        [0, 0, 10],
        [10, 0, 10],
      ],
      {},
      { coresPerNode: 1 },
    );
    s.step(); // #0 arrives
    expect(s.peek()).toBe(10);
    s.step();
    expect([s.time, s.inFlightCount, recs.length]).toEqual([10, 0, 1]);
    s.step();
    expect([s.inFlightCount, s.busyOn(0), s.queuedOn(0)]).toEqual([1, 1, 0]);
    s.run();
    expect(rowsOf(recs)[1]).toEqual([1, 0, cold, 0, 0, 10, 20]);
  });
});

describe('queueing for memory', () => {
  it('an invocation whose sandbox does not fit waits until memory is freed', () => {
    // 100 MiB node, 60 MiB sandboxes, keep-alive 0: #1 waits for #0's release at 10.
    const { s, recs } = build(
      [
        [0, 0, 10],
        [0, 0, 10],
      ],
      { plan: () => ({ privateMb: 60 }) },
      { memoryMbPerNode: 100 },
    );
    s.runUntil(1);
    expect([s.busyOn(0), s.queuedOn(0), s.memory.nodeUsedMb(0)]).toEqual([1, 1, 60]);
    s.run();
    expect(rowsOf(recs)).toEqual([
      [0, 0, cold, 0, 0, 10, 10],
      [1, 0, cold, 10, 0, 10, 20],
    ]);
    // 60 MiB on [0, 20): average 60, peak 60, nothing left.
    const m = s.memory.summary(20);
    expect([m.averageMb, m.peakMb, s.memory.nodeUsedMb(0)]).toEqual([60, 60, 0]);
  });

  it('a queued invocation blocks the ones behind it (FIFO, no overtaking)', () => {
    // 100 MiB: f0 needs 60, f1 needs 10. #0 (f0) runs [0,10); #1 (f0) waits for memory;
    // #2 (f1) would fit but queues behind #1; both start at 10.
    const { recs } = ran(
      [
        [0, 0, 10],
        [0, 0, 10],
        [1, 1, 5],
      ],
      { plan: (fn) => ({ privateMb: fn === 0 ? 60 : 10 }) },
      { memoryMbPerNode: 100, fns: 2 },
    );
    expect(rowsOf(recs).map((r) => [r[0], r[3], r[6]])).toEqual([
      [0, 0, 10],
      [1, 10, 20],
      [2, 9, 15],
    ]);
  });

  it('evicts idle sandboxes, least recently idle first, and counts them', () => {
    // keep-alive 1 s; f0, f1 40 MiB each, f2 50 MiB; node 100 MiB.
    //   t=0 f0 cold (idle at 10); t=20 f1 cold (idle at 30); t=40 f2 needs 50: 80 + 50 > 100,
    //   evict f0 (idle since 10): 40 + 50 = 90 fits. t=60 f1 warm. t=80 f0 cold: 90 + 40 > 100,
    //   evict f2 (idle since 50; f1 went idle again at 70): 80.
    const calls: string[] = [];
    const { s, recs } = build(
      [
        [0, 0, 10],
        [20, 1, 10],
        [40, 2, 10],
        [60, 1, 10],
        [80, 0, 10],
      ],
      {
        plan: (fn) => ({ privateMb: fn === 2 ? 50 : 40 }),
        keepAliveMs: () => 1000,
        calls,
      },
      { memoryMbPerNode: 100, fns: 3 },
    );
    s.runUntil(85);
    expect(rowsOf(recs).map((r) => r[2])).toEqual([cold, cold, cold, warm]);
    expect(s.results.evictions).toBe(2);
    expect(s.memory.nodeUsedMb(0)).toBe(80);
    expect(calls.filter((c) => c.startsWith('release'))).toEqual([
      'release 0/0@40',
      'release 2/0@80',
    ]);
    expect(s.results.peakLive).toBe(2);
  });

  it('refuses a sandbox larger than the node, naming the function and the sizes', () => {
    const { s } = build(
      [[0, 0, 1]],
      { plan: () => ({ privateMb: 70, retainedMb: 40 }) },
      {
        memoryMbPerNode: 100,
      },
    );
    expect(() => s.run()).toThrow(
      /function f0 needs 110 MiB for a new sandbox, more than memoryMbPerNode \(100 MiB\)/,
    );
    // Page cache counts too: 60 private + 50 cache.
    const cache = build(
      [[0, 0, 1]],
      { plan: () => ({ privateMb: 60, nodePageCacheMb: 50 }) },
      {
        memoryMbPerNode: 100,
      },
    );
    expect(() => cache.s.run()).toThrow(/needs 110 MiB for a new sandbox/);
  });

  it('admission counts the page cache a start adds, and never a negative one', () => {
    // Node 100 MiB. f0 and f1: 10 MiB private + 50 MiB page cache each. f0 [0, 100) holds 60;
    // f1 at 5 needs 10 + 50 more: 120 > 100, so it waits for f0's end (queue 95).
    const { recs } = ran(
      [
        [0, 0, 100],
        [5, 1, 10],
      ],
      { plan: () => ({ privateMb: 10, nodePageCacheMb: 50 }) },
      { memoryMbPerNode: 100, fns: 2 },
    );
    expect(rowsOf(recs).map((r) => [r[0], r[3]])).toEqual([
      [0, 0],
      [1, 95],
    ]);
    // f0 caches 80 at t = 0 (10 + 80 = 90); a second f0 start at 5 plans only 50 of cache but
    // 20 private: the 80 held stays (no top-up, no credit), 90 + 20 > 100, so it waits.
    const smaller = ran(
      [
        [0, 0, 100],
        [5, 0, 10],
      ],
      {
        plan: (_fn, _node, now) =>
          now === 0
            ? { privateMb: 10, nodePageCacheMb: 80 }
            : { privateMb: 20, nodePageCacheMb: 50 },
      },
      { memoryMbPerNode: 100 },
    );
    expect(rowsOf(smaller.recs).map((r) => [r[0], r[3]])).toEqual([
      [0, 0],
      [1, 95],
    ]);
    // The cache held is the larger plan's: 80 while any f0 lives, then 0.
    expect(smaller.s.memory.summary(110).peakMb).toBe(90);
  });

  it('a sandbox exactly the size of the node fits', () => {
    const { recs } = ran(
      [[0, 0, 1]],
      { plan: () => ({ privateMb: 60, nodePageCacheMb: 40 }) },
      {
        memoryMbPerNode: 100,
      },
    );
    expect(recs.length).toBe(1);
  });

  it('counts memory a start retains and credits memory it reclaims in admission', () => {
    // Node 100 MiB. #0 holds 50 MiB [0, 100). #1 at 10: 30 private + 30 retained = 60 on top
    // of 50 does not fit, so it waits for #0's end. #2 at 10 reclaims 20 of its 40: fits next
    // to #0 (50 + 20 ≤ 100)... but queues behind #1 (FIFO), so it starts at 100 as well.
    const plan = (fn: number) =>
      fn === 0
        ? { privateMb: 50 }
        : fn === 1
          ? { privateMb: 30, retainedMb: 30 }
          : { privateMb: 40, reclaimMb: 20 };
    const { recs } = ran(
      [
        [0, 0, 100],
        [10, 1, 1],
        [10, 2, 1],
      ],
      { plan },
      { memoryMbPerNode: 100, fns: 3 },
    );
    expect(rowsOf(recs).map((r) => [r[0], r[3]])).toEqual([
      [0, 0],
      [1, 90],
      [2, 90],
    ]);
    // Alone next to #0, the reclaiming start fits at once.
    const alone = ran(
      [
        [0, 0, 100],
        [10, 2, 1],
      ],
      { plan },
      { memoryMbPerNode: 100, fns: 3 },
    );
    expect(rowsOf(alone.recs).map((r) => [r[0], r[3]])).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });
});

describe('page cache held per (node, function)', () => {
  it('is added once while any sandbox of the function lives and freed with the last one', () => {
    // f0: 10 MiB private + 100 MiB page cache; f1: 10 + 50. keep-alive 0.
    //   [0,30) f0 #0, [10,20) f0 #1, [15,25) f1 #2.
    //   t=0: 110; t=10: 120; t=15: 180; t=20: 170; t=25: 110 (f1's cache goes); t=30: 0.
    const { s } = build(
      [
        [0, 0, 30],
        [10, 0, 10],
        [15, 1, 10],
      ],
      { plan: (fn) => ({ privateMb: 10, nodePageCacheMb: fn === 0 ? 100 : 50 }) },
      { fns: 2 },
    );
    const at = (t: number) => {
      s.runUntil(t);
      return [s.memory.privateMb[0], s.memory.pageCacheMb[0]];
    };
    expect(at(5)).toEqual([10, 100]);
    expect(at(12)).toEqual([20, 100]);
    expect(at(17)).toEqual([30, 150]);
    expect(at(22)).toEqual([20, 150]);
    expect(at(27)).toEqual([10, 100]);
    s.run();
    expect([s.memory.privateMb[0], s.memory.pageCacheMb[0]]).toEqual([0, 0]);
    // Time-weighted: (110·10 + 120·5 + 180·5 + 170·5 + 110·5) / 30 = 4000 / 30.
    expect(s.memory.summary(30).averageMb).toBeCloseTo(4000 / 30, 9);
    expect(s.memory.summary(30).peakMb).toBe(180);
  });

  it('a bigger plan for the same function tops the cache up, and admission counts only the top-up', () => {
    // f0's first start caches 50 MiB, its second (at 5, while the first lives) 80: +30.
    // Node 100 MiB: 10 + 50, then 10 + 30 more = 100: fits exactly.
    const { s } = build(
      [
        [0, 0, 20],
        [5, 0, 20],
      ],
      { plan: (_fn, _node, now) => ({ privateMb: 10, nodePageCacheMb: now === 0 ? 50 : 80 }) },
      { memoryMbPerNode: 100 },
    );
    s.runUntil(6);
    expect([s.busyOn(0), s.memory.pageCacheMb[0], s.memory.nodeUsedMb(0)]).toEqual([2, 80, 100]);
    s.run();
    expect(s.memory.nodeUsedMb(0)).toBe(0);
  });
});

describe('keep-alive timers', () => {
  it('an arrival exactly at expiry still finds its sandbox (arrivals before EXPIRE)', () => {
    const { recs } = ran(
      [
        [0, 0, 10],
        [110, 0, 10],
        [230, 0, 10],
      ],
      { keepAliveMs: () => 100 },
    );
    // Idle from 10, expires at 110: the arrival at 110 is warm. Idle again from 120 to 220:
    // the arrival at 230 is cold.
    expect(rowsOf(recs).map((r) => r[2])).toEqual([cold, warm, cold]);
  });

  it('a timer that fires before a renewed expiry re-arms itself for the new one', () => {
    // keep-alive 100: idle at 10 (timer at 110); reused at 50, idle at 60 (expires at 160).
    // The timer at 110 finds the sandbox idle with a later expiry and re-arms at 160.
    const { s, recs } = build(
      [
        [0, 0, 10],
        [50, 0, 10],
        [1000, 0, 1],
      ],
      { keepAliveMs: () => 100 },
    );
    s.runUntil(159);
    expect(s.liveSandboxCount).toBe(1);
    s.runUntil(161);
    expect(s.liveSandboxCount).toBe(0);
    s.run();
    expect(rowsOf(recs).map((r) => r[2])).toEqual([cold, warm, cold]);
    // Events: 3 arrivals, 3 ends, expiries at 110 (re-arms), 160, 1001.
    expect(s.eventCount).toBe(6 + 2);
  });

  it('a shorter keep-alive gets its own timer; the longer one goes stale', () => {
    // Idle at 10 keeping 100 (timer at 110); reused at 50, idle at 60 keeping 20: expires 80.
    const { s } = build(
      [
        [0, 0, 10],
        [50, 0, 10],
        [1000, 0, 1],
      ],
      { keepAliveMs: (_fn, now) => (now === 10 ? 100 : 20) },
    );
    s.runUntil(79);
    expect(s.liveSandboxCount).toBe(1);
    s.runUntil(81);
    expect(s.liveSandboxCount).toBe(0);
    // The stale timer at 110 does nothing, and a sandbox created at 100 (slot reused) is not
    // touched by it either.
    s.run();
    expect(s.results.ended).toBe(3);
  });

  it('a timer that fires while its sandbox is busy waits for the sandbox to idle again', () => {
    // Idle at 10 (timer 110); reused [105, 115): busy at 110. Idle at 115 → expires at 215.
    const { s, recs } = build(
      [
        [0, 0, 10],
        [105, 0, 10],
        [1000, 0, 1],
      ],
      { keepAliveMs: () => 100 },
    );
    s.runUntil(214);
    expect(s.liveSandboxCount).toBe(1);
    s.runUntil(216);
    expect(s.liveSandboxCount).toBe(0);
    s.run();
    expect(rowsOf(recs).map((r) => r[2])).toEqual([cold, warm, cold]);
  });

  it('a sandbox going idle is evicted at once for an invocation waiting on memory', () => {
    // 100 MiB node, 60 MiB sandboxes, keep-alive 100. f1 at 20 does not fit next to the busy
    // f0 [0, 50) and waits; at 50 f0's sandbox goes idle and the queue is drained: f1 evicts
    // it and starts (waited 30), ends at 55.
    const { recs, s } = ran(
      [
        [0, 0, 50],
        [20, 1, 5],
      ],
      { plan: () => ({ privateMb: 60 }), keepAliveMs: () => 100 },
      { memoryMbPerNode: 100, fns: 2 },
    );
    expect(rowsOf(recs).map((r) => [r[0], r[3], r[6]])).toEqual([
      [0, 0, 50],
      [1, 30, 55],
    ]);
    expect(s.results.evictions).toBe(1);
  });
});

describe('start-up chain', () => {
  it('creation lock, storage read, start-up, join: the ready time of a miss', () => {
    // Node storage 2 MiB/ms. Plans:
    //   f0: create 10 serial + 5 parallel, read 40 MiB, start-up 7 → t=0: lock 0–10, ready 15,
    //       read 15–35, start-up to 42.
    //   f1: background read 100 MiB, start-up 3, join at 60 then 4 → t=0: ready 0 (no
    //       creation), background read queued after f0's read? f0's read was booked at t=0
    //       first (15–35); f1's 35–85. Start-up 0–3, joined at 60, +4 = 64.
    //   f2 at t=1: read 10 MiB after the disk frees at 85: 85–90, start-up 0 → 89 ms after 1.
    const { recs } = ran(
      [
        [0, 0, 1],
        [0, 1, 1],
        [1, 2, 1],
      ],
      {
        plan: (fn) =>
          fn === 0
            ? { createSerialMs: 10, createParallelMs: 5, readMb: 40, startupMs: 7 }
            : fn === 1
              ? { backgroundReadMb: 100, startupMs: 3, joinAtMs: 60, joinMs: 4 }
              : { readMb: 10 },
      },
      { fns: 3, storageMbPerMs: 2 },
    );
    expect(rowsOf(recs).map((r) => [r[0], r[4]])).toEqual([
      [0, 42],
      [1, 64],
      [2, 89],
    ]);
  });

  it('a start that creates nothing does not wait for a busy creation lock', () => {
    // f0 holds the lock 0–10 (10 ms serial); f1 at 0 creates nothing and starts up in 3 ms.
    const { recs } = ran(
      [
        [0, 0, 1],
        [0, 1, 1],
      ],
      { plan: (fn) => (fn === 0 ? { createSerialMs: 10 } : { startupMs: 3 }) },
      { fns: 2 },
    );
    expect(rowsOf(recs).map((r) => [r[0], r[4]])).toEqual([
      [0, 10],
      [1, 3],
    ]);
  });

  it('a parallel-only creation still takes the lock slot; extra exec time is added', () => {
    // create 0 serial + 8 parallel, start-up 2, +5 ms of lazy faults: start-up 10, exec 15.
    const { recs } = ran([[0, 0, 10]], {
      plan: () => ({ createParallelMs: 8, startupMs: 2, extraExecMs: 5 }),
    });
    expect(rowsOf(recs)).toEqual([[0, 0, cold, 0, 10, 15, 25]]);
  });

  it('a warm start costs the platform warm latency, a joinAt in the past costs nothing', () => {
    const { recs } = ran(
      [
        [0, 0, 10],
        [20, 0, 10],
      ],
      { plan: () => ({ startupMs: 5, joinAtMs: 1 }), keepAliveMs: () => 100, warmStartMs: 3 },
    );
    expect(rowsOf(recs)).toEqual([
      [0, 0, cold, 0, 5, 10, 15],
      [1, 0, warm, 0, 3, 10, 33],
    ]);
  });
});

describe('pre-warming', () => {
  it('runs after arrivals at the same instant, and is skipped when the node is full', () => {
    // Pre-warm 50 ms after each end, keeping it 1 s. f0 [0, 10) → pre-warm at 60.
    // The arrival at 60 comes first: it misses (cold) and its end at 70 schedules a pre-warm
    // at 120. The pre-warm at 60 then creates a second sandbox (idle).
    const { s, recs } = build(
      [
        [0, 0, 10],
        [60, 0, 10],
      ],
      { prewarmMs: 50, keepAliveMs: () => 1000 },
    );
    s.runUntil(61);
    expect([s.liveSandboxCount, s.idleSandboxCount]).toEqual([2, 1]);
    s.run();
    expect(rowsOf(recs).map((r) => r[2])).toEqual([cold, cold]);
    expect(s.results.prewarms).toBe(1);
  });

  it('is skipped when its sandbox does not fit', () => {
    // 100 MiB, 60 MiB sandboxes: f0's pre-warm at 60 finds f0 #1 busy [30, 100): no room.
    const { s } = build(
      [
        [0, 0, 10],
        [30, 0, 70],
      ],
      { plan: () => ({ privateMb: 60 }), prewarmMs: 50, keepAliveMs: () => 1000 },
      { memoryMbPerNode: 100 },
    );
    s.runUntil(61);
    expect([s.liveSandboxCount, s.results.prewarms]).toEqual([1, 0]);
  });
});

describe('multi-step sessions', () => {
  /** Sessions at the given times; each has a first step of 10 ms and the extra steps given. */
  function sessions(rows: [number, number[]][], maxExtraSteps = 3): Workload {
    let i = -1;
    const extra = new Float64Array(8);
    return {
      name: 'sessions',
      horizonMs: 1000,
      expectedCount: rows.length,
      maxExtraSteps,
      fn: 0,
      durationMs: 10,
      extraSteps: 0,
      extraStepMs: extra,
      start() {
        i = -1;
      },
      next() {
        i++;
        if (i >= rows.length) return Number.POSITIVE_INFINITY;
        const steps = rows[i]![1];
        (this as { extraSteps: number }).extraSteps = steps.length;
        extra.fill(-1);
        extra.set(steps);
        return rows[i]![0];
      },
    };
  }

  it('keeps its core and sandbox through every step', () => {
    // 1 core. Session #0 at 0: 10 + 5 + 7 = ends at 22. Session #1 at 12 (no extra steps)
    // waits for the core until 22, ends at 32. Session #2 at 40: 10 + 1 + 2 + 3 → 56.
    const { recs, s } = build(
      sessions([
        [0, [5, 7]],
        [12, []],
        [40, [1, 2, 3]],
      ]),
      {},
      { coresPerNode: 1 },
    );
    s.run();
    expect(rowsOf(recs)).toEqual([
      [0, 0, cold, 0, 0, 22, 22],
      [1, 0, cold, 10, 0, 10, 32],
      [2, 0, cold, 0, 0, 16, 56],
    ]);
    // 3 arrivals and one END per step: 3 + 1 + 4.
    expect(s.eventCount).toBe(3 + 8);
  });

  it('refuses more steps than the workload declared, and a bad declaration', () => {
    const { s } = build(sessions([[0, [1, 1, 1]]], 2), {});
    expect(() => s.run()).toThrow(/workload sessions gave 3 further steps, allowed \[0, 2\]/);
    for (const k of [-1, 1.5]) {
      const w = { ...sessions([[0, []]], 2) };
      const next = w.next.bind(w);
      const bad = build(
        {
          ...w,
          next() {
            const t = next();
            (this as { extraSteps: number }).extraSteps = k;
            return t;
          },
        },
        {},
      );
      expect(() => bad.s.run()).toThrow(new RegExp(`gave ${k} further steps, allowed \\[0, 2\\]`));
    }
    for (const bad of [-1, 1.5, 10_001, Number.NaN]) {
      expect(() => build({ ...sessions([]), maxExtraSteps: bad }, {})).toThrow(
        /workload.maxExtraSteps must be an integer in \[0, 10000\]/,
      );
    }
  });
});

describe('placement over nodes', () => {
  it('least-loaded spreads a burst; locality follows the idle sandbox and the platform hint', () => {
    // 2 nodes × 1 core, keep-alive 1 s.
    const burst: Row[] = [
      [0, 0, 10],
      [0, 0, 10],
      [0, 0, 10],
    ];
    const ll = build(burst, {}, { nodes: 2, coresPerNode: 1 });
    ll.s.run();
    // #0 → node 0, #1 → node 1, #2 → node 0 (tie at 1 each: lowest index), queued.
    expect(rowsOf(ll.recs).map((r) => [r[1], r[3]])).toEqual([
      [0, 0],
      [1, 0],
      [0, 10],
    ]);
    // Least-loaded ignores where idle sandboxes are: f0 idles on node 0, f1 on node 1; f1 at
    // 20 goes to node 0 (tie, lowest index) and starts cold. Locality would pick node 1.
    const spread = ran(
      [
        [0, 0, 10],
        [0, 1, 10],
        [20, 1, 10],
      ],
      { keepAliveMs: () => 1000 },
      { nodes: 2, coresPerNode: 1, fns: 2 },
    );
    expect(rowsOf(spread.recs).map((r) => [r[1], r[2]])).toEqual([
      [0, cold],
      [1, cold],
      [0, cold],
    ]);
    // Locality: f0 ran on node 1 (pushed there by the hint); at 50 node 0 is idle too, but
    // node 1 holds f0's idle sandbox: warm there.
    const loc = build(
      [
        [0, 0, 10],
        [50, 0, 10],
        [60, 1, 10],
      ],
      {
        keepAliveMs: () => 1000,
        affinity: (fn, node) => (fn === 0 && node === 1 ? 1 : 0),
      },
      { nodes: 2, coresPerNode: 1, placement: 'locality', fns: 2 },
    );
    loc.s.run();
    // f1 at 60: no idle f1 anywhere, no hint: least loaded, node 0.
    expect(rowsOf(loc.recs).map((r) => [r[1], r[2]])).toEqual([
      [1, cold],
      [1, warm],
      [0, cold],
    ]);
  });
});

describe('platform hooks', () => {
  it('are called with the function, node and time of each event', () => {
    const calls: string[] = [];
    let ctx: PlatformContext | undefined;
    const { s } = build(
      [
        [0, 1, 10],
        [5, 1, 10],
        [30, 1, 10],
      ],
      {
        calls,
        plan: () => ({ privateMb: 4, nodePageCacheMb: 6, createSerialMs: 2 }),
        keepAliveMs: (_fn, now) => (now === 12 ? 10 : 0),
        init: (c) => {
          ctx = c;
        },
      },
      { fns: 2, nodes: 2 },
    );
    // #0 node 0 (lock 0–2, ends 12, idle until 22); #1 node 1 (busy node 0), lock 5–7, ends
    // 17, released; #2 at 30: node 0's sandbox expired at 22, so cold on node 0.
    s.runUntil(6);
    expect(ctx!.creationBacklogMs(1, 6)).toBe(1);
    expect(ctx!.liveCount(0, 1)).toBe(1);
    expect(ctx!.pageCacheHeldMb(1, 1)).toBe(6);
    expect(ctx!.pageCacheHeldMb(0, 0)).toBe(0);
    s.runUntil(18);
    // #1 released on node 1 at 17 (its cache with it); #0 idles on node 0.
    expect([ctx!.liveCount(1, 1), ctx!.liveCount(0, 1)]).toEqual([0, 1]);
    expect([ctx!.pageCacheHeldMb(1, 1), ctx!.pageCacheHeldMb(0, 1)]).toEqual([0, 6]);
    expect(s.memory.nodeUsedMb(1)).toBe(0);

    expect([ctx!.idleCount(0, 1), ctx!.idleCount(1, 1), ctx!.storageBacklogMs(0, 18)]).toEqual([
      1, 0, 0,
    ]);
    s.run();
    expect(calls).toEqual([
      'arrival 1@0',
      'commit 1/0@0',
      'arrival 1@5',
      'commit 1/1@5',
      'release 1/1@17',
      'release 1/0@22',
      'arrival 1@30',
      'commit 1/0@30',
      'release 1/0@42',
    ]);
  });
});

describe('the end of a run', () => {
  it('idle sandboxes count until the horizon; a run cut by maxInvocations ends at its last event', () => {
    const rows: Row[] = [
      [0, 0, 10],
      [20, 0, 10],
      [40, 0, 10],
      [400, 0, 100],
    ];
    // Horizon of the list: 500 (the last start + duration). keep-alive 1000.
    const full = build(rows, { keepAliveMs: () => 1000 });
    full.s.run();
    expect([full.s.results.endTimeMs, full.s.results.leftLive, full.s.results.leftIdle]).toEqual([
      500, 1, 1,
    ]);
    // The sandbox lives on [0, 500): average live 1.
    expect(full.s.results.averageLive()).toBe(1);
    const cut = build(rows, { keepAliveMs: () => 1000 }, { maxInvocations: 2 });
    cut.s.run();
    expect([cut.s.arrivalCount, cut.s.results.endTimeMs]).toEqual([2, 30]);
  });

  it('reports progress up to 1', () => {
    // n invocations at t = 0, 1, 2, … of 0.5 ms each: events alternate arrival (t = i) and END
    // (t = i + 0.5), so event 2048 is the END at 1023.5 and event 4096 the END at 2047.5. The
    // list's horizon is its last end, n − 0.5; progress is the time over it.
    const n = 2100;
    const rows: Row[] = Array.from({ length: n }, (_, i) => [i, 0, 0.5]);
    const seen: number[] = [];
    const { s } = build(rows, {}, { onProgress: (f) => seen.push(f) });
    s.run();
    expect(seen.length).toBe(3);
    expect(seen[0]).toBeCloseTo(1023.5 / 2099.5, 12);
    expect(seen[1]).toBeCloseTo(2047.5 / 2099.5, 12);
    expect(seen[2]).toBe(1);
    // Cut at 1500 invocations, progress counts arrivals: 1024 of 1500 after event 2048.
    const cutSeen: number[] = [];
    const cut = build(rows, {}, { onProgress: (f) => cutSeen.push(f), maxInvocations: 1500 });
    cut.s.run();
    expect(cutSeen).toEqual([1024 / 1500, 1]);
    // Cut exactly at the count: still the time over the horizon.
    const atCount: number[] = [];
    build(rows, {}, { onProgress: (f) => atCount.push(f), maxInvocations: n }).s.run();
    expect(atCount[0]).toBeCloseTo(1023.5 / 2099.5, 12);
  });

  it('fails loudly when invocations wait on memory nothing will free, naming the node', () => {
    // A platform that takes 90 MiB on node 1 whenever a sandbox there is released.
    let ctx: PlatformContext | undefined;
    const p = platform({
      plan: () => ({ privateMb: 20 }),
      init: (c) => {
        ctx = c;
      },
    });
    p.onRelease = (_fn, node, now) => {
      if (node === 1) ctx!.memory.add(MemoryKind.private, 1, 90, now);
    };
    const s = new Simulator({
      functions: new FunctionTable([profile('f', { kind: 'fixed', ms: 1 })]),
      platform: p,
      workload: list([
        [0, 0, 10],
        [0, 0, 10],
        [1, 0, 10],
        [1, 0, 10],
      ]),
      rng: createRng(1),
      nodes: 2,
      coresPerNode: 1,
      memoryMbPerNode: 100,
      placement: 'least-loaded',
      sampleIntervalMs: 1000,
    });
    expect(() => s.run()).toThrow(
      /^1 invocation\(s\) wait forever on node 1: 90 of 100 MiB is held by nothing/,
    );
  });
});

describe('more than the initial 1024 slots', () => {
  it('1100 sessions in flight at once each keep their own steps and sandbox', () => {
    // 1100 sessions at t = 0 on 2000 cores: every one is in flight at once, so the invocation
    // slots, their step arrays (2 steps per slot) and the sandbox pool all grow past 1024.
    // Session k has one extra step of k ms after its 10 ms first step: it ends at 10 + k.
    let i = -1;
    const extra = new Float64Array(2);
    const w: Workload = {
      name: 'wide',
      horizonMs: 2000,
      expectedCount: 1100,
      maxExtraSteps: 2,
      fn: 0,
      durationMs: 10,
      extraSteps: 1,
      extraStepMs: extra,
      start() {
        i = -1;
      },
      next() {
        i++;
        extra[0] = i;
        return i < 1100 ? 0 : Number.POSITIVE_INFINITY;
      },
    };
    const { s, recs } = build(w, {}, { coresPerNode: 2000 });
    s.runUntil(5);
    expect([s.inFlightCount, s.liveSandboxCount, s.busyOn(0)]).toEqual([1100, 1100, 1100]);
    s.run();
    const wrong = rowsOf(recs).filter((r) => r[5] !== 10 + r[0]! || r[6] !== 10 + r[0]!);
    expect(wrong).toEqual([]);
    expect(recs.length).toBe(1100);
    expect(s.results.peakLive).toBe(1100);
  });
});

describe('pre-warming on several nodes and functions', () => {
  it('re-creates the sandbox of the right function on the right node', () => {
    // 2 nodes × 1 core, 3 functions; pre-warm 100 ms after each end, keeping it 1 s.
    //   f2 [0, 10) on node 0; f1 [0, 10) on node 1 (node 0 busy). Pre-warms at 110: f2 on
    //   node 0, f1 on node 1. With locality, f1 at 200 goes to node 1, where its pre-warmed
    //   sandbox idles (warm), and f2 at 300 to node 0 (warm).
    const { s, recs } = build(
      [
        [0, 2, 10],
        [0, 1, 10],
        [200, 1, 10],
        [300, 2, 10],
      ],
      { prewarmMs: 100, keepAliveMs: () => 1000 },
      { nodes: 2, coresPerNode: 1, fns: 3, placement: 'locality' },
    );
    s.runUntil(150);
    expect(s.results.prewarms).toBe(2);
    expect(s.idleSandboxCount).toBe(2);
    s.run();
    expect(rowsOf(recs).map((r) => [r[0], r[1], r[2]])).toEqual([
      [0, 0, cold],
      [1, 1, cold],
      [2, 1, warm],
      [3, 0, warm],
    ]);
  });
});

describe('clock and progress corner cases', () => {
  it('runUntil(Infinity) runs everything and leaves the clock at the last event', () => {
    const { s } = build([[0, 0, 10]], {});
    s.runUntil(Number.POSITIVE_INFINITY);
    expect([s.time, s.inFlightCount]).toEqual([10, 0]);
    // runUntil never moves the clock back.
    s.runUntil(5);
    expect(s.time).toBe(10);
    s.run();
    expect([s.step(), s.peek()]).toEqual([false, Number.POSITIVE_INFINITY]);
  });

  it('an infinite keep-alive is never timed out, even after a finite one', () => {
    // Idle at 10 keeping 100 (timer at 110); reused at 50, idle at 60 keeping forever. The
    // timer at 110 finds a later (infinite) expiry and is not re-armed (it could not be: an
    // event at Infinity is refused).
    const { s } = build(
      [
        [0, 0, 10],
        [50, 0, 10],
        [5000, 0, 1],
      ],
      { keepAliveMs: (_fn, now) => (now === 10 ? 100 : Number.POSITIVE_INFINITY) },
    );
    s.run();
    expect(s.results.leftLive).toBe(1);
    expect(s.results.pathCounts[warm]).toBe(2);
  });

  it('draws execution times from the profile when the workload gives none (NaN)', () => {
    const w = list([[0, 0, Number.NaN]]);
    const { s, recs } = build(w, {});
    s.run();
    // build()'s profiles run a fixed 1 ms.
    expect(rowsOf(recs)).toEqual([[0, 0, cold, 0, 0, 1, 1]]);
  });

  it('progress is 0 when neither horizon nor count is known, and never above 1', () => {
    // 2100 arrivals of 0.5 ms, one per ms.
    const rows: Row[] = Array.from({ length: 2100 }, (_, i) => [i, 0, 0.5]);
    const base = list(rows);
    const wrap = (horizonMs: number, expectedCount: number): Workload => ({
      name: 'wrapped',
      horizonMs,
      expectedCount,
      start: (n, r) => base.start(n, r),
      next: () => base.next(),
      get fn() {
        return base.fn;
      },
      get durationMs() {
        return base.durationMs;
      },
    });
    const unknown: number[] = [];
    build(
      wrap(Number.POSITIVE_INFINITY, Number.NaN),
      {},
      {
        onProgress: (f) => unknown.push(f),
      },
    ).s.run();
    expect(unknown).toEqual([0, 0, 1]);
    // A horizon of 1000 ms that the run overshoots: clipped to 1 (event 2048 is at 1023.5).
    // A known count but no usable horizon (Infinity or 0): progress counts arrivals.
    for (const h of [Number.POSITIVE_INFINITY, 0]) {
      const seen: number[] = [];
      build(wrap(h, 2100), {}, { onProgress: (f) => seen.push(f) }).s.run();
      expect(seen).toEqual([1024 / 2100, 2048 / 2100, 1]);
    }
    const short: number[] = [];
    build(wrap(1000, Number.NaN), {}, { onProgress: (f) => short.push(f) }).s.run();
    expect(short).toEqual([1, 1, 1]);
  });
});

describe('bad input', () => {
  const ok: Row[] = [[0, 0, 1]];

  it('refuses a bad sample interval or too many samples', () => {
    for (const bad of [0, -1, Number.NaN]) {
      expect(() => build(ok, {}, { sampleIntervalMs: bad })).toThrow(
        new RegExp(`sampleIntervalMs: must be a number in \\(0, 1e13\\], got ${bad}`),
      );
    }
    // Horizon 1 ms at 1e-6 ms per sample: exactly 10^6 samples is allowed, more is not.
    expect(() => build(ok, {}, { sampleIntervalMs: 1e-6 })).not.toThrow();
    expect(() => build(ok, {}, { sampleIntervalMs: 0.9e-6 })).toThrow(
      /at most 10\^6 samples over the workload's 1 ms/,
    );
  });

  it('refuses a run that samples past 10^6 ticks when the horizon was unknown', () => {
    const w = list([[2e6, 0, 1]]);
    const unknown: Workload = {
      ...w,
      name: 'unbounded',
      horizonMs: Number.POSITIVE_INFINITY,
      start: (n, r) => w.start(n, r),
      next: () => w.next(),
      get fn() {
        return w.fn;
      },
      get durationMs() {
        return w.durationMs;
      },
    };
    const { s } = build(unknown, {}, { sampleIntervalMs: 1 });
    expect(() => s.run()).toThrow(/at most 10\^6 samples: the run reached 2000000 ms, got 1/);
  });

  it('refuses more than 2^30 (node, function) pairs', () => {
    expect(() => build(ok, {}, { nodes: 2 ** 15, fns: 1 })).not.toThrow();
    const many = new FunctionTable(
      Array.from({ length: 2 }, (_, i) => profile(`g${i}`, { kind: 'fixed', ms: 1 })),
    );
    expect(
      () =>
        new Simulator({
          functions: many,
          platform: platform({}),
          workload: list(ok),
          rng: createRng(1),
          nodes: 2 ** 29 + 1,
          coresPerNode: 1,
          memoryMbPerNode: 1,
          placement: 'least-loaded',
          sampleIntervalMs: 1,
        }),
    ).toThrow(/nodes × functions must be at most 2\^30, got 1073741826/);
  });

  it('refuses a workload that goes back in time, names a bad function, or yields NaN', () => {
    const rows = [0, 10, 5];
    let i = 0;
    const backwards: Workload = {
      name: 'backwards',
      horizonMs: 100,
      expectedCount: 3,
      fn: 0,
      durationMs: 1,
      start() {
        i = 0;
      },
      next() {
        return i < rows.length ? rows[i++]! : Number.POSITIVE_INFINITY;
      },
    };
    const b = build(backwards, {});
    expect(() => b.s.run()).toThrow(/workload backwards went back in time: 5 ms after 10 ms/);
    const badFn = build({ ...backwards, name: 'badfn', fn: 1 }, {});
    expect(() => badFn.s.run()).toThrow(/workload badfn produced function id 1, allowed \[0, 0\]/);
    const neg = build({ ...backwards, name: 'neg', fn: -1 }, {});
    expect(() => neg.s.run()).toThrow(/produced function id -1/);
    expect(() => build({ ...backwards, name: 'nan', next: () => Number.NaN }, {})).toThrow(
      /workload nan produced an arrival at NaN ms/,
    );
    const { s } = build(ok, {});
    expect(() => s.runUntil(Number.NaN)).toThrow(/runUntil: t must be a number, got NaN/);
  });
});

describe('boundaries and indices', () => {
  it('accepts exactly 10,000 declared extra steps and exactly 10^6 samples of an unknown horizon', () => {
    expect(() => build({ ...noSessions(), maxExtraSteps: 10_000 }, {})).not.toThrow();
    // Horizon unknown, 1 ms per sample: #0 arrives at 999,999 and ends at 10^6 ms, i.e.
    // exactly 10^6 sample intervals: allowed (the limit is "at most 10^6").
    const w = list([[999_999, 0, 1]]);
    const unknown: Workload = {
      ...w,
      name: 'unbounded',
      horizonMs: Number.POSITIVE_INFINITY,
      start: (n, r) => w.start(n, r),
      next: () => w.next(),
      get fn() {
        return w.fn;
      },
      get durationMs() {
        return w.durationMs;
      },
    };
    const { s, recs } = build(unknown, {}, { sampleIntervalMs: 1 });
    s.run();
    expect(rowsOf(recs)).toEqual([[0, 0, cold, 0, 0, 1, 1_000_000]]);
  });

  it('page cache on node 1 with two functions: admission uses that (node, function) pair', () => {
    // Everything on node 1 (affinity). Node 99 MiB. f0 #0 at 0: 10 private + 50 cache = 60.
    // f0 #1 at 5 plans 80 MiB of cache: needs 10 + (80 − 50) = 40 more, 100 > 99: waits.
    // At 20 #0 ends (keep-alive 0): its 10 MiB and the 50 MiB cache go; #1 needs 10 + 80 = 90:
    // starts at 20 (queued 15), ends at 40.
    const { s, recs } = build(
      [
        [0, 0, 20],
        [5, 0, 20],
      ],
      {
        plan: (_fn, _node, now) => ({ privateMb: 10, nodePageCacheMb: now === 0 ? 50 : 80 }),
        affinity: (_fn, node) => (node === 1 ? 1 : 0),
      },
      { nodes: 2, fns: 2, memoryMbPerNode: 99, placement: 'locality' },
    );
    s.runUntil(6);
    expect([s.busyOn(1), s.queuedOn(1), s.memory.pageCacheMb[1]]).toEqual([1, 1, 50]);
    s.runUntil(21);
    expect([s.busyOn(1), s.memory.pageCacheMb[1], s.memory.nodeUsedMb(1)]).toEqual([1, 80, 90]);
    s.run();
    expect(rowsOf(recs)).toEqual([
      [0, 1, cold, 0, 0, 20, 20],
      [1, 1, cold, 15, 0, 20, 40],
    ]);
  });

  it('a smaller plan for a function whose cache is held neither adds nor lowers the cache', () => {
    // f0 #0 at 0 caches 80 MiB; #1 at 5 (while #0 lives) plans 50: the 80 stay, nothing added.
    const { s } = build(
      [
        [0, 0, 20],
        [5, 0, 20],
      ],
      { plan: (_fn, _node, now) => ({ privateMb: 10, nodePageCacheMb: now === 0 ? 80 : 50 }) },
    );
    s.runUntil(6);
    expect([s.busyOn(0), s.memory.pageCacheMb[0], s.memory.nodeUsedMb(0)]).toEqual([2, 80, 100]);
    s.run();
    expect(s.memory.nodeUsedMb(0)).toBe(0);
  });

  it('a stale timer does not re-arm the sandbox that took over its slot', () => {
    // Idle at 10 keeping 100 (timer 110); reused [50, 60), idle keeping 20: expires at 80 (the
    // 110 timer goes stale). #2 at 100 is cold: a new sandbox (in the freed slot), idle at 105
    // keeping 200: one timer, at 305. The stale timer at 110 finds another expiry: it does
    // nothing (re-arming would queue a second timer at 305). #3 at 1000 is cold again.
    // Events: 4 arrivals, 4 ends, timers at 80, 110 (stale), 305: 11 (the last sandbox's
    // timer lies after the last end: the run stops before it).
    const { s, recs } = build(
      [
        [0, 0, 10],
        [50, 0, 10],
        [100, 0, 5],
        [1000, 0, 1],
      ],
      { keepAliveMs: (_fn, now) => (now === 10 ? 100 : now === 60 ? 20 : 200) },
    );
    s.runUntil(304);
    expect(s.liveSandboxCount).toBe(1);
    s.runUntil(306);
    expect(s.liveSandboxCount).toBe(0);
    s.run();
    expect(rowsOf(recs).map((r) => r[2])).toEqual([cold, warm, cold, cold]);
    expect(s.eventCount).toBe(11);
  });

  it('waiting forever is reported even when the last event was a keep-alive expiry', () => {
    // As in "fails loudly when invocations wait on memory nothing will free", but node 0 runs
    // f1 with keep-alive 100: f1 #0 [0, 10) and #2 [10, 20) on node 0, whose sandbox expires
    // at 120 (the timer at 110 re-arms for 120). That expiry is the last event; after it
    // nothing is left to happen while f0 #3 still waits on node 1.
    let ctx: PlatformContext | undefined;
    const p = platform({
      plan: () => ({ privateMb: 20 }),
      keepAliveMs: (fn) => (fn === 1 ? 100 : 0),
      init: (c) => {
        ctx = c;
      },
    });
    p.onRelease = (_fn, node, now) => {
      if (node === 1) ctx!.memory.add(MemoryKind.private, 1, 90, now);
    };
    const sim = new Simulator({
      functions: new FunctionTable([
        profile('f0', { kind: 'fixed', ms: 1 }),
        profile('f1', { kind: 'fixed', ms: 1 }),
      ]),
      platform: p,
      workload: list([
        [0, 1, 10],
        [0, 0, 10],
        [1, 1, 10],
        [1, 0, 10],
      ]),
      rng: createRng(1),
      nodes: 2,
      coresPerNode: 1,
      memoryMbPerNode: 100,
      placement: 'least-loaded',
      sampleIntervalMs: 1000,
    });
    expect(() => sim.run()).toThrow(/^1 invocation\(s\) wait forever on node 1: 90 of 100 MiB/);
    expect(sim.time).toBe(120);
  });
});

/** A workload with no invocations (its declarations are what a test checks). */
function noSessions(): Workload {
  return {
    name: 'sessions',
    horizonMs: 1000,
    expectedCount: 0,
    maxExtraSteps: 0,
    fn: 0,
    durationMs: 10,
    extraSteps: 0,
    extraStepMs: new Float64Array(1),
    start() {},
    next: () => Number.POSITIVE_INFINITY,
  };
}
