// The browser-storage page: a durable Ring ORAM on IndexedDB keeps a value across a reload,
// an empty address is refused with a visible message, the store's log shows requests and no
// plaintext, and the page measures accesses/s in headless Chromium: on IndexedDB, and against
// a `paperlab-oram serve` this check starts on loopback (and stops, whatever happens); then
// the check measures the browser's own WebSocket round trip, the floor under that figure.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { waitForDom } from './waitFor.mjs';

const ROUTE = '^/docs/oram/browser-storage$';

function startServer(repoRoot) {
  const pkg = path.join(repoRoot, 'packages', 'oram');
  const dir = mkdtempSync(path.join(tmpdir(), 'oram-e2e-serve-'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@paperlab/source',
      'src/cli/main.ts',
      'serve',
      '--dir',
      dir,
      '--port',
      '0',
      '--no-fsync',
    ],
    { cwd: pkg, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }).finally(() => rmSync(dir, { recursive: true, force: true }));
  const url = new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error('server did not start in 60 s')), 60_000);
    child.stdout.on('data', (d) => {
      out += d.toString();
      const m = /(ws:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on('data', (d) => {
      err += d.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${err.slice(0, 200)}`));
    });
  });
  return { url, stop };
}

/**
 * The round-trip floor of this browser's WebSocket, from a worker as the page's ORAM runs: a
 * `ws` server in this process answers every message at once with 2,150 B, the worker sends
 * 3,100 B (the mean sizes of a round trip through serve, as bench/remote.ts measures its own
 * floor in Node) and awaits the answer before the next. Microseconds per round trip, after 200
 * to warm up.
 */
async function browserRoundTripUs(page) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const reply = new Uint8Array(2150);
  wss.on('connection', (ws) => ws.on('message', () => ws.send(reply)));
  try {
    const url = `ws://127.0.0.1:${wss.address().port}`;
    return await page.evaluate(
      (url) =>
        new Promise((resolve, reject) => {
          const src = `onmessage = (e) => {
            const ws = new WebSocket(e.data);
            ws.binaryType = 'arraybuffer';
            const msg = new Uint8Array(3100);
            let n = 0;
            let t0 = 0;
            ws.onerror = () => postMessage({ error: 'WebSocket error' });
            ws.onopen = () => ws.send(msg);
            ws.onmessage = () => {
              n++;
              if (n === 200) t0 = performance.now();
              if (n === 2200) {
                postMessage({ us: ((performance.now() - t0) / 2000) * 1000 });
                ws.close();
              } else ws.send(msg);
            };
          };`;
          const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
          w.onmessage = (e) => {
            w.terminate();
            if (e.data.error) reject(new Error(e.data.error));
            else resolve(e.data.us);
          };
          w.postMessage(url);
        }),
      url,
    );
  } finally {
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  }
}

async function waitMessage(page, pattern, what) {
  return waitForDom(
    page,
    (src) => {
      const re = new RegExp(src);
      const err = document.querySelector('[data-testid="remote-error"]')?.textContent ?? '';
      if (err) return `ERROR ${err}`;
      const t = document.querySelector('[data-testid="remote-message"]')?.textContent ?? '';
      return re.test(t) ? t : '';
    },
    { arg: pattern.source, timeout: 120_000, what },
  ).then((t) => {
    if (t.startsWith('ERROR ')) throw new Error(`${what}: ${t.slice(6)}`);
    return t;
  });
}

async function benchRows(page, n, what) {
  const t = await waitForDom(
    page,
    (n) => {
      const err = document.querySelector('[data-testid="remote-error"]')?.textContent ?? '';
      if (err) return `ERROR ${err}`;
      const rates = [...document.querySelectorAll('[data-testid="remote-rate"]')];
      return rates.length >= n ? rates.map((r) => r.getAttribute('data-value')).join(',') : '';
    },
    { arg: n, timeout: 300_000, what },
  );
  if (t.startsWith('ERROR ')) throw new Error(`${what}: ${t.slice(6)}`);
  return t.split(',').map(Number);
}

export default [
  {
    path: ROUTE,
    name: 'IndexedDB ORAM: value survives a reload, empty address refused, accesses/s (IndexedDB and paperlab-oram serve)',
    async run(page, { repoRoot }) {
      const demo = page.locator('[data-testid="oram-remote"]');
      await demo.waitFor({ timeout: 30_000 });
      await demo.getByRole('button', { name: 'Delete the database', exact: true }).click();
      await waitMessage(page, /database deleted/, 'the database to be deleted');
      await demo.getByRole('button', { name: 'Open', exact: true }).click();
      await waitMessage(page, /opened in/, 'the store to open');

      const secret = `e2e ${Date.now().toString(36)}`;
      await demo.getByLabel('address', { exact: true }).fill('');
      await demo.getByRole('button', { name: 'Write', exact: true }).click();
      const refused = await demo.locator('[data-testid="remote-error"]').textContent();
      if (!/address is empty/.test(refused ?? ''))
        throw new Error(`empty address: ${JSON.stringify(refused)}`);
      await demo.getByLabel('address', { exact: true }).fill('5');
      await demo.getByLabel('value', { exact: true }).fill(secret);
      await demo.getByRole('button', { name: 'Write', exact: true }).click();
      await waitMessage(page, /durable/, 'the write to commit');
      const log = (await demo.locator('[data-testid="remote-trace"]').textContent()) ?? '';
      if (!/commit \d+/.test(log))
        throw new Error(`no commit in the store's log: ${log.slice(-200)}`);
      if (log.includes(secret)) throw new Error("the store's log shows the plaintext");

      await page.reload({ waitUntil: 'load' });
      await demo.waitFor({ timeout: 30_000 });
      await demo.getByRole('button', { name: 'Open', exact: true }).click();
      await waitMessage(page, /opened in/, 'the store to reopen after the reload');
      const after = await demo.locator('[data-testid="remote-value"][data-addr="5"]').textContent();
      if (!(after ?? '').includes(JSON.stringify(secret)))
        throw new Error(
          `after the reload address 5 shows ${JSON.stringify(after)}, wrote ${secret}`,
        );
      // The address field is back at its default after the reload.
      await demo.getByLabel('address', { exact: true }).fill('5');
      await demo.getByRole('button', { name: 'Read', exact: true }).click();
      const read = await waitMessage(page, /holds/, 'the read after the reload');
      if (!read.includes(JSON.stringify(secret))) throw new Error(`read back ${read}`);

      await demo.getByRole('button', { name: 'Measure accesses/s', exact: true }).click();
      const [idbRate] = await benchRows(page, 1, 'the IndexedDB measurement');

      const server = startServer(repoRoot);
      let serverDetail;
      try {
        const url = await server.url;
        await demo.locator('summary').click();
        await demo.getByLabel('server URL').fill(url);
        // 2^16 blocks: the worker fills the tree in memory and uploads it before timing.
        await demo.getByLabel('capacity').fill('65536');
        await demo.getByRole('button', { name: 'Measure against the server', exact: true }).click();
        const rates = await benchRows(page, 2, 'the server measurement');
        const row = demo.locator('[data-testid="remote-bench-row"]').nth(1);
        const cells = await row.locator('td').allTextContents();
        serverDetail = `paperlab-oram serve (loopback, --no-fsync, 65536 × 64 B, full tree, ChaCha20): ${Math.round(rates[1])} accesses/s, ${cells[4]}, wire ${cells[5]}`;
      } finally {
        await server.stop();
      }
      const floorUs = await browserRoundTripUs(page);
      const detail = `value survived the reload; IndexedDB durable, 16 in flight: ${Math.round(idbRate)} accesses/s; ${serverDetail}; this browser's WebSocket round trip from a worker (3,100 B out, 2,150 B back, a \`ws\` server answering at once): ${Math.round(floorUs)} us`;
      console.log(`  oramRemote figures: ${detail}`);
      return detail;
    },
  },
];
