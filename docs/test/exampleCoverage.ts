// Which package examples no page embeds, and, for each, a failure message that says exactly
// what to add and where. Used by test/pages.test.ts; kept apart so its message can be tested
// on a made-up example without touching any package.

/** A docs page (path relative to docs/docs, e.g. "oram/timing.mdx") and the examples it runs. */
export interface PageEmbeds {
  readonly page: string;
  readonly examples: readonly string[];
}

/** "packages/oram/examples/timing-readpath.ts" → "timingReadpath". */
export function importName(example: string): string {
  const base = example.replace(/^.*\//, '').replace(/\.ts$/, '');
  return base.replace(/[-_.]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
}

const pkgOf = (example: string) => /^packages\/([^/]+)\//.exec(example)?.[1] ?? '';
const nameOf = (example: string) => example.replace(/^.*\//, '').replace(/\.ts$/, '');

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The page best suited to a new example: among pages already running examples of the same
 * package, the one whose example names share the longest prefix with it (timing-x.ts goes
 * beside timing-readpath.ts), then the one running most of that package's examples.
 */
export function suggestPage(example: string, pages: readonly PageEmbeds[]): string | undefined {
  const pkg = pkgOf(example);
  const name = nameOf(example);
  const candidates = pages
    .map((p) => {
      const same = p.examples.filter((e) => pkgOf(e) === pkg);
      const prefix = Math.max(0, ...same.map((e) => sharedPrefix(nameOf(e), name)));
      return { page: p.page, same: same.length, prefix };
    })
    .filter((c) => c.same > 0)
    .sort((x, y) => y.prefix - x.prefix || y.same - x.same || x.page.localeCompare(y.page));
  return candidates[0]?.page;
}

/** Examples (repository-relative .ts paths) that no page runs through a RunnableExample. */
export function missingExamples(
  examples: readonly string[],
  pages: readonly PageEmbeds[],
): string[] {
  const embedded = new Set(pages.flatMap((p) => p.examples));
  return examples.filter((e) => !embedded.has(e)).sort();
}

/** The failure message for one example no page embeds: the file, the page, the MDX to add. */
export function missingExampleMessage(example: string, pages: readonly PageEmbeds[]): string {
  const name = importName(example);
  const out = example.replace(/\.ts$/, '.out');
  const page = suggestPage(example, pages);
  const where =
    page !== undefined
      ? `docs/docs/${page} (it already runs other ${pkgOf(example)} examples)`
      : `a page under docs/docs/ (no page runs ${pkgOf(example)} examples yet)`;
  return [
    `${example} is not embedded on any page of the site.`,
    `Embed it in ${where}:`,
    `  at the top, with the other imports (the first line only if the page lacks it):`,
    `    import RunnableExample from '@site/src/components/RunnableExample';`,
    `    import ${name} from '!!raw-loader!@site/../${example}';`,
    `    import ${name}Out from '!!raw-loader!@site/../${out}';`,
    `  where it belongs in the text:`,
    `    <RunnableExample path="${example}" source={${name}} expected={${name}Out} />`,
    `(${out} must exist too: the page shows it as the expected output and the browser suite compares against it.)`,
  ].join('\n');
}
