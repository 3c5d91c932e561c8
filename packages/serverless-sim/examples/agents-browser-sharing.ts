// Agent sandboxes: E2B against TrEnv-X and its two ablations, on the same 5 minutes of bursty
// browser-use and code-interpreter sessions.
import { e2bPlatform, simulateAgents, trenvXPlatform } from '@paperlab/serverless-sim';

const platforms = [
  e2bPlatform(),
  trenvXPlatform(),
  trenvXPlatform({ browserSharing: false }),
  trenvXPlatform({ pageCacheBypass: false }),
];

for (const platform of platforms) {
  const r = simulateAgents({
    platform,
    arrivals: {
      kind: 'bursty',
      ratePerSec: 1,
      burstFactor: 4,
      burstEverySec: 120,
      burstLengthSec: 20,
    },
    durationMs: 300_000,
    seed: 42,
    nodeMemoryMb: 64 * 1024,
  });
  console.log(
    `${platform.name.padEnd(30)} sessions ${r.sessions}`,
    `start P99 ${r.startupMs.p99.toFixed(1)} ms`,
    `memory avg ${(r.memory.totalAvgMb / 1024).toFixed(2)} GiB`,
    `peak ${(r.memory.totalPeakMb / 1024).toFixed(2)} GiB`,
  );
}
