// The timing page quotes what `paperlab-oram iro` prints at hardware scale. This reruns the
// command's default action in-process (the options iroCommand.ts passes: hardware tree, 1,000
// accesses per design, seed "iro-reproduction", two channels, metadata authenticated before
// slot reads, the AES-GCM sweep) and requires every table row the page shows to be a line of
// that output, so a change in the model that moves a figure fails here until the page is
// rewritten from the command. About 12 s of CPU: the reproduction itself.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatIroReproduction,
  hardwareTree,
  resolveTimingParameters,
  runIroReproduction,
} from '@paperlab/oram';
import { describe, expect, it } from 'vitest';

const page = readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/oram/timing.mdx'),
  'utf8',
);

/** The Markdown table rows of the page's section headed `heading` (up to the next `## `). */
export function sectionTableRows(text: string, heading: string): string[] {
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section "## ${heading}"`);
  const end = text.indexOf('\n## ', start + 1);
  return text
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) => l.trimEnd());
}

describe('timing page', () => {
  it('finds the rows of a section and only those', () => {
    const text = '# t\n\n## A\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n## B\n\n| c |\n';
    expect(sectionTableRows(text, 'A')).toEqual(['| a | b |', '| - | - |', '| 1 | 2 |']);
    expect(sectionTableRows(text, 'B')).toEqual(['| c |']);
    expect(() => sectionTableRows(text, 'C')).toThrow(/no section "## C"/);
  });

  it('"The result at hardware scale" shows exactly what `paperlab-oram iro` prints', () => {
    const rows = sectionTableRows(page, 'The result at hardware scale');
    // The variants table (2 + 9 rows), the sweep (2 + 8) and the breakdown (2 + 2).
    expect(rows.length).toBe(25);
    const parameters = resolveTimingParameters({
      channels: 2,
      aesGcm: {},
      verifyMetadataBeforeSlotReads: true,
    });
    const result = runIroReproduction({
      tree: hardwareTree,
      accesses: 1000,
      seed: 'iro-reproduction',
      parameters,
      aesSweep: true,
    });
    const printed = new Set(
      formatIroReproduction(result, parameters, 'markdown')
        .split('\n')
        .map((l) => l.trimEnd()),
    );
    expect(rows.filter((r) => !printed.has(r))).toEqual([]);
  }, 180_000);
});
