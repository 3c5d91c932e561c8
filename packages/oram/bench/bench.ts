// Benchmarks of @paperlab/oram. Run: pnpm --filter @paperlab/oram bench [--quick]
// The honest ORAM bench (prefilled tree, uniform addresses, half reads / half writes, the
// AES-GCM yardstick in the same run), then the integrity modes side by side, then the
// timing-model and reliability bench.
// `--only <regex>` runs just the ORAM rows whose label matches (e.g. --only '64 B, off'),
// with the yardstick, and skips the other sections: one row in well under a minute.
// `--seconds <s>` sets the timed seconds per row (default 3).
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runIntegrityBench, runOramBench } from '../src/cli/oramBench.js';
import { benchTiming } from './benchTiming.js';

// A leading `--` (what `pnpm <script> -- …` passes on) is not an argument.
const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();
const { values: args } = parseArgs({
  args: argv,
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    seconds: { type: 'string' },
  },
});
const quick = args.quick === true;
const only = args.only === undefined ? undefined : new RegExp(args.only);
const seconds = args.seconds === undefined ? (quick ? 1 : 3) : Number(args.seconds);
if (!(seconds > 0 && seconds <= 600)) {
  throw new RangeError(`--seconds must be a number in (0, 600], got ${args.seconds}`);
}
console.log('# @paperlab/oram bench\n');
console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}\n`,
);
console.log('## Ring / Path ORAM, prefilled tree, uniform addresses, 50 % reads\n');
runOramBench({
  capacities: quick ? [2 ** 10] : [2 ** 16],
  blockSizes: quick ? [64] : [64, 4096],
  seconds,
  log: console.log,
  progress: (line) => console.error(line),
  only,
});
if (only !== undefined) process.exit(0);
console.log('\n## Integrity modes (Ring ORAM, N = 2^12, 64 B, ChaCha20-Poly1305, prefilled)\n');
runIntegrityBench(2 ** 12, quick ? 0.5 : 2, console.log);
console.log(
  `\nload average at end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

console.log('\n## Timing model and reliability\n');
benchTiming();
