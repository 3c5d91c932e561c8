// An Azure-like synthetic workload: many functions whose popularity and burstiness follow the
// published statistics of "Serverless in the Wild" (Shahrad et al., ATC'20), as listed in
// parameters.ts. How each statistic becomes a distribution parameter (the derivations, not fits
// to any result):
// - Rates per function are lognormal. For a lognormal, the top fraction q of functions holds a
//   share 1 − Φ(Φ⁻¹(1−q) − σ) of all invocations, so "18.6 % make 99.6 %" gives
//   σ = Φ⁻¹(1 − 0.186) − Φ⁻¹(1 − 0.996) ≈ 3.54; "81 % are invoked ≤ 1×/min" then fixes the
//   median: ln(1/min) − σ·Φ⁻¹(0.81). (The paper states these per app; we apply them per
//   function.) Out of sample, the same lognormal puts 39 % of functions at ≤ 1 invocation per
//   hour, where the paper reports 45 % of apps: the two-parameter fit is a little light in the
//   rare tail.
// - 40 % of functions are bursty (on/off; inter-arrival CV > 1), the rest Poisson (CV = 1).
// - Per-function execution medians are lognormal around 1 s; with a within-function p99 of
//   `execSpread` × median, "75 % of functions run ≤ 10 s at most" gives
//   σ = ln(10 s / (1 s · spread)) / Φ⁻¹(0.75).
// - Memory is lognormal around the 170 MiB median.

import { normalQuantile, type Rng } from '@paperlab/stats';
import { ConfigError } from '../configError.js';
import { literal, MAX_MS, MIN_MS, num, object, optional } from '../configFields.js';
import { type FunctionProfile, type Runtime, runtimes } from '../functionProfile.js';
import { azureStatistics } from '../parameters.js';
import { MergedArrivals } from './mergedArrivals.js';
import { ModulatedPoisson } from './modulatedPoisson.js';
import { defineWorkload, durationField } from './workloadDefinition.js';

export interface AzureLikeOptions {
  /** Number of functions. */
  functions: number;
  durationMs: number;
  /** If set, rates are scaled so the expected total is this many invocations per second. */
  totalRatePerSec?: number;
  /** Within-function p99 / median of execution time. estimate */
  execSpread?: number;
  /** Fraction of an "on" period in a bursty function's cycle. estimate */
  burstOnFraction?: number;
  /** Mean "on" period of bursty functions, ms. estimate */
  burstOnMs?: number;
  /** Functions per app (tenant). estimate */
  functionsPerApp?: number;
}

/** Runtime mix of generated functions. estimate (Azure 2019 reports Node and Python dominate). */
const RUNTIME_WEIGHTS: Record<Runtime, number> = {
  node: 0.4,
  python: 0.4,
  java: 0.1,
  go: 0.05,
  native: 0.05,
};

/** The lognormal parameters behind the generator (exposed so tests can check the derivation). */
export function azureLikeRateModel(): { mu: number; sigma: number } {
  const s = azureStatistics;
  const sigma = normalQuantile(1 - s.popularFraction) - normalQuantile(1 - s.popularShare);
  const mu = Math.log(1 / 60) - sigma * normalQuantile(s.fractionFunctionsAtMostPerMinute);
  return { mu, sigma }; // rate in invocations per second
}

export class AzureLikeWorkload extends MergedArrivals {
  readonly name = 'azure-like';
  readonly horizonMs: number;
  readonly expectedCount: number;
  readonly functions: FunctionProfile[];
  /** Mean rate per function, per second. */
  readonly ratesPerSec: Float64Array;
  /** 1 for bursty (on/off) functions. */
  readonly bursty: Uint8Array;
  private readonly process: ModulatedPoisson;

  /** Generates the functions with `rng` (the arrivals use the rng given to `start`). */
  constructor(o: AzureLikeOptions, rng: Rng) {
    super();
    const n = o.functions;
    if (!(Number.isInteger(n) && n >= 1 && n <= 10_000_000)) {
      throw new RangeError(`workload.functions must be an integer in [1, 10^7], got ${n}`);
    }
    if (!(o.durationMs > 0 && Number.isFinite(o.durationMs))) {
      throw new RangeError(`workload.durationMs must be a finite number > 0, got ${o.durationMs}`);
    }
    const spread = o.execSpread ?? 4;
    const onFrac = o.burstOnFraction ?? 0.1;
    const onMs = o.burstOnMs ?? 60_000;
    const perApp = o.functionsPerApp ?? 3;
    if (!(spread >= 1)) throw new RangeError(`workload.execSpread must be >= 1, got ${spread}`);
    if (!(onFrac > 0 && onFrac <= 1))
      throw new RangeError(`workload.burstOnFraction must be in (0, 1], got ${onFrac}`);
    if (!(onMs > 0)) throw new RangeError(`workload.burstOnMs must be > 0, got ${onMs}`);
    if (!(Number.isInteger(perApp) && perApp >= 1)) {
      throw new RangeError(`workload.functionsPerApp must be an integer >= 1, got ${perApp}`);
    }
    const g = rng.fork('azure-like-functions');
    const { mu, sigma } = azureLikeRateModel();
    const stats = azureStatistics;
    const execSigma = Math.log(10_000 / (stats.medianExecMs * spread)) / normalQuantile(0.75);
    const runtimeWeights = runtimes.map((r) => RUNTIME_WEIGHTS[r]);
    this.ratesPerSec = new Float64Array(n);
    this.bursty = new Uint8Array(n);
    this.functions = [];
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const r = Math.exp(mu + sigma * g.normal());
      this.ratesPerSec[i] = r;
      sum += r;
      this.bursty[i] = g.next() < stats.fractionBursty ? 1 : 0;
      const median = Math.exp(Math.log(stats.medianExecMs) + execSigma * g.normal());
      const memoryMb = Math.min(
        4096,
        Math.max(16, Math.round(stats.medianMemoryMb * Math.exp(0.7 * g.normal()))),
      );
      const runtime = runtimes[g.weightedIndex(runtimeWeights)]!;
      this.functions.push({
        name: `f${i}`,
        tenant: `app${Math.floor(i / perApp)}`,
        runtime,
        imageMb: Math.round(memoryMb * 1.2),
        memoryMb,
        touchedFraction: g.uniform(0.2, 0.6),
        readOnlyFraction: g.uniform(0.24, 0.9), // the paper's 24–90 %
        fileCacheMb: Math.round(memoryMb * 0.3),
        initMs: Math.round(Math.exp(Math.log(200) + 0.8 * g.normal())),
        exec: { kind: 'lognormal', medianMs: median, p99Ms: median * spread },
      });
    }
    if (o.totalRatePerSec !== undefined) {
      if (!(o.totalRatePerSec > 0)) {
        throw new RangeError(`workload.totalRatePerSec must be > 0, got ${o.totalRatePerSec}`);
      }
      const k = o.totalRatePerSec / sum;
      for (let i = 0; i < n; i++) this.ratesPerSec[i] = this.ratesPerSec[i]! * k;
      sum = o.totalRatePerSec;
    }
    // Bursty functions keep their mean rate: `onFrac` of the time at rate/onFrac.
    const onRate = new Float64Array(n); // per ms while on
    for (let i = 0; i < n; i++) {
      onRate[i] = (this.ratesPerSec[i]! / 1000) * (this.bursty[i] === 1 ? 1 / onFrac : 1);
    }
    const toOn = onFrac < 1 ? 1 / ((onMs * (1 - onFrac)) / onFrac) : Number.POSITIVE_INFINITY;
    this.process = new ModulatedPoisson(onRate, 0, 1 / onMs, toOn);
    this.horizonMs = o.durationMs;
    this.expectedCount = (sum * o.durationMs) / 1000;
  }

  start(functionCount: number, rng: Rng): void {
    const n = this.ratesPerSec.length;
    if (n > functionCount) {
      throw new RangeError(
        `workload has ${n} functions, more than the ${functionCount} in the table`,
      );
    }
    this.process.reset(n);
    this.seedArrivals(n, rng);
  }

  protected override startFunction(i: number, rng: Rng): void {
    if (this.bursty[i] === 1) this.process.startModulated(i, rng);
    else this.process.startSteady(i);
  }

  protected advance(fn: number, from: number, rng: Rng): number {
    return this.process.next(fn, from, this.horizonMs, rng);
  }
}

/** Most on/off switches the bursty functions of an azure-like workload may ask for in total. */
export const MAX_BURST_SWITCHES = 1e8;

/** `{ kind: 'azure-like' }` in a config. */
export const azureLikeWorkload = defineWorkload({
  kind: 'azure-like',
  description:
    "synthetic functions and arrivals from the ATC'20 statistics (makes its own functions)",
  schema: object({
    /** The workload kind (`workloadRegistry`). */
    kind: literal('azure-like'),
    /** Number of functions to generate. */
    functions: num(1, 10_000_000, { int: true }),
    /** Arrivals stop at this simulated time, ms. */
    durationMs: durationField(),
    /** Scale every rate so they sum to this, per second. */
    totalRatePerSec: optional(num(0, 1e7, { openLow: true })),
    /** P99 / median of execution times. */
    execSpread: optional(num(1, 1e6)),
    /** Share of time a bursty function is on. */
    burstOnFraction: optional(num(0, 1, { openLow: true })),
    /** Mean length of a burst, ms. */
    burstOnMs: optional(num(MIN_MS, MAX_MS)),
    /** Functions per application (tenant). */
    functionsPerApp: optional(num(1, 10_000_000, { int: true })),
  }),
  build(w, ctx) {
    const onMs = w.burstOnMs ?? 60_000;
    const f = w.burstOnFraction ?? 0.1;
    // Each bursty function switches about durationMs × 2f / onMs times (on and off).
    const switches = (w.functions * w.durationMs * 2 * f) / onMs;
    if (!(switches <= MAX_BURST_SWITCHES)) {
      throw new ConfigError(
        'config.workload.burstOnMs',
        `must be at least functions × durationMs × 2 × burstOnFraction / 10^8 = ${(w.functions * w.durationMs * 2 * f) / MAX_BURST_SWITCHES} ms (at most 10^8 on/off switches), got ${onMs}`,
      );
    }
    const { kind: _kind, ...rest } = w;
    const wl = new AzureLikeWorkload(rest, ctx.rng.fork('azure-like'));
    return { functions: ctx.functions ?? wl.functions, workload: wl };
  },
});
