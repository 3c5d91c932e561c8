// The Mermaid diagrams drawn at build time (plugins/mermaidDiagrams.mjs): every ```mermaid
// block of a page has its light and dark SVG stored, each drawn from that block's source (its
// id is the block's hash), and no stored SVG is left over from a diagram no page has.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  diagramKey,
  diagramsDir,
  mermaidBlocks,
  storedDiagram,
} from '../plugins/mermaidDiagrams.mjs';

const docsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pages = readdirSync(path.join(docsRoot, 'docs'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.mdx?$/.test(e.name))
  .map((e) => path.join(e.parentPath, e.name))
  .filter((f) => !f.includes(`${path.sep}api${path.sep}`));
const sources = pages.flatMap((f) => mermaidBlocks(readFileSync(f, 'utf8')));
const fix = ' (run `pnpm --filter @paperlab/docs diagrams`)';

describe('mermaidBlocks', () => {
  it('finds fenced mermaid blocks and nothing else', () => {
    const text = '# t\n```mermaid\nflowchart LR\n  A --> B\n```\n\n```ts\nconst a = 1;\n```\n';
    expect(mermaidBlocks(text)).toEqual(['flowchart LR\n  A --> B\n']);
  });
  it('keys a diagram by its source', () => {
    expect(diagramKey('flowchart LR\n A-->B')).toBe(diagramKey('flowchart LR\n A-->B\n'));
    expect(diagramKey('flowchart LR\n A-->B')).not.toBe(diagramKey('flowchart LR\n A-->C'));
  });
});

describe('stored diagrams', () => {
  it('the site has diagrams', () => expect(sources.length).toBeGreaterThan(0));
  it.each(sources.map((s) => [diagramKey(s), s]))('%s has both SVGs', (key, source) => {
    const svgs = storedDiagram(source);
    expect(svgs, `no stored SVG for diagram ${key}${fix}`).not.toBeNull();
    for (const theme of ['light', 'dark'] as const) {
      const svg = svgs?.[theme] ?? '';
      expect(svg.startsWith(`<svg id="mermaid-${key}-${theme}"`)).toBe(true);
      expect(svg).not.toMatch(/Syntax error in text/);
    }
  });
  it('keeps no SVG that no page uses', () => {
    const keys = new Set(sources.map(diagramKey));
    const orphans = readdirSync(diagramsDir).filter((f) => !keys.has(f.split('.')[0] ?? ''));
    expect(orphans, `unused diagram SVGs${fix}`).toEqual([]);
  });
});
