import { describe, expect, it } from 'vitest';
import { HybridHistogramPlatform } from '../src/platforms/hybridHistogram.js';
import { simulate } from '../src/simulate.js';
import { InvocationListWorkload } from '../src/workloads/invocationListWorkload.js';
import { profile } from './helpers.js';

// A function invoked every 10 minutes exactly, running 100 ms: its idle times all fall in the
// 1-minute bin [9, 10) min, so (ATC'20) the policy pre-warms at 9 min × (1 − 10 %) = 8.1 min and
// keeps the sandbox until the bin's end, 10 min × (1 + 10 %) = 11 min.
function periodic(count: number, periodMs: number) {
  const starts = Float64Array.from({ length: count }, (_, i) => i * periodMs);
  return new InvocationListWorkload(
    starts,
    new Int32Array(count),
    new Float64Array(count).fill(100),
  );
}

describe('hybrid histogram', () => {
  it('learns pre-warm and keep-alive windows from idle times', () => {
    const platform = new HybridHistogramPlatform();
    const res = simulate(
      { seed: 1 },
      {
        functions: [profile('tick', { kind: 'fixed', ms: 100 }, 100)],
        workload: periodic(60, 600_000),
        platform,
      },
    );
    const [prewarm, keep] = platform.windows(0);
    expect(prewarm).toBeCloseTo(9 * 60_000 * 0.9, 6);
    expect(prewarm + keep).toBeCloseTo(10 * 60_000 * 1.1, 6);
    // Before 10 idle times are seen it keeps sandboxes for the 4-hour range (warm), after that
    // it pre-warms before each arrival (warm too): only the first start is cold.
    expect(res.startPaths.cold).toBe(1);
    expect(res.prewarms).toBeGreaterThan(40);
    // Memory: a fixed 4-hour keep-alive would hold the 100 MiB sandbox all the time; pre-warming
    // holds it only from 8.1 to 10 min of every 10: a bit over 19 % of it.
    expect(res.memory.averageMb).toBeLessThan(100 * 0.5);
  });

  it('falls back to the whole range when idle times are spread out (CV below threshold)', () => {
    const platform = new HybridHistogramPlatform({ minSamples: 5 });
    const n = 200;
    // Idle times spread evenly over 0–200 min: a flat histogram, CV ≈ 0.9 < 2.
    const starts = new Float64Array(n);
    for (let i = 1; i < n; i++) starts[i] = starts[i - 1]! + ((i * 7919) % 200) * 60_000 + 30_000;
    simulate(
      { seed: 1 },
      {
        functions: [profile('spread', { kind: 'fixed', ms: 10 })],
        workload: new InvocationListWorkload(
          starts,
          new Int32Array(n),
          new Float64Array(n).fill(10),
        ),
        platform,
      },
    );
    expect(platform.windows(0)).toEqual([0, 240 * 60_000]);
  });

  it('rejects bad options with the field name', () => {
    expect(() => new HybridHistogramPlatform({ margin: 2 })).toThrow(
      /platformOptions\.margin must be in \[0, 1\], got 2/,
    );
  });
});
