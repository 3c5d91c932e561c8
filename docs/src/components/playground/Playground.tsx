// The simulator playground: pick platforms, workload and load; the simulation runs in a Web
// Worker and the charts are drawn from the package's own results.
import type * as Plot from '@observablehq/plot';
import * as PlotLib from '@observablehq/plot';
import {
  ConfigError,
  catalogue,
  platformNames,
  platforms as platformRegistry,
  summaryRows,
} from '@paperlab/serverless-sim';
import { type ReactNode, useMemo, useRef, useState } from 'react';
import PlotFigure from '../charts/PlotFigure';
import ScrollBox from '../ScrollBox';
import {
  FormError,
  type FormText,
  fieldLabels,
  fieldLimits,
  formatCount,
  type ParsedForm,
  parseForm,
  type WorkloadKind,
} from './playgroundForm';
import type { PlatformRun, WorkerResponse } from './protocol';
import styles from './styles.module.css';
import { createStallMeter, useSimWorkerControl } from './useSimWorker';

/** The paper's container comparison set, as registered in the simulator. */
const defaultPlatforms = ['faasd', 'criu', 'reap-plus', 'faasnap-plus', 'trenv-cxl', 'trenv-rdma'];

const initialForm: FormText = {
  platforms: defaultPlatforms.filter((p) => platformNames().includes(p)),
  functions: catalogue.map((f) => f.name),
  kind: 'poisson',
  // 8 functions × 4/s × 60 min ≈ 115,000 invocations per platform.
  ratePerSec: '4',
  minutes: '60',
  nodes: '2',
  coresPerNode: '64',
  seed: '1',
};

interface RunState {
  status: 'idle' | 'running' | 'done' | 'error' | 'cancelled';
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

type NumericField = keyof typeof fieldLabels;

function NumberField(props: {
  field: NumericField;
  value: string;
  invalid: boolean;
  onChange: (v: string) => void;
}): ReactNode {
  const limits: { min?: number; max?: number; step: number | string } = fieldLimits[props.field];
  return (
    <label className={styles.field}>
      <span>{fieldLabels[props.field]}</span>
      <input
        type="number"
        value={props.value}
        min={limits.min}
        max={limits.max}
        step={limits.step}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.invalid ? 'playground-form-error' : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

function toggle(list: string[], item: string): string[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** The form's verdict: a parsed config, or the message (and field) that refuses it. */
function check(form: FormText): { parsed: ParsedForm | null; error: string; field: string } {
  try {
    return { parsed: parseForm(form), error: '', field: '' };
  } catch (e) {
    const field =
      e instanceof FormError ? e.field : e instanceof ConfigError ? configFieldToForm(e.field) : '';
    return { parsed: null, error: e instanceof Error ? e.message : String(e), field };
  }
}

/** Which form field a simulator ConfigError's dotted path came from. */
function configFieldToForm(path: string): string {
  if (path.startsWith('config.cluster.nodes')) return 'nodes';
  if (path.startsWith('config.cluster.coresPerNode')) return 'coresPerNode';
  if (path.startsWith('config.seed')) return 'seed';
  if (path.includes('durationMs') || path.includes('periodMs')) return 'minutes';
  if (path.includes('RatePerSec') || path.includes('ratePerSec')) return 'ratePerSec';
  return '';
}

export default function Playground(): ReactNode {
  const [form, setForm] = useState<FormText>(initialForm);
  const [state, setState] = useState<RunState>(idle);
  const [announcement, setAnnouncement] = useState('');
  const [shownError, setShownError] = useState<{ error: string; field: string } | null>(null);
  const meter = useRef(createStallMeter());

  const { send, cancel } = useSimWorkerControl((m: WorkerResponse) => {
    if (m.type === 'progress') setState((s) => ({ ...s, fraction: m.fraction, label: m.label }));
    else if (m.type === 'platform') setState((s) => ({ ...s, runs: [...s.runs, m.run] }));
    else if (m.type === 'done') {
      const stallMs = meter.current.stop();
      setState((s) => ({
        ...s,
        status: 'done',
        fraction: 1,
        invocations: m.invocations,
        wallMs: m.wallMs,
        stallMs,
      }));
      setAnnouncement(
        `Simulation finished: ${m.invocations.toLocaleString('en-US')} invocations in ${(m.wallMs / 1000).toFixed(1)} s. Results below.`,
      );
    } else if (m.type === 'error') {
      meter.current.stop();
      setState((s) => ({ ...s, status: 'error', error: `${m.name}: ${m.message}` }));
      setAnnouncement(`Simulation failed: ${m.name}: ${m.message}`);
    }
  });

  const verdict = useMemo(() => check(form), [form]);
  const running = state.status === 'running';

  const run = () => {
    // The button stays focusable during a run (aria-disabled, not disabled) so focus does not
    // fall back to the page; a press meanwhile does nothing.
    if (running) return;
    if (verdict.parsed === null) {
      setShownError({ error: verdict.error, field: verdict.field });
      setAnnouncement(`Not started: ${verdict.error}`);
      return;
    }
    setShownError(null);
    setState({ ...idle, status: 'running', label: 'starting' });
    setAnnouncement('Simulation started.');
    meter.current.start();
    send({ type: 'simulate', config: verdict.parsed.config, platforms: verdict.parsed.platforms });
  };

  const stop = () => {
    cancel();
    meter.current.stop();
    setState((s) => ({ ...s, status: 'cancelled' }));
    setAnnouncement(`Simulation cancelled at ${(100 * state.fraction).toFixed(1)} %.`);
  };

  const set = <K extends keyof FormText>(key: K, value: FormText[K]) => {
    setShownError(null);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const invalid = (field: string) => shownError !== null && shownError.field === field;
  const numberField = (field: NumericField) => (
    <NumberField
      field={field}
      value={form[field]}
      invalid={invalid(field)}
      onChange={(v) => set(field, v)}
    />
  );

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
        {numberField('ratePerSec')}
        {numberField('minutes')}
        {numberField('nodes')}
        {numberField('coresPerNode')}
        {numberField('seed')}
      </fieldset>
      <div className={styles.toolbar}>
        <button
          type="button"
          className="button button--primary"
          aria-disabled={running || undefined}
          onClick={run}
        >
          Simulate
        </button>
        {running && (
          <button type="button" className="button button--secondary" onClick={stop}>
            Cancel
          </button>
        )}
        <span data-testid="sim-estimate">
          {verdict.parsed
            ? `≈ ${formatCount(verdict.parsed.perPlatform)} invocations per platform × ${verdict.parsed.platforms.length} platform${verdict.parsed.platforms.length === 1 ? '' : 's'}`
            : 'no estimate until the form is valid'}
        </span>
      </div>
      {verdict.parsed?.warning && <p className={styles.warning}>{verdict.parsed.warning}</p>}
      {shownError && (
        <p
          className={styles.formError}
          role="alert"
          id="playground-form-error"
          data-testid="sim-form-error"
        >
          {shownError.error}
        </p>
      )}
      <p className={styles.visuallyHidden} aria-live="polite" data-testid="sim-announce">
        {announcement}
      </p>
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
            {state.status === 'cancelled' &&
              `cancelled at ${(100 * state.fraction).toFixed(1)} % (the worker was stopped)`}
            {state.status === 'error' && state.error}
          </span>
        </div>
      )}
      {state.status === 'error' && (
        <pre className={styles.error} role="alert">
          {state.error}
        </pre>
      )}
      {state.runs.length > 0 && state.status !== 'running' && <Results runs={state.runs} />}
      <span hidden data-testid="sim-invocations">
        {state.invocations}
      </span>
    </div>
  );
}

/** The two figures the paper's mechanisms act on, first: start-up P99 and memory. */
function headlineRows(runs: PlatformRun[]): Record<string, string | number>[] {
  return runs.map((r) => ({
    platform: r.platform,
    'start-up P99 ms': r.result.latencyMs.startup.p99.toFixed(1),
    'memory avg GiB': (r.result.memory.averageMb / 1024).toFixed(2),
    'memory peak GiB': (r.result.memory.peakMb / 1024).toFixed(2),
    'end-to-end P99 ms': r.result.latencyMs.endToEnd.p99.toFixed(1),
  }));
}

function Table(props: { rows: Record<string, string | number>[]; label: string }): ReactNode {
  const columns = Object.keys(props.rows[0] ?? {});
  return (
    // A wide table scrolls inside its box on a phone (the box takes focus, for the keyboard).
    <ScrollBox className={styles.tableWrap} label={props.label}>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={String(r.platform)}>
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

function Results({ runs }: { runs: PlatformRun[] }): ReactNode {
  const charts = useMemo(() => buildCharts(runs), [runs]);
  return (
    <div className={styles.results} data-testid="sim-results">
      <h3>Start-up P99 and memory</h3>
      <p>
        Repurposable sandboxes and mm-templates act on sandbox start-up and on the memory the
        sandboxes hold, so these come first; end to end they are diluted by execution time.
      </p>
      <Table rows={headlineRows(runs)} label="start-up P99 and memory per platform" />
      <h3>P99: start-up and end to end</h3>
      <PlotFigure label="p99-comparison" options={charts.p99} />
      <h3>Memory in use over time</h3>
      <PlotFigure label="memory-over-time" options={charts.memory} />
      <h3>End-to-end latency CDF</h3>
      <PlotFigure label="latency-cdf" options={charts.cdf} />
      <h3>Summary</h3>
      <Table rows={summaryRows(runs.map((r) => r.result))} label="summary of every platform" />
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
      marginLeft: 100,
      marginRight: 64,
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
          // Plot's tip draws 10 px text; the site's charts use 12 px (readable on a phone).
          tip: { fontSize: 12 },
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
