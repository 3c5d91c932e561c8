// Worker-thread body of the parallel sweep: runs one config per message and posts the result.
import { parentPort } from 'node:worker_threads';
import type { SimulationConfig } from './configSchema.js';
import { simulate } from './simulate.js';

interface Job {
  index: number;
  config: SimulationConfig;
}

parentPort!.on('message', (job: Job) => {
  try {
    const result = simulate(job.config);
    parentPort!.postMessage({ index: job.index, result });
  } catch (e) {
    parentPort!.postMessage({
      index: job.index,
      error: e instanceof Error ? e.message : String(e),
    });
  }
});
