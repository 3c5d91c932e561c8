// Worker-thread body of the parallel sweep (`@paperlab/serverless-sim/sweep-worker`): runs one
// config per message and posts the result, carrying the resolved config it ran. Self-contained,
// so a bundler can emit it as its own entry beside an app's bundle.
import { parentPort } from 'node:worker_threads';
import { createRecorder } from '@paperlab/stats';
import type { SimulationConfig } from './configSchema.js';
import { resolveConfig, simulate } from './simulate.js';

interface Job {
  index: number;
  config: SimulationConfig;
  /** Also return the latency recorders' state (fed the same values as the result's). */
  recorders?: boolean;
}

if (parentPort === null) throw new Error('sweepWorker must run as a worker thread');
const port = parentPort;
port.on('message', (job: Job) => {
  try {
    const config = resolveConfig(job.config);
    if (job.recorders !== true) {
      port.postMessage({ index: job.index, result: { ...simulate(config), config } });
      return;
    }
    // The values the result collector records: arrival to end, start-up, queueing.
    const endToEnd = createRecorder();
    const startup = createRecorder();
    const queue = createRecorder();
    const result = simulate(config, {
      onRecord: (r) => {
        endToEnd.add(r.endMs - r.arrivalMs);
        startup.add(r.startupMs);
        queue.add(r.queueMs);
      },
    });
    const recorders = {
      endToEnd: endToEnd.toJSON(),
      startup: startup.toJSON(),
      queue: queue.toJSON(),
    };
    port.postMessage({ index: job.index, result: { ...result, config, recorders } });
  } catch (e) {
    port.postMessage({
      index: job.index,
      error: e instanceof Error ? e.message : String(e),
    });
  }
});
