// Static checks over the site's sources: embedded examples point at real files, every
// RunnableExample names its file for the browser suite, and the sidebar reaches every page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isPackageSource, PRISM_CLIENT_MODULE } from '../plugins/paperlabSource';
import { sections, topLevel } from '../sidebarSections';
import { missingExampleMessage, missingExamples, type PageEmbeds } from './exampleCoverage';

const docsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const contentDir = path.join(docsRoot, 'docs');

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

// The generated API reference (docs/api) is produced by TypeDoc at build time and not checked.
const pages = walk(contentDir)
  .filter((f) => /\.mdx?$/.test(f))
  .map((f) => path.relative(contentDir, f))
  .filter((f) => !f.startsWith(`api${path.sep}`));

describe('pages', () => {
  it('exist', () => {
    expect(pages.length).toBeGreaterThan(0);
  });

  for (const page of pages) {
    const text = readFileSync(path.join(contentDir, page), 'utf8');
    const rawImports = [...text.matchAll(/['"]!!raw-loader!@site\/([^'"]+)['"]/g)].map(
      (m) => m[1] as string,
    );
    const examplePaths = [...text.matchAll(/<RunnableExample[^>]*?\bpath="([^"]+)"/gs)].map(
      (m) => m[1] as string,
    );

    it(`${page}: every raw-imported file exists`, () => {
      for (const rel of rawImports) {
        expect(existsSync(path.resolve(docsRoot, rel)), rel).toBe(true);
      }
    });

    it(`${page}: every RunnableExample names an example whose .ts and .out are embedded`, () => {
      const uses = (text.match(/<RunnableExample\b/g) ?? []).length;
      expect(examplePaths.length, 'each RunnableExample needs path="packages/…"').toBe(uses);
      for (const p of examplePaths) {
        const fromSite = `../${p}`;
        expect(rawImports, `${p} must be raw-imported`).toContain(fromSite);
        expect(rawImports, `${p}'s .out must be raw-imported`).toContain(
          fromSite.replace(/\.ts$/, '.out'),
        );
      }
    });
  }

  it('the sidebar reaches every page (top-level ids or a section folder)', () => {
    const sectionDirs = sections.map(([dir]) => dir);
    const unreachable = pages.filter((p) => {
      const id = p
        .replace(/\.mdx?$/, '')
        .split(path.sep)
        .join('/');
      const dir = id.split('/')[0] as string;
      return (
        !(topLevel as readonly string[]).includes(id) &&
        !(id.includes('/') && sectionDirs.includes(dir))
      );
    });
    expect(unreachable).toEqual([]);
  });
});

describe('example coverage', () => {
  // Each package's examples are embedded on the site: a new example without a page fails
  // here with a message naming the file, the page to put it on and the lines to add.
  const embeds: PageEmbeds[] = walk(contentDir)
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => ({
      page: path.relative(contentDir, f).split(path.sep).join('/'),
      examples: [
        ...readFileSync(f, 'utf8').matchAll(/<RunnableExample[^>]*?\bpath="([^"]+)"/gs),
      ].map((m) => m[1] as string),
    }));
  const packagesDir = path.resolve(docsRoot, '../packages');
  const examples = readdirSync(packagesDir).flatMap((pkg) => {
    const dir = path.join(packagesDir, pkg, 'examples');
    return existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.ts'))
          .map((f) => `packages/${pkg}/examples/${f}`)
      : [];
  });
  it('finds examples and pages that embed them', () => {
    expect(examples.length).toBeGreaterThan(0);
    expect(embeds.some((p) => p.examples.length > 0)).toBe(true);
  });
  it('every package example is runnable on some page', () => {
    const missing = missingExamples(examples, embeds);
    if (missing.length > 0) {
      expect.fail(
        `${missing.length} example(s) not on the site:\n\n${missing.map((e) => missingExampleMessage(e, embeds)).join('\n\n')}`,
      );
    }
  });
});

describe('paperlabSource plugin', () => {
  const packages = path.resolve(docsRoot, '../packages');
  it('routes workspace sources (symlinked or copied) to its TS rule and nothing else', () => {
    expect(isPackageSource(path.join(packages, 'stats/src/index.ts'))).toBe(true);
    expect(isPackageSource('/x/node_modules/@paperlab/stats/src/rng.ts')).toBe(true);
    expect(isPackageSource(path.join(packages, 'stats/node_modules/pure-rand/lib/x.js'))).toBe(
      false,
    );
    expect(isPackageSource(path.join(docsRoot, 'src/pages/index.tsx'))).toBe(false);
    expect(isPackageSource('/x/node_modules/react/index.js')).toBe(false);
  });
  it("replaces theme-classic's Prism client module and not the swizzlable theme component", () => {
    // The client module (lib/) imports all of Prism into the entry bundle; the theme
    // component of the same name (lib/theme/) is what a site may swizzle.
    const lib = '/x/node_modules/@docusaurus/theme-classic/lib';
    expect(PRISM_CLIENT_MODULE.test(`${lib}/prism-include-languages`)).toBe(true);
    expect(PRISM_CLIENT_MODULE.test(`${lib}/prism-include-languages.js`)).toBe(true);
    expect(PRISM_CLIENT_MODULE.test(`${lib}/theme/prism-include-languages.js`)).toBe(false);
    expect(PRISM_CLIENT_MODULE.test('@theme/prism-include-languages')).toBe(false);
  });
});
