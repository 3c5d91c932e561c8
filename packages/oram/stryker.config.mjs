// Mutation testing of the ORAM cores: Ring ORAM and Path ORAM (tree, buckets, stash, eviction)
// and the integrity schemes (Merkle tree, RIT, RIT+MUST). Run by `pnpm test:mutation oram` at
// the repository root (settings shared in scripts/mutation-config.mjs). The globs cover both
// today's files and the core/ and integrity/ folders they are moving to; a glob that matches
// nothing is skipped.
import { packageStrykerConfig } from '../../scripts/mutation-config.mjs';

export default packageStrykerConfig(import.meta.url, {
  mutate: [
    'src/core/**/*.ts',
    'src/integrity/**/*.ts',
    'src/ringOram.ts',
    'src/pathOram.ts',
    'src/stash.ts',
    'src/bucketMeta.ts',
    'src/treeGeometry.ts',
    '!src/**/index.ts',
  ],
  // The tests of these modules only, with Vitest's per-test limit raised for the
  // instrumented, loaded run (see the file).
  vitestConfig: 'vitest.mutation.config.ts',
  // Whole ORAM workloads per test: more headroom on a loaded machine.
  timeoutFactor: 4,
});
