// The simulator playground and the reproduction page: the simulation runs in a Web Worker,
// produces its charts, and the main thread stays responsive meanwhile. Responsiveness is
// measured by the browser's longtask entries (see longTasks.mjs for the budget); states are
// waited for on DOM changes, not caught by polling.
import { longTasks } from './longTasks.mjs';
import { recorded, recordTexts, waitForDom } from './waitFor.mjs';

export default [
  {
    path: '^/docs/serverless',
    name: 'every Mermaid diagram is a static SVG, one shown for the theme, drawn with text',
    async run(page) {
      const diagrams = await page.evaluate(() =>
        [...document.querySelectorAll('.paperlab-diagram')].map((d) => {
          const shown = [...d.querySelectorAll('[data-diagram-theme]')].filter(
            (v) => v.offsetParent !== null,
          );
          const svg = shown[0]?.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return {
            shown: shown.map((v) => v.getAttribute('data-diagram-theme')),
            width: box?.width ?? 0,
            text: (svg?.textContent ?? '').trim().length,
          };
        }),
      );
      const theme = await page.evaluate(() => document.documentElement.dataset.theme);
      diagrams.forEach((d, i) => {
        if (d.shown.length !== 1 || d.shown[0] !== theme)
          throw new Error(
            `diagram ${i + 1}: variants shown ${JSON.stringify(d.shown)} in ${theme}`,
          );
        if (!(d.width > 100 && d.text > 0))
          throw new Error(`diagram ${i + 1}: drawn ${d.width.toFixed(0)} px wide, ${d.text} chars`);
      });
      return `${diagrams.length} diagram(s), ${theme} variant shown`;
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
      await recordTexts(page, '[data-testid="sim-status"]', 'sim');
      const since = await page.evaluate(() => performance.now());
      await root.getByRole('button', { name: 'Simulate' }).click();
      const final = await waitForDom(
        page,
        () => {
          const s = document
            .querySelector('[data-testid="sim-status"]')
            ?.getAttribute('data-status');
          return s === 'done' || s === 'error' ? s : '';
        },
        { timeout: 180_000, what: 'the simulation to finish' },
      );
      const status = root.locator('[data-testid="sim-status"]');
      const text = await status.textContent();
      if (final !== 'done') throw new Error(text ?? 'error');
      const invocations = Number(
        await root.locator('[data-testid="sim-invocations"]').textContent(),
      );
      if (!(invocations >= 100_000)) throw new Error(`only ${invocations} invocations`);
      // Every state the status showed, recorded as it changed: progress between 0 and 100 %.
      const midway = (await recorded(page, 'sim'))
        .map((t) => /^running\|.*?(\d+) %$/.exec(t)?.[1])
        .filter((p) => p !== undefined && Number(p) > 0 && Number(p) < 100);
      if (midway.length === 0) throw new Error('no progress shown between 0 and 100 %');
      // Wall times for the line; the CPU budget is the long-task check's, over the same trace.
      const { longest, tasks } = await longTasks(page, since);
      await waitForDom(
        page,
        () =>
          ['latency-cdf', 'p99-comparison', 'memory-over-time'].every((c) =>
            document.querySelector(`[data-chart="${c}"] svg`),
          ),
        { timeout: 30_000, what: 'the three charts' },
      );
      for (const chart of ['latency-cdf', 'p99-comparison', 'memory-over-time']) {
        const marks = await root
          .locator(`[data-chart="${chart}"] svg path, [data-chart="${chart}"] svg rect`)
          .count();
        if (marks === 0) throw new Error(`chart ${chart} is empty`);
      }
      return `${invocations.toLocaleString('en-US')} invocations; ${tasks.length} long task(s) during the run, longest ${longest.toFixed(0)} ms wall; ${new Set(midway).size} progress states`;
    },
  },
  {
    path: '^/docs/serverless/reproduction$',
    name: 'reproduction runs in the browser and charts both reports with the paper beside them',
    async run(page) {
      const status = page.locator('[data-testid="repro-status"]');
      await waitForDom(
        page,
        () =>
          ['done', 'error'].includes(
            document.querySelector('[data-testid="repro-status"]')?.getAttribute('data-status') ??
              '',
          ),
        { timeout: 180_000, what: 'the reproduction to finish' },
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
