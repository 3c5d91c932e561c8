import { type Command, InvalidArgumentError } from 'commander';
import { formatIroReproduction } from '../timing/formatIroReproduction.js';
import { runIroReproduction } from '../timing/iroReproduction.js';
import { hardwareTree, resolveTimingParameters, teachingTree } from '../timing/timingParameters.js';

/** A commander argument parser for an integer in [lo, hi] whose error names the option. */
export function intOption(name: string, lo: number, hi: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < lo || n > hi) {
      throw new InvalidArgumentError(`${name} must be an integer in [${lo}, ${hi}], got ${value}`);
    }
    return n;
  };
}

interface IroOptions {
  accesses?: number;
  seed: string;
  tree: 'hardware' | 'teaching';
  aesLatency?: number;
  aesIi?: number;
  hashEngine?: 'aes-gcm' | 'dedicated';
  speculative?: boolean;
  sweep: boolean;
  long?: boolean;
  format: 'markdown' | 'csv';
}

function choice<T extends string>(name: string, allowed: readonly T[]): (v: string) => T {
  return (v) => {
    if (!(allowed as readonly string[]).includes(v)) {
      throw new InvalidArgumentError(`${name} must be one of ${allowed.join(', ')}, got ${v}`);
    }
    return v as T;
  };
}

/** `paperlab-oram iro`: the IRO timing reproduction table (paper: +7.54 % / −2.14 %). */
export function register(program: Command): void {
  program
    .command('iro')
    .description(
      "reproduce IRO's execution-time result: every labelled baseline, IRO as stated and the hypotheses for its −2.14 %, on a hardware-scale Ring ORAM access sequence through the DDR4 + AES-GCM timing model",
    )
    .option(
      '--accesses <n>',
      'ORAM accesses per design (default 1000; 10000 with --long)',
      intOption('--accesses', 1, 1_000_000),
    )
    .option('--long', 'the longer run: 10000 accesses per design')
    .option('--seed <seed>', 'seed of the workload and the ORAM randomness', 'iro-reproduction')
    .option(
      '--tree <tree>',
      "'hardware' (24 levels, 10 cached, Z 5, S 7, A 5) or 'teaching' (N 4096, Z 4, S 5, A 3)",
      choice('--tree', ['hardware', 'teaching'] as const),
      'hardware',
    )
    .option('--aes-latency <cycles>', 'AES-GCM unit latency', intOption('--aes-latency', 1, 10_000))
    .option(
      '--aes-ii <cycles>',
      'cycles between 16-byte blocks entering one unit',
      intOption('--aes-ii', 1, 10_000),
    )
    .option(
      '--hash-engine <engine>',
      "tree digests on 'aes-gcm' units or a 'dedicated' engine",
      choice('--hash-engine', ['aes-gcm', 'dedicated'] as const),
    )
    .option(
      '--speculative',
      'issue slot reads before the path metadata is authenticated (default: authenticate first)',
    )
    .option('--no-sweep', 'skip the AES-GCM latency × pipelining sweep')
    .option(
      '--format <format>',
      'markdown or csv',
      choice('--format', ['markdown', 'csv'] as const),
      'markdown',
    )
    .action((raw: IroOptions) => {
      const parameters = resolveTimingParameters({
        channels: 2,
        aesGcm: {
          ...(raw.aesLatency !== undefined ? { latency: raw.aesLatency } : {}),
          ...(raw.aesIi !== undefined ? { initiationInterval: raw.aesIi } : {}),
        },
        ...(raw.hashEngine !== undefined ? { hash: { engine: raw.hashEngine } } : {}),
        verifyMetadataBeforeSlotReads: raw.speculative !== true,
      });
      const result = runIroReproduction({
        tree: raw.tree === 'teaching' ? teachingTree : hardwareTree,
        accesses: raw.accesses ?? (raw.long === true ? 10_000 : 1000),
        seed: raw.seed,
        parameters,
        aesSweep: raw.sweep,
      });
      console.log(formatIroReproduction(result, parameters, raw.format));
    });
}
