// The tests Stryker runs against mutants of the wire codec (stryker.wire.config.mjs), fastest
// first (scripts/mutation-vitest.mjs says why the order matters).
import { mutationVitestConfig } from '../../scripts/mutation-vitest.mjs';
import { sharedConfig } from '../../vitest.shared.ts';

export default mutationVitestConfig(sharedConfig, [
  'test/wireCodec.test.ts',
  'test/remoteServer.test.ts',
]);
