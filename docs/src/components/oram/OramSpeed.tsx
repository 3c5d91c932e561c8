// "What does the browser reach?": Ring ORAM accesses/s measured in the reader's tab, in a Web
// Worker (speedWorker.ts), for one size with encryption off and on.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { formatRate, type SpeedResult } from './speedBench';
import type { SpeedRequest, SpeedResponse } from './speedWorker';
import styles from './styles.module.css';

const REQUEST: SpeedRequest = { capacity: 2 ** 16, blockSize: 64, seconds: 2 };

type Status = 'idle' | 'running' | 'done' | 'error';

export default function OramSpeed(): ReactNode {
  const worker = useRef<Worker | null>(null);
  const [status, setStatus] = useState<Status>('idle');
  const [results, setResults] = useState<SpeedResult[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState(0);
  const [elapsed, setElapsed] = useState(0);

  useEffect(() => () => worker.current?.terminate(), []);

  useEffect(() => {
    if (status !== 'running') return;
    const t = setInterval(() => setElapsed(performance.now() - started), 250);
    return () => clearInterval(t);
  }, [status, started]);

  const run = () => {
    worker.current?.terminate();
    const w = new Worker(new URL('./speedWorker.ts', import.meta.url));
    w.onmessage = (e: MessageEvent<SpeedResponse>) => {
      const m = e.data;
      if (m.type === 'result') setResults((r) => [...r, m.result]);
      else if (m.type === 'done') setStatus('done');
      else {
        setError(`${m.name}: ${m.message}`);
        setStatus('error');
      }
    };
    w.onerror = (e) => {
      setError(`WorkerError: ${e.message}`);
      setStatus('error');
    };
    worker.current = w;
    setResults([]);
    setError(null);
    setElapsed(0);
    setStarted(performance.now());
    setStatus('running');
    w.postMessage(REQUEST);
  };

  return (
    <div className={styles.box} data-testid="oram-speed">
      <div className={styles.controls}>
        <button
          type="button"
          className="button button--primary button--sm"
          disabled={status === 'running'}
          onClick={run}
        >
          Run
        </button>
        <span className={styles.status} data-testid="speed-status" data-status={status}>
          {status === 'idle' &&
            `Ring ORAM, N = 2^16 blocks of ${REQUEST.blockSize} B, every block written once first (a full tree), then ${REQUEST.seconds} s of uniform reads and writes with encryption off, then the same with it on, in a Web Worker.`}
          {status === 'running' &&
            `measuring in a worker… ${(elapsed / 1000).toFixed(1)} s (${results.length} of 2 done)`}
          {status === 'done' && `done: ${navigator.userAgent}`}
          {status === 'error' && 'failed'}
        </span>
      </div>
      {error && (
        <div className={styles.errorBox} role="alert">
          {error}
        </div>
      )}
      {results.length > 0 && (
        <table className={styles.table} data-testid="speed-results">
          <thead>
            <tr>
              <th>N × block</th>
              <th>cipher</th>
              <th>accesses/s</th>
              <th>accesses timed</th>
              <th>seconds</th>
              <th>set-up and fill, s</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={String(r.encrypt)} data-testid="speed-row" data-encrypt={String(r.encrypt)}>
                <td>
                  2^{Math.log2(r.capacity)} × {r.blockSize} B
                </td>
                <td>{r.encrypt ? 'ChaCha20-Poly1305' : 'off'}</td>
                <td data-testid="speed-rate" data-value={r.perSecond}>
                  {formatRate(r.perSecond)}
                </td>
                <td>{r.accesses.toLocaleString('en-US')}</td>
                <td>{r.seconds.toFixed(2)}</td>
                <td>{r.setupSeconds.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
