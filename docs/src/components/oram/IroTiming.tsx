// The IRO timing reproduction, run on demand in a Web Worker: the package's own
// runIroReproduction (a Ring ORAM access sequence costed for every labelled design and timed
// on the DDR4 + AES-GCM model), charted and tabulated beside the paper's figures, which the
// package exports (PAPER_OVERHEAD_FOUR_UNITS, PAPER_OVERHEAD_ENOUGH_UNITS).
import type * as Plot from '@observablehq/plot';
import * as PlotLib from '@observablehq/plot';
import {
  hardwareTree,
  PAPER_OVERHEAD_ENOUGH_UNITS,
  PAPER_OVERHEAD_FOUR_UNITS,
} from '@paperlab/oram';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import PlotFigure from '../charts/PlotFigure';
import styles from './styles.module.css';
import type { TimingRequest, TimingResponse } from './timingWorker';

const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(2)} %`;
const paperText = `${pct(PAPER_OVERHEAD_FOUR_UNITS)} / ${pct(PAPER_OVERHEAD_ENOUGH_UNITS)}`;

type Result = Extract<TimingResponse, { type: 'done' }>['result'];

/** Overhead of every non-baseline design against each baseline, both settings, with the paper's marks. */
function overheadChart(result: Result): Plot.PlotOptions {
  const names = new Map(result.variants.map((v) => [v.id, v.name]));
  const data = result.variants
    .filter((v) => v.role !== 'baseline')
    .flatMap((v) =>
      result.baselines.flatMap((b) => [
        {
          design: v.name,
          baseline: `vs ${names.get(b)}`,
          setting: '4 AES-GCM units',
          value: v.vs[b]!.fourUnits * 100,
        },
        {
          design: v.name,
          baseline: `vs ${names.get(b)}`,
          setting: 'enough units',
          value: v.vs[b]!.enoughUnits * 100,
        },
      ]),
    );
  const paper = [
    { setting: '4 AES-GCM units', value: PAPER_OVERHEAD_FOUR_UNITS * 100 },
    { setting: 'enough units', value: PAPER_OVERHEAD_ENOUGH_UNITS * 100 },
  ];
  return {
    height: 120 + 24 * data.length,
    marginLeft: 250,
    marginRight: 20,
    x: { label: 'execution time vs the baseline (%); lines: the paper', grid: true },
    y: { label: null },
    fy: { label: null },
    color: { legend: true, domain: ['4 AES-GCM units', 'enough units'] },
    marks: [
      PlotLib.ruleX([0]),
      PlotLib.ruleX(paper, { x: 'value', stroke: 'setting', strokeDasharray: '4,3' }),
      PlotLib.dot(data, { x: 'value', y: 'design', fy: 'baseline', fill: 'setting', r: 4 }),
    ],
  };
}

export default function IroTiming(): ReactNode {
  const worker = useRef<Worker | null>(null);
  const [request, setRequest] = useState<TimingRequest>({
    capacity: hardwareTree.capacity,
    accesses: 300,
    seed: 'docs',
    sweeps: false,
  });
  const [running, setRunning] = useState<number | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [response, setResponse] = useState<TimingResponse | null>(null);

  useEffect(() => {
    const w = new Worker(new URL('./timingWorker.ts', import.meta.url));
    w.onmessage = (e: MessageEvent<TimingResponse>) => {
      setResponse(e.data);
      setRunning(null);
    };
    w.onerror = (e) => {
      setResponse({ type: 'error', name: 'WorkerError', message: e.message });
      setRunning(null);
    };
    worker.current = w;
    return () => w.terminate();
  }, []);

  useEffect(() => {
    if (running === null) return;
    const t = setInterval(() => setElapsed(performance.now() - running), 250);
    return () => clearInterval(t);
  }, [running]);

  const run = () => {
    setResponse(null);
    setElapsed(0);
    setRunning(performance.now());
    worker.current?.postMessage(request);
  };

  const result = response?.type === 'done' ? response.result : null;
  const chart = useMemo(() => (result ? overheadChart(result) : null), [result]);
  const names = new Map(result?.variants.map((v) => [v.id, v.name]) ?? []);
  const four = result?.breakdown[0];
  const enough = result?.breakdown[1];
  const closest = result?.variants.find((v) => v.id === result.closest.variant);

  return (
    <div className={styles.box} data-testid="iro-timing">
      <div className={styles.controls}>
        <label>
          tree
          <select
            aria-label="capacity"
            value={request.capacity}
            onChange={(e) => setRequest({ ...request, capacity: Number(e.target.value) })}
          >
            <option value={hardwareTree.capacity}>hardware scale (24 levels, 10 cached)</option>
            <option value={4096}>teaching tree, N 4,096</option>
            <option value={64}>teaching set, N 64</option>
          </select>
        </label>
        <label>
          accesses per design
          <select
            aria-label="accesses"
            value={request.accesses}
            onChange={(e) => setRequest({ ...request, accesses: Number(e.target.value) })}
          >
            {[100, 300, 1000, 2000].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={request.sweeps}
            onChange={(e) => setRequest({ ...request, sweeps: e.target.checked })}
          />
          AES-GCM sweep (slower)
        </label>
        <button
          type="button"
          className="button button--primary button--sm"
          disabled={running !== null}
          onClick={run}
        >
          Run the reproduction
        </button>
        {running !== null && (
          <span className={styles.status} data-testid="timing-running">
            generating and replaying the access sequence in a worker… {(elapsed / 1000).toFixed(1)}{' '}
            s
          </span>
        )}
      </div>
      {response?.type === 'error' && (
        <div className={styles.errorBox} role="alert">
          {response.name}: {response.message}
        </div>
      )}
      {result && response?.type === 'done' && (
        <>
          <p className={styles.status}>
            Finished in {(response.ms / 1000).toFixed(1)} s: {result.tree.name}, {result.accesses}{' '}
            accesses per design, seed "{request.seed}", "enough" = {result.enoughUnits} AES-GCM
            units.
          </p>
          {chart && <PlotFigure label="iro-overheads" options={chart} />}
          <table className={styles.table} data-testid="timing-rows">
            <thead>
              <tr>
                <th>design</th>
                <th>bytes / access</th>
                <th>MACs / access</th>
                {result.baselines.map((b) => (
                  <th key={b}>vs {names.get(b)}: 4 AES-GCM units / enough</th>
                ))}
                <th>paper (IRO vs its Baseline)</th>
              </tr>
            </thead>
            <tbody>
              {result.variants.map((v) => (
                <tr key={v.id}>
                  <td>
                    {v.name} <small>({v.role})</small>
                  </td>
                  <td>{v.bytesPerAccess.toFixed(0)}</td>
                  <td>{v.macsPerAccess.toFixed(1)}</td>
                  {result.baselines.map((b) => (
                    <td key={b}>
                      {pct(v.vs[b]!.fourUnits)} / {pct(v.vs[b]!.enoughUnits)}
                    </td>
                  ))}
                  <td>{v.role === 'baseline' ? '' : paperText}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {four && enough && (
            <p className={styles.status} data-testid="timing-gap">
              IRO as stated over plain Ring ORAM: its memory traffic alone costs {pct(four.memory)}{' '}
              (larger metadata: tags and digests ride in every metadata read and write); tree
              digests add {pct(four.hashes)} with 4 units and {pct(enough.hashes)} with enough; MACs
              add {pct(four.macs)} and {pct(enough.macs)}. Closest to the paper's pair:{' '}
              {closest?.name} against {names.get(result.closest.baseline)} (
              {(result.closest.gap * 100).toFixed(2)} points off in all).
            </p>
          )}
          <details>
            <summary>The package's full report (formatIroReproduction)</summary>
            <pre className={styles.log}>{response.text}</pre>
          </details>
        </>
      )}
    </div>
  );
}
