// The tests Stryker runs against mutants of the statistical cores (stryker.config.mjs): the
// files that check quantile, ksTest2, chiSquareTest and the regularized gamma functions against
// numpy/scipy/mpmath values and reference models, fastest first (shared settings and why:
// scripts/mutation-vitest.mjs). The recorder and RNG suites also call these functions (a
// recorder's exact quantiles, the generators' goodness-of-fit checks), but as consumers: they
// check the recorder and the generators, not the statistics, and they are the package's slowest
// files (a million-sample recorder, 2^20 RNG draws), which every surviving mutant would re-run.
// `pnpm test` runs them all.
import { mutationVitestConfig } from '../../scripts/mutation-vitest.mjs';
import { sharedConfig } from '../../vitest.shared.ts';

export default mutationVitestConfig(sharedConfig, [
  'test/kolmogorov.test.ts',
  'test/regularizedGamma.test.ts',
  'test/inferenceModels.test.ts',
  'test/inference.test.ts',
  'test/descriptive.test.ts',
  'test/goodnessOfFit.test.ts',
]);
