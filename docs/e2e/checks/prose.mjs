// The text a reader sees talks to the reader, on every page and in what the demos and the
// reproduction draw (which test/learn.test.ts cannot see in the sources): no phrase addressing
// the site's authors, and the source tag "(2nd)" the packages' reports use only on a page that
// says what it means.
import { waitForDom } from './waitFor.mjs';

/** Phrases that address the site's authors instead of its readers (as in test/learn.test.ts). */
const INTERNAL = [
  /\bthe brief\b/i,
  /this workspace/i,
  /what we could read/i,
  /\bthe lead\b/i,
  /\/work\/shared/,
];

export default [
  {
    path: '.*',
    name: 'shown text talks to the reader: no internal phrases, "(2nd)" only where defined',
    async run(page) {
      // Lazily loaded demos and the reproduction draw their text after load.
      await waitForDom(
        page,
        () =>
          !document.querySelector(
            '[data-loading], [data-testid="repro-status"][data-status="running"]',
          ),
        { timeout: 180_000, what: 'the demos and the reproduction to be drawn' },
      );
      // All text, closed <details> included (a reader opens them), scripts and styles not.
      const text = await page.evaluate(() => {
        const parts = [];
        const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode())
          if (!n.parentElement?.closest('script, style, noscript')) parts.push(n.textContent);
        return parts.join(' ').replace(/\s+/g, ' ');
      });
      const hits = INTERNAL.filter((re) => re.test(text)).map((re) => {
        const m = re.exec(text);
        return JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 40));
      });
      const tagged = (text.match(/\(2nd\b/g) ?? []).length;
      if (tagged > 0 && !/\(2nd\) (is )?a secondary source/.test(text))
        hits.push(`"(2nd)" ×${tagged} without saying what it means`);
      if (hits.length > 0) throw new Error(hits.join('; '));
      return tagged > 0 ? `"(2nd)" ×${tagged}, defined on the page` : 'clean';
    },
  },
];
