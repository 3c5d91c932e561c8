// pnpm --filter @paperlab/stats bench — prints figures, each beside a baseline measured in the
// same run (Math.random, pure-rand, a full sort, a plain array), so the ratios mean something
// on a noisy shared machine. Rates are the median of 3 timed runs after a warm-up.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { createRecorder, createRng, quantile, summarize } from '../src/index.ts';

function median3(run: () => number): number {
  run(); // warm-up: let V8 optimise before timing
  const times = [run(), run(), run()].sort((a, b) => a - b);
  return times[1]!;
}

/**
 * Draws per second. Each benchmark passes its own loop so every call site sees one function
 * and V8 can inline it, as it would in a simulator's hot loop (a shared `draw()` call site
 * turns megamorphic and measures call overhead instead).
 */
function rate(n: number, loop: (n: number) => number): number {
  let sink = 0;
  const seconds = median3(() => {
    const t0 = performance.now();
    sink += loop(n);
    return (performance.now() - t0) / 1000;
  });
  if (sink === Number.NEGATIVE_INFINITY) console.log(sink); // keep the result alive
  return n / seconds;
}

const fmt = (perSecond: number) => `${(perSecond / 1e6).toFixed(1)} M/s`;
const seconds = (t0: number) => (performance.now() - t0) / 1000;

console.log('## RNG draws per second (one core, 10 M draws per run)');
const N = 10_000_000;
const rng = createRng('bench');
const mathRandom = rate(N, (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.random();
  return s;
});
const pureRand = xoroshiro128plus(42);
// pure-rand's in-place generator gives 32-bit ints; a 53-bit double takes two, as in next().
const pureRandDouble = rate(N, (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += ((pureRand.next() >>> 5) * 67108864 + (pureRand.next() >>> 6)) * 2 ** -53;
  }
  return s;
});
const rows: [string, number][] = [
  [
    'rng.next()',
    rate(N, (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.next();
      return s;
    }),
  ],
  [
    'rng.uint32()',
    rate(N, (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.uint32();
      return s;
    }),
  ],
  [
    'rng.int(0, 999)',
    rate(N, (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.int(0, 999);
      return s;
    }),
  ],
  [
    'rng.exponential(1.5)',
    rate(N, (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.exponential(1.5);
      return s;
    }),
  ],
  [
    'rng.normal()',
    rate(N, (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.normal();
      return s;
    }),
  ],
  [
    'rng.lognormalFromMedianP99(120, 900)',
    rate(N, (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.lognormalFromMedianP99(120, 900);
      return s;
    }),
  ],
  [
    'rng.zipf(1e6, 1.1)',
    rate(N / 4, (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.zipf(1_000_000, 1.1);
      return s;
    }),
  ],
  [
    'rng.poisson(4)',
    rate(N / 4, (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.poisson(4);
      return s;
    }),
  ],
  [
    'rng.poisson(500)',
    rate(N / 4, (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.poisson(500);
      return s;
    }),
  ],
  [
    'rng.gamma(2.5)',
    rate(N / 4, (n) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.gamma(2.5);
      return s;
    }),
  ],
];
console.log(`Math.random() (baseline, not seedable)     ${fmt(mathRandom)}`);
console.log(`pure-rand xoroshiro128+ → 53-bit double     ${fmt(pureRandDouble)}`);
for (const [name, r] of rows) {
  console.log(
    `${name.padEnd(42)} ${fmt(r).padStart(10)}   ${(r / mathRandom).toFixed(2)}× Math.random`,
  );
}

console.log('\n## 10 million samples: quantile and summary');
const M = 10_000_000;
const xs = new Float64Array(M);
for (let i = 0; i < M; i++) xs[i] = rng.lognormal(4, 1);
let sorted = new Float64Array(0);
const sortSeconds = median3(() => {
  const t0 = performance.now();
  sorted = new Float64Array(xs).sort();
  return seconds(t0);
});
const sortedP99 = sorted[Math.floor(0.99 * (M - 1))]!;
let p99 = 0;
const quantileSeconds = median3(() => {
  const t0 = performance.now();
  p99 = quantile(xs, 0.99);
  return seconds(t0);
});
let summary = summarize([1]);
const summarizeSeconds = median3(() => {
  const t0 = performance.now();
  summary = summarize(xs);
  return seconds(t0);
});
console.log(`baseline: copy + Float64Array sort      ${sortSeconds.toFixed(3)} s`);
console.log(
  `quantile(xs, 0.99) (copy + quickselect) ${quantileSeconds.toFixed(3)} s   ${(sortSeconds / quantileSeconds).toFixed(1)}× faster than sorting`,
);
console.log(
  `summarize(xs) (copy + 4 quickselects)   ${summarizeSeconds.toFixed(3)} s   ${(sortSeconds / summarizeSeconds).toFixed(1)}× faster than sorting`,
);
console.log(
  `  check: p99 ${summary.p99.toFixed(3)} = quantile ${p99.toFixed(3)} ≈ sorted[⌊0.99(n−1)⌋] ${sortedP99.toFixed(3)}`,
);

console.log('\n## Recorder: 10 million samples in bounded memory');
// Baseline: storing the same values into a preallocated Float64Array (no statistics at all).
const store = new Float64Array(M);
const t0Store = performance.now();
for (let i = 0; i < M; i++) store[i] = xs[i]!;
const storeRate = M / seconds(t0Store);
console.log(`baseline: Float64Array store ${fmt(storeRate)}`);
for (const relativeError of [0.01, 0.001]) {
  const recorder = createRecorder({ exactCapacity: 65_536, relativeError });
  const t0 = performance.now();
  for (let i = 0; i < M; i++) recorder.add(xs[i]!);
  const addSeconds = seconds(t0);
  const worst = [0.5, 0.9, 0.99, 0.999]
    .map((p) => {
      const exact = sorted[Math.floor(p * (M - 1))]!;
      return Math.abs(recorder.quantile(p) - exact) / exact;
    })
    .reduce((a, b) => Math.max(a, b), 0);
  console.log(
    `α = ${relativeError}: ${(recorder.memoryBytes() / 1024).toFixed(1)} KiB vs ${(xs.byteLength / 2 ** 20).toFixed(0)} MiB as a Float64Array (${(xs.byteLength / recorder.memoryBytes()).toFixed(0)}× smaller); ${fmt(M / addSeconds)} adds (${(M / addSeconds / storeRate).toFixed(2)}× the store); worst quantile error ${(worst * 100).toFixed(3)} %`,
  );
}
