// Runs the config fuzz in a worker thread so the test's watchdog can stop a case that hangs
// (synchronous code cannot be interrupted from its own thread). Posts {case: i} before each case
// and {done, ran, failure?} at the end.
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { catalogue } from '../src/catalogue.js';
import { platformNames } from '../src/platforms/index.js';
import { simulate } from '../src/simulate.js';

const { runs, seed } = workerData as { runs: number; seed: number };

// Magnitudes that broke simulators before (denormals, 1e-300, 1e308, NaN, ±Infinity, -0) mixed
// with ordinary values over the whole range.
const weird = fc.constantFrom(
  5e-324,
  1e-300,
  1e-9,
  0,
  -0,
  -1,
  1e308,
  Number.NaN,
  Infinity,
  -Infinity,
);
// Tiny positive values are what made the old, sign-only schema spin: weighted up.
const number = fc.oneof(
  { arbitrary: weird, weight: 1 },
  { arbitrary: fc.double({ min: 5e-324, max: 1e-3, noNaN: true }), weight: 1 },
  { arbitrary: fc.double({ min: 1e-3, max: 1e13, noNaN: true }), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 1_000_000 }), weight: 1 },
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const rate = fc.oneof(number, number, fc.array(number, { minLength: 1, maxLength: 9 }));
const duration = fc.oneof(weird, fc.double({ min: 1, max: 1e13, noNaN: true }));
const fnNames = catalogue.map((f) => f.name);

const workload = fc.oneof(
  fc.record({ kind: fc.constant('poisson'), ratePerSec: rate, durationMs: duration }),
  fc.record(
    {
      kind: fc.constant('on-off'),
      onRatePerSec: rate,
      offRatePerSec: number,
      meanOnMs: number,
      meanOffMs: number,
      durationMs: duration,
    },
    { requiredKeys: ['kind', 'onRatePerSec', 'meanOnMs', 'meanOffMs', 'durationMs'] },
  ),
  fc.record(
    {
      kind: fc.constant('diurnal'),
      ratePerSec: rate,
      amplitude: number,
      periodMs: number,
      peakAtMs: number,
      durationMs: duration,
    },
    { requiredKeys: ['kind', 'ratePerSec', 'durationMs'] },
  ),
  fc.record(
    {
      kind: fc.constant('azure-like'),
      functions: fc.oneof(weird, fc.integer({ min: 1, max: 2000 })),
      durationMs: duration,
      totalRatePerSec: number,
      execSpread: number,
      burstOnFraction: number,
      burstOnMs: number,
      functionsPerApp: fc.oneof(weird, fc.integer({ min: 1, max: 10 })),
    },
    { requiredKeys: ['kind', 'functions', 'durationMs'] },
  ),
);

const config = fc.record({
  seed: fc.oneof(fc.integer(), fc.string({ maxLength: 8 })),
  platform: fc.constantFrom(...platformNames()),
  cluster: maybe(
    fc.record(
      {
        nodes: fc.oneof(weird, fc.integer({ min: 1, max: 4 })),
        coresPerNode: fc.oneof(weird, fc.integer({ min: 1, max: 64 })),
        memoryMbPerNode: number,
      },
      { requiredKeys: [] },
    ),
  ),
  placement: fc.constantFrom('least-loaded', 'locality'),
  functions: maybe(fc.subarray(fnNames, { minLength: 1 })),
  workload,
  sampleIntervalMs: maybe(number),
  // Keeps every accepted case short: the fuzz looks for hangs, not for long runs.
  maxInvocations: fc.integer({ min: 1, max: 50 }),
});

let i = 0;
let failure: string | undefined;
try {
  fc.assert(
    fc.property(config, (c) => {
      parentPort!.postMessage({ case: i++ });
      try {
        simulate(c as never);
      } catch (e) {
        if (!(e instanceof RangeError || e instanceof TypeError)) throw e;
      }
    }),
    { numRuns: runs, seed },
  );
} catch (e) {
  failure = String(e).slice(0, 2000);
}
parentPort!.postMessage({ done: true, ran: i, failure });
