import { type Command, InvalidArgumentError } from 'commander';
import { formatIroReproduction } from '../timing/formatIroReproduction.js';
import { runIroReproduction } from '../timing/iroReproduction.js';
import { ringOramDesigns } from '../timing/ringOramDesigns.js';
import { resolveTimingParameters } from '../timing/timingParameters.js';

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
  accesses: number;
  capacity: number;
  seed: string;
  channels: number;
  latency: number;
  ii: number;
  hashEngine: 'aes-gcm' | 'dedicated';
  speculative: boolean;
  format: 'markdown' | 'csv';
  ringSet: 'teaching' | 'largeBucket';
}

/** `paperlab-oram iro`: the IRO timing reproduction table (paper: +7.54 % / −2.14 %). */
export function register(program: Command): void {
  program
    .command('iro')
    .description(
      "reproduce IRO's execution-time result: the real Ring ORAM's traces (no integrity, Merkle, IRO) through the DDR4 + AES-GCM timing model",
    )
    .option(
      '--accesses <n>',
      'ORAM accesses recorded per design',
      intOption('--accesses', 1, 1_000_000),
      2000,
    )
    .option('--capacity <n>', 'logical 64-byte blocks', intOption('--capacity', 16, 1 << 20), 4096)
    .option('--seed <seed>', 'seed of the workload, keys and ORAM randomness', 'iro-reproduction')
    .option('--aes-latency <cycles>', 'AES-GCM unit latency', intOption('--aes-latency', 1, 10_000))
    .option(
      '--aes-ii <cycles>',
      'cycles between 16-byte blocks entering one unit',
      intOption('--aes-ii', 1, 10_000),
    )
    .option(
      '--hash-engine <engine>',
      "tree digests on 'aes-gcm' units or a 'dedicated' engine",
      (v: string) => {
        if (v !== 'aes-gcm' && v !== 'dedicated') {
          throw new InvalidArgumentError(
            `--hash-engine must be 'aes-gcm' or 'dedicated', got ${v}`,
          );
        }
        return v;
      },
    )
    .option(
      '--speculative',
      'issue slot reads before the path metadata is authenticated (default: authenticate first)',
    )
    .option(
      '--ring-set <name>',
      "Ring ORAM (Z, S, A): 'teaching' (4, 5, 3) or 'largeBucket' (33, 63, 48)",
      (v: string) => {
        if (v !== 'teaching' && v !== 'largeBucket') {
          throw new InvalidArgumentError(
            `--ring-set must be 'teaching' or 'largeBucket', got ${v}`,
          );
        }
        return v;
      },
      'teaching',
    )
    .option(
      '--format <format>',
      'markdown or csv',
      (v: string) => {
        if (v !== 'markdown' && v !== 'csv') {
          throw new InvalidArgumentError(`--format must be 'markdown' or 'csv', got ${v}`);
        }
        return v;
      },
      'markdown',
    )
    .action((raw: Partial<IroOptions> & { aesLatency?: number; aesIi?: number }) => {
      const parameters = resolveTimingParameters({
        aesGcm: {
          ...(raw.aesLatency !== undefined ? { latency: raw.aesLatency } : {}),
          ...(raw.aesIi !== undefined ? { initiationInterval: raw.aesIi } : {}),
        },
        ...(raw.hashEngine !== undefined ? { hash: { engine: raw.hashEngine } } : {}),
        verifyMetadataBeforeSlotReads: raw.speculative !== true,
      });
      const designs = ringOramDesigns({
        capacity: raw.capacity ?? 4096,
        treeTopLevels: parameters.treeTopCachedLevels,
        ring: { parameterSet: raw.ringSet ?? 'teaching' },
      });
      const result = runIroReproduction({
        ring: designs.ring,
        merkle: designs.merkle,
        iro: designs.iro,
        variants: [designs.iroWithoutMust],
        accesses: raw.accesses ?? 2000,
        seed: raw.seed ?? 'iro-reproduction',
        parameters,
      });
      console.log(formatIroReproduction(result, parameters, raw.format ?? 'markdown'));
    });
}
