// paperlab-oram's machine-readable output as a user meets it (the real entry point in a child
// process): --json puts one JSON document alone on stdout, CSV cells are plain numbers (no U+2212
// minus, no %, units in the header), bench reports progress on stderr, bad values exit 2.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { numericRow } from '../src/cli/jsonOutput.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));

function oram(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@paperlab/source', 'src/cli/main.ts', ...args],
    { cwd: pkg, encoding: 'utf8' },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** RFC 4180 lines (no newline inside a field) as rows of cells. */
function csvCells(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]!;
        if (quoted && ch === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') quoted = !quoted;
        else if (ch === ',' && !quoted) {
          cells.push(cell);
          cell = '';
        } else cell += ch;
      }
      return [...cells, cell];
    });
}

describe('paperlab-oram --json and CSV', () => {
  it('list --json: the bench configurations, trees and integrity modes', () => {
    const r = oram(['list', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const l = JSON.parse(r.stdout);
    expect(l.integrityModes).toEqual(['rit+must', 'rit', 'merkle', 'none']);
    expect(Object.keys(l.trees)).toEqual(['hardware', 'teaching']);
    expect(l.trees.teaching.capacity).toBe(4096);
    expect(l.benchConfigurations.map((c: { kind: string }) => c.kind)).toContain('path');
  });

  it('iro --format csv has numeric cells with the units in the header', () => {
    const r = oram([
      'iro',
      '--tree',
      'teaching',
      '--accesses',
      '30',
      '--no-sweep',
      '--format',
      'csv',
    ]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const [head, ...rows] = csvCells(r.stdout);
    expect(head).toContain('vs ring (4 units) %');
    expect(r.stdout).not.toContain('−');
    for (const row of rows) {
      expect(row).toHaveLength(head!.length);
      // Every column after variant and role is a number, or empty (the paper beside a baseline).
      for (const cell of row.slice(2)) expect(cell).toMatch(/^(-?\d+(\.\d+)?)?$/);
    }
    // The same overhead as the JSON, in percent: IRO as stated against Ring ORAM.
    const json = JSON.parse(
      oram(['iro', '--tree', 'teaching', '--accesses', '30', '--no-sweep', '--json']).stdout,
    );
    const iro = json.result.variants.find((v: { id: string }) => v.id === 'iro');
    const csvRow = rows.find((c) => c[0] === iro.name)!;
    const col = head!.indexOf('vs ring (4 units) %');
    expect(Number(csvRow[col])).toBeCloseTo(iro.vs.ring.fourUnits * 100, 2);
    expect(json.parameters.channels).toBe(2);
  });

  it('faults --json: the campaign result alone on stdout', () => {
    const r = oram(['faults', '--capacity', '16', '--accesses', '20', '--trials', '1', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const j = JSON.parse(r.stdout);
    expect(j.options).toMatchObject({ capacity: 16, integrity: 'rit+must', replication: true });
    expect(j.result.total.silentCorruptions).toBe(0);
    expect(j.result.scenarios.length).toBeGreaterThan(1);
  });

  it('a bad value exits 2 with nothing on stdout', () => {
    for (const args of [
      ['bench', '--seconds', '0'],
      ['iro', '--format', 'xml'],
      ['faults', '--integrity', 'nope', '--json'],
    ]) {
      const r = oram(args);
      expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status: 2, stdout: '' });
      expect(r.stderr).toMatch(/must be/);
    }
  });
});

describe('numericRow', () => {
  it('turns formatted cells into numbers and moves units into the column name', () => {
    expect(
      numericRow({
        kind: 'ring',
        N: '2^16',
        block: '4096 B',
        'accesses/s': '12,345',
        ratio: '0.463',
        overhead: '−2.14 %',
        empty: '',
        n: 3,
      }),
    ).toEqual({
      kind: 'ring',
      N: 65536,
      'block B': 4096,
      'accesses/s': 12345,
      ratio: 0.463,
      'overhead %': -2.14,
      empty: null,
      n: 3,
    });
  });
});
