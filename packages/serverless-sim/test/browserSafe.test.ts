// CONTRIBUTING: no `node:` import may be reachable from src/index.ts (the browser entry).
// Follows the relative imports of the real source files, like a bundler would.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));

function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    const specs = [
      ...text.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g),
    ].map((m) => (m[1] ?? m[2])!);
    seen.set(file, specs);
    for (const s of specs) {
      if (s.startsWith('.')) stack.push(join(dirname(file), s.replace(/\.js$/, '.ts')));
    }
  }
  return seen;
}

describe('browser entry', () => {
  it('reaches no node: module and no Node-only file', () => {
    const graph = reachable(join(src, 'index.ts'));
    const offenders: string[] = [];
    for (const [file, specs] of graph) {
      for (const s of specs)
        if (s.startsWith('node:')) offenders.push(`${relative(src, file)} imports ${s}`);
    }
    expect(offenders).toEqual([]);
    const files = [...graph.keys()].map((f) => relative(src, f));
    expect(files).not.toContain('node.ts');
    expect(files).toContain('simulate.ts');
  });

  it('takes randomness and time only from injected sources (no Math.random, Date.now)', () => {
    const offenders = [...reachable(join(src, 'index.ts')).keys()].filter((f) =>
      /Math\.random\(|Date\.now\(|performance\.now\(/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => relative(src, f))).toEqual([]);
  });

  it('the Node entry does use Node (sanity check of the scan)', () => {
    const graph = reachable(join(src, 'node.ts'));
    expect(graph.get(join(src, 'node.ts'))).toContain('node:fs');
  });
});
