// Inline terms and the glossary: a <Term> shows its definition on keyboard focus and on hover,
// Escape hides it, and its link leads to the glossary entry. Mermaid diagrams stay readable in
// dark mode: every node label contrasts with its box by at least 4.5:1 (WCAG AA).
import { waitForDom } from './waitFor.mjs';

async function checkTerm(page) {
  const term = page.locator('[data-term="evictpath"]').first();
  await term.waitFor({ timeout: 15_000 });
  const card = term.locator('[role="tooltip"]');
  if (await card.isVisible()) throw new Error('definition visible before hover or focus');
  await term.locator('a').focus();
  if (!(await card.isVisible())) throw new Error('definition not shown on focus');
  const describedBy = await term.locator('a').getAttribute('aria-describedby');
  if (!describedBy || (await card.getAttribute('id')) !== describedBy)
    throw new Error('the link is not described by its definition');
  await page.keyboard.press('Escape');
  if (await card.isVisible()) throw new Error('Escape did not hide the definition');
  await page.locator('h1').first().hover();
  await term.hover();
  if (!(await card.isVisible())) throw new Error('definition not shown on hover');
  const text = (await card.textContent()) ?? '';
  if (!/EvictPath/.test(text)) throw new Error(`definition reads ${JSON.stringify(text)}`);
  return (await term.locator('a').getAttribute('href')) ?? '';
}

/** Contrast of every mermaid node label against its shape's fill, in the current theme. */
async function mermaidContrast(page) {
  return page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    const out = [];
    for (const node of document.querySelectorAll('.docusaurus-mermaid-container g.node')) {
      const shape = node.querySelector('rect, polygon, circle, path');
      const label = node.querySelector('.nodeLabel, foreignObject span, text');
      if (!shape || !label) continue;
      const fill = getComputedStyle(shape).fill;
      if (!fill.startsWith('rgb')) continue;
      const color = getComputedStyle(label).color || getComputedStyle(label).fill;
      out.push({
        text: (label.textContent ?? '').trim().slice(0, 40),
        r: ratio(rgb(fill), rgb(color)),
      });
    }
    return out;
  });
}

export default [
  {
    path: '^/docs/learn/iro$',
    name: 'a term shows its definition on focus and hover, Escape hides it, and it links to the glossary',
    async run(page, { origin }) {
      const href = await checkTerm(page);
      if (!href.startsWith('/docs/learn/glossary#evictpath')) throw new Error(`links to ${href}`);
      const glossary = await page.context().newPage();
      try {
        await glossary.goto(origin + href, { waitUntil: 'load' });
        const entry = glossary.locator('[id="evictpath"]');
        await entry.waitFor({ timeout: 15_000 });
        if (!/every A accesses/i.test((await entry.textContent()) ?? ''))
          throw new Error('glossary entry does not define EvictPath');
      } finally {
        await glossary.close();
      }
      return href;
    },
  },
  {
    path: '^/docs/(serverless(/trenv|/agents|/snapshots)?|learn/(trenv-x|iro))$',
    name: 'Mermaid node labels readable in dark mode (contrast ≥ 4.5)',
    async run(page, { origin, route }) {
      const dark = await page.context().newPage();
      try {
        await dark.addInitScript(() => localStorage.setItem('theme', 'dark'));
        await dark.goto(origin + route, { waitUntil: 'load' });
        // Every page this check matches has diagrams; they render after hydration.
        await dark
          .locator('.docusaurus-mermaid-container svg')
          .first()
          .waitFor({ timeout: 30_000 });
        await dark.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
        // Every diagram drawn, seen on the DOM change that draws the last one.
        const n = await waitForDom(
          dark,
          () => {
            const blocks = [...document.querySelectorAll('.docusaurus-mermaid-container')];
            return blocks.every((b) => b.querySelector('svg')) ? blocks.length : 0;
          },
          { timeout: 60_000, what: 'every Mermaid diagram to be drawn' },
        );
        const theme = await dark.evaluate(() => document.documentElement.dataset.theme);
        if (theme !== 'dark') throw new Error(`page theme is ${theme}`);
        const labels = await mermaidContrast(dark);
        const low = labels.filter((l) => l.r < 4.5);
        if (labels.length === 0) throw new Error(`${n} diagram(s) but no node labels found`);
        if (low.length > 0)
          throw new Error(
            `${low.length} unreadable label(s), e.g. "${low[0].text}" at ${low[0].r.toFixed(2)}:1`,
          );
        return `${n} diagram(s), ${labels.length} labels, lowest ${Math.min(...labels.map((l) => l.r)).toFixed(2)}:1`;
      } finally {
        await dark.close();
      }
    },
  },
];
