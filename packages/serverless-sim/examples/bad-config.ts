// A bad config is rejected with the field and what is allowed.
import { simulate } from '@paperlab/serverless-sim';

const tries = [
  { cluster: { nodes: 0 } },
  { platform: 'lambda' },
  { workload: { kind: 'poisson', ratePerSec: -1, durationMs: 1000 } },
  {
    platform: 'keep-alive',
    platformOptions: { keepAliveMs: 'ten minutes' },
    workload: { kind: 'poisson', ratePerSec: 1, durationMs: 1000 },
  },
];
for (const config of tries) {
  try {
    simulate(config as Parameters<typeof simulate>[0]);
  } catch (error) {
    console.log((error as Error).message);
  }
}
