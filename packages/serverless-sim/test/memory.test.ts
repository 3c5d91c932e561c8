// Memory accounting against hand-computed figures from the profile and parameters.ts.
import { describe, expect, it } from 'vitest';
import type { FunctionProfile } from '../src/functionProfile.js';
import { microVm } from '../src/parameters.js';
import { simulate } from '../src/simulate.js';
import { InvocationListWorkload } from '../src/workloads/invocationListWorkload.js';

const fn: FunctionProfile = {
  name: 'f',
  tenant: 't',
  runtime: 'python',
  imageMb: 100,
  memoryMb: 200,
  touchedFraction: 0.25,
  readOnlyFraction: 0.5,
  fileCacheMb: 40,
  initMs: 0,
  exec: { kind: 'fixed', ms: 1000 },
};

/** Two invocations of `fn` at t = 0 (both cold, overlapping), each running 10 s. */
function twoAtOnce() {
  return new InvocationListWorkload(
    new Float64Array([0, 0]),
    new Int32Array([0, 0]),
    new Float64Array([10_000, 10_000]),
  );
}

function peak(platform: string) {
  return simulate({ seed: 1, platform }, { functions: [fn], workload: twoAtOnce() }).memory;
}

describe('memory accounting', () => {
  it('containers: private memory per instance, page cache once per node and function', () => {
    // faasd: 2 × 200 MiB private + 40 MiB of file pages shared by both.
    expect(peak('faasd').peakMb).toBeCloseTo(2 * 200 + 40, 9);
    // CRIU: the 200 MiB image file also sits in the page cache, once.
    expect(peak('criu').peakMb).toBeCloseTo(2 * 200 + 40 + 200, 9);
  });

  it('microVMs: touched pages and a guest copy of the files per VM, snapshot + files once on the host', () => {
    const perVm = 200 * 0.25 + 40 * (microVm.guestPageCacheFactor - 1);
    const host = 200 + 40;
    expect(peak('reap-plus').peakMb).toBeCloseTo(2 * perVm + host, 9);
    expect(peak('faasnap-plus').peakMb).toBeCloseTo(2 * perVm + host, 9);
  });

  it('time-weighted average over the run, exactly', () => {
    // faasd, python: start-up = 15 ms (lock) + 15 ms + 150 ms runtime = 180 ms; the second
    // creation waits 15 ms for the lock. Ends at 10,180 and 10,195 ms, both released at once.
    // Memory: 440 MiB on [0, 10180), 240 MiB (one sandbox + the shared files) to 10,195, then 0.
    const r = simulate({ seed: 1, platform: 'faasd' }, { functions: [fn], workload: twoAtOnce() });
    expect(r.latencyMs.endToEnd.max).toBe(10_195);
    expect(r.simulatedMs).toBe(10_195);
    expect(r.memory.averageMb).toBeCloseTo((440 * 10_180 + 240 * 15) / 10_195, 9);
    expect(r.memory.averagePageCacheMb).toBeCloseTo((40 * 10_195) / 10_195, 9);
  });
});
