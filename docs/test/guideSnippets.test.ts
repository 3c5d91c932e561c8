// The TypeScript snippets in the getting-started guide and in the repository's README are run
// like examples, so the code a newcomer copies first is known to work against the current
// packages.
import { readFileSync } from 'node:fs';
import * as oram from '@paperlab/oram';
import * as serverlessSim from '@paperlab/serverless-sim';
import * as stats from '@paperlab/stats';
import { expect, it } from 'vitest';
import { runExample } from '../src/lib/runExample';

const modules = {
  '@paperlab/stats': stats,
  '@paperlab/oram': oram,
  '@paperlab/serverless-sim': serverlessSim,
};

const tsBlocks = (path: string): string[] =>
  [...readFileSync(new URL(path, import.meta.url), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
    (m) => m[1] as string,
  );
const snippets = tsBlocks('../docs/getting-started.mdx');
const readmeSnippets = tsBlocks('../../README.md');

it('the guide has TypeScript snippets', () => {
  expect(snippets.length).toBeGreaterThan(0);
});

snippets.forEach((code, i) => {
  it(`getting-started snippet ${i + 1} runs without error`, () => {
    const run = runExample(code, modules);
    expect(run.error).toBeNull();
    expect(run.lines.length).toBeGreaterThan(0);
  });
});

it('the README has TypeScript snippets', () => {
  expect(readmeSnippets.length).toBeGreaterThan(0);
});

readmeSnippets.forEach((code, i) => {
  it(`README snippet ${i + 1} runs without error`, () => {
    const run = runExample(code, modules);
    expect(run.error).toBeNull();
    expect(run.lines.length).toBeGreaterThan(0);
    // What the README's comments promise: both platforms in the table, and the ORAM line
    // "1, and what the server saw" (one slot per bucket on each of 2 accesses' paths).
    const text = run.lines.join('\n');
    expect(text).toMatch(/\| faasd .*\n\| trenv-cxl /);
    expect(run.lines.at(-1)).toMatch(/^1 \d+$/);
  });
});
