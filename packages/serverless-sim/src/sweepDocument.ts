// A sweep's results as one JSON document that can be cut into shards and put back together:
// every result carries its grid index and the resolved config it ran with, so shards run on
// different machines (a Slurm array, a Kubernetes Indexed Job, GNU parallel) merge into exactly
// the document, and the table, of an unsharded run. Browser-safe.
import { type Recorder, type Row, recorderFromJSON, renderCsv } from '@paperlab/stats';
import type { ResolvedConfig } from './configSchema.js';
import { resultToJson, type SimulationResult, summaryRows } from './simulationResult.js';
import { getPath } from './sweepGrid.js';

/** Format tag of a sweep document (results, possibly of one shard). */
export const sweepFormat = 'paperlab-sim/sweep@1';

/** One grid point's result: the simulation result plus where it sits and what it ran. */
export type SweepPointResult = SimulationResult & {
  /** Position in the grid (first axis varying slowest), 0-based. */
  index: number;
  /** The config after defaults were filled in: exactly what ran. */
  config: ResolvedConfig;
};

export interface SweepDocument {
  format: typeof sweepFormat;
  /** The swept paths, in axis order (`platform`, `seed`, `cluster.nodes`, …). */
  axes: string[];
  /** Points in the whole grid (a shard holds only some of them). */
  points: number;
  /** Results in grid order. */
  results: SweepPointResult[];
}

/** A shard: the `index`-th (1-based) of `count` parts of a grid. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n ≤ 10^6), as given to `sweep --shard`. */
export function parseShard(text: string): Shard {
  const m = /^([0-9]{1,7})\/([0-9]{1,7})$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!(count >= 1 && count <= 1_000_000 && index >= 1 && index <= count)) {
    throw new RangeError(`shard must be i/n with integers 1 <= i <= n <= 1000000, got "${text}"`);
  }
  return { index, count };
}

/**
 * Grid indices of a shard: every n-th point starting at i − 1, so neighbouring points (often
 * the same platform with a growing parameter) spread over the shards and their costs even out.
 */
export function shardIndices(points: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let k = shard.index - 1; k < points; k += shard.count) out.push(k);
  return out;
}

/**
 * Merges shard documents into one: same axes and grid size, no point twice, and (unless
 * `partial`) every point present. The result equals the unsharded sweep's document.
 */
export function mergeSweepDocuments(
  docs: readonly SweepDocument[],
  options: { partial?: boolean } = {},
): SweepDocument {
  if (docs.length === 0) throw new RangeError('merge needs at least 1 sweep document, got 0');
  const first = docs[0]!;
  const byIndex = new Map<number, SweepPointResult>();
  docs.forEach((d, k) => {
    checkDocument(d, `document ${k + 1}`);
    if (d.points !== first.points || d.axes.join('\u0000') !== first.axes.join('\u0000')) {
      throw new RangeError(
        `document ${k + 1} must sweep the same grid as document 1 (axes ${first.axes.join(', ')}; ${first.points} points), got axes ${d.axes.join(', ')}; ${d.points} points`,
      );
    }
    for (const r of d.results) {
      if (byIndex.has(r.index))
        throw new RangeError(`point ${r.index} appears twice (again in document ${k + 1})`);
      byIndex.set(r.index, r);
    }
  });
  if (options.partial !== true && byIndex.size !== first.points) {
    const missing: number[] = [];
    for (let i = 0; i < first.points && missing.length < 10; i++)
      if (!byIndex.has(i)) missing.push(i);
    throw new RangeError(
      `merge must cover all ${first.points} points, got ${byIndex.size}; missing ${missing.join(', ')}${first.points - byIndex.size > missing.length ? ', …' : ''}`,
    );
  }
  return {
    format: sweepFormat,
    axes: [...first.axes],
    points: first.points,
    results: [...byIndex.values()].sort((a, b) => a.index - b.index),
  };
}

/** Throws unless `d` looks like a sweep document (read from an untrusted file). */
export function checkDocument(d: unknown, what = 'document'): asserts d is SweepDocument {
  const o = d as Partial<SweepDocument> | null;
  if (o === null || typeof o !== 'object' || o.format !== sweepFormat) {
    throw new TypeError(`${what} must be a sweep document with format "${sweepFormat}"`);
  }
  if (!Array.isArray(o.axes) || o.axes.some((a) => typeof a !== 'string'))
    throw new TypeError(`${what}.axes must be an array of strings`);
  if (!(Number.isInteger(o.points) && o.points! >= 0))
    throw new TypeError(`${what}.points must be an integer >= 0, got ${String(o.points)}`);
  if (!Array.isArray(o.results)) throw new TypeError(`${what}.results must be an array`);
  o.results.forEach((r, i) => {
    if (r === null || typeof r !== 'object')
      throw new TypeError(`${what}.results[${i}] must be an object`);
    if (!(Number.isInteger(r.index) && r.index >= 0 && r.index < o.points!))
      throw new RangeError(
        `${what}.results[${i}].index must be an integer in [0, ${o.points! - 1}], got ${String(r.index)}`,
      );
    if (r.config === null || typeof r.config !== 'object')
      throw new TypeError(`${what}.results[${i}].config must be an object`);
  });
}

/** Table rows: the swept values (read from each result's config), then the summary figures. */
export function sweepRows(doc: SweepDocument): Row[] {
  const summary = summaryRows(doc.results);
  return doc.results.map((r, i) => {
    const row: Record<string, string | number> = {};
    for (const a of doc.axes) {
      const v = getPath(r.config, a);
      row[a] = typeof v === 'number' ? v : typeof v === 'string' ? v : JSON.stringify(v ?? null);
    }
    return { ...row, ...summary[i]! };
  });
}

/** The sweep's summary table as CSV: axis columns first, units in the headers. */
export function sweepToCsv(doc: SweepDocument): string {
  return renderCsv(sweepRows(doc));
}

/** The whole document as JSON (results as `resultToJson` writes them; NaN becomes null). */
export function sweepToJson(doc: SweepDocument): string {
  const results = doc.results.map((r) => resultToJson(r).replaceAll('\n', '\n    '));
  return `{\n  "format": ${JSON.stringify(doc.format)},\n  "axes": ${JSON.stringify(doc.axes)},\n  "points": ${doc.points},\n  "results": [${results.length > 0 ? `\n    ${results.join(',\n    ')}\n  ` : ''}]\n}\n`;
}

/** Keys sorted at every level, so equal configs have equal text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function cell(x: number, digits: number): number | string {
  if (!Number.isFinite(x)) return '';
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

/**
 * Table rows with the runs that differ only in their seed pooled into one: latency quantiles
 * from their recorders merged exactly (`recorderFromJSON` + `merge`, the same state as one
 * recorder fed every run's invocations), invocations and start paths summed, memory averaged
 * over runs (mean of each run's time-weighted average; peak: the highest). Rows follow the grid
 * order of each group's first run. Needs results that carry `recorders`.
 */
export function pooledSeedRows(doc: SweepDocument): Row[] {
  const groups = new Map<string, SweepPointResult[]>();
  for (const r of doc.results) {
    if (r.recorders === undefined) {
      throw new RangeError(
        `pooling needs results with recorders (sweep --pool-seeds); point ${r.index} has none`,
      );
    }
    const { seed: _seed, ...rest } = r.config;
    const key = canonicalJson(rest);
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [r]);
    else g.push(r);
  }
  const axes = doc.axes.filter((a) => a !== 'seed');
  return [...groups.values()].map((runs) => {
    const row: Record<string, string | number> = {};
    for (const a of axes) {
      const v = getPath(runs[0]!.config, a);
      row[a] = typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v ?? null);
    }
    const pool = (k: 'endToEnd' | 'startup' | 'queue'): Recorder => {
      const merged = recorderFromJSON(runs[0]!.recorders![k]);
      for (const r of runs.slice(1)) merged.merge(recorderFromJSON(r.recorders![k]));
      return merged;
    };
    const e2e = pool('endToEnd');
    const startup = pool('startup');
    const q = (r: Recorder, p: number) => (r.count > 0 ? r.quantile(p) : Number.NaN);
    const invocations = runs.reduce((s, r) => s + r.invocations, 0);
    const warm = runs.reduce((s, r) => s + r.startPaths.warm, 0);
    return {
      ...row,
      platform: runs[0]!.platform,
      seeds: runs.length,
      invocations,
      'cold %': invocations > 0 ? cell((100 * (invocations - warm)) / invocations, 2) : '',
      'e2e p50 ms': cell(q(e2e, 0.5), 1),
      'e2e p99 ms': cell(q(e2e, 0.99), 1),
      'e2e p99.9 ms': cell(q(e2e, 0.999), 1),
      'startup p99 ms': cell(q(startup, 0.99), 1),
      'mem avg MiB': cell(runs.reduce((s, r) => s + r.memory.averageMb, 0) / runs.length, 0),
      'mem peak MiB': cell(Math.max(...runs.map((r) => r.memory.peakMb)), 0),
    };
  });
}
