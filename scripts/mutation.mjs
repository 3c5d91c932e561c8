// `pnpm test:mutation [package|unit…] [--report] [-- stryker options…]`
//
// Runs StrykerJS once per unit, one after the other, from the repository root. A unit is one
// Stryker config: a package's stryker.config.mjs (unit "<package>") and, where a package splits
// its mutants over several runs, each stryker.<part>.config.mjs (unit "<package>.<part>").
// Why split: Stryker instruments every mutated file of a run, and a test that runs through
// an instrumented hot loop (a byte copy, a metadata codec) is several times slower for every
// mutant of the run, not just that file's (CONTRIBUTING.md, "Mutation testing"). Naming a
// package runs all its units; naming a unit runs that one. Runs are incremental: Stryker
// re-tests only mutants whose code or covering tests changed since the run recorded in
// reports/mutation/<unit>.incremental.json. Then it prints the last mutation score of every
// scoped module (one row per mutated file) from Stryker's JSON reports, and the surviving
// mutants: those listed in scripts/mutation-equivalent.json as equivalent (no test can tell
// them from the original) with the reason given there, and the others, which need a test.
//
//   --report   print the last scores without running Stryker
//   -- …       passed to `stryker run` of every unit selected (e.g. `-- --dryRunOnly`,
//              `-- --mutate src/x.ts`: name the unit whose config mutates that file)
//
// Exit code 1 when a module scores below TARGET (or a run fails).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unitName } from './mutation-config.mjs';

const TARGET = 80;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const strykerBin = join(
  dirname(fileURLToPath(import.meta.resolve('@stryker-mutator/core/package.json'))),
  'bin',
  'stryker.js',
);

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash === -1 ? argv : argv.slice(0, dash);
const passThrough = dash === -1 ? [] : argv.slice(dash + 1);
const reportOnly = own.includes('--report');
const named = own.filter((a) => !a.startsWith('--'));

/** Every unit: { name, pkg, config } with config relative to the root. */
const units = [];
for (const pkg of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', pkg);
  if (!statSync(dir).isDirectory()) continue;
  for (const file of readdirSync(dir).sort()) {
    const name = unitName(pkg, file);
    if (name !== undefined) units.push({ name, pkg, config: `packages/${pkg}/${file}` });
  }
}
for (const name of named) {
  if (!units.some((u) => u.name === name || u.pkg === name)) {
    const choices = [...new Set(units.flatMap((u) => [u.pkg, u.name]))];
    console.error(
      `unknown package or unit ${JSON.stringify(name)}; expected one of ${choices.join(', ')}`,
    );
    process.exit(2);
  }
}
const selected =
  named.length > 0 ? units.filter((u) => named.includes(u.name) || named.includes(u.pkg)) : units;

let failed = false;
if (!reportOnly) {
  for (const { name, config } of selected) {
    // The incremental files over 1 MB are not committed (reports/mutation/.gitignore). Without
    // one, a run limited by `--mutate` would write a report of those mutants alone, dropping
    // every other module's last result. The JSON report has the incremental file's format
    // (mutation-testing-report-schema, with the test files), so a fresh checkout starts from it:
    // Stryker keeps the results of the files it does not mutate this time.
    const incremental = join(root, 'reports', 'mutation', `${name}.incremental.json`);
    const report = join(root, 'reports', 'mutation', `${name}.json`);
    if (!existsSync(incremental) && existsSync(report)) copyFileSync(report, incremental);
    console.log(`\n## stryker run ${config} ${passThrough.join(' ')}`);
    const started = Date.now();
    const run = spawnSync(process.execPath, [strykerBin, 'run', config, ...passThrough], {
      cwd: root,
      stdio: 'inherit',
    });
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    console.log(`${config}: stryker exited with ${run.status} after ${minutes} min`);
    if (run.status !== 0) failed = true;
  }
}

/**
 * "file|mutator|original|replacement" → the entries of scripts/mutation-equivalent.json with that
 * key. An entry with `line` matches only mutants whose source line contains that text: the same
 * change (say `false` → `true`) can be equivalent in one statement and not in another.
 */
const equivalents = new Map();
const equivalentEntries = [];
const equivalentFile = join(root, 'scripts', 'mutation-equivalent.json');
if (existsSync(equivalentFile)) {
  for (const e of JSON.parse(readFileSync(equivalentFile, 'utf8')).mutants) {
    const k = key(e.file, e.mutator, e.original, e.replacement);
    const entry = { key: k, reason: e.reason, line: e.line, matched: false };
    equivalentEntries.push(entry);
    equivalents.set(k, [...(equivalents.get(k) ?? []), entry]);
  }
}

/** The entry of scripts/mutation-equivalent.json listing mutant m of file, if any (marked matched). */
function equivalentEntry(file, source, m) {
  const k = key(file, m.mutatorName, originalText(source, m.location), m.replacement ?? '');
  const text = source.split('\n')[m.location.start.line - 1] ?? '';
  const found = (equivalents.get(k) ?? []).filter(
    (e) => e.line === undefined || text.includes(e.line),
  );
  for (const e of found) e.matched = true;
  return found[0];
}

function key(file, mutator, original, replacement) {
  const squash = (s) => s.replace(/\s+/g, ' ').trim();
  return [file, mutator, squash(original), squash(replacement)].join('|');
}

/** The source text a mutant replaces (mutation-testing-report-schema: 1-based lines and
 * columns, end exclusive). */
function originalText(source, { start, end }) {
  const lines = source.split('\n');
  if (start.line === end.line) {
    return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  }
  return [
    lines[start.line - 1].slice(start.column - 1),
    ...lines.slice(start.line, end.line - 1),
    lines[end.line - 1].slice(0, end.column - 1),
  ].join('\n');
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const rows = [];
const survivors = [];
/** Stryker's reason for ignoring a mutant → how many. */
const ignoredWhy = new Map();
/** Module → the unit whose report gave its row (a module must belong to one unit). */
const reportedBy = new Map();
for (const { name } of selected) {
  const reportFile = join(root, 'reports', 'mutation', `${name}.json`);
  if (!existsSync(reportFile)) {
    rows.push({
      module: `reports/mutation/${name}.json`,
      note: `no report yet (run \`pnpm test:mutation ${name}\`)`,
    });
    continue;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    if (reportedBy.has(file)) {
      // A file moved from one unit to another keeps its old results in the first unit's
      // report (Stryker carries over the files a run does not mutate) until that report is
      // rebuilt from scratch.
      console.warn(
        `${file} is in the reports of both ${reportedBy.get(file)} and ${name} (the row is ${reportedBy.get(file)}'s): rebuild the unit whose config no longer mutates it from scratch (delete its reports/mutation/<unit>.json and <unit>.incremental.json, then run it)`,
      );
      continue;
    }
    reportedBy.set(file, name);
    const count = {
      detected: 0,
      survived: 0,
      noCoverage: 0,
      equivalent: 0,
      ignored: 0,
      invalid: 0,
    };
    for (const m of mutants) {
      // A listed equivalent that timed out was slowed down (a speed-only path), not detected:
      // it counts as equivalent, as when it survives.
      const entry =
        m.status === 'Timeout' || UNDETECTED.has(m.status)
          ? equivalentEntry(file, source, m)
          : undefined;
      const timedOutEquivalent = m.status === 'Timeout' && entry !== undefined;
      if (DETECTED.has(m.status) && !timedOutEquivalent) count.detected++;
      else if (UNDETECTED.has(m.status) || timedOutEquivalent) {
        const original = originalText(source, m.location);
        const reason = entry?.reason;
        if (reason === undefined) {
          if (m.status === 'Survived') count.survived++;
          else count.noCoverage++;
        } else count.equivalent++;
        survivors.push({ file, m, original, reason });
      } else if (m.status === 'Ignored') {
        // Static mutants, and the capacity guards of scripts/mutation-ignorers.mjs.
        count.ignored++;
        const why = m.statusReason ?? 'ignored';
        ignoredWhy.set(why, (ignoredWhy.get(why) ?? 0) + 1);
      } else count.invalid++; // CompileError, RuntimeError: not in the score
    }
    const valid = count.detected + count.survived + count.noCoverage + count.equivalent;
    rows.push({
      module: file,
      ...count,
      score: valid === 0 ? Number.NaN : (100 * count.detected) / valid,
      // Equivalent mutants cannot be killed by any test; the score without them is the one
      // held against the target.
      scoreWithoutEquivalent:
        valid === count.equivalent
          ? Number.NaN
          : (100 * count.detected) / (valid - count.equivalent),
    });
  }
}

const pct = (x) => (Number.isNaN(x) ? '—' : `${x.toFixed(1)} %`);
console.log(
  `\n## Mutation score per scoped module (last run: reports/mutation/<unit>.json; target ${TARGET} %)\n`,
);
console.log(
  '| module | killed | survived | no coverage | equivalent | ignored | score | score w/o equivalent |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  if (r.note) {
    console.log(`| ${r.module} | ${r.note} | | | | | | |`);
    continue;
  }
  const ok = r.scoreWithoutEquivalent >= TARGET || Number.isNaN(r.scoreWithoutEquivalent);
  if (!ok) failed = true;
  console.log(
    `| ${r.module} | ${r.detected} | ${r.survived} | ${r.noCoverage} | ${r.equivalent} | ${r.ignored} | ${pct(r.score)} | ${pct(r.scoreWithoutEquivalent)}${ok ? '' : ` < ${TARGET} %`} |`,
  );
}
console.log(
  '\nkilled = killed or timed out (a listed equivalent that timed out counts as equivalent); score = killed / (killed + survived + no coverage + equivalent);',
);
console.log(
  'the target applies to the score without the equivalent mutants (no test can kill those).',
);
if (ignoredWhy.size > 0) {
  console.log('Ignored (not in the score):');
  for (const [why, n] of ignoredWhy) console.log(`  ${n} × ${why}`);
}

const byPlace = (a, b) =>
  a.file.localeCompare(b.file) ||
  a.m.location.start.line - b.m.location.start.line ||
  a.m.location.start.column - b.m.location.start.column;
const listed = survivors.filter((s) => s.reason !== undefined).sort(byPlace);
const unexplained = survivors.filter((s) => s.reason === undefined).sort(byPlace);
const where = ({ file, m }) => `${file}:${m.location.start.line}:${m.location.start.column}`;
const show = (text) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 70 ? `${flat.slice(0, 67)}...` : flat);
};
const change = ({ m, original }) =>
  `${m.mutatorName} ${show(original)} → ${show(m.replacement ?? '')}`;
if (listed.length > 0) {
  console.log(
    `\n## Equivalent surviving mutants (${listed.length}, reasons from scripts/mutation-equivalent.json)\n`,
  );
  for (const s of listed) console.log(`- ${where(s)} ${change(s)}\n    ${s.reason}`);
}
if (unexplained.length > 0) {
  console.log(`\n## Surviving mutants that need a test (${unexplained.length})\n`);
  for (const s of unexplained) console.log(`- ${where(s)} [${s.m.status}] ${change(s)}`);
} else if (rows.some((r) => !r.note)) {
  console.log('\nNo surviving mutant without an equivalence reason.');
}
// Only the modules whose reports were read: running one unit says nothing of the others'.
const stale = equivalentEntries
  .filter((e) => !e.matched && reportedBy.has(e.key.split('|')[0]))
  .map((e) => e.key);
if (stale.length > 0) {
  console.log(
    `\n${stale.length} entr${stale.length === 1 ? 'y' : 'ies'} of scripts/mutation-equivalent.json match no surviving mutant (killed now, or the code moved):`,
  );
  for (const k of stale) console.log(`  ${k.split('|').slice(0, 3).join(' ')}`);
}
process.exit(failed ? 1 : 0);
