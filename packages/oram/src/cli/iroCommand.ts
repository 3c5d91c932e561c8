import { renderCsv } from '@paperlab/stats';
import { type Command, InvalidArgumentError } from 'commander';
import { formatIroReproduction } from '../timing/formatIroReproduction.js';
import {
  type IroReproductionResult,
  PAPER_OVERHEAD_ENOUGH_UNITS,
  PAPER_OVERHEAD_FOUR_UNITS,
  runIroReproduction,
} from '../timing/iroReproduction.js';
import { hardwareTree, resolveTimingParameters, teachingTree } from '../timing/timingParameters.js';
import { printJson } from './jsonOutput.js';

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
  json?: boolean;
}

/** Percent with two decimals, as a number (CSV cells hold numbers; the unit is in the header). */
const percent = (x: number): number => Math.round(x * 10_000) / 100;

/** The variants table with numeric cells: overheads in % (units in the column names). */
export function iroCsvRows(result: IroReproductionResult): Record<string, string | number>[] {
  return result.variants.map((v) => {
    const row: Record<string, string | number> = {
      variant: v.name,
      role: v.role,
      'metadata B': v.metaBytes,
      'requests/access': Number(v.requestsPerAccess.toFixed(1)),
      'bytes/access': Math.round(v.bytesPerAccess),
      'MACs/access': Number(v.macsPerAccess.toFixed(1)),
      'digests/access': Number(v.hashesPerAccess.toFixed(1)),
    };
    for (const b of result.baselines) {
      row[`vs ${b} (4 units) %`] = percent(v.vs[b]!.fourUnits);
      row[`vs ${b} (enough) %`] = percent(v.vs[b]!.enoughUnits);
    }
    const paper = v.role !== 'baseline';
    row['paper (4 units) %'] = paper ? percent(PAPER_OVERHEAD_FOUR_UNITS) : '';
    row['paper (enough) %'] = paper ? percent(PAPER_OVERHEAD_ENOUGH_UNITS) : '';
    return row;
  });
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
      'markdown or csv (numeric cells, units in the header)',
      choice('--format', ['markdown', 'csv'] as const),
      'markdown',
    )
    .option('--json', 'write the whole result (and the timing parameters) as JSON on stdout')
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
      if (raw.json === true) printJson({ command: 'iro', parameters, result });
      else if (raw.format === 'csv') console.log(renderCsv(iroCsvRows(result)).trimEnd());
      else console.log(formatIroReproduction(result, parameters, raw.format));
    });
}
