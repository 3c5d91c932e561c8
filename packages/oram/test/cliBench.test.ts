// `paperlab-oram bench --json` as a user meets it (a child process; about 10 s: the quick bench
// times four configurations and four integrity modes for 1 s each): progress and tables on
// stderr, the results alone on stdout with numeric cells.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BENCH_CONFIGS, runOramBench } from '../src/cli/oramBench.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));

describe('paperlab-oram bench', () => {
  it('--json: results on stdout, progress on stderr', { timeout: 60_000 }, () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@paperlab/source',
        'src/cli/main.ts',
        'bench',
        '--quick',
        '--seconds',
        '1',
        '--json',
      ],
      { cwd: pkg, encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    // --quick: N = 2^10, 64 B, every configuration that runs at 64 B.
    expect(j.configurations).toHaveLength(
      BENCH_CONFIGS.filter((c) => c.blockSizes.includes(64)).length,
    );
    for (const c of j.configurations) {
      expect(c).toMatchObject({ N: 1024, 'block B': 64 });
      expect(c['accesses/s']).toBeGreaterThan(0);
      expect(c['bytes moved/access']).toBeGreaterThan(0);
    }
    expect(j.integrity.map((m: { mode: string }) => m.mode)).toEqual([
      'none',
      'merkle',
      'rit',
      'rit+must',
    ]);
    expect(j.integrity[0]['vs none']).toBe(1);
    // Progress: one line per configuration as it finishes, then the integrity modes.
    expect(r.stderr).toMatch(/ring 2\^10 × 64 B, off: [\d,]+ accesses\/s/);
    expect(r.stderr).toContain('integrity modes: none, merkle, rit, rit+must');
  });
});

describe('runOramBench', () => {
  it('refuses an `only` pattern that matches no row, naming the rows, before any work', () => {
    const lines: string[] = [];
    expect(() =>
      runOramBench({
        capacities: [2 ** 10],
        blockSizes: [64],
        seconds: 0.01,
        log: (l) => lines.push(l),
        only: /no such row/,
      }),
    ).toThrow(/--only \/no such row\/ matches no row; the rows are: ring 2\^10 × 64 B, off; /);
    expect(lines).toEqual([]);
  });
});
