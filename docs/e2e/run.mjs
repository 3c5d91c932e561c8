// The browser suite: serves the production build on 127.0.0.1, opens every page in Debian's
// Chromium through playwright-core, and checks that pages load cleanly, that every runnable
// example prints exactly its stored `.out`, and whatever page-specific checks e2e/checks/
// adds. Prints one line per check and finally `N passed, M failed`.
//
// Options, for quick local runs against an existing build (`node e2e/run.mjs …`):
//   --only <regexp>    visit only the routes matching it (e.g. --only '^/docs/learn/iro$');
//                      a bare first argument is a substring filter, as before
//   --check <text>     run only the page checks whose name or file contains <text>
//                      ("examples" selects the runnable-example comparisons); every visited
//                      page is still checked for loading and console errors
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import handler from 'serve-handler';
import { TRACE_CATEGORIES } from './checks/longTasks.mjs';
import { waitForDom } from './checks/waitFor.mjs';

const docsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(docsDir, '..');
const buildDir = path.join(docsDir, 'build');
const shotsDir = path.join(docsDir, 'e2e', 'screenshots');
const checksDir = path.join(docsDir, 'e2e', 'checks');

/** Serves the build with serve-handler, the library `docusaurus serve` uses, with the options
 * it passes (cleanUrls, the site's trailingSlash: false, no directory listing; baseUrl is /).
 * A page shadowed by a folder of the same name, or a redirect stub, reaches the suite exactly
 * as it reaches a visitor of `docusaurus serve`. */
function serve() {
  const server = createServer((req, res) => {
    handler(req, res, {
      public: buildDir,
      cleanUrls: true,
      trailingSlash: false,
      directoryListing: false,
    }).catch((e) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
    });
  });
  return new Promise((resolve) => {
    // Port 0: the OS picks a free port, so parallel runs never collide.
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Page paths from the build's sitemap.xml, which lists every route Docusaurus rendered. */
function sitemapPaths() {
  const xml = readFileSync(path.join(buildDir, 'sitemap.xml'), 'utf8');
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  return [...new Set(paths)].sort();
}

/** Pages of the generated API reference (static pages, visited a few at a time). */
const isReference = (r) => r.startsWith('/docs/api/');

let passed = 0;
let failed = 0;
function record(ok, name, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`);
}

function firstDifference(actual, expected) {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) {
      return `line ${i + 1}: got ${JSON.stringify(a[i] ?? '<none>')}, expected ${JSON.stringify(e[i] ?? '<none>')}`;
    }
  }
  return '';
}

/** Clicks every Run button on the page and compares the output with the .out on disk. */
async function checkExamples(page, route) {
  const boxes = page.locator('[data-runnable-example]');
  const count = await boxes.count();
  for (let i = 0; i < count; i++) {
    const box = boxes.nth(i);
    const examplePath = await box.getAttribute('data-runnable-example');
    const name = `${route}: example ${examplePath || `#${i + 1}`} prints its .out`;
    try {
      const button = box.getByRole('button', { name: 'Run', exact: true });
      await button.click({ timeout: 30_000 });
      // The end of the run, seen on the DOM change that shows it (not polled).
      const state = await waitForDom(
        page,
        (i) => {
          const s = document
            .querySelectorAll('[data-runnable-example]')
            [i]?.querySelector('[data-status]')
            ?.getAttribute('data-status');
          return s && !['idle', 'running'].includes(s) ? s : '';
        },
        { arg: i, timeout: 60_000, what: `example ${i + 1} to finish` },
      );
      const output = await box.locator('[data-testid="example-output"]').textContent();
      if (!examplePath) {
        record(state !== 'error', name, state === 'error' ? 'threw' : '');
        continue;
      }
      const expected = readFileSync(
        path.join(repoRoot, examplePath.replace(/\.ts$/, '.out')),
        'utf8',
      );
      const error =
        state === 'error' ? await box.locator('[data-testid="example-error"]').textContent() : '';
      const same = output === expected;
      record(
        same && state === 'match',
        name,
        same
          ? state === 'match'
            ? ''
            : `status ${state}`
          : firstDifference(output ?? '', expected) + (error ? ` (${error})` : ''),
      );
    } catch (e) {
      record(false, name, e instanceof Error ? e.message.split('\n')[0] : String(e));
    }
  }
  return count;
}

async function loadChecks() {
  if (!existsSync(checksDir)) return [];
  const checks = [];
  for (const f of readdirSync(checksDir)
    .filter((n) => n.endsWith('.mjs'))
    .sort()) {
    const mod = await import(pathToFileURL(path.join(checksDir, f)).href);
    for (const c of mod.default ?? []) checks.push({ ...c, file: f });
  }
  return checks;
}

/** Command-line options (see the header). */
function parseArgs(argv) {
  const opts = { only: null, check: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') opts.only = new RegExp(argv[++i] ?? '');
    else if (a === '--check') opts.check = (argv[++i] ?? '').toLowerCase();
    else if (!a.startsWith('--') && opts.only === null)
      opts.only = new RegExp(a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

const selected = (check, filter) =>
  filter === null ||
  check.name.toLowerCase().includes(filter) ||
  check.file.toLowerCase().includes(filter);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(buildDir, 'sitemap.xml'))) {
    console.error(`no build in ${buildDir}: run \`pnpm --filter @paperlab/docs build\` first`);
    process.exit(2);
  }
  mkdirSync(shotsDir, { recursive: true });
  const server = await serve();
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  const allChecks = await loadChecks();
  // Init scripts (the long-task observer) go into every page even when a filter drops their
  // check: other checks read what they record.
  const initScripts = allChecks.filter((c) => c.initScript).map((c) => c.initScript);
  const checks = allChecks.filter((c) => selected(c, opts.check));
  const runExamples = opts.check === null || 'examples'.includes(opts.check);
  checks.sort((a, b) => Number(a.last === true) - Number(b.last === true));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const routes = sitemapPaths().filter((r) => opts.only === null || opts.only.test(r));
    record(routes.length > 0, `sitemap lists ${routes.length} pages`);
    const visit = async (route, { traceable = false } = {}) => {
      // A check marked `trace` gets a Chromium trace of the whole visit (every page it opens)
      // through stopTrace(); a trace covers the whole browser, so only visits made one at a
      // time are traced.
      const pageChecks = checks.filter((c) => new RegExp(c.path).test(route));
      const traced = traceable && pageChecks.some((c) => c.trace);
      let trace = null;
      if (traced) await browser.startTracing(undefined, { categories: TRACE_CATEGORIES });
      const stopTrace = async () => {
        if (traced && trace === null)
          trace = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents;
        return trace;
      };
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      for (const script of new Set(initScripts)) await context.addInitScript(script);
      const page = await context.newPage();
      const problems = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('requestfailed', (req) =>
        problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? '?'})`),
      );
      page.on('response', (res) => {
        if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
      });
      try {
        const response = await page.goto(origin + route, { waitUntil: 'load', timeout: 60_000 });
        record(response?.ok() === true, `${route}: loads`, `HTTP ${response?.status()}`);
        await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
        if (runExamples) await checkExamples(page, route);
        for (const check of pageChecks) {
          try {
            const detail = await check.run(page, { origin, repoRoot, route, stopTrace });
            record(true, `${route}: ${check.name}`, typeof detail === 'string' ? detail : '');
          } catch (e) {
            record(
              false,
              `${route}: ${check.name}`,
              e instanceof Error ? e.message.split('\n')[0] : String(e),
            );
          }
        }
        // A screenshot is a record for the reader of the run, not a check: a package's API page
        // (every member on one page, tens of thousands of pixels tall) is shot as its first
        // screen, and a screenshot that fails is noted, never counted as the page's failure.
        const slug = route === '/' ? 'home' : route.replace(/^\/|\/$/g, '').replace(/[/]/g, '__');
        await page
          .screenshot({ path: path.join(shotsDir, `${slug}.png`), fullPage: !isReference(route) })
          .catch((e) => console.log(`  (no screenshot of ${route}: ${String(e).split('\n')[0]})`));
      } catch (e) {
        problems.push(e instanceof Error ? e.message.split('\n')[0] : String(e));
      }
      record(
        problems.length === 0,
        `${route}: no console errors, page errors or failed requests`,
        problems.slice(0, 3).join(' | '),
      );
      await context.close();
      await stopTrace();
    };
    // Pages with interactive parts run one at a time, so that a playground's responsiveness
    // is measured without other pages competing for the CPU. The generated API reference
    // runs a few pages at a time.
    for (const route of routes.filter((r) => !isReference(r)))
      await visit(route, { traceable: true });
    const reference = routes.filter(isReference);
    let next = 0;
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        while (next < reference.length) await visit(reference[next++]);
      }),
    );
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

await main();
