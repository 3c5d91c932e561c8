// The CLI: the commands in-process (fast), and the real entry point once for its exit status.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../src/cli/program.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));

/** Runs `paperlab-sim ...args` in-process and returns what it printed on stdout. */
async function cli(args: string[]): Promise<string> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.map(String).join(' '));
  });
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    await buildProgram().parseAsync(['node', 'paperlab-sim', ...args]);
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
  return lines.join('\n');
}

describe('paperlab-sim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperlab-sim-'));

  it('run --preset writes JSON that matches the printed table', async () => {
    const out = join(dir, 'r.json');
    const stdout = await cli([
      'run',
      '--preset',
      'burst-faasd',
      '--duration-ms',
      '60000',
      '--out',
      out,
    ]);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.platform).toBe('faasd');
    expect(stdout).toContain(`| faasd    | ${String(r.invocations).padStart(11)} |`);
  });

  it('run --config reads a JSON config; flags override it', async () => {
    const file = join(dir, 'c.json');
    writeFileSync(
      file,
      JSON.stringify({
        seed: 2,
        functions: ['pyaes'],
        workload: { kind: 'poisson', ratePerSec: 1, durationMs: 60_000 },
      }),
    );
    const out = join(dir, 'c.json.out.json');
    await cli(['run', '--config', file, '--platform', 'criu', '--seed', '5', '--out', out]);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect([r.platform, r.seed]).toEqual(['criu', 5]);
  });

  it('list names every preset and platform', async () => {
    const stdout = await cli(['list']);
    for (const name of [
      'simfaas-readme',
      'azure-keep-alive',
      'faasd',
      'hybrid-histogram',
      'faasnap-plus',
    ]) {
      expect(stdout).toContain(name);
    }
  });

  it('run --trace streams one CSV row per invocation', async () => {
    const out = join(dir, 'records.csv');
    await cli([
      'run',
      '--trace',
      join(pkg, 'test/fixtures/azure2019-invocations.csv'),
      '--out',
      out,
    ]);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,function,node,path,arrivalMs,queueMs,startupMs,execMs,endMs');
    const fixture = readFileSync(join(pkg, 'test/fixtures/azure2019-invocations.csv'), 'utf8')
      .trim()
      .split('\n');
    const total = fixture
      .slice(1)
      .flatMap((l) => l.split(',').slice(4).map(Number))
      .reduce((a, b) => a + b, 0);
    expect(lines.length - 1).toBe(total);
  });

  it('sweep runs the grid on worker threads', async () => {
    const out = join(dir, 'sweep.csv');
    const stdout = await cli([
      'sweep',
      '--preset',
      'burst-faasd',
      '--duration-ms',
      '30000',
      '--platforms',
      'faasd,keep-alive',
      '--param',
      'cluster.nodes=1,2',
      '--workers',
      '2',
      '--out',
      out,
    ]);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(5); // header + 2 platforms × 2 node counts
    expect(stdout).toContain('cluster.nodes');
  });

  it('bad input ends with the message and exit code 2', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@paperlab/source',
        'src/cli/main.ts',
        'run',
        '--preset',
        'nope',
      ],
      { cwd: pkg, encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^paperlab-sim: preset must be one of simfaas-readme, .*got nope$/,
    );
  });
});
