// The API reference's "Defined in" lines: files of this repository only, linked only when the
// site is told where the repository is published (PAPERLAB_SOURCE_URL).
import { describe, expect, it } from 'vitest';
import { rewriteSources, sourceBaseUrl } from '../plugins/typedocSourceLinks.mjs';

const sources = () => [
  {
    fileName: 'packages/oram/src/ringOram.ts',
    line: 12,
    url: 'https://github.com/paperlab/paperlab/blob/main/x',
  },
  {
    fileName: 'node_modules/.pnpm/zod@4.1.0/node_modules/zod/v4/core/schemas.d.ts',
    line: 3,
    url: 'https://github.com/paperlab/paperlab/blob/main/y',
  },
  { fileName: 'packages/stats/src/rng.ts', line: 1 },
];

describe('typedocSourceLinks', () => {
  it('without a source URL: repository paths as plain text, node_modules dropped', () => {
    const out = rewriteSources(sources(), sourceBaseUrl({}));
    expect(out).toEqual([
      { fileName: 'packages/oram/src/ringOram.ts', line: 12, url: undefined },
      { fileName: 'packages/stats/src/rng.ts', line: 1, url: undefined },
    ]);
  });

  it('with a source URL: links to <url>/<path>#L<line>', () => {
    const base = sourceBaseUrl({
      PAPERLAB_SOURCE_URL: ' https://git.example/me/paperlab/blob/v1/ ',
    });
    expect(base).toBe('https://git.example/me/paperlab/blob/v1');
    expect(rewriteSources(sources(), base).map((s) => s.url)).toEqual([
      'https://git.example/me/paperlab/blob/v1/packages/oram/src/ringOram.ts#L12',
      'https://git.example/me/paperlab/blob/v1/packages/stats/src/rng.ts#L1',
    ]);
  });

  it('rejects a source URL that is not an absolute http(s) URL, naming the variable', () => {
    for (const bad of ['github.com/me/paperlab', 'javascript:alert(1)', 'file:///etc'])
      expect(() => sourceBaseUrl({ PAPERLAB_SOURCE_URL: bad })).toThrow(/PAPERLAB_SOURCE_URL/);
    expect(sourceBaseUrl({ PAPERLAB_SOURCE_URL: '   ' })).toBeUndefined();
  });
});
