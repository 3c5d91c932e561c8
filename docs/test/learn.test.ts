// The learner's path, the glossary and the home page's cards, checked from their sources:
// every <Term id> on a page names a glossary entry, the terms a newcomer meets first are
// defined where they first appear, shipped prose does not talk to the site's authors, and the
// home page keeps a card for every page that exists (the bug this replaces compared
// `/docs/oram` with the `/docs/oram/` the docs plugin lists, and dropped 4 of 5 cards).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { glossary, glossaryEntry } from '../src/components/Term/glossary';
import { cardPath, demoCards, existingCards, sectionCards } from '../src/lib/homeCards';

const docsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const contentDir = path.join(docsRoot, 'docs');

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

const pages = walk(contentDir)
  .filter((f) => /\.mdx$/.test(f) && !path.relative(contentDir, f).startsWith('api'))
  .map((f) => ({
    id: path.relative(contentDir, f).replace(/\.mdx$/, ''),
    text: readFileSync(f, 'utf8'),
  }));

const termIds = (text: string) => [...text.matchAll(/<Term\s+id="([^"]*)"/g)].map((m) => m[1]);

describe('glossary', () => {
  it('ids are unique, URL-safe, and every entry names a source', () => {
    const ids = glossary.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of glossary) {
      expect(e.id).toMatch(/^[a-z0-9-]+$/);
      expect(e.definition.length).toBeGreaterThan(20);
      expect(e.source.length).toBeGreaterThan(3);
    }
  });

  it('an unknown id is a TypeError that lists the known ones', () => {
    expect(() => glossaryEntry('zz')).toThrow(TypeError);
    expect(() => glossaryEntry('zz')).toThrow(/one of .*readpath.*got "zz"/);
    expect(() => glossaryEntry('__proto__')).toThrow(TypeError);
    expect(glossaryEntry('mm-template').term).toBe('mm-template');
  });

  it('every <Term id> on a page is a glossary entry', () => {
    const unknown = pages.flatMap((p) =>
      termIds(p.text)
        .filter((id) => !glossary.some((e) => e.id === id))
        .map((id) => `${p.id}: ${id}`),
    );
    expect(unknown).toEqual([]);
  });

  // Z, S, A, L, ReadPath, EvictPath, mm-template, REAP+ and FaaSnap+ each get a <Term> on the
  // page a reader of the sections meets them first, and on the learner's path.
  it.each([
    ['oram/ring-oram', ['z', 's', 'a', 'l', 'readpath', 'evictpath']],
    ['serverless/trenv', ['mm-template']],
    ['serverless/snapshots', ['reap-plus', 'faasnap-plus']],
    ['getting-started', ['reap-plus', 'faasnap-plus']],
    ['learn/trenv-x', ['mm-template', 'reap-plus', 'faasnap-plus', 'repurposable-sandbox']],
    [
      'learn/iro',
      ['z', 's', 'a', 'l', 'readpath', 'evictpath', 'rit', 'must', 'secure-replication', 'ecp'],
    ],
  ])('%s defines %j inline', (id, terms) => {
    const page = pages.find((p) => p.id === id);
    expect(page, id).toBeDefined();
    expect(terms.filter((t) => !termIds(page?.text ?? '').includes(t))).toEqual([]);
  });
});

describe('shipped prose', () => {
  // Phrases that address the site's authors instead of its readers.
  const internal = [
    /\bthe brief\b/i,
    /\(2nd\)/,
    /this workspace/i,
    /what we could read/i,
    /\bthe lead\b/i,
    /\/work\/shared/,
  ];
  it('no page talks to the authors', () => {
    const hits = pages.flatMap((p) =>
      internal.filter((re) => re.test(p.text)).map((re) => `${p.id}: ${re}`),
    );
    expect(hits).toEqual([]);
  });
});

describe('home page cards', () => {
  // The docs plugin's paths as the production build lists them: section indexes end in "/".
  const docPaths = [
    '/docs/intro',
    '/docs/learn/',
    '/docs/learn/glossary',
    '/docs/serverless/',
    '/docs/serverless/playground',
    '/docs/serverless/reproduction',
    '/docs/oram/',
    '/docs/oram/ring-oram',
    '/docs/oram/integrity',
    '/docs/oram/reliability',
    '/docs/oram/timing',
    '/docs/stats/',
    '/docs/api/',
  ];

  it('keeps every card whose page exists, with or without a trailing slash', () => {
    expect(existingCards(demoCards, docPaths)).toHaveLength(demoCards.length);
    expect(existingCards(sectionCards, docPaths)).toHaveLength(sectionCards.length);
    expect(
      existingCards(
        sectionCards,
        docPaths.map((p) => p.replace(/\/$/, '')),
      ),
    ).toHaveLength(sectionCards.length);
  });

  it('drops only the cards of a missing page', () => {
    const withoutOram = docPaths.filter((p) => !p.startsWith('/docs/oram'));
    const kept = existingCards(demoCards, withoutOram).map((c) => c.to);
    expect(kept).toEqual(['/docs/serverless/playground', '/docs/serverless/reproduction']);
  });

  it('cardPath strips the anchor and the trailing slash, not the root', () => {
    expect(cardPath('/docs/oram/ring-oram#drive-it')).toBe('/docs/oram/ring-oram');
    expect(cardPath('/docs/oram/')).toBe('/docs/oram');
    expect(cardPath('/')).toBe('/');
  });

  it('one card per demo the home page promises', () => {
    const to = demoCards.map((c) => c.to);
    for (const page of [
      '/docs/serverless/playground',
      '/docs/serverless/reproduction',
      '/docs/oram#see-it-happen',
      '/docs/oram/ring-oram#drive-it',
      '/docs/oram/integrity#try-it',
      '/docs/oram/reliability#try-it',
      '/docs/oram/timing',
      '/docs/oram',
    ])
      expect(to).toContain(page);
  });
});
