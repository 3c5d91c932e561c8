// The simulator playground and the reproduction page: the simulation runs in a Web Worker,
// produces its charts, and the main thread stays responsive meanwhile. Responsiveness is
// measured by the browser's longtask entries (see longTasks.mjs for the budget); states are
// waited for on DOM changes, not caught by polling. The reproduction, wherever it is shown,
// is what the package prints (its golden REPRODUCTION.md, which the package's tests regenerate),
// with the paper's value on every figure that has one and latency tails on log axes; the
// playground leads with start-up P99 and memory and draws its latency charts on log axes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { axisScale, xTicks } from './chartAxes.mjs';
import { longTasks } from './longTasks.mjs';
import { recorded, recordTexts, waitForDom } from './waitFor.mjs';

/** Waits for the in-browser reproduction to finish and every report figure to be drawn. */
async function reproductionDrawn(page) {
  const status = page.locator('[data-testid="repro-status"]');
  await waitForDom(
    page,
    () =>
      ['done', 'error'].includes(
        document.querySelector('[data-testid="repro-status"]')?.getAttribute('data-status') ?? '',
      ),
    { timeout: 180_000, what: 'the reproduction to finish' },
  );
  if ((await status.getAttribute('data-status')) !== 'done')
    throw new Error(await status.textContent());
  await waitForDom(
    page,
    () => {
      const figs = [...document.querySelectorAll('[data-report] [data-chart]')];
      return figs.length > 0 && figs.every((f) => f.querySelector('svg'));
    },
    { timeout: 30_000, what: 'the report figures' },
  );
}

/** Markdown table rows of a file, as "cell | cell | …" with the cells trimmed. */
function markdownRows(file) {
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .map((l) =>
        l
          .slice(1, -1)
          .split('|')
          .map((c) => c.trim())
          .join(' | '),
      ),
  );
}

/** Every x axis whose label says "log scale" must be drawn as one, and one the page says is
 * linear must not be; returns how many were checked. */
async function checkAxes(page, names) {
  let logs = 0;
  for (const name of names) {
    const label = await page.evaluate(
      (n) =>
        [...document.querySelectorAll(`[data-chart="${CSS.escape(n)}"] svg text`)]
          .map((t) => t.textContent ?? '')
          .find((t) => /→|←/.test(t)) ?? '',
      name,
    );
    const { scale, why } = axisScale(await xTicks(page, name));
    const wanted = /log scale/.test(label) ? 'log' : 'linear';
    if (wanted === 'log' && scale !== 'log')
      throw new Error(`${name}: "${label}" but the axis is ${scale} (${why})`);
    if (wanted === 'linear' && scale === 'log')
      throw new Error(`${name}: drawn on a log axis without saying so (${why})`);
    if (wanted === 'log') logs++;
  }
  return logs;
}

/** The reproduction as shown: each report table's rows are lines of REPRODUCTION.md, each
 * figure shows the paper's value (a hollow mark, titled "(paper)") unless its note says the
 * paper gives none, and the axes are what their labels say. */
async function checkReproductionTruth(page, repoRoot) {
  await reproductionDrawn(page);
  const golden = markdownRows(path.join(repoRoot, 'packages', 'serverless-sim', 'REPRODUCTION.md'));
  const rows = await page.evaluate(() =>
    [...document.querySelectorAll('[data-report] table tbody tr')].map((tr) =>
      [...tr.children].map((c) => (c.textContent ?? '').trim()).join(' | '),
    ),
  );
  if (rows.length === 0) throw new Error('no report rows shown');
  const missing = rows.filter((r) => !golden.has(r));
  if (missing.length > 0)
    throw new Error(
      `${missing.length} of ${rows.length} rows are not in REPRODUCTION.md, e.g. ${JSON.stringify(missing[0].slice(0, 120))}`,
    );
  const figures = await page.evaluate(() =>
    [...document.querySelectorAll('[data-report] [data-chart]')].map((f) => ({
      name: f.getAttribute('data-chart') ?? '',
      paper: [...f.querySelectorAll('svg title')].filter((t) =>
        (t.textContent ?? '').endsWith('(paper)'),
      ).length,
      note: f.nextElementSibling?.textContent ?? '',
    })),
  );
  const without = figures.filter((f) => f.paper === 0);
  const unexplained = without.filter((f) => !/paper gives no/i.test(f.note));
  if (unexplained.length > 0)
    throw new Error(`no paper value on ${unexplained.map((f) => f.name).join(', ')}`);
  const logs = await checkAxes(
    page,
    figures.map((f) => f.name),
  );
  return `${rows.length} rows as in REPRODUCTION.md; ${figures.length - without.length} of ${figures.length} figures with the paper's value (the rest: "${without[0]?.note ?? ''}"); ${logs} log axes drawn as such`;
}

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
      // The results lead with what the mechanisms act on: start-up P99 and memory.
      const lead = await root.locator('[data-testid="sim-results"]').evaluate((el) => ({
        heading: el.querySelector('h3')?.textContent ?? '',
        columns: [...(el.querySelector('table thead tr')?.children ?? [])].map(
          (c) => c.textContent ?? '',
        ),
      }));
      if (
        !/start-up P99 and memory/i.test(lead.heading) ||
        !/start-up P99/.test(lead.columns[1] ?? '') ||
        !/memory/.test(lead.columns[2] ?? '')
      )
        throw new Error(`results lead with ${JSON.stringify(lead)}`);
      const logs = await checkAxes(page, ['latency-cdf', 'p99-comparison', 'memory-over-time']);
      if (logs !== 2) throw new Error(`${logs} log axes, expected the CDF's and the P99s'`);
      return `${invocations.toLocaleString('en-US')} invocations; ${tasks.length} long task(s) during the run, longest ${longest.toFixed(0)} ms wall; ${new Set(midway).size} progress states`;
    },
  },
  {
    path: '^/docs/(serverless/reproduction|learn/trenv-x)$',
    name: "reproduction shows what the package prints, the paper's value on every figure that has one, tails on log axes",
    async run(page, { repoRoot }) {
      return checkReproductionTruth(page, repoRoot);
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
