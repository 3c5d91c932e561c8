// Node-only entry point (`@paperlab/serverless-sim/node`): streaming trace readers over files
// (read in chunks and parsed line by line; only the builders' compact arrays stay) and a
// parallel runner on worker threads.
import { createReadStream, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkOptionNames } from '@paperlab/stats';
import {
  type Azure2019BuilderOptions,
  type Azure2019Options,
  Azure2019TraceBuilder,
} from './azure2019Trace.js';
import {
  type Azure2021BuilderOptions,
  Azure2021TraceBuilder,
  isAzure2021Header,
} from './azure2021Trace.js';
import type { SimulationConfig } from './configSchema.js';
import { LineSplitter, type LineSplitterOptions } from './lineSplitter.js';
import type { SimulationResult } from './simulationResult.js';
import { stripBom } from './traceFields.js';

/** Streams a text file line by line into `onLine`; errors name the file. */
export async function forEachLine(
  path: string,
  onLine: (line: string) => void,
  options: LineSplitterOptions = {},
): Promise<void> {
  const splitter = new LineSplitter(onLine, options);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream) splitter.push(chunk as string);
    splitter.end();
  } catch (e) {
    stream.destroy();
    if (e instanceof RangeError) throw new RangeError(`${path}: ${e.message}`);
    throw e;
  }
}

export interface Azure2019Files {
  /** The invocations-per-minute file. */
  invocations: string;
  /** The durations percentile file (optional). */
  durations?: string;
  /** The app memory percentile file (optional). */
  memory?: string;
}

/** Options of the file readers: the replay's, the builders' caps and the longest line. */
export type TraceReadOptions = Azure2019Options &
  Azure2019BuilderOptions &
  Azure2021BuilderOptions &
  LineSplitterOptions;

const traceReadOptionNames: Record<keyof TraceReadOptions, true> = {
  spread: true,
  minInvocations: true,
  maxInvocationsPerMinute: true,
  maxInvocations: true,
  maxLineLength: true,
};

/** The splitter's part of the options (the rest would be refused there as unknown). */
function splitterOptions(who: string, options: TraceReadOptions): LineSplitterOptions {
  checkOptionNames(who, options, traceReadOptionNames);
  return options.maxLineLength !== undefined ? { maxLineLength: options.maxLineLength } : {};
}

/** Reads an Azure 2019 trace from files into function profiles and a replay workload. */
export async function readAzure2019Trace(files: Azure2019Files, options: TraceReadOptions = {}) {
  const lines = splitterOptions('readAzure2019Trace', options);
  checkOptionNames<Azure2019Files>('readAzure2019Trace files', files, {
    invocations: true,
    durations: true,
    memory: true,
  });
  const b = new Azure2019TraceBuilder(
    options.maxInvocationsPerMinute !== undefined
      ? { maxInvocationsPerMinute: options.maxInvocationsPerMinute }
      : {},
  );
  await forEachLine(files.invocations, (l) => b.invocationsLine(l), lines);
  if (files.durations !== undefined)
    await forEachLine(files.durations, (l) => b.durationsLine(l), lines);
  if (files.memory !== undefined) await forEachLine(files.memory, (l) => b.memoryLine(l), lines);
  return b.build({
    ...(options.spread !== undefined ? { spread: options.spread } : {}),
    ...(options.minInvocations !== undefined ? { minInvocations: options.minInvocations } : {}),
  });
}

/** Reads an Azure 2021 invocation trace file into function profiles and a replay workload. */
export async function readAzure2021Trace(path: string, options: TraceReadOptions = {}) {
  const lines = splitterOptions('readAzure2021Trace', options);
  const b = new Azure2021TraceBuilder(
    options.maxInvocations !== undefined ? { maxInvocations: options.maxInvocations } : {},
  );
  await forEachLine(path, (l) => b.line(l), lines);
  return b.build();
}

/**
 * Reads an Azure trace file of either format, told by its header: the 2021 columns
 * (`app`, `func`, `end_timestamp`, `duration`, in any order) or the 2019 invocations schema
 * (`HashOwner,HashApp,HashFunction,Trigger,1,…`). For a 2019 `invocations*.csv`,
 * `durations.csv` and `memory.csv` beside it are used unless given.
 */
export async function readAzureTrace(
  path: string,
  files: { durations?: string; memory?: string } = {},
  options: TraceReadOptions = {},
) {
  // Checked before the file is opened; the reader called below checks them again (cheap).
  splitterOptions('readAzureTrace', options);
  checkOptionNames<{ durations?: string; memory?: string }>('readAzureTrace files', files, {
    durations: true,
    memory: true,
  });
  const header = await firstLine(path);
  if (isAzure2021Header(header)) return readAzure2021Trace(path, options);
  if (!stripBom(header).startsWith('HashOwner,')) {
    throw new RangeError(
      `${path}: header must be the 2019 invocations schema (HashOwner,HashApp,HashFunction,Trigger,1,…) or hold the 2021 columns app, func, end_timestamp, duration; got "${stripBom(header).slice(0, 60)}"`,
    );
  }
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
  return (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
}

export type { Azure2019BuilderOptions, Azure2019Options } from './azure2019Trace.js';
export type { Azure2021BuilderOptions } from './azure2021Trace.js';
export { configJsonSchema, configJsonSchemaText } from './configJsonSchema.js';
export type { LineSplitterOptions } from './lineSplitter.js';

export interface ParallelOptions {
  /** Worker threads, an integer in [1, 1024] (default: available parallelism). */
  workers?: number;
  /** Called after each config finishes, with the number done so far. */
  onDone?: (done: number, total: number) => void;
  /** Called with each result as it arrives (in completion order), for partial results. */
  onResult?: (index: number, result: SimulationResult) => void;
  /** Aborts the run: workers are stopped and the call rejects with a SweepAbortedError. */
  signal?: AbortSignal;
  /**
   * The worker entry (`@paperlab/serverless-sim/sweep-worker`). Default: `sweepWorker.js`
   * beside this module, which is also where a bundle finds it when the entry is emitted next
   * to the bundle (see the README's "Bundling" section).
   */
  workerUrl?: URL | string;
  /** Also return each run's latency recorders (`result.recorders`), for exact pooling. */
  recorders?: boolean;
}

/** A parallel run stopped early (aborted, or a config failed): `results` holds what finished. */
export class SweepAbortedError extends Error {
  override readonly name = 'SweepAbortedError';
  /** One slot per config; undefined where the config had not finished. */
  readonly results: (SimulationResult | undefined)[];
  constructor(message: string, results: (SimulationResult | undefined)[], cause?: unknown) {
    super(message, cause !== undefined ? { cause } : undefined);
    this.results = results;
  }
}

const MAX_WORKERS = 1024;

/**
 * Runs each config on a pool of worker threads; results come back in config order. A config
 * that fails, or an abort, rejects with a SweepAbortedError that names the config and keeps
 * the results that finished. Workers are always stopped before the call settles.
 */
export async function simulateParallel(
  configs: readonly SimulationConfig[],
  options: ParallelOptions = {},
): Promise<SimulationResult[]> {
  checkOptionNames<ParallelOptions>('simulateParallel', options, {
    workers: true,
    onDone: true,
    onResult: true,
    signal: true,
    workerUrl: true,
    recorders: true,
  });
  for (const k of ['onDone', 'onResult'] as const) {
    if (options[k] !== undefined && typeof options[k] !== 'function')
      throw new TypeError(`${k} must be a function, got ${typeof options[k]}`);
  }
  const requested = options.workers ?? availableParallelism();
  if (!(Number.isInteger(requested) && requested >= 1 && requested <= MAX_WORKERS)) {
    throw new RangeError(
      `workers must be an integer in [1, ${MAX_WORKERS}], got ${String(options.workers)}`,
    );
  }
  const workers = Math.min(configs.length, requested);
  const results = new Array<SimulationResult | undefined>(configs.length).fill(undefined);
  if (options.signal?.aborted) {
    throw new SweepAbortedError('sweep aborted before it started', results, options.signal.reason);
  }
  if (configs.length === 0) return [];
  const spawn = workerSpawner(options.workerUrl);
  let next = 0;
  let done = 0;
  const pool: Worker[] = [];
  let onAbort: (() => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      // Once stopped, a result a worker had already posted (it can arrive while the workers
      // are being terminated) is dropped: the error's `results` and the callbacks must not
      // change after the call has rejected.
      let stopped = false;
      const stop = (message: string, cause?: unknown) => {
        if (stopped) return;
        stopped = true;
        reject(new SweepAbortedError(message, results, cause));
      };
      onAbort = () => stop('sweep aborted', options.signal?.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const feed = (w: Worker) => {
        if (next < configs.length) {
          const index = next++;
          w.postMessage({ index, config: configs[index], recorders: options.recorders === true });
        }
      };
      for (let i = 0; i < workers; i++) {
        const w = spawn();
        pool.push(w);
        w.on('message', (m: { index: number; result?: SimulationResult; error?: string }) => {
          if (stopped) return;
          if (m.error !== undefined) {
            stop(`sweep config ${m.index}: ${m.error}`);
            return;
          }
          results[m.index] = m.result!;
          done++;
          options.onResult?.(m.index, m.result!);
          options.onDone?.(done, configs.length);
          if (done === configs.length) resolve();
          else if (!stopped) feed(w);
        });
        w.on('error', (e) => stop(`sweep worker failed: ${e.message}`, e));
        feed(w);
      }
    });
  } finally {
    if (onAbort !== undefined) options.signal?.removeEventListener('abort', onAbort);
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results as SimulationResult[];
}

/** How to start a worker: from TypeScript source (tests, tsx) or from built JavaScript. */
function workerSpawner(workerUrl: URL | string | undefined): () => Worker {
  // From source, the worker needs the tsx loader and the source export condition.
  const fromSource = workerUrl === undefined && import.meta.url.endsWith('.ts');
  const url =
    workerUrl !== undefined
      ? new URL(workerUrl, pathToFileURL(`${process.cwd()}/`))
      : new URL(fromSource ? './sweepWorker.ts' : './sweepWorker.js', import.meta.url);
  if (url.protocol === 'file:' && !existsSync(url)) {
    throw new RangeError(
      `sweep worker not found at ${fileURLToPath(url)}: a bundled app must ship the worker entry @paperlab/serverless-sim/sweep-worker beside the bundle as sweepWorker.js, or pass its location as workerUrl`,
    );
  }
  if (fromSource) {
    const bootstrap = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
    return () => new Worker(bootstrap, { eval: true, execArgv: ['--conditions=@paperlab/source'] });
  }
  return () => new Worker(url);
}
