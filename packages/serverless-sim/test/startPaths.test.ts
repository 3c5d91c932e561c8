// The start paths' cost plans, each worked by hand from the parameters' published values
// (parameters.ts, with their sources) for two functions:
//   py:  python runtime, 256 MiB memory, 40 MiB of files in the page cache, touches 50 %, init 20 ms
//   nat: native runtime, 100 MiB memory, 10 MiB of files, touches 20 %, init 5 ms
// The numbers below are written out, not read from the code's constants, so a changed constant
// or formula turns the test red.
import { describe, expect, it } from 'vitest';
import { FunctionTable } from '../src/functionProfile.js';
import { createPlan, StartPath } from '../src/platform.js';
import { planVanillaCold, runtimeInit } from '../src/startPaths/coldStart.js';
import { planCriuRestore } from '../src/startPaths/criuRestore.js';
import { planFaasnap, planReap } from '../src/startPaths/microVmSnapshot.js';
import { templateAttachMs, templateFaultMs } from '../src/startPaths/mmTemplate.js';
import { profile } from './helpers.js';

const fns = new FunctionTable([
  {
    ...profile('py', { kind: 'fixed', ms: 10 }, 256),
    runtime: 'python',
    fileCacheMb: 40,
    touchedFraction: 0.5,
    initMs: 20,
  },
  {
    ...profile('nat', { kind: 'fixed', ms: 10 }, 100),
    runtime: 'native',
    fileCacheMb: 10,
    touchedFraction: 0.2,
    initMs: 5,
  },
]);
const PY = 0;
const NAT = 1;

/** A plan with every field set to a sentinel, so a field the path forgets to set shows. */
function dirtyPlan() {
  const plan = createPlan();
  for (const k of Object.keys(plan) as (keyof typeof plan)[])
    (plan as unknown as Record<string, number>)[k] = -7;
  return plan;
}

describe('vanilla cold start', () => {
  it('creates a container (15 ms serial + 15 ms parallel), then runtime + app init', () => {
    // python bootstrap 150 ms + init 20 ms; native 10 ms + 5 ms.
    expect(runtimeInit(fns, PY)).toBe(150);
    expect(runtimeInit(fns, NAT)).toBe(10);
    const plan = dirtyPlan();
    planVanillaCold(fns, PY, plan);
    expect(plan.path).toBe(StartPath.cold);
    expect([plan.createSerialMs, plan.createParallelMs, plan.startupMs]).toEqual([15, 15, 170]);
    expect([plan.privateMb, plan.nodePageCacheMb]).toEqual([256, 40]);
    planVanillaCold(fns, NAT, plan);
    expect([plan.startupMs, plan.privateMb, plan.nodePageCacheMb]).toEqual([15, 100, 10]);
  });

  it('an unknown runtime costs no bootstrap (a profile validated elsewhere)', () => {
    const odd = new FunctionTable([profile('x', { kind: 'fixed', ms: 1 })]);
    (odd.profiles[0] as { runtime: string }).runtime = 'cobol';
    expect(runtimeInit(odd, 0)).toBe(0);
  });
});

describe('CRIU restore', () => {
  it('copies every page: 250 ms + 256 pages × 2.9 µs per MiB, reading the image from disk', () => {
    // 256 MiB × 0.7424 ms/MiB = 190.0544 ms; start-up 440.0544 ms.
    const plan = dirtyPlan();
    planCriuRestore(fns, PY, plan);
    expect(plan.path).toBe(StartPath.restore);
    expect([plan.createSerialMs, plan.createParallelMs]).toEqual([15, 15]);
    expect(plan.startupMs).toBeCloseTo(440.0544, 9);
    expect(plan.readMb).toBe(256);
    expect([plan.privateMb, plan.nodePageCacheMb]).toEqual([256, 296]);
  });

  it('skips the read when the page cache already holds image and files (≥ 296 MiB)', () => {
    const plan = dirtyPlan();
    planCriuRestore(fns, PY, plan, 296);
    expect(plan.readMb).toBe(0);
    planCriuRestore(fns, PY, plan, 295.9);
    expect(plan.readMb).toBe(256);
  });

  it('takes the fixed restore cost from the sweep', () => {
    // 100 MiB: 50 + 74.24 ms.
    const plan = dirtyPlan();
    planCriuRestore(fns, NAT, plan, 0, 50);
    expect(plan.startupMs).toBeCloseTo(124.24, 9);
  });
});

describe('REAP+ (Firecracker snapshot, working-set prefetch)', () => {
  it('spawns a VMM (6 ms serial + 6 ms), restores in 50 ms and reads the working set', () => {
    // py: working set 256 × 0.5 = 128 MiB = 32768 pages; 5 % of them fault through userfaultfd
    // at 6.7 µs: 1638.4 × 6.7 µs = 10.97728 ms. Guest memory: 128 MiB touched + 40 MiB of files
    // cached again by the guest (factor 2) = 168 MiB; host page cache 256 + 40 = 296 MiB.
    const plan = dirtyPlan();
    planReap(fns, PY, plan);
    expect(plan.path).toBe(StartPath.restore);
    expect([plan.createSerialMs, plan.createParallelMs]).toEqual([6, 6]);
    expect(plan.startupMs).toBe(50);
    expect(plan.readMb).toBe(128);
    expect(plan.extraExecMs).toBeCloseTo(10.97728, 9);
    expect([plan.privateMb, plan.nodePageCacheMb]).toEqual([168, 296]);
  });

  it('copies the working set from the page cache instead when the snapshot is cached', () => {
    // 32768 pages × 0.4 µs = 13.1072 ms on top of the 50 ms restore; nothing read.
    const plan = dirtyPlan();
    planReap(fns, PY, plan, 296);
    expect(plan.startupMs).toBeCloseTo(63.1072, 9);
    expect(plan.readMb).toBe(0);
    planReap(fns, PY, plan, 295);
    expect(plan.startupMs).toBe(50);
    expect(plan.readMb).toBe(128);
  });
});

describe('FaaSnap+ (Firecracker snapshot, concurrent loader)', () => {
  it('restores in 25 ms and streams the touched set in the background', () => {
    // nat: touched 100 × 0.2 = 20 MiB = 5120 pages; 90 % minor faults at 3.7 µs, 10 % disk
    // faults at 13.3 µs: 5120 × (3.33 + 1.33) µs = 23.8592 ms. Guest: 20 + 10 = 30 MiB;
    // host page cache 110 MiB.
    const plan = dirtyPlan();
    planFaasnap(fns, NAT, plan);
    expect(plan.path).toBe(StartPath.restore);
    expect([plan.createSerialMs, plan.createParallelMs]).toEqual([6, 6]);
    expect(plan.startupMs).toBe(25);
    expect(plan.backgroundReadMb).toBe(20);
    expect(plan.extraExecMs).toBeCloseTo(23.8592, 9);
    expect([plan.privateMb, plan.nodePageCacheMb]).toEqual([30, 110]);
  });

  it('reads nothing once the node caches the snapshot (≥ 110 MiB)', () => {
    const plan = dirtyPlan();
    planFaasnap(fns, NAT, plan, 110);
    expect(plan.backgroundReadMb).toBe(0);
    planFaasnap(fns, NAT, plan, 109);
    expect(plan.backgroundReadMb).toBe(20);
  });
});

describe('mm-template input checks', () => {
  const p = {
    anonFaultUs: 2.5,
    pageCopyUs: 0.4,
    cxlExtraLatencyNs: 200,
    cxlMissesPerTouchedPage: 8,
    rdmaFaultUs: 6,
  };
  it('name the field and the allowed range', () => {
    expect(() => templateAttachMs(-1)).toThrow(
      /^templatePages must be a finite number >= 0, got -1$/,
    );
    expect(() => templateFaultMs('cxl', 10, -1, 0.5, p)).toThrow(
      /^writtenPages must be a finite number >= 0, got -1$/,
    );
    expect(() => templateFaultMs('cxl', 10, 0, -0.1, p)).toThrow(/readOnlyAccessShare must be in/);
  });
  it('accept the ends of the access share: 0 (nothing read in place) and 1', () => {
    // 10 touched pages, 4 written: CoW 4 × (2.5 + 0.4) µs = 11.6 µs; at share 0 nothing else.
    expect(templateFaultMs('cxl', 10, 4, 0, p)).toBeCloseTo(0.0116, 12);
    // Share 1: + 10 × 8 misses × 200 ns = 16 µs.
    expect(templateFaultMs('cxl', 10, 4, 1, p)).toBeCloseTo(0.0276, 12);
  });
});
