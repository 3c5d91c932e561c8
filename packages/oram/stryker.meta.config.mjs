// Mutation testing of the bucket metadata codec (src/bucketMeta.ts) in a unit of its own
// (`pnpm test:mutation oram.meta`; the ORAM core's unit is stryker.config.mjs, which says why
// the codec is apart): the same test set as the core, run with only the codec instrumented. Its
// mutants are killed mostly by the Ring ORAM tests (ReadPath counts, dead channels, the client
// state round trip), not only by test/bucketMeta.test.ts, so the whole set runs here.
import { packageStrykerConfig } from '../../scripts/mutation-config.mjs';

export default packageStrykerConfig(import.meta.url, {
  mutate: ['src/bucketMeta.ts'],
  vitestConfig: 'vitest.mutation.config.ts',
  // As for the core (stryker.config.mjs).
  timeoutFactor: 1.5,
  timeoutMS: 2_000,
});
