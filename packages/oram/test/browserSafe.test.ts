// The main entry must run in the browser: no node:* module (or Node global) may be reachable
// from src/index.ts. Walks the relative import graph from the source text.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('nothing reachable from src/index.ts imports node:* or uses process/Buffer', () => {
  const src = fileURLToPath(new URL('../src/', import.meta.url));
  const seen = new Set<string>();
  const external = new Set<string>();
  const queue = [resolve(src, 'index.ts')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) queue.push(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.add(spec);
    }
    expect(/\bprocess\.|\bBuffer\.|\brequire\(/.test(text.replace(/\/\/.*$/gm, '')), file).toBe(
      false,
    );
  }
  expect(seen.size).toBeGreaterThan(10);
  for (const spec of external)
    expect(spec, spec).toMatch(/^(@noble\/(ciphers|hashes)\/|@paperlab\/stats$)/);
});
