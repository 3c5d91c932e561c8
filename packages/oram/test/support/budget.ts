// Sizes of the long test campaigns. Under Stryker (vitest.mutation.config.ts sets
// ORAM_MUTATION=1) every mutant that survives re-runs each test that covers it, and nearly every
// test covers the ORAM core, so the campaigns run at a reduced size there: the same assertions
// on fewer accesses, trials or generated cases. `pnpm test` runs the full sizes.
export const MUTATION_RUN = process.env.ORAM_MUTATION === '1';

/** `full` in `pnpm test`, `reduced` in the mutation-testing run. */
export function budget(full: number, reduced: number): number {
  return MUTATION_RUN ? reduced : full;
}
