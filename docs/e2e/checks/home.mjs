// The home page as a visitor sees it: one card per entry in src/lib/homeCards.ts is rendered
// (a filter that compared `/docs/oram` with the docs plugin's `/docs/oram/` once showed 1 of 5),
// every demo the page promises has a card, and every card leads to a page that loads, has a
// heading, holds the card's #anchor, and logs no error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { waitForDom } from './waitFor.mjs';

/** The demos the home page must link, by page (and anchor where the demo sits on a page). */
const DEMOS = [
  '/docs/serverless/playground',
  '/docs/serverless/reproduction',
  '/docs/oram#see-it-happen',
  '/docs/oram/ring-oram#drive-it',
  '/docs/oram/integrity#try-it',
  '/docs/oram/reliability#try-it',
  '/docs/oram/timing',
];

/** Card targets as written in the source list (`to: '…'`), so the count is not restated here. */
function sourceCards(repoRoot) {
  const text = readFileSync(path.join(repoRoot, 'docs', 'src', 'lib', 'homeCards.ts'), 'utf8');
  return [...text.matchAll(/\bto: '([^']+)'/g)].map((m) => m[1]);
}

export default [
  {
    path: '^/$',
    name: 'home page renders every card and links every demo; each card leads to a working page',
    async run(page, { origin, repoRoot }) {
      const expected = sourceCards(repoRoot);
      const cards = page.locator('a[data-home-card]');
      await cards.first().waitFor({ timeout: 15_000 });
      const hrefs = await cards.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      if (hrefs.length !== expected.length)
        throw new Error(`${hrefs.length} cards rendered, the source lists ${expected.length}`);
      const missing = DEMOS.filter((d) => !hrefs.includes(d));
      if (missing.length > 0) throw new Error(`no card for ${missing.join(', ')}`);
      // Both papers are explained on the page itself, not only behind links.
      for (const id of ['home-trenv', 'home-iro']) {
        const text = (await page.locator(`section[aria-labelledby="${id}"]`).textContent()) ?? '';
        if (!/The problem\./.test(text) || !/How it wins\./.test(text))
          throw new Error(`${id}: no "The problem" / "How it wins" paragraph`);
      }
      const visited = [];
      for (const href of [...new Set(hrefs)]) {
        const target = await page.context().newPage();
        const errors = [];
        target.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        target.on('pageerror', (e) => errors.push(e.message));
        try {
          const res = await target.goto(origin + href, { waitUntil: 'load', timeout: 60_000 });
          if (!res?.ok()) throw new Error(`${href}: HTTP ${res?.status()}`);
          await target.locator('article h1, main h1').first().waitFor({ timeout: 15_000 });
          const anchor = href.split('#')[1];
          if (anchor && (await target.locator(`[id="${anchor}"]`).count()) === 0)
            throw new Error(`${href}: no element with id "${anchor}"`);
          // Lazily loaded demos mount (their placeholders, marked data-loading, go away) and
          // would log any error they are going to.
          await waitForDom(target, () => !document.querySelector('[data-loading]'), {
            timeout: 60_000,
            what: `${href}: the demos to mount`,
          });
          if (errors.length > 0) throw new Error(`${href}: ${errors[0]}`);
          visited.push(href);
        } finally {
          await target.close();
        }
      }
      return `${hrefs.length} cards, ${visited.length} targets load cleanly`;
    },
  },
];
