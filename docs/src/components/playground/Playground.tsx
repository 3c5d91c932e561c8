// The simulator playground: pick platforms, workload and load; the simulation runs in a Web
// Worker and the charts are drawn from the package's own results.
import type * as Plot from '@observablehq/plot';
import * as PlotLib from '@observablehq/plot';
import {
  catalogue,
  platformNames,
  platforms as platformRegistry,
  type SimulationConfig,
  summaryRows,
} from '@paperlab/serverless-sim';
import { type ReactNode, useMemo, useRef, useState } from 'react';
import PlotFigure from '../charts/PlotFigure';
import type { PlatformRun, WorkerResponse } from './protocol';
import styles from './styles.module.css';
import { createStallMeter, useSimWorker } from './useSimWorker';

type WorkloadKind = 'poisson' | 'on-off' | 'diurnal';

/** The paper's container comparison set, as registered in the simulator. */
const defaultPlatforms = ['faasd', 'criu', 'reap-plus', 'faasnap-plus', 'trenv-cxl', 'trenv-rdma'];

interface Form {
  platforms: string[];
  functions: string[];
  kind: WorkloadKind;
  ratePerSec: number;
  minutes: number;
  nodes: number;
  coresPerNode: number;
  seed: number;
}

const initialForm: Form = {
  platforms: defaultPlatforms.filter((p) => platformNames().includes(p)),
  functions: catalogue.map((f) => f.name),
  kind: 'poisson',
  // 8 functions × 4/s × 60 min ≈ 115,000 invocations per platform.
  ratePerSec: 4,
  minutes: 60,
  nodes: 2,
  coresPerNode: 64,
  seed: 1,
};

function toConfig(f: Form): SimulationConfig {
  const durationMs = f.minutes * 60_000;
  const workload: SimulationConfig['workload'] =
    f.kind === 'poisson'
      ? { kind: 'poisson', ratePerSec: f.ratePerSec, durationMs }
      : f.kind === 'on-off'
        ? {
            kind: 'on-off',
            onRatePerSec: f.ratePerSec * 4,
            offRatePerSec: f.ratePerSec / 8,
            meanOnMs: 20_000,
            meanOffMs: 60_000,
            durationMs,
          }
        : {
            kind: 'diurnal',
            ratePerSec: f.ratePerSec,
            amplitude: 0.8,
            periodMs: durationMs,
            durationMs,
          };
  return {
    seed: f.seed,
    cluster: { nodes: f.nodes, coresPerNode: f.coresPerNode },
    functions: f.functions,
    workload,
    // About 120 points on the memory chart whatever the duration.
    sampleIntervalMs: Math.max(1000, Math.round(durationMs / 120)),
  };
}

interface RunState {
  status: 'idle' | 'running' | 'done' | 'error';
  fraction: number;
  label: string;
  runs: PlatformRun[];
  invocations: number;
  wallMs: number;
  stallMs: number;
  error: string;
}

const idle: RunState = {
  status: 'idle',
  fraction: 0,
  label: '',
  runs: [],
  invocations: 0,
  wallMs: 0,
  stallMs: 0,
  error: '',
};

function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (v: number) => void;
}): ReactNode {
  return (
    <label className={styles.field}>
      <span>{props.label}</span>
      <input
        type="number"
        value={props.value}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
    </label>
  );
}

function toggle(list: string[], item: string): string[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export default function Playground(): ReactNode {
  const [form, setForm] = useState<Form>(initialForm);
  const [state, setState] = useState<RunState>(idle);
  const meter = useRef(createStallMeter());

  const send = useSimWorker((m: WorkerResponse) => {
    if (m.type === 'progress') setState((s) => ({ ...s, fraction: m.fraction, label: m.label }));
    else if (m.type === 'platform') setState((s) => ({ ...s, runs: [...s.runs, m.run] }));
    else if (m.type === 'done')
      setState((s) => ({
        ...s,
        status: 'done',
        fraction: 1,
        invocations: m.invocations,
        wallMs: m.wallMs,
        stallMs: meter.current.stop(),
      }));
    else if (m.type === 'error') {
      meter.current.stop();
      setState((s) => ({ ...s, status: 'error', error: `${m.name}: ${m.message}` }));
    }
  });

  const run = () => {
    setState({ ...idle, status: 'running', label: 'starting' });
    meter.current.start();
    send({ type: 'simulate', config: toConfig(form), platforms: form.platforms });
  };

  const set = <K extends keyof Form>(key: K, value: Form[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const expected = form.functions.length * form.ratePerSec * form.minutes * 60;

  return (
    <div className={styles.playground} data-playground="simulator">
      <fieldset className={styles.group}>
        <legend>Platforms</legend>
        {platformNames().map((p) => (
          <label key={p} className={styles.check} title={platformRegistry[p]?.description}>
            <input
              type="checkbox"
              checked={form.platforms.includes(p)}
              onChange={() => set('platforms', toggle(form.platforms, p))}
            />
            {p}
          </label>
        ))}
      </fieldset>
      <fieldset className={styles.group}>
        <legend>Functions (built-in catalogue)</legend>
        {catalogue.map((f) => (
          <label
            key={f.name}
            className={styles.check}
            title={`${f.runtime}, ${f.memoryMb} MiB, init ${f.initMs} ms`}
          >
            <input
              type="checkbox"
              checked={form.functions.includes(f.name)}
              onChange={() => set('functions', toggle(form.functions, f.name))}
            />
            {f.name}
          </label>
        ))}
      </fieldset>
      <fieldset className={styles.group}>
        <legend>Workload and cluster</legend>
        <label className={styles.field}>
          <span>arrivals</span>
          <select value={form.kind} onChange={(e) => set('kind', e.target.value as WorkloadKind)}>
            <option value="poisson">Poisson (steady)</option>
            <option value="on-off">on/off bursts (×4 while on)</option>
            <option value="diurnal">diurnal (one cycle, ±80 %)</option>
          </select>
        </label>
        <NumberField
          label="rate per function (req/s)"
          value={form.ratePerSec}
          min={0.01}
          max={1000}
          step={0.5}
          onChange={(v) => set('ratePerSec', v)}
        />
        <NumberField
          label="simulated minutes"
          value={form.minutes}
          min={1}
          max={24 * 60}
          onChange={(v) => set('minutes', v)}
        />
        <NumberField
          label="nodes"
          value={form.nodes}
          min={1}
          max={64}
          onChange={(v) => set('nodes', v)}
        />
        <NumberField
          label="cores per node"
          value={form.coresPerNode}
          min={1}
          max={1024}
          onChange={(v) => set('coresPerNode', v)}
        />
        <NumberField
          label="seed"
          value={form.seed}
          min={0}
          max={1e9}
          onChange={(v) => set('seed', v)}
        />
      </fieldset>
      <div className={styles.toolbar}>
        <button
          type="button"
          className="button button--primary"
          disabled={
            state.status === 'running' || form.platforms.length === 0 || form.functions.length === 0
          }
          onClick={run}
        >
          Simulate
        </button>
        <span>
          ≈ {Math.round(expected).toLocaleString('en-US')} invocations per platform ×{' '}
          {form.platforms.length} platforms
        </span>
      </div>
      {state.status !== 'idle' && (
        <div className={styles.progress}>
          <progress value={state.fraction} max={1} aria-label="simulation progress" />
          <span data-testid="sim-status" data-status={state.status}>
            {state.status === 'running' &&
              `simulating ${state.label}… ${(100 * state.fraction).toFixed(0)} %`}
            {state.status === 'done' &&
              `${state.invocations.toLocaleString('en-US')} invocations simulated in ${(state.wallMs / 1000).toFixed(2)} s ` +
                `(${Math.round(state.invocations / (state.wallMs / 1000)).toLocaleString('en-US')}/s) in a Web Worker; ` +
                `longest main-thread pause meanwhile ${state.stallMs.toFixed(0)} ms`}
            {state.status === 'error' && state.error}
          </span>
        </div>
      )}
      {state.status === 'error' && (
        <pre className={styles.error} role="alert">
          {state.error}
        </pre>
      )}
      {state.runs.length > 0 && <Results runs={state.runs} />}
      <span hidden data-testid="sim-invocations">
        {state.invocations}
      </span>
    </div>
  );
}

function Results({ runs }: { runs: PlatformRun[] }): ReactNode {
  const charts = useMemo(() => buildCharts(runs), [runs]);
  const rows = summaryRows(runs.map((r) => r.result));
  const columns = Object.keys(rows[0] ?? {});
  return (
    <div className={styles.results}>
      <h3>End-to-end latency CDF</h3>
      <PlotFigure label="latency-cdf" options={charts.cdf} />
      <h3>P99: start-up and end to end</h3>
      <PlotFigure label="p99-comparison" options={charts.p99} />
      <h3>Memory in use over time</h3>
      <PlotFigure label="memory-over-time" options={charts.memory} />
      <h3>Summary</h3>
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
            {rows.map((r) => (
              <tr key={String(r.platform)}>
                {columns.map((c) => (
                  <td key={c}>{String(r[c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function buildCharts(runs: PlatformRun[]): Record<'cdf' | 'p99' | 'memory', Plot.PlotOptions> {
  const cdf = runs.flatMap((r) =>
    r.cdf.filter((d) => d.ms > 0).map((d) => ({ platform: r.platform, ms: d.ms, p: d.p })),
  );
  const p99 = runs.flatMap((r) => [
    { platform: r.platform, metric: 'start-up P99', ms: r.result.latencyMs.startup.p99 },
    { platform: r.platform, metric: 'end-to-end P99', ms: r.result.latencyMs.endToEnd.p99 },
  ]);
  const memory = runs.flatMap((r) => {
    const s = r.result.timeSeries;
    return s.timeMs.map((t, i) => ({
      platform: r.platform,
      minutes: t / 60_000,
      gib: (s.memoryMb[i] ?? 0) / 1024,
    }));
  });
  const color = { legend: true, domain: runs.map((r) => r.platform) } as const;
  return {
    cdf: {
      height: 320,
      x: { type: 'log', label: 'latency (ms, log scale)', grid: true },
      y: { label: 'fraction of invocations', domain: [0, 1], grid: true },
      color,
      marks: [
        PlotLib.line(cdf, { x: 'ms', y: 'p', stroke: 'platform', curve: 'step-after' }),
        PlotLib.ruleY([0.99], { strokeDasharray: '4 3' }),
      ],
    },
    p99: {
      // A log axis has no zero for bars to start from, so each value is a dot on a rule
      // from 1 ms; start-up P99s span 1 ms to seconds across platforms.
      height: 70 + 44 * runs.length,
      marginLeft: 110,
      marginRight: 120,
      x: {
        type: 'log',
        label: 'ms (log scale)',
        grid: true,
        domain: [1, Math.max(10, ...p99.map((d) => d.ms)) * 2],
      },
      y: { label: null, domain: runs.map((r) => r.platform) },
      fy: { label: null },
      color: { legend: true },
      marks: [
        PlotLib.ruleY(p99, {
          x1: 1,
          x2: (d: { ms: number }) => Math.max(1, d.ms),
          y: 'platform',
          fy: 'metric',
          stroke: 'metric',
        }),
        PlotLib.dot(p99, {
          x: (d: { ms: number }) => Math.max(1, d.ms),
          y: 'platform',
          fy: 'metric',
          fill: 'metric',
          r: 4,
          tip: true,
        }),
        PlotLib.text(p99, {
          x: (d: { ms: number }) => Math.max(1, d.ms),
          y: 'platform',
          fy: 'metric',
          text: (d: { ms: number }) => d.ms.toFixed(1),
          dx: 8,
          textAnchor: 'start',
        }),
      ],
    },
    memory: {
      height: 320,
      x: { label: 'simulated minutes', grid: true },
      y: { label: 'memory in use (GiB)', grid: true, zero: true },
      color,
      marks: [PlotLib.line(memory, { x: 'minutes', y: 'gib', stroke: 'platform' })],
    },
  };
}
