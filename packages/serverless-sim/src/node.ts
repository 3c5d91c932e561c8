// Node-only entry point (`@paperlab/serverless-sim/node`): streaming trace readers over files
// (read in chunks and parsed line by line; only the builders' compact arrays stay) and a
// parallel runner on worker threads.
import { createReadStream, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Azure2019Options, Azure2019TraceBuilder } from './azure2019Trace.js';
import { Azure2021TraceBuilder } from './azure2021Trace.js';
import type { SimulationConfig } from './configSchema.js';
import { LineSplitter } from './lineSplitter.js';
import type { SimulationResult } from './simulationResult.js';

/** Streams a text file line by line into `onLine`. */
export async function forEachLine(path: string, onLine: (line: string) => void): Promise<void> {
  const splitter = new LineSplitter(onLine);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream) splitter.push(chunk as string);
  splitter.end();
}

export interface Azure2019Files {
  /** The invocations-per-minute file. */
  invocations: string;
  /** The durations percentile file (optional). */
  durations?: string;
  /** The app memory percentile file (optional). */
  memory?: string;
}

/** Reads an Azure 2019 trace from files into function profiles and a replay workload. */
export async function readAzure2019Trace(files: Azure2019Files, options: Azure2019Options = {}) {
  const b = new Azure2019TraceBuilder();
  await forEachLine(files.invocations, (l) => b.invocationsLine(l));
  if (files.durations !== undefined) await forEachLine(files.durations, (l) => b.durationsLine(l));
  if (files.memory !== undefined) await forEachLine(files.memory, (l) => b.memoryLine(l));
  return b.build(options);
}

/** Reads an Azure 2021 invocation trace file into function profiles and a replay workload. */
export async function readAzure2021Trace(path: string) {
  const b = new Azure2021TraceBuilder();
  await forEachLine(path, (l) => b.line(l));
  return b.build();
}

/**
 * Reads an Azure trace file of either format, told by its header (`app,func,…` is 2021). For a
 * 2019 `invocations*.csv`, `durations.csv` and `memory.csv` beside it are used unless given.
 */
export async function readAzureTrace(
  path: string,
  files: { durations?: string; memory?: string } = {},
  options: Azure2019Options = {},
) {
  const header = await firstLine(path);
  if (header.startsWith('app,func,')) return readAzure2021Trace(path);
  const named = basename(path).startsWith('invocations');
  const beside = (name: string) => {
    const p = join(dirname(path), name);
    return named && existsSync(p) ? p : undefined;
  };
  const durations = files.durations ?? beside('durations.csv');
  const memory = files.memory ?? beside('memory.csv');
  return readAzure2019Trace(
    {
      invocations: path,
      ...(durations !== undefined ? { durations } : {}),
      ...(memory !== undefined ? { memory } : {}),
    },
    options,
  );
}

async function firstLine(path: string): Promise<string> {
  const stream = createReadStream(path, { encoding: 'utf8', start: 0, end: 4095 });
  let text = '';
  for await (const chunk of stream) text += chunk as string;
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}

export type { Azure2019Options } from './azure2019Trace.js';

export interface ParallelOptions {
  /** Worker threads (default: available parallelism, at least 1). */
  workers?: number;
  /** Called after each config finishes, with the number done so far. */
  onDone?: (done: number, total: number) => void;
}

/**
 * Runs each config on a pool of worker threads; results come back in config order. A config
 * that fails rejects the whole call with its message and index.
 */
export async function simulateParallel(
  configs: readonly SimulationConfig[],
  options: ParallelOptions = {},
): Promise<SimulationResult[]> {
  const workers = Math.max(1, Math.min(configs.length, options.workers ?? availableParallelism()));
  if (!(Number.isInteger(workers) && workers >= 1)) {
    throw new RangeError(`workers must be an integer >= 1, got ${options.workers}`);
  }
  // Run from TypeScript source (tests, tsx), the worker needs the tsx loader and the source
  // export condition to load the .ts files; from dist/ it is plain JavaScript.
  const fromSource = import.meta.url.endsWith('.ts');
  const workerUrl = new URL(fromSource ? './sweepWorker.ts' : './sweepWorker.js', import.meta.url);
  const bootstrap = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); });`;
  const spawn = () =>
    fromSource
      ? new Worker(bootstrap, { eval: true, execArgv: ['--conditions=@paperlab/source'] })
      : new Worker(workerUrl);
  const results = new Array<SimulationResult>(configs.length);
  let next = 0;
  let done = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      if (configs.length === 0) {
        resolve();
        return;
      }
      const feed = (w: Worker) => {
        if (next < configs.length) {
          const index = next++;
          w.postMessage({ index, config: configs[index] });
        }
      };
      for (let i = 0; i < workers; i++) {
        const w = spawn();
        pool.push(w);
        w.on('message', (m: { index: number; result?: SimulationResult; error?: string }) => {
          if (m.error !== undefined) {
            reject(new RangeError(`sweep config ${m.index}: ${m.error}`));
            return;
          }
          results[m.index] = m.result!;
          done++;
          options.onDone?.(done, configs.length);
          if (done === configs.length) resolve();
          else feed(w);
        });
        w.on('error', reject);
        feed(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
