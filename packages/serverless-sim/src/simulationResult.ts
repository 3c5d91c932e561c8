// What a run returns, and its exports: a summary that fits in a table row, the time series for
// plots, and CSV/JSON writers. Per-invocation records are streamed through `onRecord` instead
// (see `recordCsvHeader`/`recordToCsv`), so results never grow with the number of invocations.
import { type RecorderJSON, renderCsv, renderMarkdownTable, type Summary } from '@paperlab/stats';
import type { ResolvedConfig } from './configSchema.js';
import type { FunctionTable } from './functionProfile.js';
import type { MemorySummary } from './memoryAccounting.js';
import { type StartPathName, startPathNames } from './platform.js';
import type { ResultCollector, TimeSeries } from './resultCollector.js';
import type { InvocationRecord } from './simulator.js';

/**
 * A latency summary over the invocations that ended. `empty` is true when none did: `count` is
 * then 0 and every statistic is NaN (written as null in JSON, an empty cell in CSV and `n/a`
 * in tables), since no latency was measured.
 */
export type LatencySummary = Summary & {
  /** true when no invocation ended, so the statistics have no value. */
  empty: boolean;
};

/** Invocations per start path; they add up to `SimulationResult.invocations`. */
export interface StartPathCounts {
  /** Reused an idle initialised sandbox of the same function. */
  warm: number;
  /** A new sandbox, runtime and application initialised from scratch. */
  cold: number;
  /** A new sandbox (or VM) whose state was restored from a snapshot. */
  restore: number;
  /** A cleaned sandbox of another function, repurposed and its state attached (TrEnv). */
  repurpose: number;
}

/** What one simulation run returns (see `simulate`). Times in ms, memory in MiB. */
export interface SimulationResult {
  /** Name of the platform (start-path strategy and keep-alive policy) that ran. */
  platform: string;
  /** Name of the workload (e.g. `poisson`, `azure-2019-replay`). */
  workload: string;
  /** The seed every random stream of the run was forked from. */
  seed: number | string;
  /** Invocations that ended within the run. */
  invocations: number;
  /** Events the simulator processed (arrivals, creations, ends, expiries…). */
  events: number;
  /** Simulated time covered (the workload's horizon, or the last event), ms. */
  simulatedMs: number;
  /** Latency summaries over the ended invocations, ms. */
  latencyMs: {
    /** Arrival to end. */
    endToEnd: LatencySummary;
    /** Dispatch to start of execution (creation wait, creation, init/restore). */
    startup: LatencySummary;
    /** Waiting for a core or memory. */
    queue: LatencySummary;
  };
  /** Invocations per start path (warm, cold, restore kinds…); they add up to `invocations`. */
  startPaths: StartPathCounts & Record<StartPathName, number>;
  /** Share of invocations that did not find a warm sandbox, in [0, 1] (0 with none). */
  coldStartFraction: number;
  /** Sandboxes created ahead of demand by the platform's pre-warm policy. */
  prewarms: number;
  /** Idle sandboxes evicted to make room on a full node. */
  evictions: number;
  /** Time-weighted average and peak memory, per cluster and per node, MiB. */
  memory: MemorySummary;
  /** Time-weighted counts of invocations and sandboxes. */
  instances: {
    /** Time-weighted mean number of invocations in the system (queued or running). */
    averageInSystem: number;
    /** Time-weighted mean number of live sandboxes (idle or busy). */
    averageLive: number;
    /** Time-weighted mean number of idle sandboxes. */
    averageIdle: number;
    /** Most sandboxes alive at once. */
    peakLive: number;
  };
  /** State sampled every `sampleIntervalMs` (arrivals, cold starts, sandboxes, memory). */
  timeSeries: TimeSeries;
  /** Counters the platform reports about itself (e.g. pool hits, repurposed sandboxes). */
  platformStats: Record<string, number>;
  /**
   * The config with defaults filled in, exactly as it ran. Set by `simulateParallel` and by the
   * CLI (so every JSON or CSV result can be rerun and merged); `simulate` leaves it to the caller.
   */
  config?: ResolvedConfig;
  /**
   * The latency recorders' whole state (`Recorder.toJSON`), so runs can be pooled exactly
   * (`recorderFromJSON` + `merge`), e.g. across seeds. Set by `simulateParallel` with
   * `recorders: true` (the CLI's `--pool-seeds`).
   */
  recorders?: {
    /** Arrival to end of execution. */
    endToEnd: RecorderJSON;
    /** Dispatch to start of execution. */
    startup: RecorderJSON;
    /** Waiting for a core or memory. */
    queue: RecorderJSON;
  };
}

const EMPTY_SUMMARY: LatencySummary = {
  count: 0,
  empty: true,
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
  const summary = (r: ResultCollector['endToEnd']): LatencySummary =>
    r.count > 0 ? { ...r.summary(), empty: false } : { ...EMPTY_SUMMARY };
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

/** Rounded for a table cell; a value that does not exist (NaN, null from JSON) is an empty cell. */
function round(x: number | null, digits = 3): number | string {
  if (x === null || !Number.isFinite(x)) return '';
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

/**
 * One row per result: the figures a comparison table needs, as plain numbers (units in the
 * column names; an empty string where a run has no value, e.g. latency with no invocations).
 */
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

/** A Markdown table comparing results (`n/a` where a run has no value). */
export function summaryTable(results: readonly SimulationResult[]): string {
  return renderMarkdownTable(
    summaryRows(results).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === '' ? 'n/a' : v])),
    ),
  );
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
