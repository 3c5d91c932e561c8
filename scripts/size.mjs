// Bundle sizes of the packages' public browser entries, as a user's bundler would produce them:
// esbuild, browser platform, ESM, minified, then gzip (level 9). Fails (status 1) when an entry
// is over its limit, so a heavy dependency cannot creep back in. Run by `pnpm size` and as
// part of `pnpm test`. Imports resolve to the packages' TypeScript sources (the workspace's
// @paperlab/source condition), which is what their dist/ is compiled from.
// `node scripts/size.mjs --analyze` also prints, per entry, what each module adds (esbuild's
// metafile analysis), to find what to cut when an entry grows.

import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeMetafile, build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const src = (pkg) => resolve(root, 'packages', pkg, 'src/index.ts');
const KiB = 1024;

/** Each entry: what a user imports, and its limits in bytes (minified / gzip). */
export const entries = [
  // The simulator's one-call API: what a browser playground can afford. The config check is
  // hand-written (configFields.ts, ~3 KiB) since zod/mini alone took 27 KiB of it. Checking the
  // numbers of platforms, pools and plans built directly (not only through the config), and
  // the samplers' overflow bounds, took it from 79.5 to 81.0 KiB (25.0 to 25.5 KiB gzip); the
  // limits are that plus about 10 %.
  {
    name: 'serverless-sim: simulate',
    code: `export { simulate } from ${JSON.stringify(src('serverless-sim'))};`,
    min: 89 * KiB,
    gzip: 28 * KiB,
  },
  {
    name: 'serverless-sim: whole entry',
    code: `export * from ${JSON.stringify(src('serverless-sim'))};`,
    min: 200 * KiB,
    gzip: 60 * KiB,
  },
  // The samplers' overflow checks (a RangeError naming the parameter and its finite range
  // rather than a draw of Infinity) took this from 11.3 to 13.1 KiB (4.4 to 5.0 KiB gzip); the
  // limits are that plus about 10 %.
  {
    name: 'stats: createRng + summarize',
    code: `export { createRng, summarize } from ${JSON.stringify(src('stats'))};`,
    min: 14.5 * KiB,
    gzip: 5.5 * KiB,
  },
  {
    name: 'stats: chiSquareTest',
    code: `export { chiSquareTest } from ${JSON.stringify(src('stats'))};`,
    min: 20 * KiB,
    gzip: 8 * KiB,
  },
  {
    name: 'stats: whole entry',
    code: `export * from ${JSON.stringify(src('stats'))};`,
    min: 60 * KiB,
    gzip: 20 * KiB,
  },
  // oram's layered core (sync and async drivers over one algorithm, integrity schemes behind
  // one interface) took createRingOram from 66.5 to 80.0 KiB and the whole entry from 121.6 to
  // 136.2 KiB (47.4 KiB gzip); the browser-safe remote storages (WebSocket client, IndexedDB,
  // durable driver, wire codec) took the whole entry to 153.6 KiB (53.5 KiB gzip). Moving the
  // replica and mirror fallback into src/reliability/ (recovery interfaces with fail-closed
  // objects) and the BUNDLE wire message took createRingOram from 86.2 to 89.5 KiB (30.5 KiB
  // gzip) and the whole entry from 164.9 to 169.4 KiB (58.7 KiB gzip). The limits are those
  // sizes plus about 10 %, against growth.
  {
    name: 'oram: createRingOram',
    code: `export { createRingOram } from ${JSON.stringify(src('oram'))};`,
    min: 98 * KiB,
    gzip: 34 * KiB,
  },
  {
    name: 'oram: whole entry',
    code: `export * from ${JSON.stringify(src('oram'))};`,
    min: 186 * KiB,
    gzip: 65 * KiB,
  },
];

/** Minified and gzipped bytes of one entry (and esbuild's per-module analysis with `analyze`). */
export async function measure(code, { analyze = false } = {}) {
  const out = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    conditions: ['@paperlab/source'],
    logLevel: 'error',
    metafile: analyze,
  });
  const bytes = out.outputFiles[0].contents;
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    ...(analyze ? { analysis: await analyzeMetafile(out.metafile) } : {}),
  };
}

const kib = (n) => (n / KiB).toFixed(1);

/** Measures every entry; `over` counts those past a limit. */
export async function checkSizes(list = entries, { analyze = false } = {}) {
  const rows = [];
  for (const e of list) {
    const m = await measure(e.code, { analyze });
    if (analyze) console.log(`${e.name}:${m.analysis}`);
    rows.push({ ...e, size: m, ok: m.min <= e.min && m.gzip <= e.gzip });
  }
  return { rows, over: rows.filter((r) => !r.ok).length };
}

/** The report as aligned text. */
export function formatSizes(rows) {
  const head = ['entry', 'min KiB', 'limit', 'gzip KiB', 'limit', ''];
  const cells = rows.map((r) => [
    r.name,
    kib(r.size.min),
    kib(r.min),
    kib(r.size.gzip),
    kib(r.gzip),
    r.ok ? 'ok' : 'OVER',
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  return [head, ...cells]
    .map((r) =>
      r
        .map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

if (process.argv[1] === import.meta.filename) {
  const { rows, over } = await checkSizes(entries, { analyze: process.argv.includes('--analyze') });
  console.log(formatSizes(rows));
  console.log(
    over === 0
      ? 'size: every entry within its limit'
      : `size: ${over} of ${rows.length} entries over the limit`,
  );
  process.exit(over === 0 ? 0 : 1);
}
