// The tests Stryker runs against mutants of the ORAM core and the integrity schemes
// (stryker.config.mjs). The timing model, the CLI, the examples and the Node-only storage do not
// exercise the mutated code (or only through a whole CLI run), so they stay out; every other test
// file runs, including ones added later.
//
// Under Stryker's instrumentation (every mutant behind a switch, hit counters on) and perTest
// coverage on a loaded 2-core machine the suite runs several times slower than `pnpm test`:
// the 60 s per-test limit of vitest.shared.ts failed the initial (unmutated) run. Stryker
// times each mutant out by itself (timeoutMS and timeoutFactor), so Vitest's own limits only
// need to stay out of its way.
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/timing*.test.ts',
      'test/cli.test.ts',
      'test/examples.test.ts',
      'test/browserSafe.test.ts',
      'test/node*.test.ts',
      'test/poly1305.test.ts',
      '**/node_modules/**',
    ],
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
