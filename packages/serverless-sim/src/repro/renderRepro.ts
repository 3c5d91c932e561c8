// Text renderings of a reproduction: the Markdown the CLI prints, and REPRODUCTION.md, which is
// exactly `renderReproductionPage` of the command's output (a golden file: a test fails when a
// change moves a figure until the page is regenerated, so the page never quotes stale numbers;
// it is a change detector, not evidence that the figures are right).
import { renderMarkdownTable } from '@paperlab/stats';
import type { ReproReport, ReproRow } from './reproReport.js';

export function renderReproMarkdown(report: ReproReport, sweep?: readonly ReproRow[]): string {
  const out: string[] = [`### ${report.title}`, ''];
  if (report.headline.length > 0) {
    out.push("Headline, in the paper's own metric:", '', renderMarkdownTable(report.headline), '');
  }
  if (report.comparisons.length > 0) {
    out.push('Paper vs simulation, and what drives each gap:', '');
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
  out.push(`${report.rowsTitle}:`, '', renderMarkdownTable(report.rows), '');
  for (const t of report.tables ?? []) out.push(`${t.title}:`, '', renderMarkdownTable(t.rows), '');
  for (const n of report.notes) out.push(`- ${n}`);
  if (sweep !== undefined && sweep.length > 0) {
    out.push('', `Sensitivity over the estimated parameters (${report.id}):`, '');
    out.push(renderMarkdownTable(sweep), '');
  }
  out.push('');
  return out.join('\n');
}

/** The command that regenerates REPRODUCTION.md. */
export const reproPageCommand =
  'pnpm --filter @paperlab/serverless-sim exec tsx --conditions=@paperlab/source src/cli/main.ts repro --page REPRODUCTION.md';

const intro = `# Reproducing TrEnv / TrEnv-X's headline comparisons

> **Generated file, a golden change detector.** Everything below is the output of
> \`paperlab-sim repro --page REPRODUCTION.md\` (from a checkout:
> \`${reproPageCommand}\`). A test regenerates it and fails when a change moves any figure,
> until the page is rewritten by that command. Matching this file shows that the numbers are
> current, not that they are right; the tests of the metrics and mechanisms are in
> \`test/repro*.test.ts\`.

The metrics are the papers' own. TrEnv's SOSP'24 abstract reports "up to a 7× speedup in P99
end-to-end latency" and memory "reduced by 48 % on average compared to state-of-the-art
on-demand restoring systems", i.e. REAP+ and FaaSnap+: so the P99 is taken per function, "up to"
is the largest ratio over the functions, against REAP+ and FaaSnap+ each, and the memory saving
is averaged over the two. faasd and CRIU have their own columns and never enter the headline.
TrEnv-X's README figure plots the peak memory of six agent workloads on E2B, E2B+ and TrEnv-X;
its "up to 61 %" is the best of six, so the agent headline is the range over the workloads. The
abstract's "P99 up to 58 % lower" for agents does not say which latency it is: start-up and
session P99 are shown side by side, and neither is claimed.

Parameters come from \`src/parameters.ts\`, each tagged paper / 2nd / lit / estimate; none was
fitted to the papers' figures. The sweeps move every estimate across a plausible range.
`;

/** REPRODUCTION.md: the intro above, then every report with its sweep. */
export function renderReproductionPage(markdown: string): string {
  return `${intro}\n${markdown}`;
}
