// Mutation testing of the simulator's cores: the event engine and its queue, the sandbox pool
// and the start paths. Run by `pnpm test:mutation serverless-sim` at the repository root
// (settings shared in scripts/mutation-config.mjs). The globs cover both today's files and
// the engine/, sandboxes/ and startPaths/ folders they are moving to; a glob that matches
// nothing is skipped.
import { packageStrykerConfig } from '../../scripts/mutation-config.mjs';

export default packageStrykerConfig(import.meta.url, {
  mutate: [
    // event engine and future-event queue
    'src/engine/**/*.ts',
    'src/eventQueue.ts',
    'src/simulator.ts',
    // sandbox pool (warm, idle, evicted, recycled sandboxes)
    'src/sandboxes/**/*.ts',
    // start paths (cold start, CRIU restore, microVM snapshot, mm-template) and the platforms
    // that choose among them
    'src/startPaths/**/*.ts',
    'src/platform.ts',
    'src/platforms/trenv.ts',
    'src/platforms/trenvX.ts',
    'src/platforms/keepAlivePlatform.ts',
    '!src/**/index.ts',
  ],
  // The simulator's tests run whole simulations: allow a slower machine more headroom.
  timeoutFactor: 4,
});
