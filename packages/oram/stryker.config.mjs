// Mutation testing of the ORAM cores: Ring ORAM and Path ORAM (tree, buckets, stash, eviction)
// and the integrity schemes (Merkle tree, RIT, RIT+MUST). Run by `pnpm test:mutation oram` at
// the repository root (settings shared in scripts/mutation-config.mjs): the shared core
// (src/core/: tree geometry, position map, stash, eviction planner, configuration, client
// shell), the integrity schemes (src/integrity/), both ORAMs and the bucket metadata codec, and
// the three parts of src/reliability/ that every configuration runs through: the choice of a
// valid dummy in ReadPath (dummyCandidates.ts) and the fail-closed handling of a failed read or
// write without replication or a mirror (slotRecovery.ts, metaRecovery.ts). The rest of
// src/reliability/ (replica and mirror recovery, ECP, the fault campaign) is a fault-tolerance
// layer outside the ORAM core, left out (CONTRIBUTING.md, "Mutation testing").
//
// Two hot leaf modules are mutated in units of their own, so that this run, whose tests pass
// through them millions of times, executes them uninstrumented: the byte loops of
// src/core/copyBytes.ts (stryker.bytes.config.mjs) and the metadata codec src/bucketMeta.ts
// (stryker.meta.config.mjs). Stryker's initial run of the test set took 28.2 s net with every
// module instrumented and 12.3 s without those two (plain Vitest: 2.7 s), 3 December 2026.
import { packageStrykerConfig } from '../../scripts/mutation-config.mjs';

export default packageStrykerConfig(import.meta.url, {
  mutate: [
    'src/core/**/*.ts',
    'src/integrity/**/*.ts',
    'src/ringOram.ts',
    'src/pathOram.ts',
    'src/reliability/dummyCandidates.ts',
    'src/reliability/slotRecovery.ts',
    'src/reliability/metaRecovery.ts',
    '!src/**/index.ts',
    '!src/core/copyBytes.ts',
  ],
  // The tests of these modules only, with Vitest's per-test limit raised for the
  // instrumented, loaded run (see the file).
  vitestConfig: 'vitest.mutation.config.ts',
  // A mutant times out after timeoutFactor × its covering tests' time in the initial run +
  // timeoutMS (+ Stryker's measured overhead). A mutant's run costs about what the initial run
  // did (both count coverage at every mutant site), so 1.5× leaves a survivor half its time
  // again if the load rises. The earlier 4× + 10 s held each mutant that loops forever (an index
  // that stops moving, caught only by the timeout and a worker restart) for minutes: 21 of
  // the first 1,019 mutants took most of that 61-minute run.
  timeoutFactor: 1.5,
  timeoutMS: 2_000,
});
