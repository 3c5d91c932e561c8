// Mutation testing of @paperlab/stats' statistical cores (run by `pnpm test:mutation stats`
// at the repository root; settings shared with the other packages in scripts/mutation-config.mjs).
import { packageStrykerConfig } from '../../scripts/mutation-config.mjs';

export default packageStrykerConfig(import.meta.url, {
  mutate: ['src/quantile.ts', 'src/ksTest2.ts', 'src/chiSquareTest.ts', 'src/regularizedGamma.ts'],
});
