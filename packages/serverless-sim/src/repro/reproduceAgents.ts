// The paper's agent-sandbox comparison (TrEnv-X vs E2B), reproduced in shape: the same
// sessions on every platform, the ablation rows showing what each mechanism contributes, and
// the paper's figures beside ours with the gap spelled out.
import { formatReduction } from '@paperlab/stats';
import type { AgentPlatform } from '../agents/agentPlatform.js';
import { type AgentSimulationResult, simulateAgents } from '../agents/simulateAgents.js';
import { e2bPlatform } from '../platforms/e2b.js';
import { trenvXPlatform } from '../platforms/trenvX.js';
import { type AgentPreset, trenvXAgentsPreset } from '../presetsTrenv.js';
import type { Comparison, ReproReport, ReproRow } from './reproReport.js';

/** The platforms of the agent table, baseline first. */
export function agentReproPlatforms(): AgentPlatform[] {
  return [
    e2bPlatform(),
    e2bPlatform({ browserStart: 'cold' }),
    trenvXPlatform(),
    trenvXPlatform({ browserSharing: false }),
    trenvXPlatform({ pageCacheBypass: false }),
    trenvXPlatform({ sandboxPool: false }),
    trenvXPlatform({ tier: 'rdma' }),
  ];
}

const GiB = 1024;

export function agentRow(r: AgentSimulationResult, base: AgentSimulationResult): ReproRow {
  return {
    platform: r.platform,
    sessions: r.sessions,
    'start P50 ms': round(r.startupMs.p50, 1),
    'start P99 ms': round(r.startupMs.p99, 1),
    'session P50 s': round(r.sessionMs.p50 / 1000, 2),
    'session P99 s': round(r.sessionMs.p99 / 1000, 2),
    'mem avg GiB': round(r.memory.totalAvgMb / GiB, 2),
    'mem peak GiB': round(r.memory.totalPeakMb / GiB, 2),
    'pool avg GiB': round(r.memory.poolAvgMb / GiB, 2),
    'session P99 vs e2b': formatReduction(base.sessionMs.p99, r.sessionMs.p99),
    'start P99 vs e2b': formatReduction(base.startupMs.p99, r.startupMs.p99),
    'mem avg vs e2b': formatReduction(base.memory.totalAvgMb, r.memory.totalAvgMb),
    'mem peak vs e2b': formatReduction(base.memory.totalPeakMb, r.memory.totalPeakMb),
  };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function reduction(base: number, value: number): number {
  return 1 - value / base;
}

/** Runs the `trenv-x-agents` preset on every platform of {@link agentReproPlatforms}. */
export function reproduceAgents(
  preset: AgentPreset = trenvXAgentsPreset,
  platforms: readonly AgentPlatform[] = agentReproPlatforms(),
): ReproReport & { results: AgentSimulationResult[] } {
  const results = platforms.map((platform) => simulateAgents({ ...preset, platform }));
  const base = results[0]!;
  const rows = results.map((r) => agentRow(r, base));
  const x = results.find((r) => r.platform === 'trenv-x');
  const comparisons: Comparison[] = [];
  if (x !== undefined) {
    const p99 = reduction(base.sessionMs.p99, x.sessionMs.p99);
    const startP99 = reduction(base.startupMs.p99, x.startupMs.p99);
    const mem = reduction(base.memory.totalAvgMb, x.memory.totalAvgMb);
    const peak = reduction(base.memory.totalPeakMb, x.memory.totalPeakMb);
    comparisons.push(
      {
        metric: 'P99 latency vs E2B (session, end to end)',
        paper: 'up to 58 % lower (paper, abstract)',
        simulated: `${pct(p99)} lower`,
        gap: gapText(p99, 0.58),
        why:
          'Sessions are dominated by LLM calls of seconds (estimate); TrEnv-X only shortens start-up, ' +
          'so the end-to-end P99 moves only where E2B waits for memory or for VM creation in a burst.',
      },
      {
        metric: 'P99 sandbox start-up vs E2B',
        paper: '< 40 ms start (paper/README); P99 up to 58 % lower',
        simulated: `${pct(startP99)} lower (TrEnv-X P99 ${round(x.startupMs.p99, 1)} ms)`,
        gap: gapText(startP99, 0.58),
        why:
          'Start-up is where the mechanisms act. Our E2B start is a resume (85/142 ms, lit) plus ' +
          'serialised VM creation, and it waits for memory when a burst fills the node; the paper ' +
          'does not say which latency its 58 % measures.',
      },
      {
        metric: 'memory vs E2B (time-weighted average)',
        paper: 'up to 61 % lower (paper, abstract)',
        simulated: `${pct(mem)} lower (peak ${pct(peak)} lower)`,
        gap: gapText(mem, 0.61),
        why:
          'Driven by our estimates of what a session writes (35 % of touched anonymous memory), ' +
          'browser vs context size (450 vs 80 MiB) and file pages (200–250 MiB); see the sweep.',
      },
    );
  }
  return {
    id: 'trenv-x-agents',
    title: 'LLM-agent sandboxes: E2B vs TrEnv-X (with ablations)',
    rows,
    comparisons,
    notes: [
      `${preset.nodes} node(s) × ${preset.nodeMemoryMb / GiB} GiB; ${describeArrivals(preset)}; ` +
        `${preset.durationMs / 60_000} min of arrivals; seed ${String(preset.seed)}.`,
      'Every platform sees the same sessions (common random numbers).',
      'Browser sharing is our model (one browser per node, a context per agent): the paper ' +
        'does not describe its mechanism in what we could read.',
    ],
    results,
  };
}

function describeArrivals(p: AgentPreset): string {
  const a = p.arrivals;
  if (a.kind === 'poisson') return `Poisson ${a.ratePerSec} sessions/s`;
  return (
    `${a.ratePerSec} sessions/s with ×${a.burstFactor} bursts of ${a.burstLengthSec} s ` +
    `every ${a.burstEverySec} s`
  );
}

export function pct(x: number): string {
  return `${Math.round(x * 100)} %`;
}

/** "simulated 44 % vs paper 58 %: 14 points less" */
export function gapText(simulated: number, paper: number): string {
  const d = Math.round((simulated - paper) * 100);
  if (d === 0) return 'matches';
  return `${Math.abs(d)} point${Math.abs(d) === 1 ? '' : 's'} ${d > 0 ? 'more' : 'less'} than the paper`;
}
