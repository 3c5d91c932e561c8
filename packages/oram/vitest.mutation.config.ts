// The tests Stryker runs against mutants of the ORAM core and the integrity schemes
// (stryker.config.mjs): the fast tests that check them against something outside the code (a
// Map model, the papers' count formulas, statistical obliviousness tests at small N, the attack
// campaign, replication with dead channels, typed failures, bad input). ORAM_MUTATION=1 runs
// their campaigns at a reduced size (test/support/budget.ts): every surviving mutant re-runs each
// test that covers it, and nearly every test covers the core, so the whole suite (17.6 min for
// Stryker's initial run alone on this machine) would not fit in an hour.
//
// The test files share one module graph (isolate: false): Stryker re-runs them for every mutant,
// and they keep no state in modules (every test builds its own ORAM). Vitest's own per-test
// limit is raised: Stryker times each mutant out by itself (timeoutMS, timeoutFactor), and the
// instrumented run on a loaded machine is several times slower than `pnpm test`.
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Spread, not mergeConfig: mergeConfig would append this list to the shared `include`.
export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    isolate: false,
    env: { ORAM_MUTATION: '1' },
    include: [
      'test/model.test.ts',
      'test/counts.test.ts',
      'test/invariants.test.ts',
      'test/obliviousness.test.ts',
      'test/integrity.test.ts',
      'test/integrityScheme.test.ts',
      'test/failures.test.ts',
      'test/badInput.test.ts',
      'test/replication.test.ts',
    ],
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
