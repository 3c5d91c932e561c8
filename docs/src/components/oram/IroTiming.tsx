// The IRO timing reproduction, run on demand in a Web Worker: the package's own
// runIroReproduction over traces recorded from the real Ring ORAM, shown beside the paper's
// figures (which the package carries in each row), with the package's breakdown of the gap.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import styles from './styles.module.css';
import type { TimingRequest, TimingResponse } from './timingWorker';

const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(2)} %`;

export default function IroTiming(): ReactNode {
  const worker = useRef<Worker | null>(null);
  const [request, setRequest] = useState<TimingRequest>({
    capacity: 256,
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
  const four = result?.breakdown[0];
  const enough = result?.breakdown[1];

  return (
    <div className={styles.box} data-testid="iro-timing">
      <div className={styles.controls}>
        <label>
          blocks N
          <select
            aria-label="capacity"
            value={request.capacity}
            onChange={(e) => setRequest({ ...request, capacity: Number(e.target.value) })}
          >
            {[64, 256, 1024, 4096].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
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
          full sweeps (slower)
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
            recording and replaying traces in a worker… {(elapsed / 1000).toFixed(1)} s
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
            Finished in {(response.ms / 1000).toFixed(1)} s: N = {request.capacity},{' '}
            {request.accesses} accesses per design, seed "{request.seed}", "enough" ={' '}
            {result.enoughUnits} AES-GCM units.
          </p>
          <table className={styles.table} data-testid="timing-rows">
            <thead>
              <tr>
                <th>setting</th>
                <th>IRO vs Ring ORAM</th>
                <th>IRO vs Ring ORAM + Merkle</th>
                <th>paper (IRO vs its Baseline)</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.setting}>
                  <td>{r.setting}</td>
                  <td>{pct(r.vsRing)}</td>
                  <td>{pct(r.vsMerkle)}</td>
                  <td>{r.paper === undefined ? '' : pct(r.paper)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>Per access, as recorded from the ORAM</h4>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>design</th>
                <th>memory requests</th>
                <th>bytes</th>
                <th>MACs</th>
                <th>tree digests</th>
              </tr>
            </thead>
            <tbody>
              {result.traces.map((t) => (
                <tr key={t.design}>
                  <td>{t.design}</td>
                  <td>{t.eventsPerAccess.toFixed(1)}</td>
                  <td>{t.bytesPerAccess.toFixed(0)}</td>
                  <td>{t.macsPerAccess.toFixed(1)}</td>
                  <td>{t.hashesPerAccess.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>Where the overhead over Ring ORAM comes from</h4>
          <table className={styles.table} data-testid="timing-breakdown">
            <thead>
              <tr>
                <th>setting</th>
                <th>memory traffic</th>
                <th>tree digests</th>
                <th>MACs</th>
                <th>total</th>
              </tr>
            </thead>
            <tbody>
              {result.breakdown.map((b) => (
                <tr key={b.setting}>
                  <td>{b.setting}</td>
                  <td>{pct(b.memory)}</td>
                  <td>{pct(b.hashes)}</td>
                  <td>{pct(b.macs)}</td>
                  <td>{pct(b.memory + b.hashes + b.macs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {four && enough && (
            <p className={styles.status} data-testid="timing-gap">
              Reading the breakdown: with free crypto IRO's extra memory traffic alone costs{' '}
              {pct(four.memory)}; tree digests add {pct(four.hashes)} with 4 units and{' '}
              {pct(enough.hashes)} with enough; per-slot MACs add {pct(four.macs)} with 4 units and{' '}
              {pct(enough.macs)} with enough. More units shrink only the crypto terms, never the
              memory term, so against plain Ring ORAM this model cannot go below{' '}
              {pct(enough.memory)}: the paper's negative figure needs a Baseline that itself pays
              for integrity.
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
