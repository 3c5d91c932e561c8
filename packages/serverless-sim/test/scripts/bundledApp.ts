// A user's app as parallel.test.ts bundles it with esbuild: runs a small grid through
// simulateParallel and prints the results as JSON (or the error message).
import { simulateParallel } from '../../src/node.js';

const configs = [1, 2].map((nodes) => ({
  seed: 3,
  platform: 'keep-alive',
  functions: ['hello-python'],
  cluster: { nodes },
  workload: { kind: 'poisson' as const, ratePerSec: 2, durationMs: 30_000 },
}));
try {
  const results = await simulateParallel(configs, { workers: 2 });
  console.log(JSON.stringify(results));
} catch (e) {
  console.log(`error: ${(e as Error).message}`);
}
