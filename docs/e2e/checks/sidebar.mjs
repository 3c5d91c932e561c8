// The sidebar as the reader sees it on every docs page: no page is listed twice (a section's
// index page is its category's link, not also an entry under it), and the page's Previous /
// Next buttons never lead back to the page itself. Categories without a page of their own
// (the API reference's folders) render as a collapsible header whose href is their first
// child's; they are headers, not entries, and are skipped.

/** Entries of the rendered sidebar (expanded categories only, as Docusaurus renders them). */
async function sidebarEntries(page) {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll(
        '.theme-doc-sidebar-menu a.menu__link:not(.menu__link--sublist-caret)',
      ),
    ].map((a) => ({
      href: new URL(a.getAttribute('href') ?? '', location.href).pathname.replace(/\/$/, ''),
      label: (a.textContent ?? '').trim(),
    })),
  );
}

/** Entries listed more than once, as "href (label, label)" strings. */
export function duplicates(entries) {
  const byHref = new Map();
  for (const e of entries) byHref.set(e.href, [...(byHref.get(e.href) ?? []), e.label]);
  return [...byHref]
    .filter(([, labels]) => labels.length > 1)
    .map(([href, labels]) => `${href} (${labels.map((l) => JSON.stringify(l)).join(', ')})`);
}

export default [
  {
    path: '^/docs(/|$)',
    name: 'sidebar lists no page twice; Previous/Next lead elsewhere',
    async run(page, { route }) {
      const entries = await sidebarEntries(page);
      if (entries.length === 0) throw new Error('no sidebar entries rendered');
      const dup = duplicates(entries);
      if (dup.length > 0) throw new Error(`listed more than once: ${dup.join('; ')}`);
      const here = route.replace(/\/$/, '');
      const pager = await page.evaluate(() =>
        [...document.querySelectorAll('nav.pagination-nav a.pagination-nav__link')].map((a) =>
          new URL(a.getAttribute('href') ?? '', location.href).pathname.replace(/\/$/, ''),
        ),
      );
      if (pager.includes(here)) throw new Error(`Previous/Next links to the page itself (${here})`);
      return `${entries.length} entries`;
    },
  },
];
