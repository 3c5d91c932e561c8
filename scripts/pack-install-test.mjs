// Packs every publishable package with `pnpm pack`, installs the tarballs into an empty npm
// project outside the workspace and imports each one there, so the per-package npm import is
// checked exactly as a user would meet it (workspace:* rewritten, only `files` shipped). Each
// tarball must hold a LICENSE; the simulator's must ship the config's JSON Schema (importable
// through its `exports`) and the sweep worker entry. Prints what the install weighs (every
// file under the app's node_modules, by package) and fails above MAX_INSTALL_BYTES.
// The tarballs are packed from dist/: run `pnpm -r build` first.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packagesDir = join(root, 'packages');
const work = mkdtempSync(join(tmpdir(), 'paperlab-pack-'));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

/** The three packages with their dependencies, installed: at most 5 MB (10^6 bytes). */
const MAX_INSTALL_BYTES = 5_000_000;

/** Bytes of every file under `path` (symlinks counted as links, not followed). */
function bytesUnder(path) {
  const st = lstatSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

/** Installed size of each package under node_modules (scoped ones as @scope/name). */
function installSizes(nodeModules) {
  const sizes = [];
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith('.')) continue;
    const dirs = name.startsWith('@')
      ? readdirSync(join(nodeModules, name)).map((n) => `${name}/${n}`)
      : [name];
    for (const d of dirs) sizes.push({ name: d, bytes: bytesUnder(join(nodeModules, d)) });
  }
  return sizes.sort((a, b) => b.bytes - a.bytes);
}

let failed = 0;
/** Files a tarball must hold besides LICENSE. */
const shipped = {
  '@paperlab/serverless-sim': ['package/simulation-config.schema.json'],
};
/** Extra checks run inside the installed app, per package. */
const extraChecks = {
  '@paperlab/serverless-sim': `
    const { default: schema } = await import('@paperlab/serverless-sim/simulation-config.schema.json', { with: { type: 'json' } });
    if (schema.type !== 'object' || !schema.properties?.platform?.enum?.includes('faasd')) throw new Error('the JSON Schema lacks the platform enum');
    const { existsSync } = await import('node:fs');
    const worker = new URL(import.meta.resolve('@paperlab/serverless-sim/sweep-worker'));
    if (!existsSync(worker)) throw new Error('the sweep-worker entry resolves to a missing file');
    console.log('@paperlab/serverless-sim: JSON Schema and sweep-worker entry present');`,
};
try {
  const tarballs = {};
  for (const dir of readdirSync(packagesDir)) {
    const manifest = JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    run('pnpm', ['pack', '--pack-destination', work], join(packagesDir, dir));
    const file = readdirSync(work).find(
      (f) => f.endsWith('.tgz') && f.startsWith(manifest.name.replace('@', '').replace('/', '-')),
    );
    if (!file) throw new Error(`pnpm pack produced no tarball for ${manifest.name}`);
    tarballs[manifest.name] = join(work, file);
    const listed = run('tar', ['-tzf', join(work, file)], work).split('\n');
    const required = ['package/LICENSE', ...(shipped[manifest.name] ?? [])];
    for (const path of required) {
      if (!listed.includes(path)) {
        failed++;
        console.error(`FAIL ${manifest.name}: the tarball has no ${path.slice('package/'.length)}`);
      }
    }
  }
  const app = join(work, 'app');
  run('mkdir', ['-p', app], work);
  const deps = Object.fromEntries(Object.entries(tarballs).map(([n, f]) => [n, `file:${f}`]));
  // overrides make a tarball's dependency on a sibling (e.g. @paperlab/stats) use the local
  // tarball, since the packages are not on the registry yet.
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'app',
      private: true,
      type: 'module',
      dependencies: deps,
      overrides: deps,
    }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app);
  const sizes = installSizes(join(app, 'node_modules'));
  const total = sizes.reduce((s, p) => s + p.bytes, 0);
  const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
  console.log(
    `install size: ${mb(total)} in ${sizes.length} packages (limit ${mb(MAX_INSTALL_BYTES)}): ${sizes.map((p) => `${p.name} ${mb(p.bytes)}`).join(', ')}`,
  );
  if (total > MAX_INSTALL_BYTES) {
    failed++;
    console.error(`FAIL install size ${mb(total)} is over ${mb(MAX_INSTALL_BYTES)}`);
  }
  for (const name of Object.keys(tarballs)) {
    const code = `const m = await import(${JSON.stringify(name)}); const n = Object.keys(m).length; if (n === 0) throw new Error('no exports'); console.log(${JSON.stringify(name)} + ': ' + n + ' exports');${extraChecks[name] ?? ''}`;
    try {
      process.stdout.write(run('node', ['--input-type=module', '-e', code], app));
    } catch (e) {
      failed++;
      console.error(`FAIL ${name}: ${e.message}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(
  failed === 0
    ? 'pack-install: all packages import from their tarballs'
    : `pack-install: ${failed} failed`,
);
process.exit(failed === 0 ? 0 : 1);
