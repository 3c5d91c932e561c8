// Ten lines: four catalogue functions, Poisson arrivals for ten minutes, a 10-minute keep-alive
// against a cold start every time; print the comparison table.
import { simulate, summaryTable } from '@paperlab/serverless-sim';

const base = {
  seed: 42,
  functions: ['hello-python', 'json-serde', 'image-resize', 'pyaes'],
  workload: { kind: 'poisson' as const, ratePerSec: 2, durationMs: 600_000 },
};
const results = ['faasd', 'keep-alive'].map((platform) => simulate({ ...base, platform }));
console.log(summaryTable(results));
