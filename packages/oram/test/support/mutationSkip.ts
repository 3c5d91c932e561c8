// Setup file of vitest.mutation.config.ts only: inside the mutation-testing run, skips the
// tests listed in mutationSkipped.ts (a skip in beforeEach runs none of the test's body). They
// stay in `pnpm test` (CONTRIBUTING.md, "Mutation testing").
import { beforeEach } from 'vitest';
import { MUTATION_SKIPPED } from './mutationSkipped.ts';

beforeEach((ctx) => {
  // Vitest's full name: "test/<file> > <describe> > … > <test>".
  const name = (ctx.task as { fullName?: string }).fullName;
  if (name !== undefined && MUTATION_SKIPPED.has(name)) ctx.skip();
});
