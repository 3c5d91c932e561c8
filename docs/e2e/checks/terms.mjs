// Inline terms and the glossary: a <Term> shows its definition on keyboard focus and on hover,
// Escape hides it, and its link leads to the glossary entry. Mermaid diagrams stay readable in
// dark mode: every label contrasts with what is drawn behind it by at least 4.5:1 (WCAG AA).

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

/** Contrast of every text in the Mermaid diagrams shown in the current theme, against what is
 * drawn behind it: the filled shape of its own group whose box holds the text (a flowchart
 * node, a sequence diagram's actor or note), else the page. Flowchart labels are HTML in a
 * foreignObject (CSS colour); sequence diagrams draw SVG text (fill). */
async function mermaidContrast(page) {
  return page.evaluate(() => {
    const rgba = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
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
    const solid = (c) => c.startsWith('rgb') && (rgba(c)[3] ?? 1) > 0.5;
    const page = rgba(
      getComputedStyle(document.querySelector('main') ?? document.body).backgroundColor,
    );
    const pageBg =
      page.length >= 3 && (page[3] ?? 1) > 0
        ? page
        : rgba(getComputedStyle(document.body).backgroundColor);
    const holds = (outer, inner) =>
      outer.left <= inner.left + 1 &&
      outer.right >= inner.right - 1 &&
      outer.top <= inner.top + 1 &&
      outer.bottom >= inner.bottom - 1;
    const out = [];
    const shown = [...document.querySelectorAll('.paperlab-diagram [data-diagram-theme]')].filter(
      (d) => d.offsetParent !== null,
    );
    for (const diagram of shown) {
      const texts = diagram.querySelectorAll('foreignObject span, foreignObject p, text');
      for (const t of texts) {
        const label = (t.textContent ?? '').trim();
        const box = t.getBoundingClientRect();
        if (!label || box.width === 0 || t.querySelector('span, p')) continue;
        const style = getComputedStyle(t);
        const colour =
          t instanceof SVGElement && t.closest('foreignObject') === null ? style.fill : style.color;
        if (!solid(colour)) continue;
        let bg = pageBg;
        for (let g = t.parentElement; g && g !== diagram; g = g.parentElement) {
          const shape = [...g.children].find((c) => {
            if (!c.matches('rect, polygon, circle, ellipse, path')) return false;
            return solid(getComputedStyle(c).fill) && holds(c.getBoundingClientRect(), box);
          });
          if (shape) {
            bg = rgba(getComputedStyle(shape).fill);
            break;
          }
        }
        out.push({ text: label.slice(0, 40), r: ratio(rgba(colour), bg) });
      }
    }
    return { diagrams: shown.length, labels: out };
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
    name: 'Mermaid diagram labels readable in dark mode (contrast ≥ 4.5)',
    async run(page, { origin, route }) {
      const dark = await page.context().newPage();
      try {
        await dark.addInitScript(() => localStorage.setItem('theme', 'dark'));
        await dark.goto(origin + route, { waitUntil: 'load' });
        // Every page this check matches has diagrams, drawn at build time: in the HTML itself.
        await dark
          .locator('.paperlab-diagram [data-diagram-theme="dark"] svg')
          .first()
          .waitFor({ timeout: 30_000 });
        const theme = await dark.evaluate(() => document.documentElement.dataset.theme);
        if (theme !== 'dark') throw new Error(`page theme is ${theme}`);
        const { diagrams: n, labels } = await mermaidContrast(dark);
        const low = labels.filter((l) => l.r < 4.5);
        if (labels.length === 0) throw new Error(`${n} diagram(s) shown but no labels found`);
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
