// Node-only entry point (`@paperlab/serverless-sim/node`): streaming trace readers over files.
// The file is read in chunks and parsed line by line; only the builders' compact arrays stay.
import { createReadStream } from 'node:fs';
import { type Azure2019Options, Azure2019TraceBuilder } from './azure2019Trace.js';
import { Azure2021TraceBuilder } from './azure2021Trace.js';
import { LineSplitter } from './lineSplitter.js';

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

export type { Azure2019Options } from './azure2019Trace.js';
