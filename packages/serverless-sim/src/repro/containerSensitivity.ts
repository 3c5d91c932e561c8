// How much the container comparison depends on the uncertain parameters: each is set to the
// low and the high end of a plausible range (the others at their defaults), the baselines, T-CXL
// and T-RDMA are re-run on the same arrivals, and the headline figures are reported.
import { catalogueFunction } from '../catalogue.js';
import type { SimulationConfig } from '../configSchema.js';
import type { FunctionProfile } from '../functionProfile.js';
import { criu, criuRestoreBaseRangeMs, readOnlyShareRange } from '../parameters.js';
import { createPlatform } from '../platforms/index.js';
import { type TrenvOptions, TrenvPlatform } from '../platforms/trenv.js';
import { trenvContainersPreset } from '../presetsTrenv.js';
import type { SweepParameter } from './agentSensitivity.js';
import { criuPlatform } from './criuPlatform.js';
import {
  type ContainerHeadline,
  containerBaselines,
  containerHeadline,
  runContainerPlatform,
} from './reproduceContainers.js';
import type { ReproRow } from './reproReport.js';
import { round } from './reproText.js';

/** One point of the container sweep: the simulation config and the TrEnv options it runs with. */
export interface ContainerVariant {
  config: SimulationConfig;
  trenv: TrenvOptions;
  /** CRIU's fixed restore work, ms (estimate; its own column only). */
  criuBaseMs: number;
}

function profiles(c: SimulationConfig): FunctionProfile[] {
  return (c.functions ?? []).map((f) =>
    typeof f === 'string' ? catalogueFunction(f) : (f as FunctionProfile),
  );
}

const mapFunctions = (
  v: ContainerVariant,
  f: (p: FunctionProfile) => FunctionProfile,
): ContainerVariant => ({
  ...v,
  config: { ...v.config, functions: profiles(v.config).map(f) },
});

/** The container estimates and their ranges. */
export const containerSweepParameters: SweepParameter<ContainerVariant>[] = [
  {
    name: 'read-only share of touched pages (every function)',
    base: Number.NaN,
    low: readOnlyShareRange.min,
    high: readOnlyShareRange.max,
    range:
      "no published range for pages: the paper's 24–90 % (of accesses, 2nd) reused; decides CoW " +
      'faults and private memory',
    apply: (v, x) => mapFunctions(v, (p) => ({ ...p, readOnlyFraction: x })),
  },
  {
    name: 'read-only share of accesses (every function)',
    base: Number.NaN,
    low: readOnlyShareRange.min,
    high: readOnlyShareRange.max,
    range:
      "the paper's 24–90 % of memory accesses to read-only pages (2nd); decides in-place CXL reads",
    apply: (v, x) => mapFunctions(v, (p) => ({ ...p, readOnlyAccessShare: x })),
  },
  {
    name: 'touched fraction, × catalogue',
    base: 1,
    low: 0.5,
    high: 2,
    range: "REAP's working sets are 3–39 % of the footprint (lit)",
    apply: (v, x) =>
      mapFunctions(v, (p) => ({ ...p, touchedFraction: Math.min(1, p.touchedFraction * x) })),
  },
  {
    name: 'application init, × catalogue',
    base: 1,
    low: 0.25,
    high: 4,
    range: 'catalogue init times are order-of-magnitude estimates',
    apply: (v, x) => mapFunctions(v, (p) => ({ ...p, initMs: p.initMs * x })),
  },
  {
    name: 'CXL extra latency, ns',
    base: 200,
    low: 150,
    high: 300,
    range: 'the estimated 150–300 ns',
    apply: (v, x) => ({
      ...v,
      trenv: { ...v.trenv, faults: { ...v.trenv.faults, cxlExtraLatencyNs: x } },
    }),
  },
  {
    name: 'CXL misses per touched page',
    base: 8,
    low: 2,
    high: 64,
    range: 'prefetched streams to every line missing',
    apply: (v, x) => ({
      ...v,
      trenv: { ...v.trenv, faults: { ...v.trenv.faults, cxlMissesPerTouchedPage: x } },
    }),
  },
  {
    name: 'RDMA fault per page, µs (T-RDMA column)',
    base: 6,
    low: 3,
    high: 10,
    range: 'the estimated 3–10 µs',
    apply: (v, x) => ({
      ...v,
      trenv: { ...v.trenv, faults: { ...v.trenv.faults, rdmaFaultUs: x } },
    }),
  },
  {
    name: 'template attach, fixed part, ms',
    base: 2,
    low: 0.5,
    high: 8,
    range: 'up to the paper\'s "< 10 ms" start',
    apply: (v, x) => ({ ...v, trenv: { ...v.trenv, attachBaseMs: x } }),
  },
  {
    name: 'CRIU fixed restore work, ms',
    base: criu.restoreBaseMs,
    low: criuRestoreBaseRangeMs.min,
    high: criuRestoreBaseRangeMs.max,
    range:
      'estimate drawn through one CRIU issue (~0.3 s for 37–228 MB); a lean process to a large tree',
    apply: (v, x) => ({ ...v, criuBaseMs: x }),
  },
  {
    name: 'on-rate per function, invocations/s',
    base: 10,
    low: 3,
    high: 30,
    range: 'a light burst to one that saturates serialised creation',
    apply: (v, x) => {
      const w = v.config.workload;
      if (w?.kind !== 'on-off') return v;
      return { ...v, config: { ...v.config, workload: { ...w, onRatePerSec: x } } };
    },
  },
];

function runVariant(v: ContainerVariant) {
  const base = containerBaselines.map((n) =>
    runContainerPlatform(v.config, n === 'criu' ? criuPlatform(v.criuBaseMs) : createPlatform(n)),
  );
  const cxl = runContainerPlatform(v.config, new TrenvPlatform({ ...v.trenv, tier: 'cxl' }));
  const rdma = runContainerPlatform(v.config, new TrenvPlatform({ ...v.trenv, tier: 'rdma' }));
  const runs = [...base, cxl, rdma];
  return { cxl: containerHeadline(cxl, runs), rdma: containerHeadline(rdma, runs) };
}

function sweepRow(
  name: string,
  value: string,
  range: string,
  r: ReturnType<typeof runVariant>,
): ReproRow {
  const up = (h: ContainerHeadline, b: string) => round(h.upTo.get(b)?.ratio ?? Number.NaN, 2);
  return {
    parameter: name,
    value,
    'T-CXL up-to P99 × vs REAP+': up(r.cxl, 'reap-plus'),
    'vs FaaSnap+': up(r.cxl, 'faasnap-plus'),
    'T-CXL memory reduction %, mean REAP+/FaaSnap+': round(r.cxl.memoryMean * 100, 1),
    'T-RDMA up-to P99 × vs REAP+': up(r.rdma, 'reap-plus'),
    'T-RDMA vs FaaSnap+': up(r.rdma, 'faasnap-plus'),
    'T-RDMA memory reduction %': round(r.rdma.memoryMean * 100, 1),
    'T-CXL up-to × vs CRIU (own column)': up(r.cxl, 'criu'),
    'why this range': range,
  };
}

/** One row per (parameter, end of range), plus the defaults. */
export function containerSensitivity(config: SimulationConfig = trenvContainersPreset): ReproRow[] {
  const start: ContainerVariant = { config, trenv: {}, criuBaseMs: criu.restoreBaseMs };
  const rows = [sweepRow('(all defaults)', '', '', runVariant(start))];
  for (const p of containerSweepParameters) {
    for (const [end, value] of [
      ['low', p.low],
      ['high', p.high],
    ] as const) {
      const def = Number.isNaN(p.base) ? 'per function' : String(p.base);
      rows.push(
        sweepRow(
          p.name,
          `${end}: ${value} (default ${def})`,
          p.range,
          runVariant(p.apply(start, value)),
        ),
      );
    }
  }
  return rows;
}
