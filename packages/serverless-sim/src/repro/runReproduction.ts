// Both reproductions, their sensitivity sweeps, and every output format, in one call: what
// `paperlab-sim repro` runs and writes. Browser-safe: returns strings, writes nothing.
import { renderCsv } from '@paperlab/stats';
import { agentSweep } from './agentSensitivity.js';
import { containerSensitivity } from './containerSensitivity.js';
import { paperAgents } from './paperFigures.js';
import { renderReproductionPage, renderReproMarkdown } from './renderRepro.js';
import { reproduceAgents } from './reproduceAgents.js';
import { reproduceContainers } from './reproduceContainers.js';
import type { ReproReport, ReproRow } from './reproReport.js';

export type ReproTarget = 'containers' | 'agents' | 'all';

export interface ReproductionOptions {
  only?: ReproTarget;
  /** Run the sensitivity sweeps (default true). */
  sweep?: boolean;
}

export interface ReproductionOutput {
  reports: (ReproReport & { sweep?: ReproRow[] })[];
  /** File name → CSV text: one per table and sweep. */
  csv: Record<string, string>;
  /** Everything above as one JSON document (no raw time series). */
  json: string;
  markdown: string;
  /** REPRODUCTION.md: an intro on the metrics, then `markdown`. */
  page: string;
}

/** Whether the abstract's "up to 58 %" falls inside what the sweep reaches for each latency. */
function sweepNote(span: { start: [number, number]; session: [number, number] }): string {
  const p = paperAgents.p99UpToReduction;
  const fmt = (x: [number, number]) => `${Math.round(x[0] * 100)}–${Math.round(x[1] * 100)} %`;
  const inStart = p >= span.start[0] && p <= span.start[1];
  const inSession = p >= span.session[0] && p <= span.session[1];
  const verdict =
    inStart && inSession
      ? 'within both, so which latency it measures cannot be told from here'
      : inStart || inSession
        ? `within the ${inStart ? 'start-up' : 'session'} span only (our model's reading, not a claim)`
        : 'outside both spans';
  return (
    `Across the sensitivity sweep (all points, all workloads) the start-up P99 reduction spans ${fmt(span.start)} ` +
    `and the session P99 reduction ${fmt(span.session)}: the paper's ${Math.round(p * 100)} % is ${verdict}.`
  );
}

export function runReproduction(options: ReproductionOptions = {}): ReproductionOutput {
  const only = options.only ?? 'all';
  if (only !== 'containers' && only !== 'agents' && only !== 'all') {
    throw new RangeError(`only must be one of containers, agents, all, got ${String(only)}`);
  }
  const sweep = options.sweep ?? true;
  const reports: (ReproReport & { sweep?: ReproRow[] })[] = [];
  if (only !== 'agents') {
    const { runs: _runs, ...r } = reproduceContainers();
    reports.push(sweep ? { ...r, sweep: containerSensitivity() } : r);
  }
  if (only !== 'containers') {
    const { results: _results, ...r } = reproduceAgents();
    if (sweep) {
      const s = agentSweep();
      reports.push({ ...r, notes: [...r.notes, sweepNote(s.span)], sweep: s.rows });
    } else reports.push(r);
  }
  const csv: Record<string, string> = {};
  for (const r of reports) {
    csv[`${r.id}.csv`] = renderCsv(r.rows);
    csv[`${r.id}-headline.csv`] = renderCsv(r.headline);
    csv[`${r.id}-paper.csv`] = renderCsv(r.comparisons as unknown as ReproRow[]);
    for (const t of r.tables ?? []) csv[`${t.id}.csv`] = renderCsv(t.rows);
    if (r.sweep !== undefined) csv[`${r.id}-sweep.csv`] = renderCsv(r.sweep);
  }
  const markdown = reports.map((r) => renderReproMarkdown(r, r.sweep)).join('\n');
  return {
    reports,
    csv,
    json: `${JSON.stringify({ reports }, null, 2)}\n`,
    markdown,
    page: renderReproductionPage(markdown),
  };
}
