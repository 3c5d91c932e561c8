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
  // A mutant times out after timeoutFactor × its tests' time in the initial run (measured on the
  // same machine, coverage counting included, as in a mutant's own run) + timeoutMS. These tests
  // take milliseconds to 2 s; a mutant that loops (an event re-queued forever) is otherwise held
  // for the whole limit and then the worker is restarted, which made timeouts most of a run's
  // time at the shared 3× + 10 s (and 10 of the first 33 mutants timed out at 2.5× + 5 s).
  timeoutFactor: 1.5,
  timeoutMS: 2_000,
});
