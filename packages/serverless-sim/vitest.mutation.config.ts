// The tests Stryker runs against mutants of the simulator's cores (stryker.config.mjs): the
// hand-worked traces and reference models of the event engine, its queue, the sandbox pool and
// the start paths. Every surviving mutant runs each test that covers it, and nearly every test
// covers the engine, so the long statistical runs (theory, SimFaaS, conservation) stay out of
// this list: they run in `pnpm test`. The test files share one module graph (isolate: false):
// Stryker re-runs them for every mutant, and re-importing the simulator per file was most of
// each run's cost. They keep no state in modules (every test builds its own Simulator).
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Spread, not mergeConfig: mergeConfig would append this list to the shared `include`.
export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    isolate: false,
    include: [
      'test/eventQueue.test.ts',
      'test/engine*.test.ts',
      'test/sandbox*.test.ts',
      'test/startPaths.test.ts',
      'test/mmTemplate.test.ts',
      'test/memory.test.ts',
      'test/trenvPlatform.test.ts',
      'test/hybridHistogram.test.ts',
      'test/results.test.ts',
    ],
  },
});
