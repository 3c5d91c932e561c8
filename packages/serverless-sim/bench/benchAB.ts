// A/B of the current engine against the baseline commit's, in one process, interleaved, medians
// of 5 runs (2 shared cores: single runs vary by ±30 %). Three workloads:
// - the SimFaaS README model (Poisson 0.9/s, exp. 1.991 s, cold 2.244 s, keep-alive 600 s),
//   1,000,000 requests, through `simulate` with the `simfaas-readme` preset;
// - the Azure-like workload, 1,000 functions, fixed 10-minute keep-alive, 1,000,000 invocations;
// - agent sessions (the trenv-x-agents preset for 6 h) on E2B and TrEnv-X.
// Run: pnpm --filter @paperlab/serverless-sim bench (or tsx --conditions=@paperlab/source
// bench/benchAB.ts).
import * as current from '../src/index.js';
import { BASELINE_COMMIT, loadBaseline } from './baselineEngine.js';

type Lib = typeof current;
const baseline: Lib = await loadBaseline();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function simfaas(lib: Lib): number {
  const cfg = lib.preset('simfaas-readme');
  const requests = 1_000_000;
  const t0 = performance.now();
  const r = lib.simulate({
    ...cfg,
    workload: { kind: 'poisson', ratePerSec: 0.9, durationMs: (requests / 0.9) * 1000 },
  });
  return r.invocations / ((performance.now() - t0) / 1000);
}

function azure(lib: Lib): number {
  const n = 1_000_000;
  const t0 = performance.now();
  const r = lib.simulate({
    seed: 2020,
    platform: 'keep-alive',
    cluster: { nodes: 16, coresPerNode: 1024, memoryMbPerNode: 4 * 1024 * 1024 },
    workload: { kind: 'azure-like', functions: 1000, durationMs: 1.5 * n, totalRatePerSec: 1000 },
    maxInvocations: n,
    sampleIntervalMs: 600_000,
  });
  return r.invocations / ((performance.now() - t0) / 1000);
}

function agents(lib: Lib, which: 'e2b' | 'trenv-x'): number {
  const platform = which === 'e2b' ? lib.e2bPlatform() : lib.trenvXPlatform();
  const t0 = performance.now();
  const r = lib.simulateAgents({ ...lib.trenvXAgentsPreset, durationMs: 6 * 3_600_000, platform });
  return r.sessions / ((performance.now() - t0) / 1000);
}

const cases: [string, (lib: Lib) => number, string][] = [
  ['SimFaaS README model, 1 M requests', simfaas, 'req/s'],
  ['Azure-like, 1,000 functions, keep-alive 10 min, 1 M invocations', azure, 'inv/s'],
  ['agents, E2B, 6 h of the trenv-x-agents preset', (l) => agents(l, 'e2b'), 'sessions/s'],
  ['agents, TrEnv-X, same', (l) => agents(l, 'trenv-x'), 'sessions/s'],
];
const fmt = (x: number) =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0);

console.log(`A/B: current engine vs ${BASELINE_COMMIT} (medians of 5, interleaved)`);
for (const [name, run, unit] of cases) {
  run(current); // warm-up
  run(baseline);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 5; i++) {
    a.push(run(current));
    b.push(run(baseline));
  }
  const ca = median(a);
  const cb = median(b);
  console.log(
    `  ${name}: ${fmt(ca)} ${unit} vs ${fmt(cb)} ${unit} = ${(ca / cb).toFixed(2)}× [runs ${fmt(Math.min(...a))}–${fmt(Math.max(...a))} vs ${fmt(Math.min(...b))}–${fmt(Math.max(...b))}]`,
  );
}
