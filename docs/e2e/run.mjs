// The browser suite: serves the production build on 127.0.0.1, opens every page in Debian's
// Chromium through playwright-core, and checks that pages load cleanly, that every runnable
// example prints exactly its stored `.out`, and whatever page-specific checks e2e/checks/
// adds. Prints one line per check and finally `N passed, M failed`.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const docsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(docsDir, '..');
const buildDir = path.join(docsDir, 'build');
const shotsDir = path.join(docsDir, 'e2e', 'screenshots');
const checksDir = path.join(docsDir, 'e2e', 'checks');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Maps a URL path to a file in the build the way `docusaurus serve` does: a directory's
 * index.html wins over a sibling x.html, so a page shadowed by a folder of the same name is
 * what a visitor gets too (trailingSlash: false writes /docs/x as docs/x.html). */
function resolveFile(urlPath) {
  const clean = path.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  const base = path.join(buildDir, clean);
  if (!base.startsWith(buildDir)) return null;
  for (const candidate of [base, path.join(base, 'index.html'), `${base}.html`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function serve() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = resolveFile(url.pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = types[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
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
      const status = box.locator('[data-status]');
      await page.waitForFunction(
        (el) => el && !['idle', 'running'].includes(el.getAttribute('data-status')),
        await status.elementHandle(),
        { timeout: 60_000 },
      );
      const state = await status.getAttribute('data-status');
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

async function main() {
  if (!existsSync(path.join(buildDir, 'sitemap.xml'))) {
    console.error(`no build in ${buildDir}: run \`pnpm --filter @paperlab/docs build\` first`);
    process.exit(2);
  }
  mkdirSync(shotsDir, { recursive: true });
  const server = await serve();
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  const checks = await loadChecks();
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
    // An optional argument restricts the run to routes containing it (for quick local runs).
    const only = process.argv[2];
    const routes = sitemapPaths().filter((r) => !only || r.includes(only));
    record(routes.length > 0, `sitemap lists ${routes.length} pages`);
    const visit = async (route) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      for (const c of checks) if (c.initScript) await context.addInitScript(c.initScript);
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
        await checkExamples(page, route);
        for (const check of checks.filter((c) => new RegExp(c.path).test(route))) {
          try {
            const detail = await check.run(page, { origin, repoRoot, route });
            record(true, `${route}: ${check.name}`, typeof detail === 'string' ? detail : '');
          } catch (e) {
            record(
              false,
              `${route}: ${check.name}`,
              e instanceof Error ? e.message.split('\n')[0] : String(e),
            );
          }
        }
        const slug = route === '/' ? 'home' : route.replace(/^\/|\/$/g, '').replace(/[/]/g, '__');
        await page.screenshot({ path: path.join(shotsDir, `${slug}.png`), fullPage: true });
      } catch (e) {
        problems.push(e instanceof Error ? e.message.split('\n')[0] : String(e));
      }
      record(
        problems.length === 0,
        `${route}: no console errors, page errors or failed requests`,
        problems.slice(0, 3).join(' | '),
      );
      await context.close();
    };
    // Pages with interactive parts run one at a time, so that a playground's responsiveness
    // is measured without other pages competing for the CPU. The generated API reference
    // (hundreds of static pages) runs a few at a time.
    const isReference = (r) => r.startsWith('/docs/api/');
    for (const route of routes.filter((r) => !isReference(r))) await visit(route);
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
