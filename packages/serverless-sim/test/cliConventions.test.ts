// paperlab-sim as a user meets it: the real entry point in a child process, checking exit
// status, stdout and stderr apart, and the sharded sweep merging back byte for byte.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantile } from '@paperlab/stats';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli/program.js';
import { preset } from '../src/presets.js';
import { simulate } from '../src/simulate.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paperlab-sim-cli-'));
const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));

/** The real entry point in a child process (slow here: a few seconds per spawn). */
function spawnSim(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@paperlab/source', 'src/cli/main.ts', ...args],
    { cwd: pkg, encoding: 'utf8' },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** runCli in-process (what main.ts calls), with stdout and stderr captured apart. */
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
    const status = await runCli(['node', 'paperlab-sim', ...args]);
    return { status, stdout, stderr };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

const grid = [
  'sweep',
  '--preset',
  'burst-faasd',
  '--duration-ms',
  '20000',
  '--platforms',
  'faasd,keep-alive',
  '--param',
  'cluster.nodes=1,2,3',
  '--workers',
  '1',
];

describe('paperlab-sim conventions', () => {
  it('--version prints the package version on stdout and exits 0', () => {
    const r = spawnSim(['--version']);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, `${manifest.version}\n`, '']);
  });

  it('the process exits 2 on a usage error, message on stderr only', () => {
    const bogus = spawnSim(['run', '--bogus']);
    expect([bogus.status, bogus.stdout, bogus.stderr]).toEqual([
      2,
      '',
      "error: unknown option '--bogus'\n",
    ]);
    const proto = spawnSim(['sweep', '--preset', 'burst-faasd', '--param', '__proto__.polluted=1']);
    expect([proto.status, proto.stdout, proto.stderr]).toEqual([
      2,
      '',
      'paperlab-sim: --param sweep path must not contain __proto__, prototype or constructor, got "__proto__.polluted"\n',
    ]);
  });

  it('every usage error exits 2 with one message on stderr and nothing on stdout', async () => {
    const cases: [string[], RegExp][] = [
      [['run', '--bogus'], /^error: unknown option '--bogus'$/],
      [['nope'], /^error: unknown command 'nope'/],
      [
        ['sweep', '--preset', 'burst-faasd', '--workers', '0'],
        /--workers must be an integer in \[1, 1024\], got 0$/,
      ],
      [
        ['sweep', '--preset', 'burst-faasd', '--param', '__proto__.polluted=1'],
        /^paperlab-sim: --param sweep path must not contain __proto__, prototype or constructor, got "__proto__.polluted"$/,
      ],
      [
        ['sweep', '--preset', 'burst-faasd', '--shard', '4/3'],
        /shard must be i\/n with integers 1 <= i <= n/,
      ],
      [
        ['run', '--preset', 'burst-faasd', '--duration-ms', '0x10'],
        /--duration-ms must be a decimal number, got 0x10$/,
      ],
      [['merge', join(pkg, 'package.json')], /must be a sweep document/],
    ];
    for (const [args, message] of cases) {
      const r = await sim(args);
      expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status: 2, stdout: '' });
      expect(r.stderr.trim()).toMatch(message);
    }
  });

  it('list --json and run --json write JSON alone on stdout', async () => {
    const list = await sim(['list', '--json']);
    expect(list.status).toBe(0);
    const l = JSON.parse(list.stdout);
    expect(l.presets).toContain('burst-faasd');
    expect(l.platforms.map((p: { name: string }) => p.name)).toContain('faasnap-plus');
    const run = await sim([
      'run',
      '--preset',
      'burst-faasd',
      '--duration-ms',
      '20000',
      '--out',
      '-',
    ]);
    expect([run.status, run.stderr]).toEqual([0, '']);
    const r = JSON.parse(run.stdout);
    // The result carries the config it ran, defaults filled in.
    expect(r.config.platform).toBe('faasd');
    expect(r.config.workload.durationMs).toBe(20000);
    expect(r.config.cluster.nodes).toBeGreaterThanOrEqual(1);
  });

  it('--shard 1/3..3/3 + merge equals the unsharded sweep byte for byte (CSV and JSON)', async () => {
    const whole = await sim([...grid, '--out', join(dir, 'whole.json')]);
    expect(whole.status).toBe(0);
    // The CSV of the whole sweep, from its own JSON (a merge of one complete document).
    expect(
      (await sim(['merge', join(dir, 'whole.json'), '--out', join(dir, 'whole.csv')])).status,
    ).toBe(0);
    for (const i of [1, 2, 3]) {
      const r = await sim([...grid, '--shard', `${i}/3`, '--out', join(dir, `shard${i}.json`)]);
      expect([r.status, r.stderr.trim()]).toEqual([0, `wrote ${join(dir, `shard${i}.json`)}`]);
    }
    const shards = [3, 1, 2].map((i) => join(dir, `shard${i}.json`));
    const json = await sim(['merge', ...shards, '--out', join(dir, 'merged.json')]);
    const csv = await sim(['merge', ...shards, '--out', join(dir, 'merged.csv')]);
    expect([json.status, csv.status]).toEqual([0, 0]);
    const text = (f: string) => readFileSync(join(dir, f), 'utf8');
    expect(text('merged.json')).toBe(text('whole.json'));
    expect(text('merged.csv')).toBe(text('whole.csv'));
    // The same table on stdout too, with the swept axes as the first columns.
    expect(json.stdout).toBe(whole.stdout);
    expect(whole.stdout).toContain('| platform   | cluster.nodes |');
    expect(text('whole.csv').split('\n')[0]).toBe(
      'platform,cluster.nodes,invocations,cold %,e2e p50 ms,e2e p99 ms,e2e p99.9 ms,startup p99 ms,mem avg MiB,mem peak MiB',
    );
    expect(text('whole.csv').split('\n')[2]).toMatch(/^faasd,2,\d+,/);
    // A shard alone is not the whole grid.
    const two = await sim(['merge', shards[0]!, shards[1]!]);
    expect(two.status).toBe(2);
    // Shard 3/3 holds points 2 and 5 (every third from index 2), 1/3 holds 0 and 3.
    expect(two.stderr).toMatch(/merge must cover all 6 points, got 4; missing 1, 4/);
    const dup = await sim(['merge', shards[0]!, shards[0]!]);
    expect(dup.stderr).toMatch(/point 2 appears twice/);
  });

  it('--emit-configs writes runnable configs; their runs merge into the same table', async () => {
    const out = join(dir, 'configs');
    const emit = await sim([...grid, '--emit-configs', out]);
    expect([emit.status, emit.stdout]).toEqual([0, '']);
    const files = readdirSync(out)
      .filter((f) => f !== 'sweep.json')
      .sort();
    expect(files).toEqual([
      '0000.json',
      '0001.json',
      '0002.json',
      '0003.json',
      '0004.json',
      '0005.json',
    ]);
    // Runs in any order, as a scheduler would; one process per config.
    const results: string[] = [];
    for (const f of files.reverse()) {
      const target = join(dir, `run-${f}`);
      expect((await sim(['run', '--config', join(out, f), '--out', target])).status).toBe(0);
      results.push(target);
    }
    const merged = await sim([
      'merge',
      '--manifest',
      join(out, 'sweep.json'),
      ...results,
      '--out',
      join(dir, 'runs.csv'),
    ]);
    expect(merged.status).toBe(0);
    // whole.csv is the unsharded sweep's table, written by the test above.
    expect(readFileSync(join(dir, 'runs.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'whole.csv'), 'utf8'),
    );
    writeFileSync(join(dir, 'stray.json'), JSON.stringify({ config: { seed: 99 } }));
    const stray = await sim([
      'merge',
      '--manifest',
      join(out, 'sweep.json'),
      join(dir, 'stray.json'),
    ]);
    expect([stray.status, stray.stderr]).toEqual([
      2,
      expect.stringContaining("its config is not one of the grid's"),
    ]);
  });

  it('--pool-seeds: shards merge into the pooled table byte for byte; quantiles of all runs together', async () => {
    const pooled = [
      'sweep',
      '--preset',
      'burst-faasd',
      '--duration-ms',
      '20000',
      '--platforms',
      'faasd,keep-alive',
      '--seeds',
      '1,2,3',
      '--workers',
      '1',
      '--pool-seeds',
    ];
    expect((await sim([...pooled, '--out', join(dir, 'pooled.csv')])).status).toBe(0);
    for (const i of [1, 2]) {
      const r = await sim([...pooled, '--shard', `${i}/2`, '--out', join(dir, `pool${i}.json`)]);
      expect(r.status).toBe(0);
    }
    const shards = [join(dir, 'pool2.json'), join(dir, 'pool1.json')];
    const merged = await sim([
      'merge',
      '--pool-seeds',
      ...shards,
      '--out',
      join(dir, 'pooled-merged.csv'),
    ]);
    expect(merged.status).toBe(0);
    const csv = readFileSync(join(dir, 'pooled.csv'), 'utf8');
    expect(readFileSync(join(dir, 'pooled-merged.csv'), 'utf8')).toBe(csv);
    const [header, faasd] = csv.split('\n').map((l) => l.split(','));
    expect(header!.slice(0, 3)).toEqual(['platform', 'seeds', 'invocations']);
    // Reference: every invocation of the three faasd runs in one array, numpy-linear quantile
    // (the recorders stay exact below 65,536 values).
    const all: number[] = [];
    for (const seed of [1, 2, 3]) {
      const c = preset('burst-faasd');
      c.platform = 'faasd';
      c.seed = seed;
      (c.workload as { durationMs: number }).durationMs = 20_000;
      simulate(c, { onRecord: (r) => all.push(r.endMs - r.arrivalMs) });
    }
    const col = (name: string) => Number(faasd![header!.indexOf(name)]);
    expect(col('seeds')).toBe(3);
    expect(col('invocations')).toBe(all.length);
    expect(col('e2e p99 ms')).toBe(Math.round(quantile(all, 0.99) * 10) / 10);
    expect(col('e2e p50 ms')).toBe(Math.round(quantile(all, 0.5) * 10) / 10);
    // Pooling needs the recorders: shards run without --pool-seeds cannot be pooled.
    const plain = await sim(['merge', '--pool-seeds', join(dir, 'whole.json')]);
    expect([plain.status, plain.stderr]).toEqual([
      2,
      'paperlab-sim: pooling needs results with recorders (sweep --pool-seeds); point 0 has none\n',
    ]);
  });
});
