// Runs the IRO timing reproduction of @paperlab/oram off the main thread: generating the Ring
// ORAM access sequence, costing it for every labelled design and replaying each through the
// timing model takes seconds, which would freeze the page. Created with
// `new Worker(new URL('./timingWorker.ts', import.meta.url))`.
import {
  defaultLevels,
  formatIroReproduction,
  hardwareTree,
  type IroReproductionResult,
  resolveTimingParameters,
  runIroReproduction,
  type TreeParameters,
  teachingTree,
} from '@paperlab/oram';

export interface TimingRequest {
  /** Logical blocks: the hardware-scale tree's N, or a teaching-set tree of this size. */
  capacity: number;
  accesses: number;
  seed: string;
  /** Also run the AES-GCM latency × pipelining sweep. */
  sweeps: boolean;
}

export type TimingResponse =
  | { type: 'done'; result: IroReproductionResult; text: string; ms: number }
  | { type: 'error'; name: string; message: string };

/** The tree for a request: the hardware-scale one, or the teaching set (Z 4, S 5, A 3) at N. */
export function treeFor(capacity: number): TreeParameters {
  if (capacity === hardwareTree.capacity) return hardwareTree;
  if (capacity === teachingTree.capacity) return teachingTree;
  const levels = defaultLevels(capacity, teachingTree.Z);
  return {
    ...teachingTree,
    name: `teaching set (N ${capacity}, Z 4, S 5, A 3, 3 cached)`,
    capacity,
    levels,
    cachedLevels: Math.min(3, levels),
  };
}

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
      tree: treeFor(capacity),
      accesses,
      seed,
      parameters,
      aesSweep: sweeps,
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
