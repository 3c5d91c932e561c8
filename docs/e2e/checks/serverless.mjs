// The simulator playground and the reproduction page: the simulation runs in a Web Worker,
// produces its charts, and the main thread stays responsive meanwhile.

/** Longest main-thread pause we accept during a run. A simulation on the main thread of the
 * size set below (millions of invocations) blocks for seconds, so this separates the two
 * cases with room for a busy 2-core machine. */
const MAX_STALL_MS = 500;

export default [
  {
    path: '^/docs/serverless',
    name: 'every Mermaid diagram rendered to SVG',
    async run(page) {
      const blocks = page.locator('.docusaurus-mermaid-container');
      const n = await blocks.count();
      for (let i = 0; i < n; i++) {
        await blocks.nth(i).locator('svg').first().waitFor({ timeout: 20_000 });
      }
      return `${n} diagram(s)`;
    },
  },
  {
    path: '^/docs/serverless/playground$',
    name: 'playground simulates ≥ 100,000 invocations in a worker, page stays responsive, charts drawn',
    async run(page) {
      const root = page.locator('[data-playground="simulator"]');
      await root.waitFor({ timeout: 60_000 });
      // Four hours of simulated time: several million invocations over the default platforms.
      await root.getByLabel('simulated minutes').fill('240');
      // Our own stall meter, independent of the page's: the longest gap between 20 ms timer
      // ticks and between animation frames while the run is in progress.
      await page.evaluate(() => {
        const w = window;
        w.__stall = { interval: 0, frame: 0 };
        let last = performance.now();
        w.__stallTimer = setInterval(() => {
          const now = performance.now();
          w.__stall.interval = Math.max(w.__stall.interval, now - last - 20);
          last = now;
        }, 20);
        let lastFrame = performance.now();
        const frame = (t) => {
          w.__stall.frame = Math.max(w.__stall.frame, t - lastFrame);
          lastFrame = t;
          w.__stallRaf = requestAnimationFrame(frame);
        };
        w.__stallRaf = requestAnimationFrame(frame);
      });
      const started = Date.now();
      await root.getByRole('button', { name: 'Simulate' }).click();
      // While it runs, the page must answer us and show progress.
      const fractions = new Set();
      const status = root.locator('[data-testid="sim-status"]');
      for (;;) {
        const s = await status.getAttribute('data-status');
        if (s === 'done' || s === 'error') break;
        fractions.add(await root.locator('progress').evaluate((p) => p.value.toFixed(2)));
        if (Date.now() - started > 180_000) throw new Error('simulation did not finish in 180 s');
        await page.waitForTimeout(100);
      }
      const stall = await page.evaluate(() => {
        clearInterval(window.__stallTimer);
        cancelAnimationFrame(window.__stallRaf);
        return window.__stall;
      });
      const text = await status.textContent();
      if ((await status.getAttribute('data-status')) !== 'done') throw new Error(text ?? 'error');
      const invocations = Number(
        await root.locator('[data-testid="sim-invocations"]').textContent(),
      );
      if (!(invocations >= 100_000)) throw new Error(`only ${invocations} invocations`);
      const midway = [...fractions].filter((f) => f > 0 && f < 1);
      if (midway.length === 0) throw new Error('no progress shown between 0 and 1');
      if (stall.interval > MAX_STALL_MS) {
        throw new Error(`main thread stalled ${stall.interval.toFixed(0)} ms (> ${MAX_STALL_MS})`);
      }
      for (const chart of ['latency-cdf', 'p99-comparison', 'memory-over-time']) {
        const marks = await root
          .locator(`[data-chart="${chart}"] svg path, [data-chart="${chart}"] svg rect`)
          .count();
        if (marks === 0) throw new Error(`chart ${chart} is empty`);
      }
      return `${invocations.toLocaleString('en-US')} invocations; longest timer gap ${stall.interval.toFixed(0)} ms, frame gap ${stall.frame.toFixed(0)} ms; ${midway.length} progress readings`;
    },
  },
  {
    path: '^/docs/serverless/reproduction$',
    name: 'reproduction runs in the browser and charts both reports with the paper beside them',
    async run(page) {
      const status = page.locator('[data-testid="repro-status"]');
      await page.waitForFunction(
        () =>
          ['done', 'error'].includes(
            document.querySelector('[data-testid="repro-status"]')?.getAttribute('data-status') ??
              '',
          ),
        null,
        { timeout: 180_000 },
      );
      if ((await status.getAttribute('data-status')) !== 'done')
        throw new Error(await status.textContent());
      const reports = await page.locator('[data-report]').count();
      if (reports < 2) throw new Error(`${reports} reports`);
      const charts = await page.locator('[data-report] [data-chart] svg').count();
      if (charts < 4) throw new Error(`only ${charts} charts`);
      const comparisons = await page
        .locator('[data-report] table')
        .first()
        .locator('tbody tr')
        .count();
      if (comparisons === 0) throw new Error('no paper-vs-simulation rows');
      return `${reports} reports, ${charts} charts, ${(await status.textContent())?.trim()}`;
    },
  },
];
