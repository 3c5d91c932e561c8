// Shared StrykerJS settings for every package's stryker.config.mjs; `pnpm test:mutation`
// (scripts/mutation.mjs) runs each package's config from the repository root.
//
// Stryker runs from the repository root, not the package folder, because tests import
// root files (vitest.shared.ts, vitest.examples.ts): its sandbox is a copy of the root minus
// the other packages and the docs, with every node_modules symlinked in, so workspace
// packages resolve to their real folders.
import { readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Stryker config file names: stryker.config.mjs, or stryker.<part>.config.mjs. */
const CONFIG_FILE = /^stryker(?:\.([a-z0-9-]+))?\.config\.mjs$/;

/**
 * The unit of package pkg's config file `file` (scripts/mutation.mjs): "<pkg>" for
 * stryker.config.mjs, "<pkg>.<part>" for stryker.<part>.config.mjs, undefined for any other file.
 */
export function unitName(pkg, file) {
  const m = CONFIG_FILE.exec(file);
  if (m === null) return undefined;
  return m[1] === undefined ? pkg : `${pkg}.${m[1]}`;
}

/**
 * @param {string} configUrl import.meta.url of the package's stryker.config.mjs, or of one of
 *   its stryker.<part>.config.mjs (a unit of its own: scripts/mutation.mjs), whose reports are
 *   then named <package>.<part>
 * @param {{ mutate: string[], timeoutFactor?: number, timeoutMS?: number, vitestConfig?: string }} options
 *   mutate: globs relative to the package folder (a glob that matches nothing is fine: folders
 *   may not exist yet); vitestConfig: the Vitest config file, relative to the package folder
 *   (default vitest.config.ts), e.g. one limited to the fast tests that exercise the mutated
 *   code, since every surviving mutant runs each test that covers it
 */
export function packageStrykerConfig(
  configUrl,
  { mutate, timeoutFactor = 3, timeoutMS = 10_000, vitestConfig = 'vitest.config.ts' },
) {
  const dir = relative(root, dirname(fileURLToPath(configUrl))).replaceAll('\\', '/');
  const name = unitName(dir.split('/').pop(), basename(fileURLToPath(configUrl)));
  const others = readdirSync(join(root, 'packages')).filter((p) => `packages/${p}` !== dir);
  return {
    // pnpm keeps the plugins out of @stryker-mutator/core's reach, so name their files.
    plugins: [
      fileURLToPath(import.meta.resolve('@stryker-mutator/vitest-runner')),
      join(root, 'scripts', 'mutation-ignorers.mjs'),
    ],
    ignorers: ['capacity-guards'],
    testRunner: 'vitest',
    // `related`: the dry run runs only test files that import a mutated file (Vitest's module
    // graph); each mutant then runs only the tests that covered it (coverageAnalysis perTest).
    vitest: { configFile: `${dir}/${vitestConfig}`, dir, related: true },
    // No type checker: on two cores it halved the test-runner slots for the few mutants that
    // fail to compile (vitest strips types, so those simply run and are killed or survive).
    mutate: mutate.map((glob) =>
      glob.startsWith('!') ? `!${dir}/${glob.slice(1)}` : `${dir}/${glob}`,
    ),
    ignorePatterns: [
      '/docs',
      '/reports',
      '/bench-results',
      ...others.map((p) => `/packages/${p}`),
      `/${dir}/dist`,
      '**/.turbo',
    ],
    coverageAnalysis: 'perTest',
    // Static mutants (module-level constants such as lookup tables) run the whole test suite
    // each, minutes apiece here; Stryker reports them as Ignored, and the score table counts
    // them apart.
    ignoreStatic: true,
    // Only the mutants whose code or covering tests changed since the last run are tested
    // again. The file is kept in the repository when it is under 1 MB (reports/mutation/
    // .gitignore lists the others), so a fresh clone starts from the last run. Test ids hold
    // the test file's path, so a run from another checkout path reuses little.
    incremental: true,
    incrementalFile: `reports/mutation/${name}.incremental.json`,
    reporters: ['json', 'progress-append-only', 'clear-text'],
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
    // Two cores shared with other work: one test worker (`-- --concurrency 2` on an idle
    // machine), and generous timeouts so a slow machine does not turn survivors into
    // "timeouts" (which Stryker counts as killed).
    concurrency: 1,
    timeoutFactor,
    timeoutMS,
    // The initial (unmutated) run of a whole package's tests: Stryker's 5-minute default is
    // too short for the ORAM and simulator suites on a loaded 2-core machine.
    dryRunTimeoutMinutes: 30,
    thresholds: { high: 90, low: 80, break: null },
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
  };
}
