// The README's snippets run: each ```ts block as a program under tsx (importing the package by
// name, as a user would), its output compared with the block the README says it prints; the
// example config file is valid for the config check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/simulate.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(pkg, 'README.md'), 'utf8');

describe('README snippets', () => {
  it('every TypeScript block runs and prints what the README shows after it', () => {
    // A block followed by "prints …" and a plain block must print exactly that; others must
    // run without a word on stderr.
    const blocks = [
      ...readme.matchAll(/```ts\n([\s\S]*?)```(?:\n\nprints[^\n]*\n\n```\n([\s\S]*?)```)?/g),
    ];
    expect(blocks.filter((m) => m[2] !== undefined).length).toBeGreaterThan(0);
    // Inside the package, so its own name resolves (package self-reference) to src/ via the
    // source condition.
    const dir = mkdtempSync(join(pkg, 'test', '.readme-'));
    try {
      blocks.forEach((m, i) => {
        const file = join(dir, `snippet${i}.ts`);
        writeFileSync(file, m[1]!);
        const r = spawnSync(
          process.execPath,
          ['--import', 'tsx', '--conditions=@paperlab/source', file],
          { cwd: pkg, encoding: 'utf8' },
        );
        expect({ block: i + 1, stderr: r.stderr, status: r.status }).toEqual({
          block: i + 1,
          stderr: '',
          status: 0,
        });
        if (m[2] !== undefined) expect(r.stdout).toBe(m[2]);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the JSON config example is a valid config', () => {
    const json = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!));
    expect(json.length).toBeGreaterThan(0);
    for (const { $schema, ...config } of json) {
      expect($schema).toMatch(/simulation-config\.schema\.json$/);
      expect(() => resolveConfig(config)).not.toThrow();
    }
  });
});

describe('package READMEs', () => {
  const root = join(pkg, '..', '..');
  const readmes = ['stats', 'serverless-sim', 'oram'].map((p) =>
    join(root, 'packages', p, 'README.md'),
  );

  it('link only to files that exist in the repository, never to localhost or outside it', () => {
    for (const file of readmes) {
      const text = readFileSync(file, 'utf8');
      expect({ file, localhost: /localhost|127\.0\.0\.1/.test(text) }).toEqual({
        file,
        localhost: false,
      });
      expect({ file, outside: /\/work\/|\/home\/|\/tmp\//.test(text) }).toEqual({
        file,
        outside: false,
      });
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)) {
        if (/^https?:/.test(target!)) continue;
        const abs = join(file, '..', target!);
        expect({ file, target, inside: abs.startsWith(root) && existsSync(abs) }).toEqual({
          file,
          target,
          inside: true,
        });
      }
    }
  });

  it('install with one command style: npm i @paperlab/…', () => {
    for (const file of readmes) {
      const lines = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => /^(npm|pnpm|yarn|bun) (i|install|add)\b/.test(l));
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l).toMatch(/^npm i( @paperlab\/[a-z-]+)+$/);
    }
  });
});
