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
  // Whole simulations under Stryker's instrumentation on a loaded machine: more headroom.
  timeoutFactor: 4,
});
