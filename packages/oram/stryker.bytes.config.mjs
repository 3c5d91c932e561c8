// Mutation testing of the byte loops (src/core/copyBytes.ts: copyBytes, xorBytes, zeroBytes,
// the word views) in a unit of its own (`pnpm test:mutation oram.bytes`; stryker.config.mjs says
// why), against their reference test alone: test/copyBytes.test.ts checks every function
// against the plain byte loop on random offsets, lengths and alignments, and overlaps. In the
// from-scratch run of the whole ORAM test set (3 December 2026, reports of commit 92c94f9) that
// file was the first failure of all 37 killed copyBytes mutants and caught the 12 that loop
// forever, and the 15 it let survive survived every other test as well. Stryker's initial run
// takes 0.4 s net against that file, 12–14 s against the whole set with copyBytes.ts
// instrumented (CONTRIBUTING.md, "Units").
import { packageStrykerConfig } from '../../scripts/mutation-config.mjs';

export default packageStrykerConfig(import.meta.url, {
  mutate: ['src/core/copyBytes.ts'],
  vitestConfig: 'vitest.mutation.bytes.config.ts',
  timeoutFactor: 1.5,
  timeoutMS: 2_000,
});
