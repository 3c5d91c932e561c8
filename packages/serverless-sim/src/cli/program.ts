// The commands of paperlab-sim: run one simulation (a preset, a config file or a trace) with a
// progress bar and a summary table, or sweep a grid of configurations on worker threads.
// Separate from main.ts so tests can drive the program in-process.
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { renderCsv, renderMarkdownTable } from '@paperlab/stats';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import type { SimulationConfig } from '../configSchema.js';
import type { FunctionProfile } from '../functionProfile.js';
import { readAzureTrace, simulateParallel } from '../node.js';
import { platformNames, platforms } from '../platforms/index.js';
import { preset, presetNames } from '../presets.js';
import { simulate } from '../simulate.js';
import {
  recordCsvHeader,
  recordToCsv,
  resultToJson,
  type SimulationResult,
  summaryRows,
  summaryTable,
} from '../simulationResult.js';
import { expandGrid, type SweepAxis } from '../sweepGrid.js';
import type { Workload } from '../workload.js';
import { register as registerRepro } from './reproCommand.js';

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

/** The base config from --preset / --config / --trace plus the overriding flags. */
function baseConfig(o: SourceOptions): SimulationConfig {
  const sources = [o.preset, o.config, o.trace].filter((x) => x !== undefined).length;
  if (sources !== 1) fail('give exactly one of --preset NAME, --config FILE, --trace FILE');
  let c: SimulationConfig;
  if (o.preset !== undefined) c = preset(o.preset);
  else if (o.config !== undefined)
    c = parseJson(o.config, readFileSync(o.config, 'utf8')) as SimulationConfig;
  else c = { seed: 1 };
  if (o.platform !== undefined) c.platform = o.platform;
  if (o.platformOptions !== undefined) {
    c.platformOptions = parseJson('--platform-options', o.platformOptions) as Record<
      string,
      unknown
    >;
  }
  if (o.seed !== undefined) c.seed = /^-?\d+$/.test(o.seed) ? Number(o.seed) : o.seed;
  if (o.durationMs !== undefined) {
    if (c.workload === undefined || !('durationMs' in c.workload))
      fail('--duration-ms needs a generated workload');
    c.workload.durationMs = Number(o.durationMs);
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

function writeResults(out: string | undefined, results: SimulationResult[]): void {
  if (out === undefined) return;
  if (out.endsWith('.json')) {
    writeFileSync(
      out,
      results.length === 1
        ? `${resultToJson(results[0]!)}\n`
        : `[${results.map(resultToJson).join(',\n')}]\n`,
    );
  } else if (out.endsWith('.csv')) {
    writeFileSync(out, `${renderCsv(summaryRows(results))}\n`);
  } else {
    fail(`--out must end in .csv or .json, got ${out}`);
  }
  console.error(`wrote ${out}`);
}

function addSourceOptions(cmd: Command): Command {
  return cmd
    .option('--preset <name>', `a named preset (${presetNames().join(', ')})`)
    .option('--config <file>', 'a JSON config file')
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

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('paperlab-sim')
    .description('Discrete-event simulator of serverless start paths (TrEnv-X and baselines)');

  addSourceOptions(
    program.command('run').description('run one simulation and print a summary table'),
  )
    .option(
      '--out <file>',
      'write results: .json (summary + time series) or .csv (one row per invocation)',
    )
    .option('--no-progress', 'hide the progress bar')
    .action(async (o: SourceOptions & { out?: string; progress: boolean }) => {
      const config = baseConfig(o);
      const trace = o.trace !== undefined ? await loadTrace(o) : undefined;
      const bar = progressBar(o.progress && process.stderr.isTTY === true);
      // simulate() is synchronous, so records are written with blocking writes in batches.
      let csv: number | undefined;
      if (o.out?.endsWith('.csv')) {
        csv = openSync(o.out, 'w');
        writeSync(csv, `${recordCsvHeader}\n`);
      } else if (o.out !== undefined && !o.out.endsWith('.json')) {
        fail(`--out must end in .csv or .json, got ${o.out}`);
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
      if (csv !== undefined) {
        if (lines.length > 0) writeSync(csv, `${lines.join('\n')}\n`);
        closeSync(csv);
        console.error(`wrote ${o.out}`);
      } else if (o.out !== undefined) {
        writeResults(o.out, [result]);
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
    program.command('sweep').description('run a grid of configurations on worker threads'),
  )
    .option('--platforms <list>', 'comma-separated platforms to compare')
    .option('--seeds <list>', 'comma-separated seeds')
    .option(
      '--param <path=v1,v2...>',
      'an extra axis, e.g. cluster.nodes=1,2,4 (repeatable)',
      collect,
      [],
    )
    .option('--workers <n>', 'worker threads (default: all cores)')
    .option('--out <file>', 'write the summary rows (.csv) or all results (.json)')
    .action(
      async (
        o: SourceOptions & {
          platforms?: string;
          seeds?: string;
          param: string[];
          workers?: string;
          out?: string;
        },
      ) => {
        if (o.trace !== undefined) fail('sweep takes --preset or --config (traces: use run)');
        const base = baseConfig(o);
        const axes: SweepAxis[] = [];
        if (o.platforms !== undefined)
          axes.push({ path: 'platform', values: o.platforms.split(',') });
        if (o.seeds !== undefined)
          axes.push({ path: 'seed', values: o.seeds.split(',').map(parseScalar) });
        for (const p of o.param) {
          const eq = p.indexOf('=');
          if (eq <= 0) fail(`--param must look like path=v1,v2, got ${p}`);
          axes.push({
            path: p.slice(0, eq),
            values: p
              .slice(eq + 1)
              .split(',')
              .map(parseScalar),
          });
        }
        const configs = expandGrid(base, axes);
        const bar = progressBar(process.stderr.isTTY === true);
        bar?.setTotal(configs.length);
        let results: SimulationResult[];
        try {
          results = await simulateParallel(configs, {
            ...(o.workers !== undefined ? { workers: Number(o.workers) } : {}),
            onDone: (d) => bar?.update(d),
          });
        } catch (e) {
          bar?.stop();
          fail((e as Error).message);
        }
        bar?.stop();
        const rows = summaryRows(results).map((row, i) => {
          const labels: Record<string, string | number> = {};
          for (const a of axes) labels[a.path] = String(valueAt(configs[i], a.path));
          return { ...labels, ...row };
        });
        console.log(renderMarkdownTable(rows));
        writeResults(o.out, results);
      },
    );

  program
    .command('list')
    .description('list presets and platforms')
    .action(() => {
      console.log('presets:');
      for (const n of presetNames()) console.log(`  ${n}`);
      console.log('platforms:');
      for (const n of platformNames())
        console.log(`  ${n.padEnd(18)} ${platforms[n]!.description}`);
    });

  registerRepro(program);
  return program;
}

function collect(v: string, acc: string[]): string[] {
  acc.push(v);
  return acc;
}

function parseScalar(s: string): unknown {
  if (s === 'true' || s === 'false') return s === 'true';
  const n = Number(s);
  return s.trim() !== '' && Number.isFinite(n) ? n : s;
}

function valueAt(obj: unknown, path: string): unknown {
  let v = obj;
  for (const k of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[k];
  return v;
}
