// TypeDoc plugin: a reference page whose descriptions carry the simulator's source tags
// (paper, 2nd, lit, estimate: see the header of packages/serverless-sim/src/parameters.ts)
// says what the tags mean, under its title, so a reader meeting "(2nd, TrEnv §6.1)" knows it
// is a secondary source. Loaded through the `plugin` option in docusaurus.config.ts.
import { MarkdownPageEvent } from 'typedoc-plugin-markdown';

export const SOURCE_TAGS =
  'Each value says where it comes from: **paper**, the authors’ abstract or README; ' +
  '**(2nd)** a secondary source, a published summary quoting the paper; **lit**, another ' +
  'paper’s or project’s measurement; **estimate**, a default of ours, which a configuration ' +
  'can override.';

/** Adds the legend under the page's first heading when the page uses the "2nd" tag. */
export function withSourceTags(markdown) {
  if (!/\b2nd\b(?!-)/.test(markdown) || markdown.includes(SOURCE_TAGS)) return markdown;
  const heading = /^# .*$/m.exec(markdown);
  const at = heading ? heading.index + heading[0].length : 0;
  return `${markdown.slice(0, at)}\n\n${SOURCE_TAGS}\n${markdown.slice(at)}`;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.renderer.on(MarkdownPageEvent.END, (page) => {
    if (typeof page.contents === 'string') page.contents = withSourceTags(page.contents);
  });
}
