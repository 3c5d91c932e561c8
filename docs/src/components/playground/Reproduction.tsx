// The paper's comparisons, reproduced: runs the package's reproduceContainers() and
// reproduceAgents() in the worker and shows each report as the CLI prints it: the headline in
// the paper's own metric, the paper beside the simulation with the reason for each gap, and the
// report's figures, where every simulated value has the paper's value beside it (a hollow
// diamond) when the paper gives one. Latency tails are drawn on a log scale.
import type * as Plot from '@observablehq/plot';
import * as PlotLib from '@observablehq/plot';
import type { ReproReport } from '@paperlab/serverless-sim';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import PlotFigure from '../charts/PlotFigure';
import ScrollBox from '../ScrollBox';
import type { WorkerResponse } from './protocol';
import styles from './styles.module.css';
import { useSimWorker } from './useSimWorker';

type Figure = ReproReport['figures'][number];
type Point = Figure['points'][number];

/** One row per (group, series); simulated dots filled, the paper's as hollow diamonds. */
export function figureOptions(fig: Figure): Plot.PlotOptions {
  const points = fig.points.filter(
    (p) => Number.isFinite(p.value) && (fig.scale !== 'log' || p.value > 0),
  );
  const groups = [...new Set(points.map((p) => p.group))];
  const series = [...new Set(points.map((p) => p.series))];
  const sim = points.filter((p) => p.source === 'simulated');
  const paper = points.filter((p) => p.source === 'paper');
  const tip = (p: Point) => `${p.group} · ${p.series}: ${p.value} (${p.source})`;
  return {
    height: 30 + groups.length * (14 * series.length + 16),
    marginLeft: 130,
    marginRight: 20,
    x: {
      type: fig.scale,
      label: fig.unit,
      grid: true,
      ...(fig.scale === 'linear' ? { zero: true } : {}),
    },
    fy: { label: null, domain: groups },
    y: { label: null, domain: series, axis: null },
    color: { legend: true, domain: series },
    symbol: { legend: true, domain: ['simulated', 'paper'], range: ['circle', 'diamond2'] },
    marks: [
      PlotLib.frame({ strokeOpacity: 0.1 }),
      PlotLib.dot(sim, {
        x: 'value',
        y: 'series',
        fy: 'group',
        fill: 'series',
        symbol: 'source',
        r: 4,
        title: tip,
      }),
      PlotLib.dot(paper, {
        x: 'value',
        y: 'series',
        fy: 'group',
        stroke: 'series',
        symbol: 'source',
        strokeWidth: 2,
        r: 6,
        title: tip,
      }),
    ],
  };
}

function Table({
  rows,
  label,
}: {
  rows: Record<string, string | number>[];
  label: string;
}): ReactNode {
  const columns = Object.keys(rows[0] ?? {});
  return (
    // A wide table scrolls inside its box; the box takes focus, for the keyboard.
    <ScrollBox className={styles.tableWrap} label={label}>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are a fixed report, never reordered
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{String(r[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

function Report({ report }: { report: ReproReport }): ReactNode {
  const figures = useMemo(
    () => report.figures.map((f) => ({ figure: f, options: figureOptions(f) })),
    [report],
  );
  return (
    <section data-report={report.id}>
      <h3>{report.title}</h3>
      <h4>Headline, in the paper's own metric</h4>
      <Table rows={report.headline} label={`${report.title}: headline`} />
      <h4>The paper beside the simulation</h4>
      <Table
        label={`${report.title}: the paper beside the simulation`}
        rows={report.comparisons.map((c) => ({
          metric: c.metric,
          paper: c.paper,
          simulated: c.simulated,
          gap: c.gap,
          'why the gap': c.why,
        }))}
      />
      {figures.map(({ figure, options }) => (
        <div key={figure.id}>
          <h4>{figure.title}</h4>
          <PlotFigure label={`${report.id}: ${figure.id}`} options={options} />
          <p>
            <small>{figure.note}</small>
          </p>
        </div>
      ))}
      <details>
        <summary>
          {report.rowsTitle} ({report.rows.length} rows) and further tables
        </summary>
        <Table rows={report.rows} label={`${report.title}: ${report.rowsTitle}`} />
        {(report.tables ?? []).map((t) => (
          <div key={t.id}>
            <h5>{t.title}</h5>
            <Table rows={t.rows} label={t.title} />
          </div>
        ))}
      </details>
      <ul>
        {report.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </section>
  );
}

interface State {
  status: 'running' | 'done' | 'error';
  label: string;
  fraction: number;
  reports: ReproReport[];
  wallMs: number;
  error: string;
}

export default function Reproduction(): ReactNode {
  const [state, setState] = useState<State>({
    status: 'running',
    label: 'starting',
    fraction: 0,
    reports: [],
    wallMs: 0,
    error: '',
  });
  const send = useSimWorker((m: WorkerResponse) => {
    if (m.type === 'progress') setState((s) => ({ ...s, label: m.label, fraction: m.fraction }));
    else if (m.type === 'repro')
      setState((s) => ({
        ...s,
        status: 'done',
        reports: [m.containers, m.agents],
        wallMs: m.wallMs,
      }));
    else if (m.type === 'error')
      setState((s) => ({ ...s, status: 'error', error: `${m.name}: ${m.message}` }));
  });
  useEffect(() => {
    send({ type: 'repro' });
  }, [send]);

  return (
    <div data-playground="reproduction">
      <div className={styles.progress}>
        <progress value={state.fraction} max={1} aria-label="reproduction progress" />
        <span data-testid="repro-status" data-status={state.status}>
          {state.status === 'running' && `simulating ${state.label}…`}
          {state.status === 'done' &&
            `simulated in your browser in ${(state.wallMs / 1000).toFixed(1)} s`}
          {state.status === 'error' && state.error}
        </span>
      </div>
      {state.reports.length > 0 && (
        <p data-testid="repro-sources">
          <small>
            Where a paper figure comes from, in brackets: (abstract) the paper's abstract; (README)
            the authors' repository README; (2nd) a secondary source, a published summary quoting
            the paper; (lit) another paper's or project's measurement. What the papers do not
            publish is the simulator's own estimate.
          </small>
        </p>
      )}
      {state.reports.map((r) => (
        <Report key={r.id} report={r} />
      ))}
    </div>
  );
}
