// Mutation testing of the simulator's cores: the event engine and its queue (src/engine/), the
// sandbox pool and recycler (src/sandboxes/) and the start paths (src/startPaths/). Run by
// `pnpm test:mutation serverless-sim` at the repository root (settings shared in
// scripts/mutation-config.mjs). The platforms that choose among the start paths are exercised
// by these tests but not mutated.
import { packageStrykerConfig } from '../../scripts/mutation-config.mjs';

export default packageStrykerConfig(import.meta.url, {
  mutate: ['src/engine/**/*.ts', 'src/sandboxes/**/*.ts', 'src/startPaths/**/*.ts'],
  // Only the fast tests of these modules (see the file): a full run fits well under an hour
  // on one loaded core.
  vitestConfig: 'vitest.mutation.config.ts',
  // A mutant times out after timeoutFactor × its tests' time in the initial run (measured on
  // the same loaded machine) + timeoutMS. These tests take 1–3 s; a mutant that loops (an
  // event re-queued forever) is otherwise held for the whole limit and then the worker is
  // restarted, which made timeouts most of a run's time at the shared defaults.
  timeoutFactor: 2.5,
  timeoutMS: 5_000,
});
