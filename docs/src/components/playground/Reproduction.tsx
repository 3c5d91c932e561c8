// The paper's comparisons, reproduced: runs the package's reproduceContainers() and
// reproduceAgents() in the worker and charts their report rows, with the paper's figures and
// the gaps (also from the report) beside them.
import type * as Plot from '@observablehq/plot';
import * as PlotLib from '@observablehq/plot';
import type { ReproReport, ReproRow } from '@paperlab/serverless-sim';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import PlotFigure from '../charts/PlotFigure';
import type { WorkerResponse } from './protocol';
import styles from './styles.module.css';
import { useSimWorker } from './useSimWorker';

/** Columns worth a chart, in the order shown, if the report has them. */
const chartColumns = ['e2e P99 ms', 'start P99 ms', 'session P99 s', 'mem avg GiB', 'mem peak GiB'];

function numericColumn(rows: ReproRow[], column: string): { platform: string; value: number }[] {
  return rows
    .filter((r) => typeof r[column] === 'number' && Number.isFinite(r[column]))
    .map((r) => ({ platform: String(r.platform), value: r[column] as number }));
}

function barChart(rows: ReproRow[], column: string): Plot.PlotOptions {
  const data = numericColumn(rows, column);
  return {
    height: 40 + 26 * data.length,
    marginLeft: 190,
    marginRight: 60,
    x: { label: column, grid: true, zero: true },
    y: { label: null, domain: data.map((d) => d.platform) },
    marks: [
      PlotLib.barX(data, { x: 'value', y: 'platform', fill: 'var(--ifm-color-primary)' }),
      PlotLib.text(data, {
        x: 'value',
        y: 'platform',
        text: (d: { value: number }) => String(d.value),
        dx: 4,
        textAnchor: 'start',
      }),
      PlotLib.ruleX([0]),
    ],
  };
}

function functionChart(table: { rows: ReproRow[] }): Plot.PlotOptions {
  const data = table.rows.flatMap((r) =>
    Object.entries(r)
      .filter(([k, v]) => k !== 'function' && typeof v === 'number' && Number.isFinite(v) && v > 0)
      .map(([platform, v]) => ({ fn: String(r.function), platform, ms: v as number })),
  );
  return {
    height: 360,
    marginLeft: 110,
    x: { type: 'log', label: 'end-to-end P99 (ms, log scale)', grid: true },
    y: { label: null },
    color: { legend: true },
    marks: [
      PlotLib.dot(data, {
        x: 'ms',
        y: 'fn',
        stroke: 'platform',
        fill: 'platform',
        r: 4,
        tip: true,
      }),
    ],
  };
}

function Table({ rows }: { rows: Record<string, string | number>[] }): ReactNode {
  const columns = Object.keys(rows[0] ?? {});
  return (
    <div className={styles.tableWrap}>
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
    </div>
  );
}

function Report({ report }: { report: ReproReport }): ReactNode {
  const charts = useMemo(
    () =>
      chartColumns
        .filter((c) => numericColumn(report.rows, c).length > 0)
        .map((c) => ({ column: c, options: barChart(report.rows, c) })),
    [report],
  );
  const fnTable = report.tables?.find((t) => t.id.endsWith('functions'));
  const fnOptions = useMemo(() => (fnTable ? functionChart(fnTable) : null), [fnTable]);
  return (
    <section data-report={report.id}>
      <h3>{report.title}</h3>
      <h4>The paper beside the simulation</h4>
      <Table
        rows={report.comparisons.map((c) => ({
          metric: c.metric,
          paper: c.paper,
          simulated: c.simulated,
          gap: c.gap,
          'why the gap': c.why,
        }))}
      />
      {charts.map((c) => (
        <div key={c.column}>
          <h4>{c.column}</h4>
          <PlotFigure label={`${report.id}: ${c.column}`} options={c.options} />
        </div>
      ))}
      {fnTable && fnOptions && (
        <>
          <h4>{fnTable.title}</h4>
          <PlotFigure label={`${report.id}: per function`} options={fnOptions} />
        </>
      )}
      <details>
        <summary>All figures ({report.rows.length} platforms)</summary>
        <Table rows={report.rows} />
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
      {state.reports.map((r) => (
        <Report key={r.id} report={r} />
      ))}
    </div>
  );
}
