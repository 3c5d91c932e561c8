// The start-path baselines under the same bursty load on one node: a new container every time
// (faasd), a CRIU restore, and two Firecracker snapshot restores (REAP+, FaaSnap+). Sandbox
// creation is serialised per node, so bursts stretch the start-up tail.
import { simulate, summaryTable } from '@paperlab/serverless-sim';

const base = {
  seed: 7,
  cluster: { nodes: 1, coresPerNode: 64, memoryMbPerNode: 128 * 1024 },
  functions: ['hello-python', 'json-serde', 'image-resize', 'pyaes', 'java-thumbnail'],
  workload: {
    kind: 'on-off' as const,
    onRatePerSec: 10,
    meanOnMs: 10_000,
    meanOffMs: 50_000,
    durationMs: 300_000,
  },
};
const results = ['faasd', 'criu', 'reap-plus', 'faasnap-plus'].map((platform) =>
  simulate({ ...base, platform }),
);
console.log(summaryTable(results));
