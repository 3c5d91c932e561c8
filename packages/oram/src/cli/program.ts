import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { bandwidthTable } from './bandwidthTable.js';
import { demoTrace } from './demoTrace.js';
import { register as registerFaults } from './faultsCommand.js';
import { register as registerIro } from './iroCommand.js';
import { numericRow, printJson } from './jsonOutput.js';
import { register as registerList } from './listCommand.js';
import { runIntegrityBench, runOramBench } from './oramBench.js';
import { register as registerServe } from './serveCommand.js';

/** The paperlab-oram command tree. */
function intArg(name: string, lo: number, hi: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < lo || n > hi) {
      throw new InvalidArgumentError(`${name} must be an integer in [${lo}, ${hi}], got ${value}`);
    }
    return n;
  };
}

/** Exit status of a usage or input error (an unknown flag, a value out of range). */
export const USAGE_EXIT_CODE = 2;

function packageVersion(): string {
  // src/cli/ and dist/cli/ both sit two levels below package.json.
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return String(manifest.version);
}

/**
 * Runs paperlab-oram on `argv` (as process.argv) and returns the exit status: 0 on success
 * (also --help, --version); USAGE_EXIT_CODE (2) for a usage or input error, one line on stderr;
 * 1 for anything else, with its stack.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (e) {
    // commander has already printed its message (or the help / version text).
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    if (e instanceof RangeError || e instanceof TypeError) {
      console.error(`paperlab-oram: ${e.message}`);
      return USAGE_EXIT_CODE;
    }
    console.error(e);
    return 1;
  }
}

export function buildProgram(): Command {
  const program = new Command('paperlab-oram')
    .description('Ring ORAM, Path ORAM and IRO from @paperlab/oram')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .addHelpText(
      'after',
      `\nExit status: 0 on success, ${USAGE_EXIT_CODE} for a usage or input error (bad flag or value), 1 for anything else.`,
    );
  program
    .command('bench')
    .description(
      'accesses per second: Ring vs Path, cipher on/off, against the cipher ceiling; integrity modes',
    )
    .option('--quick', 'small sizes only (N = 2^10, 64 B)')
    .option('--seconds <s>', 'seconds per configuration', intArg('--seconds', 1, 60), 1)
    .option('--json', 'write the results as JSON on stdout (the tables go to stderr)')
    .action((o: { quick?: boolean; seconds: number; json?: boolean }) => {
      // Progress on stderr, so stdout holds only the results.
      const progress = (line: string) => process.stderr.write(`${line}\n`);
      const log = o.json === true ? progress : console.log;
      const rows = runOramBench({
        capacities: o.quick ? [2 ** 10] : [2 ** 10, 2 ** 16, 2 ** 20],
        blockSizes: o.quick ? [64] : [64, 4096],
        seconds: o.seconds,
        log,
        progress,
      });
      log('\nIntegrity modes, Ring ORAM N=2^10, 64 B, encrypted:');
      progress('  integrity modes: none, merkle, rit, rit+must');
      const integrity = runIntegrityBench(2 ** 10, o.seconds, log);
      if (o.json === true) {
        printJson({
          command: 'bench',
          seconds: o.seconds,
          configurations: rows.map(numericRow),
          integrity: integrity.rows.map(numericRow),
        });
      }
    });
  program
    .command('bandwidth')
    .description('measured vs formula blocks per access for Ring and Path ORAM')
    .option('--capacity <n>', 'logical blocks', intArg('--capacity', 2, 1 << 22), 4096)
    .option('--accesses <n>', 'random accesses', intArg('--accesses', 1, 1e7), 3000)
    .option('--seed <seed>', 'seed', 'bandwidth')
    .action((o: { capacity: number; accesses: number; seed: string }) => {
      console.log(bandwidthTable(o.capacity, o.accesses, o.seed));
    });
  program
    .command('demo')
    .description('logical accesses beside the physical trace the server sees')
    .option('--accesses <n>', 'accesses to show', intArg('--accesses', 1, 1000), 12)
    .option('--seed <seed>', 'seed', 'demo')
    .action((o: { accesses: number; seed: string }) => {
      for (const line of demoTrace(o.accesses, o.seed)) console.log(line);
    });
  registerIro(program);
  registerFaults(program);
  registerList(program);
  registerServe(program);
  return program;
}
