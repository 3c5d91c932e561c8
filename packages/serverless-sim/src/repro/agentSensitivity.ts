// How much the agent headline depends on the parameters we estimated: each is set to the low
// and the high end of a plausible range (the others at their defaults), E2B and TrEnv-X are
// re-run on the six workloads with the same sessions, and the ranges over the workloads of the
// paper's metrics are reported: peak-memory reduction, start-up and session P99 reduction.
import type { AgentPlatformCosts } from '../agents/agentPlatform.js';
import type { AgentWorkloadProfile } from '../agents/agentProfiles.js';
import {
  agentHost,
  agentWorkloadArrivals,
  defaultReadOnlyAccessShare,
  readOnlyShareRange,
  remoteMemory,
} from '../parameters.js';
import { e2bPlatform } from '../platforms/e2b.js';
import { trenvXPlatform } from '../platforms/trenvX.js';
import { rangeOf } from './paperMetrics.js';
import {
  type AgentReproSetup,
  agentHeadline,
  agentReproSetup,
  runAgentWorkload,
} from './reproduceAgents.js';
import type { ReproRow } from './reproReport.js';
import { round } from './reproText.js';

/** One point of the agent sweep: the setup and the platform costs it runs with. */
export interface AgentVariant {
  setup: AgentReproSetup;
  costs: Partial<AgentPlatformCosts>;
}

export interface SweepParameter<V> {
  name: string;
  /** Default and the ends of the range tried, with why that range. */
  base: number;
  low: number;
  high: number;
  range: string;
  apply(base: V, value: number): V;
}

const mapWorkloads = (
  v: AgentVariant,
  f: (w: AgentWorkloadProfile) => AgentWorkloadProfile,
): AgentVariant => ({ ...v, setup: { ...v.setup, workloads: v.setup.workloads.map(f) } });

const scaleProfile = (key: 'anonTouchedMb' | 'fileMb') => (v: AgentVariant, x: number) =>
  mapWorkloads(v, (w) => ({ ...w, profile: { ...w.profile, [key]: w.profile[key] * x } }));

/** The agent estimates and their ranges. */
export const agentSweepParameters: SweepParameter<AgentVariant>[] = [
  {
    name: 'written share of touched anon pages (every workload)',
    base: Number.NaN,
    low: round(1 - readOnlyShareRange.max, 2),
    high: round(1 - readOnlyShareRange.min, 2),
    range: "1 − the paper's 24–90 % read-only share (of accesses, used here for pages)",
    apply: (v, x) => mapWorkloads(v, (w) => ({ ...w, profile: { ...w.profile, writtenShare: x } })),
  },
  {
    name: 'read-only share of accesses (every workload)',
    base: defaultReadOnlyAccessShare,
    low: readOnlyShareRange.min,
    high: readOnlyShareRange.max,
    range: "the paper's 24–90 % of accesses to read-only pages (2nd); decides in-place CXL reads",
    apply: (v, x) =>
      mapWorkloads(v, (w) => ({ ...w, profile: { ...w.profile, readOnlyAccessShare: x } })),
  },
  {
    name: 'CXL extra latency, ns',
    base: remoteMemory.cxlExtraLatencyNs,
    low: 150,
    high: 300,
    range: 'the estimated 150–300 ns',
    apply: (v, x) => ({ ...v, costs: { ...v.costs, cxlExtraLatencyNs: x } }),
  },
  {
    name: 'CXL misses per touched page',
    base: remoteMemory.cxlMissesPerTouchedPage,
    low: 2,
    high: 64,
    range: 'prefetched streams to every line missing',
    apply: (v, x) => ({ ...v, costs: { ...v.costs, cxlMissesPerTouchedPage: x } }),
  },
  {
    name: 'browser memory, MiB',
    base: 450,
    low: 250,
    high: 900,
    range: 'a Chromium with one page, light to heavy',
    apply: (v, x) => ({ ...v, costs: { ...v.costs, browserMb: x } }),
  },
  {
    name: 'shared-browser context memory, MiB',
    base: 80,
    low: 30,
    high: 250,
    range: 'a renderer per context, light to heavy page',
    apply: (v, x) => ({ ...v, costs: { ...v.costs, contextMb: x } }),
  },
  {
    name: 'shared-browser context creation, ms',
    base: 60,
    low: 10,
    high: 300,
    range: 'a new context in a warm browser, light to heavy first page',
    apply: (v, x) => ({ ...v, costs: { ...v.costs, contextCreateMs: x } }),
  },
  {
    name: 'file pages per session, × default',
    base: 1,
    low: 0.25,
    high: 3,
    range: 'small rootfs to a heavy environment',
    apply: scaleProfile('fileMb'),
  },
  {
    name: 'anonymous memory touched, × default',
    base: 1,
    low: 0.5,
    high: 3,
    range: 'a lean agent to one holding large state',
    apply: scaleProfile('anonTouchedMb'),
  },
  {
    name: 'VM creation, serialised part, ms',
    base: 6,
    low: 2,
    high: 30,
    range: 'idle host to netns contention',
    apply: (v, x) => ({ ...v, costs: { ...v.costs, createSerialMs: x } }),
  },
  {
    name: 'LLM call median, ms',
    base: 2000,
    low: 500,
    high: 6000,
    range: 'small fast model to a long reasoning call (P99 = 6 × median)',
    apply: (v, x) =>
      mapWorkloads(v, (w) => ({ ...w, steps: { ...w.steps, llm: { medianMs: x, p99Ms: 6 * x } } })),
  },
  {
    name: "load: E2B's mean memory demand, share of the host",
    base: agentWorkloadArrivals.e2bMeanLoad,
    low: 0.3,
    high: 1,
    range: 'a quiet host to one E2B fills on average',
    apply: (v, x) => ({ ...v, setup: { ...v.setup, e2bMeanLoad: x } }),
  },
  {
    name: 'host memory, GiB',
    base: agentHost.memoryMb / 1024,
    low: 128,
    high: 512,
    range:
      "a smaller to a larger host at the same relative load (the rate scales with the host; default: the paper's 182 GB read as the cap)",
    apply: (v, x) => ({ ...v, setup: { ...v.setup, nodeMemoryMb: x * 1024 } }),
  },
];

function runVariant(v: AgentVariant) {
  const platforms = [e2bPlatform({ costs: v.costs }), trenvXPlatform({ costs: v.costs })];
  const runs = v.setup.workloads.map((w) => runAgentWorkload(v.setup, w, platforms, v.costs));
  const h = agentHeadline(runs);
  return { peak: rangeOf(h.peak), start: rangeOf(h.startP99), session: rangeOf(h.sessionP99) };
}

function sweepRow(
  name: string,
  value: string,
  range: string,
  r: ReturnType<typeof runVariant>,
): ReproRow {
  const span = (x: { min: number; max: number }) =>
    `${round(x.min * 100, 1)} … ${round(x.max * 100, 1)}`;
  return {
    parameter: name,
    value,
    'peak memory reduction %, min … max over workloads': span(r.peak),
    'start P99 reduction %': span(r.start),
    'session P99 reduction %': span(r.session),
    'why this range': range,
  };
}

/** The sweep's rows and, over all its points and workloads, the span of each reduction. */
export interface AgentSweep {
  rows: ReproRow[];
  span: { peak: [number, number]; start: [number, number]; session: [number, number] };
}

/** One row per (parameter, end of range), plus the defaults. */
export function agentSensitivity(setup: AgentReproSetup = agentReproSetup()): ReproRow[] {
  return agentSweep(setup).rows;
}

export function agentSweep(setup: AgentReproSetup = agentReproSetup()): AgentSweep {
  const start: AgentVariant = { setup, costs: {} };
  const span: AgentSweep['span'] = {
    peak: [Infinity, -Infinity],
    start: [Infinity, -Infinity],
    session: [Infinity, -Infinity],
  };
  const widen = (r: ReturnType<typeof runVariant>) => {
    for (const k of ['peak', 'start', 'session'] as const) {
      span[k] = [Math.min(span[k][0], r[k].min), Math.max(span[k][1], r[k].max)];
    }
    return r;
  };
  const rows = [sweepRow('(all defaults)', '', '', widen(runVariant(start)))];
  for (const p of agentSweepParameters) {
    for (const [end, value] of [
      ['low', p.low],
      ['high', p.high],
    ] as const) {
      const def = Number.isNaN(p.base) ? 'per workload' : String(round(p.base, 1));
      rows.push(
        sweepRow(
          p.name,
          `${end}: ${value} (default ${def})`,
          p.range,
          widen(runVariant(p.apply(start, value))),
        ),
      );
    }
  }
  return { rows, span };
}
