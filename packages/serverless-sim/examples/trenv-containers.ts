// T-CXL against FaaSnap+ on a short bursty run of the built-in catalogue: same arrivals, same
// execution times; only the start path differs.
import { simulate } from '@paperlab/serverless-sim';

const config = {
  seed: 7,
  cluster: { nodes: 1 },
  functions: ['hello-python', 'json-serde', 'image-resize', 'pyaes'],
  workload: {
    kind: 'on-off' as const,
    onRatePerSec: 20,
    offRatePerSec: 0.5,
    meanOnMs: 10_000,
    meanOffMs: 30_000,
    durationMs: 120_000,
  },
};

for (const platform of ['faasnap-plus', 'trenv-cxl', 'trenv-rdma']) {
  const r = simulate({ ...config, platform });
  console.log(
    `${platform.padEnd(13)} invocations ${r.invocations}`,
    `start P99 ${r.latencyMs.startup.p99.toFixed(1)} ms`,
    `e2e P99 ${r.latencyMs.endToEnd.p99.toFixed(1)} ms`,
    `memory avg ${r.memory.averageMb.toFixed(0)} MiB (pool ${r.memory.averageSharedMb.toFixed(0)})`,
  );
}

// The repurposing ablation: without it every miss creates a sandbox under the node's lock.
const noRepurpose = simulate({
  ...config,
  platform: 'trenv-cxl',
  platformOptions: { repurpose: false },
});
console.log(`templates only: start P99 ${noRepurpose.latencyMs.startup.p99.toFixed(1)} ms`);

try {
  simulate({ ...config, platform: 'trenv-cxl', platformOptions: { tier: 'nvme' } });
} catch (error) {
  console.log((error as Error).message);
}
