// Worker-thread body of the parallel sweep (`@paperlab/serverless-sim/sweep-worker`): runs one
// config per message and posts the result, carrying the resolved config it ran. Self-contained,
// so a bundler can emit it as its own entry beside an app's bundle.
import { parentPort } from 'node:worker_threads';
import type { SimulationConfig } from './configSchema.js';
import { resolveConfig, simulate } from './simulate.js';

interface Job {
  index: number;
  config: SimulationConfig;
}

if (parentPort === null) throw new Error('sweepWorker must run as a worker thread');
const port = parentPort;
port.on('message', (job: Job) => {
  try {
    const config = resolveConfig(job.config);
    port.postMessage({ index: job.index, result: { ...simulate(config), config } });
  } catch (e) {
    port.postMessage({
      index: job.index,
      error: e instanceof Error ? e.message : String(e),
    });
  }
});
