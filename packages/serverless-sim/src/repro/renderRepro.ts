// Text renderings of a reproduction: the Markdown the CLI prints and REPRODUCTION.md holds.
import { renderMarkdownTable } from '@paperlab/stats';
import type { ReproReport, ReproRow } from './reproReport.js';

export function renderReproMarkdown(report: ReproReport, sweep?: readonly ReproRow[]): string {
  const out: string[] = [`### ${report.title}`, '', renderMarkdownTable(report.rows), ''];
  if (report.comparisons.length > 0) {
    out.push('Paper vs simulation:', '');
    out.push(
      renderMarkdownTable(
        report.comparisons.map((c) => ({
          metric: c.metric,
          paper: c.paper,
          simulated: c.simulated,
          gap: c.gap,
          'what drives the gap': c.why,
        })),
      ),
      '',
    );
  }
  for (const t of report.tables ?? []) out.push(`${t.title}:`, '', renderMarkdownTable(t.rows), '');
  for (const n of report.notes) out.push(`- ${n}`);
  if (sweep !== undefined && sweep.length > 0) {
    out.push('', `Sensitivity over the "estimate" parameters (${report.id}):`, '');
    out.push(renderMarkdownTable(sweep), '');
    out.push(sweepRangeLine(sweep));
  }
  out.push('');
  return out.join('\n');
}

/** "memory reduction %: 41.2 … 77.9 across the sweep" for each numeric column. */
export function sweepRangeLine(sweep: readonly ReproRow[]): string {
  const cols = Object.keys(sweep[0] ?? {}).filter((k) => typeof sweep[0]![k] === 'number');
  return cols
    .map((k) => {
      const xs = sweep.map((r) => r[k] as number);
      return `${k}: ${Math.min(...xs)} … ${Math.max(...xs)} across the sweep`;
    })
    .join('; ');
}
