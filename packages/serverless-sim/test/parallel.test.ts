import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { SweepAbortedError, simulateParallel } from '../src/node.js';
import { resolveConfig, simulate } from '../src/simulate.js';
import { resultToJson } from '../src/simulationResult.js';
import { expandGrid } from '../src/sweepGrid.js';

const small = (seed: number) => ({
  seed,
  functions: ['hello-python'],
  workload: { kind: 'poisson' as const, ratePerSec: 1, durationMs: 20_000 },
});

/** What simulateParallel must return for a config: simulate()'s result plus the config it ran. */
const expected = (c: Parameters<typeof simulate>[0]) =>
  resultToJson({ ...simulate(c), config: resolveConfig(c) });

describe('parallel sweep', () => {
  it('worker threads return exactly what simulate() returns, in config order, with the config', async () => {
    const configs = expandGrid(
      {
        seed: 3,
        functions: ['hello-python', 'pyaes'],
        workload: { kind: 'poisson', ratePerSec: 2, durationMs: 120_000 },
      },
      [
        { path: 'platform', values: ['faasd', 'keep-alive'] },
        { path: 'cluster.nodes', values: [1, 2] },
      ],
    );
    expect(configs.map((c) => `${c.platform}/${c.cluster?.nodes}`)).toEqual([
      'faasd/1',
      'faasd/2',
      'keep-alive/1',
      'keep-alive/2',
    ]);
    const parallel = await simulateParallel(configs, { workers: 2 });
    expect(parallel.map(resultToJson)).toEqual(configs.map(expected));
  });

  it('refuses 0, fractional and huge worker counts', async () => {
    for (const workers of [0, 1.5, -1, 1e9, Number.NaN]) {
      await expect(simulateParallel([small(1)], { workers })).rejects.toThrow(
        `workers must be an integer in [1, 1024], got ${workers}`,
      );
    }
  });

  it('refuses a misspelt option and callbacks that are not functions, before starting a worker', async () => {
    await expect(simulateParallel([small(1)], { Workers: 2 } as never)).rejects.toThrow(
      "simulateParallel: unknown option 'Workers'; the options are workers, onDone, onResult, signal, workerUrl, recorders",
    );
    await expect(simulateParallel([small(1)], { onDone: 'log' } as never)).rejects.toThrow(
      'onDone must be a function, got string',
    );
    await expect(simulateParallel([small(1)], { onResult: {} } as never)).rejects.toThrow(
      'onResult must be a function, got object',
    );
  });

  it('an abort stops the workers and keeps the results that finished', async () => {
    const configs = [1, 2, 3, 4].map(small);
    const ac = new AbortController();
    const seen: number[] = [];
    const run = simulateParallel(configs, {
      workers: 1,
      signal: ac.signal,
      onResult: (i) => {
        seen.push(i);
        ac.abort(new Error('enough'));
      },
    });
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SweepAbortedError);
    const partial = (err as SweepAbortedError).results;
    // One worker takes configs in order; the abort comes with the first result.
    expect(seen).toEqual([0]);
    expect(partial).toHaveLength(4);
    expect(resultToJson(partial[0]!)).toBe(expected(configs[0]!));
    expect(partial.slice(1)).toEqual([undefined, undefined, undefined]);
    const before = new AbortController();
    before.abort();
    await expect(simulateParallel(configs, { signal: before.signal })).rejects.toThrow(
      'sweep aborted before it started',
    );
  });

  it('a result that arrives after the abort changes neither the error nor the callbacks', async () => {
    const configs = [1, 2, 3, 4].map(small);
    const ac = new AbortController();
    const seen: number[] = [];
    const run = simulateParallel(configs, {
      workers: 2,
      signal: ac.signal,
      onResult: (i) => {
        seen.push(i);
        if (seen.length > 1) return;
        // Hold the main thread until the other worker has finished its config, so its result
        // is waiting in the queue when the abort comes.
        const until = Date.now() + 1500;
        while (Date.now() < until) {
          /* busy */
        }
        ac.abort(new Error('enough'));
      },
    });
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SweepAbortedError);
    expect(seen).toHaveLength(1);
    const partial = (err as SweepAbortedError).results;
    expect(partial.filter((r) => r !== undefined)).toHaveLength(1);
    expect(resultToJson(partial[seen[0]!]!)).toBe(expected(configs[seen[0]!]!));
  });

  it('a failing config rejects with its index and the results that finished', async () => {
    const configs = [small(1), { ...small(2), cluster: { nodes: 0 } }, small(3)];
    const err = await simulateParallel(configs, { workers: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SweepAbortedError);
    expect((err as Error).message).toMatch(/^sweep config 1: config\.cluster\.nodes/);
    expect(resultToJson((err as SweepAbortedError).results[0]!)).toBe(expected(configs[0]!));
  });

  it('survives esbuild bundling of the app for Node, with the worker entry beside the bundle', async () => {
    const pkg = fileURLToPath(new URL('..', import.meta.url));
    const bundle = async (entryPoints: string[]) => {
      const outdir = mkdtempSync(join(tmpdir(), 'paperlab-bundle-'));
      await build({
        entryPoints: entryPoints.map((e) => join(pkg, e)),
        bundle: true,
        platform: 'node',
        format: 'esm',
        outdir,
        entryNames: '[name]',
        // The workspace's @paperlab/stats resolves to its TypeScript source, as in the tests.
        conditions: ['@paperlab/source'],
        logLevel: 'error',
      });
      return spawnSync(process.execPath, [join(outdir, 'bundledApp.js')], { encoding: 'utf8' });
    };
    const ok = await bundle(['test/scripts/bundledApp.ts', 'src/sweepWorker.ts']);
    expect(ok.stderr).toBe('');
    const results = JSON.parse(ok.stdout) as unknown[];
    const configs = [1, 2].map((nodes) => ({
      seed: 3,
      platform: 'keep-alive',
      functions: ['hello-python'],
      cluster: { nodes },
      workload: { kind: 'poisson' as const, ratePerSec: 2, durationMs: 30_000 },
    }));
    expect(results.map((r) => resultToJson(r as never))).toEqual(configs.map(expected));
    // Without the worker entry the app gets an error that says what to ship, not a module
    // resolution failure.
    const missing = await bundle(['test/scripts/bundledApp.ts']);
    expect(missing.stdout).toMatch(
      /^error: sweep worker not found at .*sweepWorker\.js: a bundled app must ship the worker entry @paperlab\/serverless-sim\/sweep-worker beside the bundle/,
    );
  });
});
