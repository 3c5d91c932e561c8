// The commands of paperlab-sim: run one simulation (a preset, a config file or a trace) with a
// progress bar and a summary table, or sweep a grid of configurations on worker threads.
// Separate from main.ts so tests can drive the program in-process.
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { renderCsv, renderMarkdownTable } from '@paperlab/stats';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ResolvedConfig, SimulationConfig } from '../configSchema.js';
import type { FunctionProfile } from '../functionProfile.js';
import { readAzureTrace, simulateParallel } from '../node.js';
import { platformNames, platforms } from '../platforms/index.js';
import { preset, presetNames } from '../presets.js';
import { resolveConfig, simulate } from '../simulate.js';
import {
  recordCsvHeader,
  recordToCsv,
  resultToJson,
  type SimulationResult,
  summaryTable,
} from '../simulationResult.js';
import {
  canonicalJson,
  checkDocument,
  mergeSweepDocuments,
  parseShard,
  pooledSeedRows,
  type SweepDocument,
  type SweepPointResult,
  shardIndices,
  sweepFormat,
  sweepRows,
  sweepToCsv,
  sweepToJson,
} from '../sweepDocument.js';
import { expandGrid, pathKeys, type SweepAxis } from '../sweepGrid.js';
import type { Workload } from '../workload.js';
import { register as registerRepro } from './reproCommand.js';

/** Exit status of a usage or input error (bad flag, bad file, bad config); see the README. */
export const USAGE_EXIT_CODE = 2;

/** Format tag of the manifest `sweep --emit-configs` writes beside the config files. */
export const configsManifestFormat = 'paperlab-sim/sweep-configs@1';

interface SourceOptions {
  preset?: string;
  config?: string;
  trace?: string;
  durations?: string;
  memory?: string;
  platform?: string;
  platformOptions?: string;
  seed?: string;
  durationMs?: string;
}

/** A usage or input error: main.ts prints its message and exits with status 2. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

function fail(message: string): never {
  throw new CliError(message);
}

function parseJson(what: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    fail(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * Runs paperlab-sim on `argv` (as process.argv: node, script, args…) and returns the exit
 * status: 0 on success (also --help, --version); USAGE_EXIT_CODE (2) for a usage or input
 * error (an unknown flag or preset, a bad config or trace file), with one line on stderr and no
 * stack trace; 1 for anything else (a bug), with its stack.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (e) {
    // commander has already printed its message (or the help / version text).
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    // RangeError: the library's bad-input errors (ConfigError included); CliError: the CLI's.
    if (e instanceof RangeError || e instanceof CliError) {
      console.error(`paperlab-sim: ${e.message}`);
      return USAGE_EXIT_CODE;
    }
    console.error(e);
    return 1;
  }
}

/** A decimal number as a user types it (no hex, no `Infinity`), else undefined. */
function decimal(text: string): number | undefined {
  return /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]{1,3})?$/.test(text) ? Number(text) : undefined;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/** The base config from --preset / --config / --trace plus the overriding flags. */
function baseConfig(o: SourceOptions): SimulationConfig {
  const sources = [o.preset, o.config, o.trace].filter((x) => x !== undefined).length;
  if (sources !== 1) fail('give exactly one of --preset NAME, --config FILE, --trace FILE');
  let c: SimulationConfig;
  if (o.preset !== undefined) c = preset(o.preset);
  else if (o.config !== undefined) {
    const parsed = parseJson(o.config, readText(o.config).replace(/^\uFEFF/, ''));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      fail(`${o.config} must hold a JSON object (a simulation config)`);
    // "$schema" lets editors validate the file; it is not part of the config.
    const { $schema: _schema, ...rest } = parsed as Record<string, unknown>;
    c = rest as SimulationConfig;
  } else c = { seed: 1 };
  if (o.platform !== undefined) c.platform = o.platform;
  if (o.platformOptions !== undefined) {
    c.platformOptions = parseJson('--platform-options', o.platformOptions) as Record<
      string,
      unknown
    >;
  }
  if (o.seed !== undefined) c.seed = /^-?[0-9]{1,15}$/.test(o.seed) ? Number(o.seed) : o.seed;
  if (o.durationMs !== undefined) {
    if (c.workload === undefined || !('durationMs' in c.workload))
      fail('--duration-ms needs a generated workload');
    const ms = decimal(o.durationMs);
    if (ms === undefined) fail(`--duration-ms must be a decimal number, got ${o.durationMs}`);
    c.workload.durationMs = ms;
  }
  return c;
}

/** Reads a trace file; the format is told by its header. */
function loadTrace(
  o: SourceOptions,
): Promise<{ functions: FunctionProfile[]; workload: Workload }> {
  return readAzureTrace(o.trace!, {
    ...(o.durations !== undefined ? { durations: o.durations } : {}),
    ...(o.memory !== undefined ? { memory: o.memory } : {}),
  });
}

function progressBar(enabled: boolean) {
  if (!enabled) return undefined;
  const bar = new SingleBar({
    format: 'simulating [{bar}] {percentage}% | {duration_formatted}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(1000, 0);
  return bar;
}

/** --out FILE (.csv or .json) or --out - (JSON on stdout); undefined: no file. */
function outKind(out: string | undefined): 'csv' | 'json' | 'stdout' | undefined {
  if (out === undefined) return undefined;
  if (out === '-') return 'stdout';
  if (out.endsWith('.json')) return 'json';
  if (out.endsWith('.csv')) return 'csv';
  fail(`--out must end in .csv or .json, or be - for JSON on stdout, got ${out}`);
}

function writeFile(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    fail(`cannot write ${file}: ${(e as Error).message}`);
  }
  console.error(`wrote ${file}`);
}

/**
 * Writes a sweep document as asked: the table (pooled over seeds with --pool-seeds) on stdout
 * and in .csv, every result in .json; --json / --out - put the JSON alone on stdout.
 */
function writeSweep(
  doc: SweepDocument,
  o: { out?: string; json?: boolean; poolSeeds?: boolean },
): void {
  const kind = outKind(o.out);
  let rows: ReturnType<typeof sweepRows>;
  try {
    rows = o.poolSeeds === true ? pooledSeedRows(doc) : sweepRows(doc);
  } catch (e) {
    fail((e as Error).message);
  }
  if (kind === 'csv') writeFile(o.out!, o.poolSeeds === true ? renderCsv(rows) : sweepToCsv(doc));
  else if (kind === 'json') writeFile(o.out!, sweepToJson(doc));
  if (kind === 'stdout' || o.json === true) {
    process.stdout.write(sweepToJson(doc));
    return;
  }
  console.log(renderMarkdownTable(rows));
}

function addSourceOptions(cmd: Command): Command {
  return cmd
    .option('--preset <name>', `a named preset (${presetNames().join(', ')})`)
    .option('--config <file>', 'a JSON config file (schema: simulation-config.schema.json)')
    .option('--trace <file>', 'an Azure trace: 2019 invocations CSV or 2021 invocations CSV')
    .option('--durations <file>', '2019 durations CSV (default: durations.csv beside --trace)')
    .option('--memory <file>', '2019 memory CSV (default: memory.csv beside --trace)')
    .addOption(new Option('--platform <name>', 'start-path strategy').choices(platformNames()))
    .option(
      '--platform-options <json>',
      'platform options as JSON, e.g. \'{"keepAliveMs":600000}\'',
    )
    .option('--seed <seed>', 'random seed (integer or string)')
    .option('--duration-ms <ms>', 'override the generated workload duration');
}

function workersArg(value: string): number {
  const n = /^[0-9]{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= 1024))
    throw new InvalidArgumentError(`--workers must be an integer in [1, 1024], got ${value}`);
  return n;
}

function shardArg(value: string) {
  try {
    return parseShard(value);
  } catch (e) {
    throw new InvalidArgumentError(`--${(e as Error).message}`);
  }
}

function packageVersion(): string {
  // src/cli/ and dist/cli/ both sit two levels below package.json.
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return String(manifest.version);
}

interface SweepOptions extends SourceOptions {
  platforms?: string;
  seeds?: string;
  param: string[];
  workers?: number;
  out?: string;
  json?: boolean;
  shard?: { index: number; count: number };
  emitConfigs?: string;
  poolSeeds?: boolean;
}

/** The axes of a sweep from its flags, in flag order: --platforms, --seeds, then each --param. */
function sweepAxes(o: SweepOptions): SweepAxis[] {
  const axes: SweepAxis[] = [];
  if (o.platforms !== undefined) axes.push({ path: 'platform', values: o.platforms.split(',') });
  if (o.seeds !== undefined)
    axes.push({ path: 'seed', values: o.seeds.split(',').map((s) => decimal(s) ?? s) });
  for (const p of o.param) {
    const eq = p.indexOf('=');
    if (eq <= 0) fail(`--param must look like path=v1,v2, got ${p}`);
    const path = p.slice(0, eq);
    try {
      pathKeys(path);
    } catch (e) {
      fail(`--param ${(e as Error).message}`);
    }
    axes.push({
      path,
      values: p
        .slice(eq + 1)
        .split(',')
        .map(parseScalar),
    });
  }
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.path)) fail(`sweep axis ${a.path} is given twice`);
    seen.add(a.path);
  }
  return axes;
}

/** Every grid point, validated and with defaults filled in (what each result will carry). */
function resolvedGrid(base: SimulationConfig, axes: SweepAxis[]): ResolvedConfig[] {
  const grid: ResolvedConfig[] = [];
  expandGrid(base, axes).forEach((c, i) => {
    try {
      grid.push(resolveConfig(c));
    } catch (e) {
      fail(`sweep point ${i}: ${(e as Error).message}`);
    }
  });
  return grid;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('paperlab-sim')
    .description('Discrete-event simulator of serverless start paths (TrEnv-X and baselines)')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .addHelpText(
      'after',
      `\nExit status: 0 on success, ${USAGE_EXIT_CODE} for a usage or input error (bad flag, file or config), 1 for anything else.`,
    );

  addSourceOptions(
    program.command('run').description('run one simulation and print a summary table'),
  )
    .option(
      '--out <file>',
      'write results: .json (summary, time series, config), .csv (one row per invocation), - (JSON on stdout)',
    )
    .option('--json', 'print the result as JSON on stdout instead of the table')
    .option('--no-progress', 'hide the progress bar')
    .action(async (o: SourceOptions & { out?: string; json?: boolean; progress: boolean }) => {
      const config = resolveConfig(baseConfig(o));
      const kind = outKind(o.out);
      const trace = o.trace !== undefined ? await loadTrace(o) : undefined;
      const bar = progressBar(o.progress && process.stderr.isTTY === true);
      // simulate() is synchronous, so records are written with blocking writes in batches.
      let csv: number | undefined;
      if (kind === 'csv') {
        try {
          csv = openSync(o.out!, 'w');
        } catch (e) {
          fail(`cannot write ${o.out}: ${(e as Error).message}`);
        }
        writeSync(csv, `${recordCsvHeader}\n`);
      }
      const lines: string[] = [];
      let result: SimulationResult;
      try {
        result = simulate(config, {
          ...(trace ?? {}),
          ...(bar !== undefined
            ? { onProgress: (f: number) => bar.update(Math.round(f * 1000)) }
            : {}),
          ...(csv !== undefined
            ? {
                onRecord: (r, t) => {
                  lines.push(recordToCsv(r, t));
                  if (lines.length >= 4096) {
                    writeSync(csv!, `${lines.join('\n')}\n`);
                    lines.length = 0;
                  }
                },
              }
            : {}),
        });
      } catch (e) {
        bar?.stop();
        fail((e as Error).message);
      }
      bar?.stop();
      result = { ...result, config };
      if (csv !== undefined) {
        if (lines.length > 0) writeSync(csv, `${lines.join('\n')}\n`);
        closeSync(csv);
        console.error(`wrote ${o.out}`);
      } else if (kind === 'json') {
        writeFile(o.out!, `${resultToJson(result)}\n`);
      }
      if (kind === 'stdout' || o.json === true) {
        process.stdout.write(`${resultToJson(result)}\n`);
        return;
      }
      console.log(summaryTable([result]));
      const paths = Object.entries(result.startPaths)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      console.log(
        `\nstart paths: ${paths}; events ${result.events}; simulated ${(result.simulatedMs / 1000).toFixed(0)} s`,
      );
    });

  addSourceOptions(
    program
      .command('sweep')
      .description(
        'run a grid of configurations on worker threads, or one shard of it (--shard), or write the grid as config files (--emit-configs)',
      ),
  )
    .option('--platforms <list>', 'comma-separated platforms to compare')
    .option('--seeds <list>', 'comma-separated seeds')
    .option(
      '--param <path=v1,v2...>',
      'an extra axis, e.g. cluster.nodes=1,2,4 (repeatable)',
      collect,
      [],
    )
    .option('--workers <n>', 'worker threads, 1-1024 (default: all cores)', workersArg)
    .option(
      '--shard <i/n>',
      'run only shard i of n (every n-th grid point from i); merge later',
      shardArg,
    )
    .option(
      '--emit-configs <dir>',
      'write each grid point as DIR/NNNN.json and DIR/sweep.json; run nothing',
    )
    .option(
      '--out <file>',
      'write the table (.csv) or all results with their configs (.json); - for JSON on stdout',
    )
    .option('--json', 'print all results as JSON on stdout instead of the table')
    .option(
      '--pool-seeds',
      'one table row per config over all its seeds: latency from the runs merged exactly',
    )
    .action(async (o: SweepOptions) => {
      if (o.trace !== undefined) fail('sweep takes --preset or --config (traces: use run)');
      const axes = sweepAxes(o);
      const grid = resolvedGrid(baseConfig(o), axes);
      if (o.emitConfigs !== undefined) {
        emitConfigs(o.emitConfigs, axes, grid);
        return;
      }
      const indices =
        o.shard !== undefined ? shardIndices(grid.length, o.shard) : grid.map((_, i) => i);
      const bar = progressBar(process.stderr.isTTY === true);
      bar?.setTotal(indices.length);
      let results: SimulationResult[];
      try {
        results = await simulateParallel(
          indices.map((i) => grid[i]!),
          {
            ...(o.workers !== undefined ? { workers: o.workers } : {}),
            recorders: o.poolSeeds === true,
            onDone: (d) => bar?.update(d),
          },
        );
      } catch (e) {
        bar?.stop();
        fail((e as Error).message);
      }
      bar?.stop();
      const doc: SweepDocument = {
        format: sweepFormat,
        axes: axes.map((a) => a.path),
        points: grid.length,
        results: results.map((r, k) => pointResult(indices[k]!, grid[indices[k]!]!, r)),
      };
      writeSweep(doc, o);
    });

  program
    .command('merge')
    .description(
      'merge sweep shards (sweep --shard … --out x.json) or single runs of emitted configs (run --config DIR/NNNN.json --out x.json, with --manifest DIR/sweep.json) into the table of the whole sweep',
    )
    .argument('<files...>', 'JSON result files')
    .option('--manifest <file>', 'the sweep.json written by sweep --emit-configs (for run results)')
    .option('--partial', 'allow missing grid points')
    .option(
      '--out <file>',
      'write the merged table (.csv) or results (.json); - for JSON on stdout',
    )
    .option('--json', 'print the merged results as JSON on stdout instead of the table')
    .option('--pool-seeds', 'pool each config over its seeds (shards run with --pool-seeds)')
    .action(
      (
        files: string[],
        o: {
          manifest?: string;
          partial?: boolean;
          out?: string;
          json?: boolean;
          poolSeeds?: boolean;
        },
      ) => {
        const docs =
          o.manifest !== undefined
            ? [documentFromRuns(o.manifest, files)]
            : files.map((f) => {
                const d = parseJson(f, readText(f));
                try {
                  checkDocument(d, f);
                } catch (e) {
                  fail(
                    `${(e as Error).message} (results of single runs need --manifest DIR/sweep.json)`,
                  );
                }
                return d;
              });
        let doc: SweepDocument;
        try {
          doc = mergeSweepDocuments(docs, { partial: o.partial === true });
        } catch (e) {
          fail((e as Error).message);
        }
        writeSweep(doc, o);
      },
    );

  program
    .command('list')
    .description('list presets and platforms')
    .option('--json', 'print them as JSON on stdout')
    .action((o: { json?: boolean }) => {
      if (o.json === true) {
        const list = {
          presets: presetNames(),
          platforms: platformNames().map((name) => ({
            name,
            description: platforms[name]!.description,
          })),
        };
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      console.log('presets:');
      for (const n of presetNames()) console.log(`  ${n}`);
      console.log('platforms:');
      for (const n of platformNames())
        console.log(`  ${n.padEnd(18)} ${platforms[n]!.description}`);
    });

  registerRepro(program);
  return program;
}

/** A result with its grid index first and its config, as a sweep document holds it. */
function pointResult(index: number, config: ResolvedConfig, r: SimulationResult): SweepPointResult {
  const { config: _ignored, ...rest } = r;
  return { index, ...rest, config };
}

function emitConfigs(dir: string, axes: SweepAxis[], grid: ResolvedConfig[]): void {
  const width = Math.max(4, String(grid.length - 1).length);
  const names = grid.map((_, i) => `${String(i).padStart(width, '0')}.json`);
  try {
    mkdirSync(dir, { recursive: true });
    grid.forEach((c, i) => {
      writeFileSync(join(dir, names[i]!), `${JSON.stringify(c, null, 2)}\n`);
    });
    const manifest = {
      format: configsManifestFormat,
      axes: axes.map((a) => a.path),
      points: grid.length,
      configs: names,
    };
    writeFileSync(join(dir, 'sweep.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (e) {
    fail(`cannot write configs to ${dir}: ${(e as Error).message}`);
  }
  console.error(`wrote ${grid.length} configs and sweep.json to ${dir}`);
}

/** A sweep document from single-run results, placed by matching their configs to the grid's. */
function documentFromRuns(manifestFile: string, files: string[]): SweepDocument {
  const m = parseJson(manifestFile, readText(manifestFile)) as {
    format?: unknown;
    axes?: unknown;
    configs?: unknown;
  };
  if (
    m === null ||
    typeof m !== 'object' ||
    m.format !== configsManifestFormat ||
    !Array.isArray(m.axes) ||
    !Array.isArray(m.configs)
  ) {
    fail(`${manifestFile} must be the sweep.json written by sweep --emit-configs`);
  }
  const base = join(manifestFile, '..');
  const indexOf = new Map<string, number>();
  (m.configs as string[]).forEach((name, i) => {
    const file = join(base, String(name));
    indexOf.set(
      canonicalJson(resolveConfig(parseJson(file, readText(file)) as SimulationConfig)),
      i,
    );
  });
  const results = files.map((f) => {
    const r = parseJson(f, readText(f)) as SimulationResult | null;
    if (r === null || typeof r !== 'object' || r.config === undefined)
      fail(`${f} must be a result of run --out FILE.json (with its config)`);
    const index = indexOf.get(canonicalJson(resolveConfig(r.config as SimulationConfig)));
    if (index === undefined) fail(`${f}: its config is not one of the grid's in ${manifestFile}`);
    return pointResult(index, r.config, r);
  });
  return { format: sweepFormat, axes: m.axes as string[], points: m.configs.length, results };
}

function collect(v: string, acc: string[]): string[] {
  acc.push(v);
  return acc;
}

function parseScalar(s: string): unknown {
  if (s === 'true' || s === 'false') return s === 'true';
  return decimal(s) ?? s;
}
