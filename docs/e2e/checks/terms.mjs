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
 * node, a sequence diagram's actor or note), else the page. The colour is that of the element
 * that holds the glyphs (the parent of each text node): flowchart labels are HTML in a
 * foreignObject (CSS colour); sequence diagrams draw SVG text, often inside a <tspan> whose fill
 * differs from its <text>'s (Mermaid fills `text.actor` like the actor's box and its
 * `tspan` light grey), so the <text>'s own fill says nothing about what is seen.
 *
 * With `canary`, each shown diagram is first cloned with every label painted in its
 * background's colour (invisible text), and the labels of the clones are measured instead:
 * the check runs this too, so a measurement that could not see invisible text fails. */
async function mermaidContrast(page, canary = false) {
  return page.evaluate((canary) => {
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
    const isSvgText = (el) => el instanceof SVGElement && el.closest('foreignObject') === null;
    const colourOf = (el) =>
      isSvgText(el) ? getComputedStyle(el).fill : getComputedStyle(el).color;
    /** The elements holding each label's glyphs. */
    const glyphHolders = (diagram) => {
      const out = new Set();
      const walk = document.createTreeWalker(diagram, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement;
        if (!el || !n.textContent?.trim() || el.closest('style, title, desc')) continue;
        if (el.getBoundingClientRect().width > 0) out.add(el);
      }
      return [...out];
    };
    const backgroundOf = (el, diagram) => {
      const box = el.getBoundingClientRect();
      for (let g = el.parentElement; g && g !== diagram; g = g.parentElement) {
        const shape = [...g.children].find((c) => {
          if (!c.matches('rect, polygon, circle, ellipse, path')) return false;
          return solid(getComputedStyle(c).fill) && holds(c.getBoundingClientRect(), box);
        });
        if (shape) return rgba(getComputedStyle(shape).fill);
      }
      return pageBg;
    };
    let shown = [...document.querySelectorAll('.paperlab-diagram [data-diagram-theme]')].filter(
      (d) => d.offsetParent !== null,
    );
    const clones = [];
    if (canary) {
      shown = shown.map((d) => {
        const c = d.cloneNode(true);
        d.after(c);
        clones.push(c);
        for (const el of glyphHolders(c)) {
          const bg = backgroundOf(el, c);
          el.style.setProperty(
            isSvgText(el) ? 'fill' : 'color',
            `rgb(${bg.slice(0, 3).join(',')})`,
            'important',
          );
        }
        return c;
      });
    }
    const out = [];
    for (const diagram of shown) {
      for (const el of glyphHolders(diagram)) {
        const colour = colourOf(el);
        if (!solid(colour)) continue;
        out.push({
          text: (el.textContent ?? '').trim().slice(0, 40),
          r: ratio(rgba(colour), backgroundOf(el, diagram)),
        });
      }
    }
    for (const c of clones) c.remove();
    return { diagrams: shown.length, labels: out };
  }, canary);
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
        // The same measurement on copies whose labels are painted in their background's
        // colour must find every label unreadable, or it cannot see invisible text.
        const painted = (await mermaidContrast(dark, true)).labels;
        const seen = painted.filter((l) => l.r < 1.05).length;
        if (painted.length !== labels.length || seen !== painted.length)
          throw new Error(
            `the contrast measurement missed invisible text: ${seen} of ${painted.length} painted labels (of ${labels.length}) measured as invisible`,
          );
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
