// Runs an example program off the main thread: an example may compute for seconds (a whole
// reproduction), and on the main thread that would freeze the page. Loads sucrase and the
// three packages here, not in the page. Created by ExampleRunner with
// `new Worker(new URL('./exampleWorker.ts', import.meta.url))`.
import { exampleModules } from '../../lib/exampleModules';
import { type ExampleRun, runExample } from '../../lib/runExample';

export interface ExampleRequest {
  id: number;
  code: string;
}
export interface ExampleResponse {
  id: number;
  run: ExampleRun;
  ms: number;
}

const scope = self as unknown as {
  postMessage(message: ExampleResponse): void;
  onmessage: ((event: MessageEvent<ExampleRequest>) => void) | null;
};

scope.onmessage = (event) => {
  const { id, code } = event.data;
  const t0 = performance.now();
  const run = runExample(code, exampleModules);
  scope.postMessage({ id, run, ms: performance.now() - t0 });
};
