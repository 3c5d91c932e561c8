import * as current from '../src/index.js';
import { loadBaseline } from './baselineEngine.js';

const baseline = await loadBaseline();
function simfaas(lib: typeof current): number {
  const cfg = lib.preset('simfaas-readme');
  const t0 = performance.now();
  const r = lib.simulate({
    ...cfg,
    workload: { kind: 'poisson', ratePerSec: 0.9, durationMs: (1e6 / 0.9) * 1000 },
  });
  return r.invocations / ((performance.now() - t0) / 1000);
}
const a: number[] = [],
  b: number[] = [];
for (let i = 0; i < 8; i++) {
  a.push(simfaas(current));
  b.push(simfaas(baseline));
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[4]!;
console.log(
  (med(a) / 1e3).toFixed(0),
  (med(b) / 1e3).toFixed(0),
  (med(a) / med(b)).toFixed(2),
  a.map((x) => (x / 1e3).toFixed(0)).join(' '),
  '|',
  b.map((x) => (x / 1e3).toFixed(0)).join(' '),
);
