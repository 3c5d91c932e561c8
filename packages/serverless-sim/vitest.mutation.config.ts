// The tests Stryker runs against mutants of the simulator's cores (stryker.config.mjs): the
// hand-worked traces and reference models of the event engine, its queue, the sandbox pool and
// the start paths, fastest first (shared settings and why: scripts/mutation-vitest.mjs). Every
// surviving mutant runs each test that covers it, and nearly every test covers the engine, so
// the long statistical runs (theory, SimFaaS, conservation) stay out of this list: they run in
// `pnpm test`. Every test builds its own Simulator (no state in modules).
import { mutationVitestConfig } from '../../scripts/mutation-vitest.mjs';
import { sharedConfig } from '../../vitest.shared.ts';

export default mutationVitestConfig(sharedConfig, [
  'test/eventQueue.test.ts',
  'test/engine*.test.ts',
  'test/sandbox*.test.ts',
  'test/startPaths.test.ts',
  'test/mmTemplate.test.ts',
  'test/memory.test.ts',
  'test/trenvPlatform.test.ts',
  'test/hybridHistogram.test.ts',
  'test/results.test.ts',
]);
