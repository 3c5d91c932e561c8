// The tests Stryker runs against mutants of the remote client and the write overlay
// (stryker.remote.config.mjs), fastest and strongest first (scripts/mutation-vitest.mjs).
import { mutationVitestConfig } from '../../scripts/mutation-vitest.mjs';
import { sharedConfig } from '../../vitest.shared.ts';

export default mutationVitestConfig(sharedConfig, [
  'test/writeOverlayEdges.test.ts',
  'test/remoteClientConnection.test.ts',
  'test/remoteClientKnown.test.ts',
  'test/writeOverlay.test.ts',
  'test/remoteHostileServer.test.ts',
  'test/writeOverlayPeek.test.ts',
  'test/durableOptions.test.ts',
  'test/remoteQueued.test.ts',
  'test/remote.test.ts',
  'test/uploadTree.test.ts',
  'test/indexedDb.test.ts',
  'test/crashTorn.test.ts',
  'test/spinWait.test.ts',
  'test/remoteServer.test.ts',
]);
