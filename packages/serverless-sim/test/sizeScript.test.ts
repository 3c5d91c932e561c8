// The repository's bundle-size check (scripts/size.mjs, run by `pnpm size` and `pnpm test`):
// it must measure what esbuild emits and fail an entry over its limit.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { checkSizes, formatSizes, measure } from '../../../scripts/size.mjs';

describe('scripts/size.mjs', () => {
  it('measures the minified bundle and its gzip', async () => {
    // Hand-worked: esbuild minifies `export const x = "…"` to `var o="…";export{o as x};` plus a newline.
    const text = 'a'.repeat(1000);
    const m = await measure(`export const x = ${JSON.stringify(text)};`);
    const expected = `var o="${text}";export{o as x};\n`;
    expect(m.min).toBe(expected.length);
    expect(m.gzip).toBe(gzipSync(expected, { level: 9 }).length);
  });

  it('counts an entry over either limit, and reports it', async () => {
    const code = 'export const x = 1;';
    const { rows, over } = await checkSizes([
      { name: 'fits', code, min: 1024, gzip: 1024 },
      { name: 'too big', code, min: 1, gzip: 1024 },
      { name: 'gzip too big', code, min: 1024, gzip: 1 },
    ]);
    expect(over).toBe(2);
    expect(rows.map((r: { ok: boolean }) => r.ok)).toEqual([true, false, false]);
    expect(formatSizes(rows).split('\n')[2]).toMatch(/^too big .* OVER$/);
  });
});
