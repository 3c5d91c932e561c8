// The ORAM bench in headless Chromium next to the same rows in Node, in one run:
//   pnpm --filter @paperlab/oram bench:browser [--seconds 3] [--capacity 65536] [--only off]
// Bundles bench/browserPage.ts with esbuild (browser platform, the sources through the
// @paperlab/source condition), serves it on 127.0.0.1, opens it in Chromium through
// playwright-core, and runs each row first in this Node process and then in the page: the same
// modules (src/cli/benchWorkload.ts: full prefill, uniform addresses, a fair read/write coin
// with the same seed; src/cli/benchRounds.ts: warm-up and five timed rounds), the same
// seconds. The yardstick interleaved with the rounds in both engines is the same JavaScript
// (src/cli/jsYardstick.ts: @noble/ciphers AES-256-GCM, 64-B seals, fresh IV each); the Node
// bench's node:crypto yardstick is measured here too, to scale PyORAM's figure as bench.ts does.
import { createServer, type Server } from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderMarkdownTable } from '@paperlab/stats';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { median, runBenchRounds } from '../src/cli/benchRounds.js';
import { createBenchOram, createBenchWorkload } from '../src/cli/benchWorkload.js';
import { jsYardstickSealsPerSecond } from '../src/cli/jsYardstick.js';
import {
  PYORAM_ACCESSES_PER_SECOND,
  PYORAM_YARDSTICK_SEALS_PER_SECOND,
  yardstickSealsPerSecond,
} from '../src/cli/oramBench.js';
import { chacha20Poly1305 } from '../src/index.js';
import type { BrowserRow, BrowserRowResult } from './browserPage.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    capacity: { type: 'string', default: String(2 ** 16) },
    only: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const seconds = Number(args.seconds);
if (!(seconds > 0 && seconds <= 600)) {
  throw new RangeError(`--seconds must be a number in (0, 600], got ${args.seconds}`);
}
const capacity = Number(args.capacity);
if (!(Number.isInteger(Math.log2(capacity)) && capacity >= 2 && capacity <= 2 ** 20)) {
  throw new RangeError(`--capacity must be a power of two in [2, 2^20], got ${args.capacity}`);
}
const only = args.only === undefined ? undefined : new RegExp(args.only);
const blockSize = 64;
const rows: BrowserRow[] = (['off', 'chacha20-poly1305'] as const)
  .map((cipher) => ({ kind: 'ring' as const, cipher, capacity, blockSize, seconds }))
  .filter((r) => only === undefined || only.test(label(r)));

function label(r: BrowserRow): string {
  return `${r.kind} 2^${Math.log2(r.capacity)} × ${r.blockSize} B, ${r.cipher}`;
}
const fmt = (x: number, d = 0): string =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

function runInNode(row: BrowserRow): BrowserRowResult {
  const cipher = row.cipher === 'off' ? undefined : chacha20Poly1305;
  const oram = createBenchOram(row.kind, row.capacity, row.blockSize, cipher);
  const workload = createBenchWorkload(oram, row.capacity, row.blockSize);
  const t0 = performance.now();
  workload.prefill();
  const prefillSeconds = (performance.now() - t0) / 1000;
  const timed = runBenchRounds(workload.step, row.seconds, jsYardstickSealsPerSecond);
  return { prefillSeconds, ...timed, userAgent: `Node ${process.version}` };
}

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./browserPage.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@paperlab/source'],
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

function serve(js: string): Promise<Server> {
  const html =
    '<!doctype html><meta charset="utf-8"><title>oram bench</title><script type="module" src="/bench.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else if (req.url === '/bench.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    } else res.writeHead(404).end();
  });
  // Port 0: the OS picks a free port.
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

console.log('# @paperlab/oram in headless Chromium and in Node, same run\n');
console.log(`load average at start: ${load()}; ${new Date().toISOString()}\n`);
const js = await bundle();
const server = await serve(js);
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('server has no port');
const browser = await chromium.launch({
  executablePath: args.chromium,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const table: Record<string, string>[] = [];
const nodeYardsticks: number[] = [];
let chromiumVersion = '';
try {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${address.port}/`);
  await page.waitForFunction(() => 'runRow' in globalThis);
  chromiumVersion = browser.version();
  for (const row of rows) {
    console.error(`  ${label(row)}: Node…`);
    nodeYardsticks.push(yardstickSealsPerSecond(0.3));
    const inNode = runInNode(row);
    nodeYardsticks.push(yardstickSealsPerSecond(0.3));
    console.error(`  ${label(row)}: Chromium…`);
    const inBrowser = await page.evaluate(
      (r) => (globalThis as unknown as { runRow: (r: BrowserRow) => BrowserRowResult }).runRow(r),
      row,
    );
    if (errors.length > 0) throw new Error(`page error: ${errors.join('; ')}`);
    for (const [engine, res] of [
      ['Node', inNode],
      ['Chromium', inBrowser],
    ] as const) {
      const rate = median(res.rates);
      const ys = median(res.yardsticks);
      table.push({
        row: label(row),
        engine,
        'prefill s': res.prefillSeconds.toFixed(1),
        'accesses/s': fmt(rate),
        'rounds (accesses/s)': res.rates.map((x) => fmt(x)).join(' '),
        'JS yardstick seals/s': fmt(ys),
        'of JS yardstick': (rate / ys).toFixed(3),
      });
    }
    const nodeRate = median(inNode.rates);
    const browserRate = median(inBrowser.rates);
    table.push({
      row: label(row),
      engine: 'Chromium / Node',
      'prefill s': (inBrowser.prefillSeconds / inNode.prefillSeconds).toFixed(2),
      'accesses/s': (browserRate / nodeRate).toFixed(2),
      'rounds (accesses/s)': '',
      'JS yardstick seals/s': (median(inBrowser.yardsticks) / median(inNode.yardsticks)).toFixed(2),
      'of JS yardstick': '',
    });
  }
} finally {
  await browser.close();
  server.close();
}
const nys = median(nodeYardsticks);
const pyoram = PYORAM_ACCESSES_PER_SECOND[blockSize]! * (nys / PYORAM_YARDSTICK_SEALS_PER_SECOND);
console.log(`Chromium ${chromiumVersion}, Node ${process.version}`);
console.log(
  `JS yardstick: @noble/ciphers AES-256-GCM (JavaScript), one 64-B seal per call with a fresh IV, median of the 5 rounds interleaved with each row's rounds, in the engine that ran the row`,
);
console.log(
  `Node yardstick (as bench.ts): node:crypto AES-256-GCM 64-B seals: ${fmt(nys)}/s (median of ${nodeYardsticks.length}), so PyORAM scaled to this machine ≈ ${fmt(pyoram)} accesses/s (${fmt(PYORAM_ACCESSES_PER_SECOND[blockSize]!)} at ${fmt(PYORAM_YARDSTICK_SEALS_PER_SECOND)} seals/s)\n`,
);
console.log(renderMarkdownTable(table));
// PyORAM was measured at 2^16 × 64 B only.
console.log(`\n× PyORAM (node-yardstick-scaled, ${fmt(pyoram)}/s):`);
for (const t of capacity === 2 ** 16 ? table : []) {
  if (t.engine === 'Chromium / Node') continue;
  const rate = Number(t['accesses/s']!.replaceAll(',', ''));
  console.log(`  ${t.row}, ${t.engine}: ${(rate / pyoram).toFixed(1)}×`);
}
console.log(`\nload average at end: ${load()}; ${new Date().toISOString()}`);
