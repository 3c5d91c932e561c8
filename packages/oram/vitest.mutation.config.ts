// The tests Stryker runs against mutants of the ORAM core and the integrity schemes
// (stryker.config.mjs) and of the metadata codec (stryker.meta.config.mjs): the fast tests
// that check them against something outside the code (a Map model, the papers' count formulas
// and bucket bounds, the storage protocol's failure rules and fetch-ahead promise, a reference
// model of the bucket counters, statistical obliviousness tests at small N, the attack
// campaign, replication with dead channels, typed failures, bad input), fastest and strongest first (shared settings and why:
// scripts/mutation-vitest.mjs). ORAM_MUTATION=1 runs their campaigns at a reduced size
// (test/support/budget.ts): every surviving mutant re-runs each test that covers it, and nearly
// every test covers the core, so the whole suite (17.6 min for Stryker's initial run alone on
// this machine) would not fit in an hour. Every test builds its own ORAM (no state in modules).
//
// Vitest's own per-test limit is raised: Stryker times each mutant out by itself (timeoutMS,
// timeoutFactor), and the instrumented run on a loaded machine is several times slower than
// `pnpm test`.
import { fileURLToPath } from 'node:url';
import { mutationVitestConfig } from '../../scripts/mutation-vitest.mjs';
import { sharedConfig } from '../../vitest.shared.ts';

export default mutationVitestConfig(
  sharedConfig,
  [
    'test/evictionPlanner.test.ts',
    'test/stash.test.ts',
    'test/ringReadPath.test.ts',
    'test/ringPrefetch.test.ts',
    'test/ringLifecycle.test.ts',
    'test/ringOramChecks.test.ts',
    'test/ringDeadChannel.test.ts',
    'test/ringReadOnce.test.ts',
    'test/ringMirrorWrites.test.ts',
    'test/bucketMeta.test.ts',
    'test/dummyCandidates.test.ts',
    'test/model.test.ts',
    'test/badInput.test.ts',
    'test/ringOptions.test.ts',
    'test/integrityScheme.test.ts',
    'test/invariants.test.ts',
    'test/oramShell.test.ts',
    'test/oramShellAbandon.test.ts',
    'test/pathOram.test.ts',
    'test/pathOramChecks.test.ts',
    'test/counts.test.ts',
    'test/integrity.test.ts',
    'test/failures.test.ts',
    'test/obliviousness.test.ts',
    'test/replication.test.ts',
  ],
  {
    env: { ORAM_MUTATION: '1' },
    testTimeout: 900_000,
    hookTimeout: 900_000,
    // Slow tests that were the first to fail for no mutant (list and reason in the file).
    // Absolute: Stryker runs Vitest from the repository root of its sandbox.
    setupFiles: [fileURLToPath(new URL('./test/support/mutationSkip.ts', import.meta.url))],
  },
);
