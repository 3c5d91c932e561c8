// How much the agent comparison depends on the parameters the brief marks "estimate": each is
// set to the low and the high end of a plausible range (the others at their defaults), E2B and
// TrEnv-X are re-run on the same sessions, and the two headline reductions are reported.
import type { AgentPlatformCosts } from '../agents/agentPlatform.js';
import type { AgentProfile } from '../agents/agentWorkload.js';
import { simulateAgents } from '../agents/simulateAgents.js';
import { readOnlyShareRange } from '../parameters.js';
import { e2bPlatform } from '../platforms/e2b.js';
import { trenvXPlatform } from '../platforms/trenvX.js';
import { type AgentPreset, trenvXAgentsPreset } from '../presetsTrenv.js';
import { round } from './reproduceAgents.js';
import type { ReproRow } from './reproReport.js';

/** One point of the agent sweep: the preset and the platform costs it runs with. */
export interface AgentVariant {
  preset: AgentPreset;
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

const mapProfiles = (p: AgentPreset, f: (x: AgentProfile) => AgentProfile): AgentPreset => ({
  ...p,
  profiles: p.profiles.map(f),
});

/** The agent estimates and their ranges. */
export const agentSweepParameters: SweepParameter<AgentVariant>[] = [
  {
    name: 'writtenShare (fraction of touched anon pages written)',
    base: 0.35,
    low: round(1 - readOnlyShareRange.max, 2),
    high: round(1 - readOnlyShareRange.min, 2),
    range: "1 − the brief's 24–90 % read-only share",
    apply: (v, x) => ({ ...v, preset: mapProfiles(v.preset, (p) => ({ ...p, writtenShare: x })) }),
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
    name: 'file pages per session, × default',
    base: 1,
    low: 0.25,
    high: 3,
    range: 'small rootfs to a heavy Python environment',
    apply: (v, x) => ({
      ...v,
      preset: mapProfiles(v.preset, (p) => ({ ...p, fileMb: p.fileMb * x })),
    }),
  },
  {
    name: 'anonymous memory touched, × default',
    base: 1,
    low: 0.5,
    high: 3,
    range: 'a lean agent to one holding large state',
    apply: (v, x) => ({
      ...v,
      preset: mapProfiles(v.preset, (p) => ({ ...p, anonTouchedMb: p.anonTouchedMb * x })),
    }),
  },
  {
    name: 'CXL extra latency, ns',
    base: 200,
    low: 150,
    high: 300,
    range: "the brief's 150–300 ns",
    apply: (v, x) => ({ ...v, costs: { ...v.costs, cxlExtraLatencyNs: x } }),
  },
  {
    name: 'CXL misses per read-only page',
    base: 8,
    low: 2,
    high: 64,
    range: 'prefetched streams to every line missing',
    apply: (v, x) => ({ ...v, costs: { ...v.costs, cxlMissesPerTouchedPage: x } }),
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
    apply: (v, x) => ({
      ...v,
      preset: { ...v.preset, steps: { ...v.preset.steps, llm: { medianMs: x, p99Ms: 6 * x } } },
    }),
  },
  {
    name: 'arrival rate outside bursts, sessions/s',
    base: 2,
    low: 0.5,
    high: 3,
    range: 'a quiet host to one E2B cannot keep up with in bursts',
    apply: (v, x) => ({
      ...v,
      preset: { ...v.preset, arrivals: { ...v.preset.arrivals, ratePerSec: x } },
    }),
  },
];

function runPair(v: AgentVariant) {
  const e = simulateAgents({ ...v.preset, platform: e2bPlatform({ costs: v.costs }) });
  const x = simulateAgents({ ...v.preset, platform: trenvXPlatform({ costs: v.costs }) });
  return {
    sessionP99: 1 - x.sessionMs.p99 / e.sessionMs.p99,
    startP99: 1 - x.startupMs.p99 / e.startupMs.p99,
    memAvg: 1 - x.memory.totalAvgMb / e.memory.totalAvgMb,
  };
}

/**
 * One row per (parameter, end of range): TrEnv-X's reductions against E2B, in percent.
 * `durationMs` can shorten the preset for quick runs.
 */
export function agentSensitivity(preset: AgentPreset = trenvXAgentsPreset): ReproRow[] {
  const rows: ReproRow[] = [];
  const baseline = runPair({ preset, costs: {} });
  rows.push(sweepRow('(all defaults)', '', '', baseline));
  for (const p of agentSweepParameters) {
    for (const [end, value] of [
      ['low', p.low],
      ['high', p.high],
    ] as const) {
      const r = runPair(p.apply({ preset, costs: {} }, value));
      rows.push(sweepRow(p.name, `${end}: ${value} (default ${p.base})`, p.range, r));
    }
  }
  return rows;
}

function sweepRow(
  name: string,
  value: string,
  range: string,
  r: { sessionP99: number; startP99: number; memAvg: number },
): ReproRow {
  return {
    parameter: name,
    value,
    'session P99 reduction %': round(r.sessionP99 * 100, 1),
    'start P99 reduction %': round(r.startP99 * 100, 1),
    'memory reduction %': round(r.memAvg * 100, 1),
    'why this range': range,
  };
}
