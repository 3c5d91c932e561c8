// The generated API reference as a visitor gets it. Each package's reference is one page
// (TypeDoc's "modules" output: every member on its package's page), served the way
// `docusaurus serve` serves it (the runner uses serve-handler with its options): the static
// HTML holds the real page with a heading per member — not a client-side redirect stub, which
// is blank without JavaScript and fails hydration. "Defined in" lines name files of this
// repository: none into node_modules, none linking to a repository that does not exist.

const PACKAGES = ['oram', 'stats', 'serverless-sim'];

export default [
  {
    path: '^/docs/api$',
    name: "each package's API overview is a full page in the static HTML",
    async run(page, { origin }) {
      const sizes = [];
      for (const pkg of PACKAGES) {
        const url = `${origin}/docs/api/@paperlab/${pkg}`;
        const res = await page.request.get(url);
        if (!res.ok()) throw new Error(`${url}: HTTP ${res.status()}`);
        const html = await res.text();
        const article = html.match(/<article[\s\S]*?<\/article>/)?.[0] ?? '';
        const members = article.match(/<h3[^>]* id="[^"]+"/g)?.length ?? 0;
        if (!/<h1[^>]*>/.test(article) || members < 5)
          throw new Error(
            `${url}: the static HTML has no reference (${members} member headings; a redirect stub?)`,
          );
        sizes.push(`${pkg} ${members} members, ${Math.round(article.length / 1024)} KiB`);
      }
      return sizes.join(', ');
    },
  },
  {
    path: '^/docs/api/',
    name: '"Defined in" names repository files only',
    async run(page) {
      const bad = await page.evaluate(() => {
        const out = [];
        for (const p of document.querySelectorAll('article p, article li')) {
          const text = p.textContent ?? '';
          if (!text.startsWith('Defined in:')) continue;
          if (/node_modules/.test(text)) out.push(text.trim());
          for (const a of p.querySelectorAll('a[href]')) {
            const href = a.getAttribute('href') ?? '';
            if (/github\.com\/paperlab\/paperlab/.test(href)) out.push(href);
          }
        }
        return out;
      });
      if (bad.length > 0) throw new Error(`${bad.length} bad source line(s): ${bad[0]}`);
      const n = await page.locator('article p', { hasText: /^Defined in:/ }).count();
      return `${n} source line(s)`;
    },
  },
];
