// Measures Ring ORAM accesses/s off the main thread (speedBench.ts), so the page stays
// responsive for the seconds it takes. Created with
// `new Worker(new URL('./speedWorker.ts', import.meta.url))`; posts one `result` per
// configuration as soon as it is measured, then `done`.
import { measureAccessRate, type SpeedResult } from './speedBench';

export interface SpeedRequest {
  capacity: number;
  blockSize: number;
  seconds: number;
}

export type SpeedResponse =
  | { type: 'result'; result: SpeedResult }
  | { type: 'done' }
  | { type: 'error'; name: string; message: string };

const scope = self as unknown as {
  postMessage(message: SpeedResponse): void;
  onmessage: ((event: MessageEvent<SpeedRequest>) => void) | null;
};

scope.onmessage = (event) => {
  const { capacity, blockSize, seconds } = event.data;
  try {
    for (const encrypt of [false, true]) {
      const result = measureAccessRate({ capacity, blockSize, encrypt, seconds });
      scope.postMessage({ type: 'result', result });
    }
    scope.postMessage({ type: 'done' });
  } catch (e) {
    scope.postMessage({
      type: 'error',
      name: e instanceof Error ? e.name : 'Error',
      message: e instanceof Error ? e.message : String(e),
    });
  }
};
