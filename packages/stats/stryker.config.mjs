// Mutation testing of @paperlab/stats' statistical cores (run by `pnpm test:mutation stats`
// at the repository root; settings shared with the other packages in scripts/mutation-config.mjs).
// The two-sample KS test (src/ksTest2.ts) is mutated in a unit of its own
// (stryker.ks.config.mjs): instrumented, its merge loop slowed the tests of every mutant of the
// run (Stryker's initial run: 7.2 s net with all four modules instrumented, 6.3 s with ksTest2
// alone, 1.0 s with quantile alone, 3 December 2026).
import { packageStrykerConfig } from '../../scripts/mutation-config.mjs';

export default packageStrykerConfig(import.meta.url, {
  mutate: ['src/quantile.ts', 'src/chiSquareTest.ts', 'src/regularizedGamma.ts'],
  // The reference tests of these modules only (see the file).
  vitestConfig: 'vitest.mutation.config.ts',
  // A mutant times out after timeoutFactor × its covering tests' time in the initial run +
  // timeoutMS (+ Stryker's measured overhead). A mutant's run costs about what the initial run
  // did (both count coverage at every mutant site: 8× plain Vitest here, 17.6 s against 2.1 s),
  // so 1.5× leaves a survivor half its time again on a machine whose load changes, and these
  // tests take milliseconds, so 1.5 s is plenty on top. The shared 3× + 10 s held each of the
  // ~45 mutants that loop forever (a quickselect or merge index that stops moving, caught only
  // by the timeout and a worker restart) for up to a minute: most of a from-scratch run.
  timeoutFactor: 1.5,
  timeoutMS: 1_500,
});
