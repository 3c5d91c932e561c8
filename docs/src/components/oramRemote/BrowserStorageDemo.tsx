// A durable Ring ORAM in the reader's browser: IndexedDB holds the tree and the client's redo
// record, so values survive a reload; the log shows every request the store received (the
// adversary's view). All ORAM work runs in storageWorker.ts, off the main thread.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import LabelledField from '../LabelledField';
import { parseIntegerField } from '../oram/fieldInput';
import styles from '../oram/styles.module.css';
import type { BenchResult, StorageRequest, StorageResponse } from './storageWorker';
import type { StoreEvent } from './tracedStore';

const DB_NAME = 'paperlab-oram-docs';
type Status = 'idle' | 'busy' | 'ready' | 'error';
type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

const KIND = ['slot', 'meta', 'mirror'];

/** One line per store request: what it touched, never what it held. */
export function describeEvent(e: StoreEvent): string {
  const buckets = [...new Set(e.locations.map((l) => l[1]))];
  const slots = e.locations.filter((l) => l[0] === 0).length;
  const metas = e.locations.length - slots;
  const shown = buckets.slice(0, 12).join(' ') + (buckets.length > 12 ? ' …' : '');
  const kinds = [
    metas > 0 ? `${metas} ${KIND[1]}` : '',
    slots > 0 ? `${slots} ${KIND[0]}${slots === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(' + ');
  return e.op === 'read'
    ? `#${e.n} read ${kinds} of buckets ${shown} (${e.bytes} B)`
    : `#${e.n} commit ${e.seq}: ${kinds} in ${buckets.length} buckets + client record (${e.bytes} B, one transaction)`;
}

export default function BrowserStorageDemo(): ReactNode {
  const worker = useRef<Worker | null>(null);
  const waiting = useRef(new Map<number, (r: StorageResponse) => void>());
  const nextId = useRef(1);
  const [status, setStatus] = useState<Status>('idle');
  const [passphrase, setPassphrase] = useState('correct horse battery staple');
  const [addr, setAddr] = useState('3');
  const [value, setValue] = useState('hello, IndexedDB');
  const [values, setValues] = useState<string[] | null>(null);
  const [seq, setSeq] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [events, setEvents] = useState<StoreEvent[]>([]);
  const [bench, setBench] = useState<BenchResult[]>([]);
  const [url, setUrl] = useState('ws://127.0.0.1:8080');
  const [capacity, setCapacity] = useState('65536');

  useEffect(() => {
    const w = new Worker(new URL('./storageWorker.ts', import.meta.url));
    w.onmessage = (e: MessageEvent<StorageResponse>) => {
      const done = waiting.current.get(e.data.id);
      waiting.current.delete(e.data.id);
      done?.(e.data);
    };
    w.onerror = (e) => {
      setError(`WorkerError: ${e.message}`);
      setStatus('error');
    };
    worker.current = w;
    return () => w.terminate();
  }, []);

  const ask = (req: Distribute<StorageRequest>): Promise<StorageResponse> =>
    new Promise((resolve) => {
      const id = nextId.current++;
      waiting.current.set(id, resolve);
      worker.current?.postMessage({ ...req, id });
    });

  const run = async (req: Distribute<StorageRequest>, after: (r: StorageResponse) => void) => {
    setError(null);
    setMessage(null);
    setStatus('busy');
    const r = await ask(req);
    if (r.type === 'error') {
      setError(`${r.name}: ${r.message}`);
      setStatus(values === null && req.type !== 'server' ? 'idle' : 'ready');
      return;
    }
    if ('events' in r && r.events.length > 0) setEvents((old) => [...old, ...r.events].slice(-200));
    if ('seq' in r) setSeq(r.seq);
    after(r);
    setStatus('ready');
  };

  const onOpen = () =>
    run({ type: 'open', name: DB_NAME, passphrase }, (r) => {
      if (r.type !== 'opened') return;
      setValues(r.values);
      setMessage(
        `opened in ${r.openMs.toFixed(0)} ms at commit ${r.seq}${r.seq <= 1 ? ' (a new store: the first commit is the initialised tree)' : ''}`,
      );
    });

  const field = (f: () => void) => {
    try {
      f();
    } catch (e) {
      setError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
  };

  const onWrite = () =>
    field(() => {
      const a = parseIntegerField('address', addr);
      void run({ type: 'write', addr: a, text: value }, () => {
        setMessage(`wrote ${JSON.stringify(value)} to address ${a}: durable (committed)`);
        if (a < (values?.length ?? 0))
          setValues((v) => (v === null ? v : v.map((old, i) => (i === a ? value : old))));
      });
    });
  const onRead = () =>
    field(() => {
      const a = parseIntegerField('address', addr);
      void run({ type: 'read', addr: a }, (r) => {
        if (r.type === 'done') setMessage(`address ${a} holds ${JSON.stringify(r.value ?? '')}`);
      });
    });
  const onBench = () =>
    run({ type: 'bench', accesses: 512, inFlight: 16 }, (r) => {
      if (r.type === 'bench') setBench((b) => [...b, r.result]);
    });
  const onWipe = () =>
    run({ type: 'wipe', name: DB_NAME }, () => {
      setValues(null);
      setEvents([]);
      setSeq(null);
      setMessage('database deleted: Open creates a new one');
    });
  const onServer = () =>
    field(() => {
      const c = parseIntegerField('capacity', capacity);
      void run({ type: 'server', url: url.trim(), capacity: c, accesses: 2000 }, (r) => {
        if (r.type === 'bench') setBench((b) => [...b, r.result]);
      });
    });

  const busy = status === 'busy';
  const open = values !== null;
  return (
    <div className={styles.box} data-testid="oram-remote">
      <div className={styles.controls}>
        <LabelledField label="passphrase" value={passphrase} onChange={setPassphrase} size={28} />
        <button
          type="button"
          className="button button--primary button--sm"
          disabled={busy}
          onClick={onOpen}
        >
          Open
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          disabled={busy}
          onClick={onWipe}
        >
          Delete the database
        </button>
        <span className={styles.status} data-testid="remote-status" data-status={status}>
          {status === 'idle' && 'not open (press Open; the key is derived from the passphrase)'}
          {status === 'busy' && 'working in a worker…'}
          {status === 'ready' && (seq === null ? 'ready' : `open, last commit ${seq}`)}
          {status === 'error' && 'failed'}
        </span>
      </div>
      <div className={styles.controls}>
        <LabelledField label="address" value={addr} onChange={setAddr} size={6} />
        <LabelledField label="value" value={value} onChange={setValue} size={24} />
        <button
          type="button"
          className="button button--primary button--sm"
          disabled={busy || !open}
          onClick={onWrite}
        >
          Write
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          disabled={busy || !open}
          onClick={onRead}
        >
          Read
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          disabled={busy || !open}
          onClick={onBench}
        >
          Measure accesses/s
        </button>
      </div>
      {error && (
        <div className={styles.errorBox} role="alert" data-testid="remote-error">
          {error}
        </div>
      )}
      {message && (
        <p className={styles.okBox} data-testid="remote-message">
          {message}
        </p>
      )}
      {values && (
        <table className={styles.table} data-testid="remote-values">
          <caption>
            what the ORAM holds at addresses 0–{values.length - 1} (read through the ORAM on open)
          </caption>
          <tbody>
            {values.map((v, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the address is the key
              <tr key={i} data-testid="remote-value" data-addr={i}>
                <td>{i}</td>
                <td>{v === '' ? '(never written)' : JSON.stringify(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className={styles.panel}>
        <div className={styles.panelTitle}>What IndexedDB (the store) saw, newest last</div>
        <pre className={styles.log} data-testid="remote-trace">
          {events.length === 0 ? '(nothing yet)' : events.slice(-40).map(describeEvent).join('\n')}
        </pre>
      </div>
      <details>
        <summary>Against a server: paperlab-oram serve</summary>
        <div className={styles.controls}>
          <LabelledField label="server URL" value={url} onChange={setUrl} size={26} />
          <LabelledField label="capacity" value={capacity} onChange={setCapacity} size={8} />
          <button
            type="button"
            className="button button--secondary button--sm"
            disabled={busy}
            onClick={onServer}
          >
            Measure against the server
          </button>
        </div>
      </details>
      {bench.length > 0 && (
        <table className={styles.table} data-testid="remote-bench">
          <thead>
            <tr>
              <th>where</th>
              <th>N × block</th>
              <th>accesses/s</th>
              <th>accesses</th>
              <th>per access</th>
              <th>wire per access</th>
              <th>set-up s</th>
            </tr>
          </thead>
          <tbody>
            {bench.map((b, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are only appended
              <tr key={i} data-testid="remote-bench-row">
                <td>{b.where}</td>
                <td>
                  {b.capacity} × {b.blockSize} B
                </td>
                <td data-testid="remote-rate" data-value={b.perSecond}>
                  {Math.round(b.perSecond).toLocaleString('en-US')}
                </td>
                <td>{b.accesses}</td>
                <td>{b.perAccess}</td>
                <td>{b.wire ?? '—'}</td>
                <td>{b.setupSeconds.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
