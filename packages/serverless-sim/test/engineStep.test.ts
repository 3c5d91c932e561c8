// The engine driven one event at a time (peek / step / runUntil), with the state asserted after
// each step against a trace worked by hand in the comments.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { CreationLock } from '../src/cluster/creationLock.js';
import { StorageBandwidth } from '../src/cluster/storageBandwidth.js';
import { Simulator } from '../src/engine/simulator.js';
import { FunctionTable } from '../src/functionProfile.js';
import { type Platform, type Retention, StartPath, type StartPlan } from '../src/platform.js';
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
