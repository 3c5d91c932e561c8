// Benchmarks of @paperlab/oram. Run: pnpm --filter @paperlab/oram bench [--quick]
// The honest ORAM bench (prefilled tree, uniform addresses, half reads / half writes, the
// AES-GCM yardstick in the same run), then the integrity modes side by side, then the
// timing-model and reliability bench.
import { loadavg } from 'node:os';
import { runIntegrityBench, runOramBench } from '../src/cli/oramBench.js';
import { benchTiming } from './benchTiming.js';

const quick = process.argv.includes('--quick');
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
  seconds: quick ? 1 : 3,
  log: console.log,
  progress: (line) => console.error(line),
});
console.log('\n## Integrity modes (Ring ORAM, N = 2^12, 64 B, ChaCha20-Poly1305, prefilled)\n');
runIntegrityBench(2 ** 12, quick ? 0.5 : 2, console.log);
console.log(
  `\nload average at end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

console.log('\n## Timing model and reliability\n');
benchTiming();
