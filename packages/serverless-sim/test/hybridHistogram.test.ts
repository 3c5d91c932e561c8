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
    // Memory, worked by hand. Invocation k arrives at k × 600 000 ms; the first is cold
    // (30 ms creation + 10 ms native runtime) and ends at 140 ms, the others are warm (1 ms) and
    // end at k × 600 000 + 101. Ends 0–9 see fewer than 10 idle times, so the policy keeps the
    // 100 MiB sandbox for the whole range: alive from 0 to the end of invocation 10, 6 000 101 ms.
    // From then on each end releases it and pre-warms 486 000 ms later; the pre-warmed sandbox
    // lives until its invocation ends 114 000 ms later (19 % of a period: the steady state),
    // 49 times (invocations 11–59). The run ends with the last invocation, at 35 400 101 ms.
    // Average = 100 × (6 000 101 + 49 × 114 000) / 35 400 101 MiB.
    expect(res.memory.averageMb).toBeCloseTo((100 * (6_000_101 + 49 * 114_000)) / 35_400_101, 6);
    expect(res.prewarms).toBe(49);
    expect(res.memory.peakMb).toBe(100);
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

  it('built directly, refuses what the config path refuses (the documented ranges)', () => {
    // The ranges of simulation-config.schema.json's hybrid-histogram platformOptions; before,
    // the constructor let each of these through and ran with it.
    for (const [options, message] of [
      [
        { binMs: Number.POSITIVE_INFINITY },
        'platformOptions.binMs: must be a number in [1, 1e10], got Infinity',
      ],
      [{ binMs: '5' }, 'platformOptions.binMs: must be a number in [1, 1e10], got "5"'],
      [{ minSamples: 1.5 }, 'platformOptions.minSamples: must be an integer in [1, 1e9], got 1.5'],
      [{ minSamples: Number.POSITIVE_INFINITY }, 'platformOptions.minSamples: must be an integer'],
      [
        { cvThreshold: Number.POSITIVE_INFINITY },
        'platformOptions.cvThreshold: must be a number in [0, 1e6]',
      ],
      [
        { bins: 2 ** 31 },
        'platformOptions.bins: must be an integer in [1, 100000], got 2147483648',
      ],
      [{ bin: 10 }, 'platformOptions: unknown key(s) bin'],
    ] as const) {
      expect(() => new HybridHistogramPlatform(options as never)).toThrow(message);
    }
  });
});
