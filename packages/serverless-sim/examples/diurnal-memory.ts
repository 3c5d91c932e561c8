// A day of diurnal load (peak at 14:00) on the catalogue, sampled every hour: how much memory a
// fixed 10-minute keep-alive holds against the hybrid-histogram policy as the load swings. The
// time series is what the docs plot.
import { simulate } from '@paperlab/serverless-sim';

const base = {
  seed: 3,
  functions: ['hello-python', 'json-serde', 'image-resize', 'pyaes', 'go-compress'],
  workload: { kind: 'diurnal' as const, ratePerSec: 0.05, amplitude: 0.9, durationMs: 86_400_000 },
  sampleIntervalMs: 3_600_000,
};
const fixed = simulate({ ...base, platform: 'keep-alive' });
const hybrid = simulate({ ...base, platform: 'hybrid-histogram' });

// Row h: arrivals during hour h, memory at its end (the tick at h + 1).
console.log('hour  arrivals  keep-alive MiB  hybrid MiB');
for (let h = 0; h < 24; h += 2) {
  const row = [
    String(h).padStart(4),
    String(fixed.timeSeries.arrivals[h + 1]).padStart(9),
    fixed.timeSeries.memoryMb[h + 1]!.toFixed(0).padStart(15),
    hybrid.timeSeries.memoryMb[h + 1]!.toFixed(0).padStart(11),
  ];
  console.log(row.join(' '));
}
console.log(
  `day average: keep-alive ${fixed.memory.averageMb.toFixed(0)} MiB, ${(100 * fixed.coldStartFraction).toFixed(1)} % cold; ` +
    `hybrid ${hybrid.memory.averageMb.toFixed(0)} MiB, ${(100 * hybrid.coldStartFraction).toFixed(1)} % cold`,
);
