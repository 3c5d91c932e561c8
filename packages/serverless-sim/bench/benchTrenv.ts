// Speed of the TrEnv platforms against the keep-alive baseline measured in the same run, and of
// the agent-session simulator. Run: `pnpm tsx --conditions=@paperlab/source bench/benchTrenv.ts`
// (prints medians of 3 runs).
import {
  e2bPlatform,
  simulate,
  simulateAgents,
  trenvContainersPreset,
  trenvXAgentsPreset,
  trenvXPlatform,
} from '../src/index.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeIt(run: () => number): { perSec: number; count: number } {
  const rates: number[] = [];
  let count = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    count = run();
    rates.push(count / ((performance.now() - t0) / 1000));
  }
  return { perSec: median(rates), count };
}

// 2 M invocations: one function, Poisson 1000/s for 2000 s, on enough cores.
const big = {
  seed: 1,
  cluster: { nodes: 1, coresPerNode: 100_000, memoryMbPerNode: 1e9 },
  functions: ['hello-python'],
  workload: { kind: 'poisson' as const, ratePerSec: 1000, durationMs: 2_000_000 },
  sampleIntervalMs: 60_000,
};
const fmt = (x: number) => `${(x / 1e6).toFixed(2)} M/s`;
const base = timeIt(() => simulate({ ...big, platform: 'keep-alive' }).invocations);
console.log(`keep-alive (baseline)      ${fmt(base.perSec)} over ${base.count} invocations`);
for (const platform of ['trenv-cxl', 'trenv-rdma']) {
  // keep-alive 0: every invocation takes TrEnv's start path (repurpose + template attach).
  const r = timeIt(
    () => simulate({ ...big, platform, platformOptions: { keepAliveMs: 0 } }).invocations,
  );
  console.log(
    `${platform.padEnd(11)} (every start) ${fmt(r.perSec)} = ${(r.perSec / base.perSec).toFixed(2)}× baseline`,
  );
}
const preset = timeIt(
  () => simulate({ ...trenvContainersPreset, platform: 'trenv-cxl' }).invocations,
);
console.log(`trenv-containers preset    ${fmt(preset.perSec)} (${preset.count} invocations)`);

const long = { ...trenvXAgentsPreset, durationMs: 6 * 3_600_000 };
for (const platform of [e2bPlatform(), trenvXPlatform()]) {
  const r = timeIt(() => simulateAgents({ ...long, platform }).sessions);
  console.log(
    `agents ${platform.name.padEnd(8)}            ${(r.perSec / 1000).toFixed(1)} k sessions/s (${r.count} sessions)`,
  );
}
