// Runs @paperlab/serverless-sim off the main thread, so a long simulation never blocks the
// page. Created by the pages with `new Worker(new URL('./simWorker.ts', import.meta.url))`.
import {
  reproduceAgents,
  reproduceContainers,
  type SimulationConfig,
  simulate,
} from '@paperlab/serverless-sim';
import { createRecorder } from '@paperlab/stats';
import type { CdfPoint, WorkerRequest, WorkerResponse } from './protocol';

const scope = self as unknown as {
  postMessage(message: WorkerResponse): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

/** Probabilities at which the CDF is drawn: dense in the tail, where platforms differ. */
export function cdfProbabilities(): number[] {
  const ps: number[] = [];
  for (let i = 1; i <= 90; i++) ps.push(i / 100);
  for (let i = 1; i <= 90; i++) ps.push(0.9 + i / 1000);
  for (let i = 1; i <= 10; i++) ps.push(0.99 + i / 1000);
  return ps;
}

function post(message: WorkerResponse): void {
  scope.postMessage(message);
}

function runPlatforms(config: SimulationConfig, platforms: string[]): void {
  const t0 = performance.now();
  let invocations = 0;
  let lastPost = 0;
  platforms.forEach((platform, i) => {
    const recorder = createRecorder();
    const started = performance.now();
    const result = simulate(
      { ...config, platform },
      {
        onRecord: (r) => recorder.add(r.endMs - r.arrivalMs),
        onProgress: (f) => {
          // Posting every callback would flood the main thread with messages; 20 a second
          // is smooth enough for a progress bar.
          const now = performance.now();
          if (now - lastPost < 50) return;
          lastPost = now;
          post({ type: 'progress', fraction: (i + f) / platforms.length, label: platform });
        },
      },
    );
    const cdf: CdfPoint[] =
      recorder.count === 0 ? [] : cdfProbabilities().map((p) => ({ p, ms: recorder.quantile(p) }));
    invocations += result.invocations;
    post({
      type: 'platform',
      run: { platform, result, cdf, wallMs: performance.now() - started },
    });
  });
  post({ type: 'done', invocations, wallMs: performance.now() - t0 });
}

function runRepro(): void {
  const t0 = performance.now();
  post({ type: 'progress', fraction: 0, label: 'containers' });
  // `runs`/`results` hold the per-platform simulation objects (Maps, large series): the page
  // charts the report's rows, so only the report crosses to the main thread.
  const { runs: _runs, ...containers } = reproduceContainers();
  post({ type: 'progress', fraction: 0.6, label: 'agents' });
  const { results: _results, ...agents } = reproduceAgents();
  post({ type: 'progress', fraction: 1, label: 'done' });
  post({ type: 'repro', containers, agents, wallMs: performance.now() - t0 });
}

scope.onmessage = (event) => {
  const request = event.data;
  try {
    if (request.type === 'simulate') runPlatforms(request.config, request.platforms);
    else runRepro();
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    post({ type: 'error', name: error.name, message: error.message });
  }
};
