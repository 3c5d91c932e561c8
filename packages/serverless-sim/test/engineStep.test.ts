// The engine driven one event at a time (peek / step / runUntil), with the state asserted after
// each step against a trace worked by hand in the comments.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { CreationLock } from '../src/cluster/creationLock.js';
import { StorageBandwidth } from '../src/cluster/storageBandwidth.js';
import { Simulator } from '../src/engine/simulator.js';
import { FunctionTable } from '../src/functionProfile.js';
import { type Platform, type Retention, StartPath, type StartPlan } from '../src/platform.js';
import { KeepAlivePlatform } from '../src/platforms/keepAlivePlatform.js';
import { planVanillaCold } from '../src/startPaths/coldStart.js';
import { InvocationListWorkload } from '../src/workloads/invocationListWorkload.js';
import { profile } from './helpers.js';

/** Creation 10 ms serial + 5 ms parallel, start-up 20 ms, `readMb` from storage, TTL 100 ms. */
function platform(readMb = 0): Platform {
  return {
    name: 'step-test',
    init() {},
    warmStartMs: () => 0,
    plan(_fn: number, _node: number, _now: number, plan: StartPlan) {
      plan.path = StartPath.cold;
      plan.createSerialMs = 10;
      plan.createParallelMs = 5;
      plan.startupMs = 20;
      plan.readMb = readMb;
      plan.privateMb = 64;
    },
    onIdle(_fn: number, _node: number, _now: number, out: Retention) {
      out.keepAliveMs = 100;
    },
  };
}

function sim(starts: number[], readMb = 0, storageMbPerMs?: number) {
  const records: [number, number, number][] = [];
  const s = new Simulator({
    functions: new FunctionTable([profile('f', { kind: 'fixed', ms: 50 }, 64)]),
    platform: platform(readMb),
    workload: new InvocationListWorkload(
      Float64Array.from(starts),
      new Int32Array(starts.length),
      new Float64Array(starts.length).fill(50),
    ),
    rng: createRng(1),
    nodes: 1,
    coresPerNode: 8,
    memoryMbPerNode: 1024,
    placement: 'least-loaded',
    sampleIntervalMs: 1000,
    ...(storageMbPerMs !== undefined ? { storageMbPerMs } : {}),
    onRecord: (r) => records.push([r.id, r.startupMs, r.endMs]),
  });
  return { s, records };
}

describe('Simulator.step', () => {
  it('follows a hand-worked two-invocation trace event by event', () => {
    const { s, records } = sim([0, 5]);
    // t=0: the first arrival is next.
    expect(s.peek()).toBe(0);
    expect(s.step()).toBe(true);
    // Created under the lock 0–10, parallel part to 15, start-up to 35; runs 50: END at 85.
    expect([s.time, s.inFlightCount, s.liveSandboxCount, s.busyOn(0)]).toEqual([0, 1, 1, 1]);
    expect(s.memory.nodeUsedMb(0)).toBe(64);
    expect(s.peek()).toBe(5);
    s.step();
    // t=5: no idle sandbox; the lock is held until 10, so its serial part runs 10–20, ready at
    // 25, start-up to 45, END at 95. Two sandboxes, 128 MiB.
    expect([s.time, s.inFlightCount, s.liveSandboxCount]).toEqual([5, 2, 2]);
    expect(s.creation.backlogMs(0, 5)).toBe(15);
    expect(s.memory.nodeUsedMb(0)).toBe(128);
    expect(s.peek()).toBe(85);
    s.step();
    // t=85: the first ends; its sandbox idles until 185.
    expect([s.time, s.inFlightCount, s.idleSandboxCount]).toEqual([85, 1, 1]);
    expect(records).toEqual([[0, 35, 85]]);
    s.step();
    expect([s.time, s.inFlightCount, s.idleSandboxCount]).toEqual([95, 0, 2]);
    expect(records[1]).toEqual([1, 40, 95]);
    // Nothing is in flight and the workload is exhausted: the run is over (idle sandboxes'
    // expiries at 185 and 195 are not run; they count as live to the horizon, README).
    expect(s.peek()).toBe(Number.POSITIVE_INFINITY);
    // runUntil moves the clock to its target like SimPy's run(until=t).
    s.runUntil(150);
    expect([s.time, s.liveSandboxCount, s.memory.nodeUsedMb(0)]).toEqual([150, 2, 128]);
    expect(s.step()).toBe(false);
    s.run();
    expect(s.results.ended).toBe(2);
    expect(() => s.run()).toThrow(/may be called once/);
  });

  it('snapshot reads of simultaneous starts queue on the node storage', () => {
    // Two arrivals at t=0, each reading 100 MiB at 1 MiB/ms after its creation.
    // First: lock 0–10, ready 15, read 15–115, start-up to 135. Second: lock 10–20, ready 25,
    // but the disk is busy until 115: read 115–215, start-up to 235.
    const { s, records } = sim([0, 0], 100, 1);
    s.run();
    expect(records.map((r) => r[1]).sort((a, b) => a - b)).toEqual([135, 235]);
    expect(s.storage.readMb).toBe(200);
    // With a disk twice as fast the second read still waits for the first: 15–65, 65–115.
    const fast = sim([0, 0], 100, 2);
    fast.s.run();
    expect(fast.records.map((r) => r[1]).sort((a, b) => a - b)).toEqual([85, 135]);
  });
});

describe('cluster resources', () => {
  it('the creation lock serialises the serial parts in request order', () => {
    const lock = new CreationLock(2);
    expect(lock.reserve(0, 0, 15, 15)).toBe(30);
    expect(lock.reserve(0, 0, 15, 15)).toBe(45);
    expect(lock.reserve(0, 100, 15, 15)).toBe(130); // free again by then
    expect(lock.reserve(1, 0, 15, 15)).toBe(30); // another node's lock is its own
    expect(lock.backlogMs(0, 110)).toBe(5);
  });

  it('storage serves reads FIFO at its bandwidth and refuses a bad bandwidth', () => {
    const disk = new StorageBandwidth(1, 2);
    expect(disk.read(0, 0, 100)).toBe(50);
    expect(disk.read(0, 10, 100)).toBe(100);
    expect(disk.read(0, 10, 0)).toBe(10); // nothing to read
    expect(disk.backlogMs(0, 40)).toBe(60);
    expect(() => new StorageBandwidth(1, 0)).toThrow(/must be a finite number > 0 MiB\/ms, got 0/);
  });
});

describe('Simulator built directly, without the config checks', () => {
  const build = (over: Record<string, unknown>) => () =>
    new Simulator({
      functions: new FunctionTable([profile('f', { kind: 'fixed', ms: 50 }, 64)]),
      platform: platform(),
      workload: new InvocationListWorkload(
        Float64Array.from([0, 5]),
        new Int32Array(2),
        new Float64Array(2).fill(50),
      ),
      rng: createRng(1),
      nodes: 1,
      coresPerNode: 8,
      memoryMbPerNode: 1024,
      placement: 'least-loaded',
      sampleIntervalMs: 1000,
      ...over,
    } as never);

  it.each([
    // Before: NaN nodes ran, every node index undefined, and ended 'waiting forever' on NaN MiB.
    [{ nodes: Number.NaN }, 'nodes: must be an integer in [1, 1073741824], got NaN'],
    [{ nodes: 1.5 }, 'nodes: must be an integer in [1, 1073741824], got 1.5'],
    [{ nodes: '2' }, 'nodes: must be an integer in [1, 1073741824], got "2"'],
    // Before: NaN or 0 cores started nothing and blamed memory; 1.5 cores ran two at once.
    [{ coresPerNode: Number.NaN }, 'coresPerNode: must be an integer in [1, 1073741824], got NaN'],
    [{ coresPerNode: 1.5 }, 'coresPerNode: must be an integer'],
    [{ coresPerNode: Number.POSITIVE_INFINITY }, 'coresPerNode: must be an integer'],
    // Before: NaN memory never evicted and never ran short.
    [{ memoryMbPerNode: Number.NaN }, 'memoryMbPerNode: must be a number in (0, '],
    [{ memoryMbPerNode: Number.POSITIVE_INFINITY }, 'memoryMbPerNode: must be a number in (0, '],
    // Before: NaN and '4' took every arrival, 1.5 took two, -1 none.
    [{ maxInvocations: Number.NaN }, 'maxInvocations: must be an integer in [1, '],
    [{ maxInvocations: 1.5 }, 'maxInvocations: must be an integer in [1, '],
    [{ maxInvocations: -1 }, 'maxInvocations: must be an integer in [1, '],
    [{ maxInvocations: '4' }, 'maxInvocations: must be an integer in [1, '],
    [{ sampleIntervalMs: '4' }, 'sampleIntervalMs: must be a number in (0, 1e13], got "4"'],
    [
      { sampleIntervalMs: Number.POSITIVE_INFINITY },
      'sampleIntervalMs: must be a number in (0, 1e13]',
    ],
    // Before: any name but 'least-loaded' silently meant locality.
    [{ placement: 'random' }, 'placement: must be one of'],
    [{ maxInvocation: 1 }, "Simulator: unknown option 'maxInvocation'"],
  ])('%#: refuses a bad option, naming it and its range', (over, message) => {
    expect(build(over)).toThrow(RangeError);
    expect(build(over)).toThrow(message);
  });

  it('a keep-alive platform refuses a keep-alive the config would refuse', () => {
    // Before: '5' passed '5' >= 0 and was concatenated onto the clock (an expiry at "1005" ms
    // surfaced as a non-finite event time); Infinity kept sandboxes past the config's 1e13 ms.
    for (const bad of ['5', Number.POSITIVE_INFINITY, 2e13]) {
      expect(() => new KeepAlivePlatform('ka', planVanillaCold, bad as number)).toThrow(
        /^platformOptions\.keepAliveMs: must be a number in \[0, 1e13\], got /,
      );
    }
    expect(new KeepAlivePlatform('ka', planVanillaCold, 1e13).keepAliveMs).toBe(1e13);
  });
});

describe('durations that would move the clock backwards', () => {
  const run =
    (over: Partial<Platform>, duration = 50) =>
    () => {
      const s = new Simulator({
        functions: new FunctionTable([profile('f', { kind: 'fixed', ms: 50 }, 64)]),
        platform: { ...platform(), ...over },
        workload: new InvocationListWorkload(
          Float64Array.from([0, 100]),
          new Int32Array(2),
          new Float64Array(2).fill(duration),
        ),
        rng: createRng(1),
        nodes: 1,
        coresPerNode: 8,
        memoryMbPerNode: 1024,
        placement: 'least-loaded',
        sampleIntervalMs: 1000,
      });
      s.run();
    };

  it('refuses a negative start-up, execution time or plan amount by its source, before the clock moves', () => {
    // Before: an END before now ran the clock back, caught only later by the latency recorder
    // ("value must be ... >= 0") or not at all.
    const negativeStartup = (_f: number, _n: number, _t: number, plan: StartPlan) => {
      platform().plan(_f, _n, _t, plan);
      plan.startupMs = -100;
    };
    // (max(ready + startupMs, joinAtMs) hid it: a start-up of 0 ms, silently).
    expect(run({ plan: negativeStartup })).toThrow(
      'platform step-test: plan.startupMs must be a number >= 0, got -100',
    );
    const nanMemory = (_f: number, _n: number, _t: number, plan: StartPlan) => {
      platform().plan(_f, _n, _t, plan);
      plan.privateMb = Number.NaN;
    };
    expect(run({ plan: nanMemory })).toThrow('plan.privateMb must be a number >= 0, got NaN');
    const negativeExtra = (_f: number, _n: number, _t: number, plan: StartPlan) => {
      platform().plan(_f, _n, _t, plan);
      plan.extraExecMs = -60;
    };
    expect(run({ plan: negativeExtra })).toThrow('plan.extraExecMs must be a number >= 0, got -60');
    // A workload duration below zero (the list workload takes what it is given).
    expect(run({}, -80)).toThrow(/start-up 35 ms and execution -80 ms .* must be >= 0/);
    // A warm start (the second arrival finds the sandbox kept alive) that is negative.
    expect(run({ warmStartMs: () => -1 })).toThrow(/start-up -1 ms and execution 50 ms/);
    expect(run({ warmStartMs: () => Number.NaN })).toThrow(/start-up NaN ms/);
    // The same platform with sane numbers runs.
    expect(run({})).not.toThrow();
  });
});

describe('Simulator.runUntil', () => {
  it('processes events strictly before t, as SimPy does', () => {
    // Arrivals at 0 and 5; the first END is at 85.
    const { s, records } = sim([0, 5, 200]);
    s.runUntil(85);
    expect([s.time, s.inFlightCount, records.length]).toEqual([85, 2, 0]);
    s.runUntil(86);
    expect(records.length).toBe(1);
    // The idle sandbox expires at 185, before the arrival at 200: that one starts cold.
    s.runUntil(199);
    expect(s.liveSandboxCount).toBe(0);
    s.run();
    expect(records.map((r) => r[1])).toEqual([35, 40, 35]);
  });
});
