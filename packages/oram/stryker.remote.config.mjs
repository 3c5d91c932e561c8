// Mutation testing of the remote client (`pnpm test:mutation oram.remote`): createRemoteStorage
// (src/remote/remoteStorage.ts: pipelined writes, BUNDLE framing, read-your-writes, locations
// fetched ahead for this access and the next) and the write overlay of the durable driver
// (src/remote/writeOverlay.ts). A wrong answer from either is a wrong block or a changed trace,
// so each of their rules must be one that a test sees fail. Its tests: those that run ORAMs
// against `paperlab-oram serve` in this process and against IndexedDB (fake-indexeddb), not the
// SIGKILL campaigns, whose child processes would run the code without the active mutant.
import { packageStrykerConfig } from '../../scripts/mutation-config.mjs';

export default packageStrykerConfig(import.meta.url, {
  mutate: ['src/remote/remoteStorage.ts', 'src/remote/writeOverlay.ts'],
  vitestConfig: 'vitest.mutation.remote.config.ts',
});
