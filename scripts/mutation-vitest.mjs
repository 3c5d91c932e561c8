// Vitest settings shared by each package's vitest.mutation.config.ts: the test set Stryker runs
// against the mutants (scripts/mutation-config.mjs).
//
// - Files run in the order listed. Stryker stops a mutant's run at the first failing test
//   (bail), so a killed mutant costs the time of the files that run before its killer. Vitest's
//   default order runs unknown, then larger or slower files first, which suits many workers and
//   is the worst order for bail on one: the configs list their files fastest-and-strongest first.
// - One module graph for all files (isolate: false): the files keep no state in modules, and
//   re-importing the package per file was most of each short run's cost.
// - No console reporter inside Stryker's workers (STRYKER_MUTATOR_WORKER is set there): Stryker
//   reads Vitest's state, not its output, and rendering the default reporter's summary took
//   about a sixth of a one-test run here. Run by hand (`vitest run -c vitest.mutation.config.ts`)
//   the config reports as usual.
import { defineConfig } from 'vitest/config';
import { BaseSequencer } from 'vitest/node';

/**
 * @param {string[]} order `include` globs (relative to the package; `*` within a name only), in
 *   run order; files matched by the same glob keep Vitest's order among them
 */
export function listedOrderSequencer(order) {
  const patterns = order.map(
    (glob) =>
      new RegExp(`/${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`),
  );
  const rank = (moduleId) => {
    const id = moduleId.replaceAll('\\', '/');
    const i = patterns.findIndex((re) => re.test(id));
    return i === -1 ? order.length : i;
  };
  return class ListedOrderSequencer extends BaseSequencer {
    async sort(files) {
      return [...files].sort((a, b) => rank(a.moduleId) - rank(b.moduleId));
    }
  };
}

/**
 * A package's mutation-testing Vitest config.
 * @param {import('vitest/config').UserConfig} shared the package's usual config (vitest.shared.ts)
 * @param {string[]} include test files, fastest and strongest first
 * @param {import('vitest/config').UserConfig['test']} [test] further test options
 */
export function mutationVitestConfig(shared, include, test = {}) {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by Stryker in its workers; no turbo task runs these configs
  const inStryker = process.env.STRYKER_MUTATOR_WORKER !== undefined;
  // Spread, not mergeConfig: mergeConfig would append `include` to the shared one.
  return defineConfig({
    ...shared,
    test: {
      ...shared.test,
      isolate: false,
      include,
      sequence: { ...shared.test?.sequence, sequencer: listedOrderSequencer(include) },
      ...(inStryker ? { reporters: [{}] } : {}),
      ...test,
    },
  });
}
