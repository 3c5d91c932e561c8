// Runs the IRO timing reproduction of @paperlab/oram off the main thread: recording three
// designs' traces from the real Ring ORAM and replaying them through the timing model takes
// seconds, which would freeze the page. Created with
// `new Worker(new URL('./timingWorker.ts', import.meta.url))`.
import {
  formatIroReproduction,
  type IroReproductionResult,
  resolveTimingParameters,
  ringOramDesigns,
  runIroReproduction,
} from '@paperlab/oram';

export interface TimingRequest {
  capacity: number;
  accesses: number;
  seed: string;
  /** Also run the package's default sweeps (units, channels, pipelining). */
  sweeps: boolean;
}

export type TimingResponse =
  | { type: 'done'; result: IroReproductionResult; text: string; ms: number }
  | { type: 'error'; name: string; message: string };

const scope = self as unknown as {
  postMessage(message: TimingResponse): void;
  onmessage: ((event: MessageEvent<TimingRequest>) => void) | null;
};

scope.onmessage = (event) => {
  const { capacity, accesses, seed, sweeps } = event.data;
  const t0 = performance.now();
  try {
    const parameters = resolveTimingParameters({ channels: 2 });
    const result = runIroReproduction({
      ...ringOramDesigns({ capacity, treeTopLevels: parameters.treeTopCachedLevels }),
      accesses,
      seed,
      parameters,
      ...(sweeps ? {} : { unitSweep: [1, 4], channelSweep: [2], pipelineSweep: [1] }),
    });
    const text = formatIroReproduction(result, parameters);
    scope.postMessage({ type: 'done', result, text, ms: performance.now() - t0 });
  } catch (e) {
    scope.postMessage({
      type: 'error',
      name: e instanceof Error ? e.name : 'Error',
      message: e instanceof Error ? e.message : String(e),
    });
  }
};
