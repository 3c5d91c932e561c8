// Offline full-text search (@easyops-cn/docusaurus-search-local, index built with the site):
// typing a term into the navbar's search box lists the page that explains it, and the search
// page finds it too. No request leaves 127.0.0.1 (the runner fails any failed request).
// The home-page check navigates away, so it runs after the other checks of `/` (file order).

/** Types `query` into the navbar's search box, picks the first suggestion mentioning
 * `title`, and returns the path the browser lands on. Suggestions are not links: the plugin
 * navigates when one is selected. */
async function searchAndPick(page, query, title) {
  const input = page.locator('input.navbar__search-input').first();
  await input.waitFor({ timeout: 15_000 });
  await input.fill(query);
  // CSS-module class of one suggestion (the list's own class is "suggestions_…").
  const options = page.locator('[class*="suggestion_"]');
  await options.first().waitFor({ timeout: 20_000 });
  const texts = await options.allTextContents();
  const hit = options.filter({ hasText: title }).first();
  if ((await hit.count()) === 0)
    throw new Error(`no suggestion mentions "${title}": ${JSON.stringify(texts.slice(0, 5))}`);
  await hit.click();
  await page.waitForURL((url) => url.pathname !== '/', { timeout: 15_000 });
  return { path: new URL(page.url()).pathname, count: texts.length };
}

export default [
  {
    path: '^/$',
    name: 'navbar search for "EvictPath" lists the Ring ORAM page',
    async run(page) {
      const { path, count } = await searchAndPick(page, 'EvictPath', 'Ring ORAM');
      if (path !== '/docs/oram/ring-oram') throw new Error(`the suggestion led to ${path}`);
      return `${count} suggestion(s); picked one, landed on ${path}`;
    },
  },
  {
    path: '^/$',
    name: 'the search page finds "EvictPath" on the Ring ORAM page',
    async run(page, { origin }) {
      const results = await page.context().newPage();
      try {
        await results.goto(`${origin}/search?q=EvictPath`, { waitUntil: 'load', timeout: 60_000 });
        const link = results.locator('main a[href*="/docs/oram/ring-oram"]');
        await link.first().waitFor({ timeout: 20_000 });
        return `${await link.count()} result link(s) to /docs/oram/ring-oram`;
      } finally {
        await results.close();
      }
    },
  },
];
