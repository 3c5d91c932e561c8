import { describe, expect, it } from 'vitest';
import { simulateParallel } from '../src/node.js';
import { simulate } from '../src/simulate.js';
import { resultToJson } from '../src/simulationResult.js';
import { expandGrid } from '../src/sweepGrid.js';

describe('parallel sweep', () => {
  it('worker threads return exactly what simulate() returns, in config order', async () => {
    const configs = expandGrid(
      {
        seed: 3,
        functions: ['hello-python', 'pyaes'],
        workload: { kind: 'poisson', ratePerSec: 2, durationMs: 120_000 },
      },
      [
        { path: 'platform', values: ['faasd', 'keep-alive'] },
        { path: 'cluster.nodes', values: [1, 2] },
      ],
    );
    expect(configs.map((c) => `${c.platform}/${c.cluster?.nodes}`)).toEqual([
      'faasd/1',
      'faasd/2',
      'keep-alive/1',
      'keep-alive/2',
    ]);
    const parallel = await simulateParallel(configs, { workers: 2 });
    expect(parallel.map(resultToJson)).toEqual(configs.map((c) => resultToJson(simulate(c))));
  });
});
