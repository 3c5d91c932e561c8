// How much the container comparison depends on the uncertain parameters: each is set to the
// low and the high end of a plausible range (the others at their defaults), the baselines, T-CXL
// and T-RDMA are re-run on the same arrivals, and the headline figures are reported.
import { catalogueFunction } from '../catalogue.js';
import type { SimulationConfig } from '../configSchema.js';
import type { FunctionProfile } from '../functionProfile.js';
import { readOnlyShareRange } from '../parameters.js';
import { createPlatform } from '../platforms/index.js';
import { type TrenvOptions, TrenvPlatform } from '../platforms/trenv.js';
import { trenvContainersPreset } from '../presetsTrenv.js';
import type { SweepParameter } from './agentSensitivity.js';
import { round } from './reproduceAgents.js';
import {
  containerBaselines,
  runContainerPlatform,
  worstFunctionRatio,
} from './reproduceContainers.js';
import type { ReproRow } from './reproReport.js';

/** One point of the container sweep: the simulation config and the TrEnv options it runs with. */
export interface ContainerVariant {
  config: SimulationConfig;
  trenv: TrenvOptions;
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
    name: 'read-only fraction of touched pages (every function)',
    base: Number.NaN,
    low: readOnlyShareRange.min,
    high: readOnlyShareRange.max,
    range: "the brief's 24–90 % (2nd); default: per-function catalogue values",
    apply: (v, x) => mapFunctions(v, (p) => ({ ...p, readOnlyFraction: x })),
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
    range: "the brief's 150–300 ns",
    apply: (v, x) => ({
      ...v,
      trenv: { ...v.trenv, faults: { ...v.trenv.faults, cxlExtraLatencyNs: x } },
    }),
  },
  {
    name: 'CXL misses per read-only page',
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
    range: "the brief's 3–10 µs",
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
  const base = containerBaselines.map((n) => runContainerPlatform(v.config, createPlatform(n)));
  const cxl = runContainerPlatform(v.config, new TrenvPlatform({ ...v.trenv, tier: 'cxl' }));
  const rdma = runContainerPlatform(v.config, new TrenvPlatform({ ...v.trenv, tier: 'rdma' }));
  let p99 = 0;
  let fnRatio = 0;
  let mem = 0;
  let rdmaMem = 0;
  for (const b of base) {
    p99 = Math.max(p99, b.result.latencyMs.endToEnd.p99 / cxl.result.latencyMs.endToEnd.p99);
    fnRatio = Math.max(fnRatio, worstFunctionRatio(b, cxl)[0]);
    mem += 1 - cxl.result.memory.averageMb / b.result.memory.averageMb;
    rdmaMem += 1 - rdma.result.memory.averageMb / b.result.memory.averageMb;
  }
  const faasnapRun = base[containerBaselines.indexOf('faasnap-plus')]!;
  return {
    p99,
    fnRatio,
    startVsFaasnap: faasnapRun.result.latencyMs.startup.p99 / cxl.result.latencyMs.startup.p99,
    mem: mem / base.length,
    rdmaMem: rdmaMem / base.length,
    rdmaP99: Math.max(
      ...base.map((b) => b.result.latencyMs.endToEnd.p99 / rdma.result.latencyMs.endToEnd.p99),
    ),
  };
}

function sweepRow(
  name: string,
  value: string,
  range: string,
  r: ReturnType<typeof runVariant>,
): ReproRow {
  return {
    parameter: name,
    value,
    'T-CXL P99 ×, best vs a baseline': round(r.p99, 2),
    'T-CXL P99 ×, worst function': round(r.fnRatio, 2),
    'T-CXL start P99 × vs FaaSnap+': round(r.startVsFaasnap, 1),
    'T-CXL memory reduction %': round(r.mem * 100, 1),
    'T-RDMA P99 ×, best vs a baseline': round(r.rdmaP99, 2),
    'T-RDMA memory reduction %': round(r.rdmaMem * 100, 1),
    'why this range': range,
  };
}

/** One row per (parameter, end of range), plus the defaults. */
export function containerSensitivity(config: SimulationConfig = trenvContainersPreset): ReproRow[] {
  const start: ContainerVariant = { config, trenv: {} };
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
