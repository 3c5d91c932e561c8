// The simulator against queueing theory.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/engine/simulator.js';
import { execMeanMs, FunctionTable } from '../src/functionProfile.js';
import { StartPath } from '../src/platform.js';
import { simulate } from '../src/simulate.js';
import { PoissonWorkload } from '../src/workloads/poissonWorkload.js';
import { profile, zeroCostPlatform } from './helpers.js';

function run(
  rate: number,
  exec: Parameters<typeof profile>[1],
  keepAliveMs: number,
  durationMs: number,
  seed = 1,
) {
  const sim = new Simulator({
    functions: new FunctionTable([profile('f', exec)]),
    platform: zeroCostPlatform(keepAliveMs),
    workload: new PoissonWorkload({ ratesPerSec: [rate], durationMs }),
    rng: createRng(seed),
    nodes: 1,
    coresPerNode: 1e9,
    memoryMbPerNode: 1e9,
    placement: 'least-loaded',
    sampleIntervalMs: 3_600_000,
  });
  sim.run();
  return sim;
}

describe('fixed keep-alive, one function, Poisson arrivals', () => {
  // With execution ≪ 1/λ there is one sandbox; an arrival is cold iff the gap since the last
  // end exceeds T, which for Poisson arrivals has probability e^(−λT).
  for (const [rate, ttlMs] of [
    [1, 1000],
    [0.5, 3000],
    [2, 200],
  ] as const) {
    it(`cold fraction ≈ e^(−λT) for λ=${rate}/s, T=${ttlMs} ms`, () => {
      const sim = run(rate, { kind: 'fixed', ms: 0 }, ttlMs, 20_000_000 / rate);
      const r = sim.results;
      const n = r.ended - 1; // the very first arrival is always cold
      const cold = r.pathCounts[StartPath.cold]! - 1;
      const p = Math.exp((-rate * ttlMs) / 1000);
      const sd = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(cold / n - p)).toBeLessThan(4 * sd);
    });
  }
});

describe('M/G/∞ and Little', () => {
  it('mean busy sandboxes ≈ λ·E[S] and L = λW on the recorded data', () => {
    const rate = 5;
    const exec = { kind: 'lognormal', medianMs: 1000, p99Ms: 5000 } as const;
    const durationMs = 200_000_000; // 1 M arrivals
    const sim = run(rate, exec, 60_000, durationMs, 3);
    const r = sim.results;
    const until = r.endTimeMs;
    const L = r.averageInSystem();
    const mgInf = (rate * execMeanMs(exec)) / 1000; // λ·E[S] ≈ 7.06
    // The time average of an M/G/∞ occupancy over 2e5 s (~2e5 service times) is within ~1 % of
    // its mean; 3 % leaves room for the heavy lognormal tail.
    expect(Math.abs(L / mgInf - 1)).toBeLessThan(0.03);
    // Little's law on the sample path: L = (arrivals / T) · mean(W), up to the few invocations
    // still running at the horizon.
    const lambdaHat = r.arrivals / until;
    expect(Math.abs(L / (lambdaHat * r.endToEnd.mean) - 1)).toBeLessThan(0.002);
    // No capacity limit: nobody queues.
    expect(r.queue.max).toBe(0);
  });

  it('Little holds with queueing too (few cores)', () => {
    const res = simulate({
      seed: 9,
      platform: 'keep-alive',
      cluster: { nodes: 2, coresPerNode: 2, memoryMbPerNode: 8192 },
      functions: ['hello-python', 'pyaes'],
      workload: { kind: 'poisson', ratePerSec: [2, 5], durationMs: 2_000_000 },
    });
    expect(res.latencyMs.queue.max).toBeGreaterThan(0);
    const lambdaHat = res.invocations / res.simulatedMs;
    const L = res.instances.averageInSystem;
    expect(Math.abs(L / (lambdaHat * res.latencyMs.endToEnd.mean) - 1)).toBeLessThan(0.01);
  });
});
