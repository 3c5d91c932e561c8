// The TypeScript snippets in the getting-started guide are run like examples, so the code a
// newcomer copies first is known to work against the current packages.
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

const guide = readFileSync(new URL('../docs/getting-started.mdx', import.meta.url), 'utf8');
const snippets = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

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
