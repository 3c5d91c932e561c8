// Mutation testing of the two-sample Kolmogorov-Smirnov test (src/ksTest2.ts) in a unit of its
// own (`pnpm test:mutation stats.ks`; stryker.config.mjs says why), against the same reference
// tests as the other statistical cores.
import { packageStrykerConfig } from '../../scripts/mutation-config.mjs';

export default packageStrykerConfig(import.meta.url, {
  mutate: ['src/ksTest2.ts'],
  vitestConfig: 'vitest.mutation.config.ts',
  // As for the other statistical cores (stryker.config.mjs).
  timeoutFactor: 1.5,
  timeoutMS: 1_500,
});
