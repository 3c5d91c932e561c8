// The test Stryker runs against mutants of the byte loops (stryker.bytes.config.mjs): their
// reference test against the plain byte loop.
import { mutationVitestConfig } from '../../scripts/mutation-vitest.mjs';
import { sharedConfig } from '../../vitest.shared.ts';

export default mutationVitestConfig(sharedConfig, ['test/copyBytes.test.ts'], {
  env: { ORAM_MUTATION: '1' },
  testTimeout: 900_000,
  hookTimeout: 900_000,
});
