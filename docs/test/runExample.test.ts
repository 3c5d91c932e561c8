// Runs every package example through the same transpile + require shim the pages use and
// checks it prints its stored .out, so a page can only show output the tests have seen.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as oram from '@paperlab/oram';
import * as serverlessSim from '@paperlab/serverless-sim';
import * as stats from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { outputText, runExample, transpileExample } from '../src/lib/runExample';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const modules = {
  '@paperlab/stats': stats,
  '@paperlab/oram': oram,
  '@paperlab/serverless-sim': serverlessSim,
};

const examples = ['stats', 'serverless-sim', 'oram'].flatMap((pkg) => {
  const dir = path.join(repoRoot, 'packages', pkg, 'examples');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => `packages/${pkg}/examples/${f}`);
});

describe('package examples through the page runner', () => {
  it('finds the stats examples', () => {
    expect(examples.some((f) => f.startsWith('packages/stats/'))).toBe(true);
  });
  for (const file of examples) {
    it(`${file} prints its .out`, () => {
      const source = readFileSync(path.join(repoRoot, file), 'utf8');
      const expected = readFileSync(path.join(repoRoot, file.replace(/\.ts$/, '.out')), 'utf8');
      const run = runExample(source, modules);
      expect(run.error).toBeNull();
      expect(outputText(run)).toBe(expected);
    });
  }
});

describe('runExample', () => {
  it('strips types and turns imports into calls to the shim', () => {
    const code = transpileExample("import { a } from 'x';\nconst n: number = a;\n");
    expect(code).toContain("require('x')");
    expect(code).not.toContain(': number');
  });

  it('formats console arguments like the example tests (String of each, space-joined)', () => {
    const run = runExample("console.log('a', 1, [2, 3], null); console.info(true);", {});
    expect(run.lines).toEqual(['a 1 2,3 null', 'true']);
    expect(outputText(run)).toBe('a 1 2,3 null\ntrue\n');
  });

  it('reports a thrown error with its message and keeps the lines printed before it', () => {
    const run = runExample(
      "console.log('before');\nthrow new RangeError('p must be in [0, 1], got 2');",
      {},
    );
    expect(run.lines).toEqual(['before']);
    expect(run.error).toEqual({ name: 'RangeError', message: 'p must be in [0, 1], got 2' });
  });

  it('reports a syntax error instead of throwing', () => {
    const run = runExample('const = ;', {});
    expect(run.error?.name).toBe('SyntaxError');
  });

  it('names the allowed modules when an example imports something else', () => {
    const run = runExample("import fs from 'node:fs';\nconsole.log(fs);", {
      '@paperlab/stats': stats,
    });
    expect(run.error?.message).toBe(
      "cannot import 'node:fs' here; examples may import: @paperlab/stats",
    );
  });

  it('hands the program the modules it imports', () => {
    const run = runExample(
      "import { x } from 'm';\nimport * as all from 'm';\nconsole.log(x, all.x);",
      { m: { x: 42 } },
    );
    expect(run.lines).toEqual(['42 42']);
  });
});
