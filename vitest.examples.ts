// Runs a package's examples/ programs and compares what they print with the stored
// `<name>.out` file beside each one. The docs embed and run the very same files, so the
// pages cannot drift from what the tests check.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it, vi } from 'vitest';

export function defineExampleTests(examplesDir: string): void {
  const files = readdirSync(examplesDir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  if (files.length === 0) throw new Error(`no examples in ${examplesDir}`);
  for (const file of files) {
    it(`example ${file} prints its stored output`, async () => {
      const lines: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '));
      });
      try {
        await import(pathToFileURL(join(examplesDir, file)).href);
      } finally {
        spy.mockRestore();
      }
      const expected = readFileSync(join(examplesDir, file.replace(/\.ts$/, '.out')), 'utf8');
      expect(`${lines.join('\n')}\n`).toBe(expected);
    });
  }
}
