// TypeDoc plugin: in-page links of the one-page-per-package API reference point at headings
// that exist. typedoc-plugin-markdown numbers an anchor (`#oramcounters-1`) when it has seen
// another reflection of the same name, even one that gets no heading of its own, while
// Docusaurus numbers only repeated headings; such a link would miss its target (and fail the
// build's broken-anchor check). A link to `#x-N` on a page that has no heading `x-N` but has
// heading `x` is pointed at `x`. Loaded through the `plugin` option in docusaurus.config.ts.
import { MarkdownPageEvent } from 'typedoc-plugin-markdown';

/** A heading's anchor as Docusaurus makes it (github-slugger): lower case, punctuation
 * dropped, spaces to hyphens. */
export function slug(text) {
  return text
    .replace(/\\/g, '')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown page's headings, repeated ones numbered -1, -2, … */
export function headingAnchors(markdown) {
  const seen = new Map();
  const out = new Set();
  for (const m of markdown.matchAll(/^#{1,6} (.*)$/gm)) {
    const s = slug(m[1]);
    const n = seen.get(s) ?? 0;
    seen.set(s, n + 1);
    out.add(n === 0 ? s : `${s}-${n}`);
  }
  return out;
}

/** Points each `](#x-N)` link without a target at heading `x` when that exists. */
export function fixAnchors(markdown) {
  const anchors = headingAnchors(markdown);
  return markdown.replace(/\]\(#([^)\s]+)-(\d+)\)/g, (link, base, n) =>
    !anchors.has(`${base}-${n}`) && anchors.has(base) ? `](#${base})` : link,
  );
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.renderer.on(MarkdownPageEvent.END, (page) => {
    if (typeof page.contents === 'string') page.contents = fixAnchors(page.contents);
  });
}
