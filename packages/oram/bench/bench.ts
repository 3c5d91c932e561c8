// Benchmarks of @paperlab/oram. Run: pnpm --filter @paperlab/oram bench
// Ring vs Path ORAM in the same run, cipher on/off, the cipher's own speed and the ratio of
// encrypted throughput to the ceiling that speed allows; then the integrity modes side by
// side; then the timing-model and reliability bench.
import { cipherCallsByPhase, runIntegrityBench, runOramBench } from '../src/cli/oramBench.js';
import { benchTiming } from './benchTiming.js';

const quick = process.argv.includes('--quick');
console.log('# @paperlab/oram bench\n');
console.log(
  `load average at start: ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}\n`,
);
{
  const N = quick ? 2 ** 10 : 2 ** 16;
  const byPhase = cipherCallsByPhase(N, 64, quick ? 300 : 3000);
  console.log(
    `## Cipher calls per access, Ring ORAM 2^${Math.log2(N)} x 64 B (ChaCha20-Poly1305): ` +
      Object.entries(byPhase)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ') +
      '\n',
  );
}
runOramBench({
  capacities: quick ? [2 ** 10] : [2 ** 10, 2 ** 16, 2 ** 20],
  blockSizes: quick ? [64] : [64, 4096],
  seconds: quick ? 0.5 : 2,
  log: console.log,
});
console.log('\n## Integrity modes (Ring ORAM, N = 2^12, 64 B, ChaCha20-Poly1305)\n');
runIntegrityBench(2 ** 12, quick ? 0.5 : 2, console.log);

console.log('\n## Timing model and reliability\n');
benchTiming();
