import { describe, expect, it } from 'vitest';
import { simulate } from '../src/simulate.js';

// Eight functions over four nodes, moderate load, 10-minute keep-alive.
const config = (placement: 'least-loaded' | 'locality') => ({
  seed: 11,
  placement,
  platform: 'keep-alive',
  cluster: { nodes: 4, coresPerNode: 16, memoryMbPerNode: 64 * 1024 },
  workload: { kind: 'poisson' as const, ratePerSec: 1, durationMs: 3_600_000 },
  sampleIntervalMs: 600_000,
});

describe('placement', () => {
  it('least-loaded spreads sandboxes; locality reuses warm ones and starts fewer', () => {
    const spread = simulate(config('least-loaded'));
    const local = simulate(config('locality'));
    expect(local.invocations).toBe(spread.invocations); // same arrivals
    // Least-loaded sends a function wherever load is lowest, so each function ends up with warm
    // sandboxes on several nodes; locality follows its warm sandbox.
    expect(local.startPaths.cold).toBeLessThan(spread.startPaths.cold);
    expect(local.memory.averageMb).toBeLessThan(spread.memory.averageMb);
    // Least-loaded balances: per-node average memory within a factor 1.5 of each other.
    const mem = spread.memory.nodes.map((n) => n.averageMb);
    expect(Math.max(...mem) / Math.min(...mem)).toBeLessThan(1.5);
  });
});
