// Accessibility: axe-core 4 (Deque's rule engine, injected as axe.min.js) on every page the
// suite visits, in the light and the dark theme. A page passes with no serious or critical
// violation; moderate and minor ones are counted in the check's line. The generated API
// reference is checked too: it is a handful of pages (one per package, with every member on
// it, and the simulator's parameters namespace), so auditing all of them costs the suite
// seconds, not minutes (the namespace page, the only one once left to a sample: ~9 s at load 9).
import { createRequire } from 'node:module';
import { toolSpan } from './longTasks.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Clicks the navbar's colour-mode toggle until the page is in `theme` (it cycles through
 * light, dark and, in some versions, the system setting). */
async function setTheme(page, theme) {
  for (let i = 0; i < 3; i++) {
    if ((await page.getAttribute('html', 'data-theme')) === theme) break;
    await page.locator('button[class*="toggleButton"]').first().click();
  }
  // Let the re-render the switch starts (diagrams redrawn) finish, then the colour
  // transitions it starts (Infima fades colours): axe must see the theme's colours, not a mix.
  await page.evaluate(() => new Promise((r) => requestIdleCallback(() => r(), { timeout: 3000 })));
  await page.evaluate(() =>
    Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))),
  );
  const now = await page.getAttribute('html', 'data-theme');
  if (now !== theme) throw new Error(`could not switch to the ${theme} theme (still ${now})`);
}

async function audit(page) {
  return toolSpan(page, () =>
    page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.length,
        where: v.nodes
          .slice(0, 2)
          .map(
            (n) =>
              `${n.target.join(' ')}${n.failureSummary ? `: ${n.failureSummary.split('\n').slice(1, 2).join('').trim()}` : ''}`,
          ),
      }));
    }),
  );
}

const count = (vs, impacts) =>
  vs.filter((v) => impacts.includes(v.impact)).reduce((n, v) => n + v.nodes, 0);

export default [
  {
    path: '.*',
    name: 'axe-core: no serious or critical violation, light and dark',
    async run(page) {
      // Parsing axe itself (half a megabyte of script) is suite work too.
      if ((await page.evaluate(() => typeof window.axe)) === 'undefined')
        await toolSpan(page, () => page.addScriptTag({ path: axePath }));
      const found = {};
      // Theme switches re-render the page (Mermaid redraws its diagrams): suite-made work,
      // left out of the long-task measurement like axe itself.
      for (const theme of ['light', 'dark']) {
        await toolSpan(page, () => setTheme(page, theme));
        found[theme] = await audit(page);
      }
      await toolSpan(page, () => setTheme(page, 'light'));
      const bad = Object.entries(found).flatMap(([theme, vs]) =>
        vs
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${theme} ${v.impact} ${v.id} ×${v.nodes} (${v.where.join(' | ')})`),
      );
      const summary = Object.entries(found)
        .map(
          ([theme, vs]) =>
            `${theme}: ${count(vs, ['critical'])} critical, ${count(vs, ['serious'])} serious, ${count(vs, ['moderate'])} moderate, ${count(vs, ['minor'])} minor${vs.length ? ` [${vs.map((v) => v.id).join(', ')}]` : ''}`,
        )
        .join('; ');
      if (bad.length > 0) throw new Error(`${bad.join('; ')} — ${summary}`);
      return summary;
    },
  },
];
