// What a run returns, and its exports: a summary that fits in a table row, the time series for
// plots, and CSV/JSON writers. Per-invocation records are streamed through `onRecord` instead
// (see `recordCsvHeader`/`recordToCsv`), so results never grow with the number of invocations.
import { renderCsv, renderMarkdownTable, type Summary } from '@paperlab/stats';
import type { FunctionTable } from './functionProfile.js';
import type { MemorySummary } from './memoryAccounting.js';
import { type StartPathName, startPathNames } from './platform.js';
import type { ResultCollector, TimeSeries } from './resultCollector.js';
import type { InvocationRecord } from './simulator.js';

export interface SimulationResult {
  platform: string;
  workload: string;
  seed: number | string;
  invocations: number;
  events: number;
  /** Simulated time covered (the workload's horizon, or the last event), ms. */
  simulatedMs: number;
  latencyMs: {
    /** Arrival to end. */
    endToEnd: Summary;
    /** Dispatch to start of execution (creation wait, creation, init/restore). */
    startup: Summary;
    /** Waiting for a core or memory. */
    queue: Summary;
  };
  startPaths: Record<StartPathName, number>;
  /** Share of invocations that did not find a warm sandbox. */
  coldStartFraction: number;
  prewarms: number;
  /** Idle sandboxes evicted to make room on a full node. */
  evictions: number;
  memory: MemorySummary;
  instances: {
    /** Time-weighted mean number of invocations in the system (queued or running). */
    averageInSystem: number;
    averageLive: number;
    averageIdle: number;
    peakLive: number;
  };
  timeSeries: TimeSeries;
  platformStats: Record<string, number>;
}

const EMPTY_SUMMARY: Summary = {
  count: 0,
  mean: Number.NaN,
  stdev: Number.NaN,
  min: Number.NaN,
  p50: Number.NaN,
  p90: Number.NaN,
  p99: Number.NaN,
  p999: Number.NaN,
  max: Number.NaN,
};

/** Builds the result from a finished run's collector. */
export function buildResult(
  c: ResultCollector,
  info: {
    platform: string;
    workload: string;
    seed: number | string;
    events: number;
    memory: MemorySummary;
    platformStats: Record<string, number>;
  },
): SimulationResult {
  const startPaths = {} as Record<StartPathName, number>;
  startPathNames.forEach((n, i) => {
    startPaths[n] = c.pathCounts[i]!;
  });
  const until = c.endTimeMs;
  const summary = (r: ResultCollector['endToEnd']) =>
    r.count > 0 ? r.summary() : { ...EMPTY_SUMMARY };
  return {
    platform: info.platform,
    workload: info.workload,
    seed: info.seed,
    invocations: c.ended,
    events: info.events,
    simulatedMs: until,
    latencyMs: {
      endToEnd: summary(c.endToEnd),
      startup: summary(c.startup),
      queue: summary(c.queue),
    },
    startPaths,
    coldStartFraction: c.ended > 0 ? (c.ended - c.pathCounts[0]!) / c.ended : 0,
    prewarms: c.prewarms,
    evictions: c.evictions,
    memory: info.memory,
    instances: {
      averageInSystem: c.averageInSystem(),
      averageLive: c.averageLive(),
      averageIdle: c.averageIdle(),
      peakLive: c.peakLive,
    },
    timeSeries: c.series,
    platformStats: info.platformStats,
  };
}

function round(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

/** One row per result: the figures a comparison table needs. */
export function summaryRows(
  results: readonly SimulationResult[],
): Record<string, string | number>[] {
  return results.map((r) => ({
    platform: r.platform,
    invocations: r.invocations,
    'cold %': round(100 * r.coldStartFraction, 2),
    'e2e p50 ms': round(r.latencyMs.endToEnd.p50, 1),
    'e2e p99 ms': round(r.latencyMs.endToEnd.p99, 1),
    'e2e p99.9 ms': round(r.latencyMs.endToEnd.p999, 1),
    'startup p99 ms': round(r.latencyMs.startup.p99, 1),
    'mem avg MiB': round(r.memory.averageMb, 0),
    'mem peak MiB': round(r.memory.peakMb, 0),
  }));
}

/** A Markdown table comparing results. */
export function summaryTable(results: readonly SimulationResult[]): string {
  return renderMarkdownTable(summaryRows(results));
}

/** The time series as CSV (one row per sample). */
export function timeSeriesToCsv(r: SimulationResult): string {
  const s = r.timeSeries;
  const rows = s.timeMs.map((t, i) => ({
    timeMs: t,
    arrivals: s.arrivals[i]!,
    coldStarts: s.coldStarts[i]!,
    inSystem: s.inSystem[i]!,
    liveSandboxes: s.liveSandboxes[i]!,
    idleSandboxes: s.idleSandboxes[i]!,
    memoryMb: round(s.memoryMb[i]!, 3),
  }));
  return renderCsv(rows, [
    'timeMs',
    'arrivals',
    'coldStarts',
    'inSystem',
    'liveSandboxes',
    'idleSandboxes',
    'memoryMb',
  ]);
}

/** The whole result as indented JSON (NaN/Infinity become null). */
export function resultToJson(r: SimulationResult): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}

/** Header line of the per-invocation CSV. */
export const recordCsvHeader = 'id,function,node,path,arrivalMs,queueMs,startupMs,execMs,endMs';

/** One per-invocation CSV line (no newline). Function names are quoted if needed. */
export function recordToCsv(r: InvocationRecord, functions: FunctionTable): string {
  let name = functions.profiles[r.fn]!.name;
  if (/[",\n]/.test(name)) name = `"${name.replaceAll('"', '""')}"`;
  return `${r.id},${name},${r.node},${startPathNames[r.path] ?? r.path},${r.arrivalMs},${r.queueMs},${r.startupMs},${r.execMs},${r.endMs}`;
}
