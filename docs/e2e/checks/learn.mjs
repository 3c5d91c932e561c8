// The learner's path, one page per paper, as a reader meets it: four numbered steps in order,
// each holding what it promises — the problem a picture, the idea something to try, the
// evidence a drawn chart with the paper's figure beside the reproduction's, the code a runnable
// example — and a "Check yourself" section after them. IRO's reproduction runs on demand; it is
// run here on the teaching tree (the quick setting) to see its chart and the paper's column.
import { waitForDom } from './waitFor.mjs';

const STEPS = ['1. The problem', '2. The idea', '3. The evidence', '4. The code'];

/** The paper's headline figure the evidence step must show in a table its component draws. */
const PAPER_FIGURE = { '/docs/learn/trenv-x': 'up to 7×', '/docs/learn/iro': '+7.54 %' };

/** Per h2 of the article: its text and what the content up to the next h2 holds. */
async function sections(page) {
  return page.evaluate(() => {
    const out = [];
    for (const h of document.querySelectorAll('article .theme-doc-markdown h2')) {
      const parts = [];
      for (let el = h.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling)
        parts.push(el);
      const has = (sel) => parts.some((p) => p.matches(sel) || p.querySelector(sel) !== null);
      out.push({
        title: (h.textContent ?? '').replace(/[\u200b#\s]+$/, '').trim(),
        picture: has('.paperlab-diagram svg, img, [data-testid="oram-tree"]'),
        // Something to try: a runnable example or a demo with a control.
        tryIt: has(
          '[data-runnable-example] button, [data-testid] button, [data-playground] button',
        ),
        chart: has('[data-chart] svg'),
        tables: parts.flatMap((p) =>
          [...(p.matches('table') ? [p] : p.querySelectorAll('table'))].map(
            (t) => t.textContent ?? '',
          ),
        ),
        example: has('[data-runnable-example]'),
      });
    }
    return out;
  });
}

export default [
  {
    path: '^/docs/learn/(trenv-x|iro)$',
    name: "learner's path: problem (a picture), idea (to try), evidence (chart, the paper's figure beside), code (an example)",
    async run(page, { route }) {
      // Wait for the lazily loaded demos to mount.
      await waitForDom(page, () => !document.querySelector('[data-loading]'), {
        timeout: 60_000,
        what: 'the demos to mount',
      });
      const timing = page.locator('[data-testid="iro-timing"]');
      if ((await timing.count()) > 0) {
        await timing.getByLabel('capacity').selectOption('64');
        await timing.getByLabel('accesses').selectOption('100');
        await timing.getByRole('button', { name: 'Run the reproduction', exact: true }).click();
      }
      // The evidence is drawn: the reproduction's figures (TrEnv-X, as the page loads) or the
      // timing chart (IRO, after Run).
      await waitForDom(page, () => document.querySelector('[data-chart] svg') !== null, {
        timeout: 180_000,
        what: 'the evidence chart',
      });
      const all = await sections(page);
      const titles = all.map((s) => s.title);
      const steps = STEPS.map((t) => all.find((s) => s.title.startsWith(t)));
      const order = steps.map((s) => (s ? titles.indexOf(s.title) : -1));
      if (order.some((i) => i < 0) || order.some((i, k) => k > 0 && i <= order[k - 1]))
        throw new Error(`steps not found in order: ${JSON.stringify(titles)}`);
      const [problem, idea, evidence, code] = steps;
      const missing = [];
      if (!problem.picture) missing.push('the problem has no picture');
      if (!idea.tryIt) missing.push('the idea has nothing to try');
      if (!evidence.chart) missing.push('the evidence has no chart');
      const figure = PAPER_FIGURE[route];
      if (!evidence.tables.some((t) => t.includes(figure)))
        missing.push(`the evidence shows no table with the paper's ${figure}`);
      if (!code.example) missing.push('the code step has no runnable example');
      const check = titles.indexOf('Check yourself');
      if (check < order[3]) missing.push('no "Check yourself" after the four steps');
      if (missing.length > 0) throw new Error(missing.join('; '));
      return `${STEPS.length} steps in order; the paper's ${figure} beside the reproduction`;
    },
  },
];
