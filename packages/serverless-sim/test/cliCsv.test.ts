// paperlab-sim's CSV files are numeric: every cell of a number column parses as a plain decimal
// (no U+2212 minus, no %, no thousands separator); units live in the column names. Checked on
// the three CSV outputs (run --out .csv, sweep --out .csv, sweep --pool-seeds), read back as a
// user's CSV reader would.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli/program.js';

const dir = mkdtempSync(join(tmpdir(), 'paperlab-sim-csv-'));

async function sim(args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = (t: unknown) => {
    stdout += String(t);
    return true;
  };
  const err = (t: unknown) => {
    stderr += String(t);
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(out),
    vi.spyOn(process.stderr, 'write').mockImplementation(err),
    vi.spyOn(console, 'log').mockImplementation((...a) => out(`${a.join(' ')}\n`)),
    vi.spyOn(console, 'error').mockImplementation((...a) => err(`${a.join(' ')}\n`)),
  ];
  try {
    return { status: await runCli(['node', 'paperlab-sim', ...args]), stdout, stderr };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

/** Header and rows of a CSV whose fields hold no comma. */
function readCsv(file: string) {
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  return { head: head!.split(','), rows: rows.map((r) => r.split(',')) };
}

const decimal = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/;
const sweep = ['sweep', '--preset', 'burst-faasd', '--duration-ms', '20000'];
const grid = ['--platforms', 'faasd,keep-alive', '--seeds', '1,2', '--workers', '1'];

describe('paperlab-sim CSV', () => {
  it('sweep tables: numbers in every column but the text ones, units in the header', async () => {
    for (const [file, extra] of [
      ['sweep.csv', []],
      ['pooled.csv', ['--pool-seeds']],
    ] as const) {
      const out = join(dir, file);
      const r = await sim([...sweep, ...grid, ...extra, '--out', out]);
      expect([r.status, r.stderr.trim()]).toEqual([0, `wrote ${out}`]);
      const { head, rows } = readCsv(out);
      expect(head).toContain('cold %');
      expect(head).toContain('e2e p99 ms');
      expect(rows).toHaveLength(2 * (extra.length === 0 ? 2 : 1));
      for (const row of rows) {
        expect(row).toHaveLength(head.length);
        head.forEach((h, i) => {
          if (h !== 'platform')
            expect({ h, cell: row[i] }).toEqual({ h, cell: expect.stringMatching(decimal) });
        });
      }
    }
  });

  it('run --out .csv: one numeric row per invocation', async () => {
    const out = join(dir, 'run.csv');
    const r = await sim(['run', '--preset', 'burst-faasd', '--duration-ms', '20000', '--out', out]);
    expect(r.status).toBe(0);
    const { head, rows } = readCsv(out);
    expect(head).toEqual([
      'id',
      'function',
      'node',
      'path',
      'arrivalMs',
      'queueMs',
      'startupMs',
      'execMs',
      'endMs',
    ]);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      for (const i of [0, 2, 4, 5, 6, 7, 8]) expect(row[i]).toMatch(decimal);
      // end = arrival + queue + startup + exec, to rounding.
      const [a, q, s, e, end] = [4, 5, 6, 7, 8].map((i) => Number(row[i]));
      expect(end).toBeCloseTo(a! + q! + s! + e!, 6);
    }
  });
});
