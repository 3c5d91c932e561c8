// Encryption hides contents, not addresses: the same little program (count the digits of a
// PIN in a table) runs over an AES-GCM-encrypted array and over a Ring ORAM, and the page
// shows what the server logs in each case and what it can infer from that log.
import { createRingOram, type TraceEvent } from '@paperlab/oram';
import { createRng } from '@paperlab/stats';
import { type ReactNode, useState } from 'react';
import styles from './styles.module.css';

const CELLS = 10;
const CELL_BYTES = 4;

interface ArrayLog {
  op: 'read' | 'write';
  cell: number;
  ciphertext: string;
}

interface OramLog {
  op: 'read' | 'write';
  leaf: number;
  buckets: number[];
  physical: number;
}

const hex = (b: Uint8Array, n = 6) =>
  [...b.subarray(0, n)].map((x) => x.toString(16).padStart(2, '0')).join('');

/**
 * An array of encrypted cells, each sealed with AES-GCM under a fresh random IV on every write
 * (WebCrypto). The server stores ciphertexts and logs which cell each request names.
 */
async function runEncryptedArray(pin: number[]): Promise<ArrayLog[]> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const server: { iv: Uint8Array<ArrayBuffer>; ct: Uint8Array<ArrayBuffer> }[] = [];
  const log: ArrayLog[] = [];
  const seal = async (v: number) => {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = new Uint8Array(CELL_BYTES);
    new DataView(plain.buffer).setUint32(0, v);
    return {
      iv,
      ct: new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain)),
    };
  };
  for (let c = 0; c < CELLS; c++) server.push(await seal(0));
  for (const d of pin) {
    const stored = server[d]!;
    log.push({ op: 'read', cell: d, ciphertext: hex(stored.ct) });
    const plain = new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: stored.iv }, key, stored.ct),
    );
    const count = new DataView(plain.buffer).getUint32(0);
    server[d] = await seal(count + 1);
    log.push({ op: 'write', cell: d, ciphertext: hex(server[d]!.ct) });
  }
  return log;
}

/** The same program over a Ring ORAM of 16 blocks (ChaCha20-Poly1305 sealed). */
function runOram(pin: number[], seed: string): OramLog[] {
  let events: TraceEvent[] = [];
  const oram = createRingOram({
    capacity: 16,
    blockSize: CELL_BYTES,
    rng: createRng(seed),
    observer: (e) => events.push(e),
  });
  const log: OramLog[] = [];
  const record = (op: 'read' | 'write') => {
    const path = events
      .filter((e) => e.phase === 'online' && e.op === 'read' && e.slot === 'meta')
      .map((e) => e.bucket);
    const deepest = Math.max(...path);
    log.push({
      op,
      leaf: deepest - (2 ** oram.levels - 1),
      buckets: path,
      physical: events.length,
    });
    events = [];
  };
  for (const d of pin) {
    const data = oram.read(d);
    record('read');
    const count = new DataView(data.buffer, data.byteOffset).getUint32(0);
    const next = new Uint8Array(CELL_BYTES);
    new DataView(next.buffer).setUint32(0, count + 1);
    oram.write(d, next);
    record('write');
  }
  return log;
}

export default function LeakDemo(): ReactNode {
  const [pin, setPin] = useState('2718');
  const [arrayLog, setArrayLog] = useState<ArrayLog[] | null>(null);
  const [oramLog, setOramLog] = useState<OramLog[] | null>(null);
  const [runs, setRuns] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const digits = pin.split('').map(Number);

  const onRun = async () => {
    setError(null);
    if (!/^\d{1,8}$/.test(pin)) {
      setError(`the PIN must be 1 to 8 digits, got ${JSON.stringify(pin)}`);
      return;
    }
    try {
      setOramLog(runOram(digits, `leak-demo/${runs}`));
      setArrayLog(await runEncryptedArray(digits));
      setRuns((r) => r + 1);
    } catch (e) {
      setError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
  };

  // The attacker's reading of each log: the cell (or leaf) named by each read request.
  const arrayGuess = arrayLog
    ?.filter((l) => l.op === 'read')
    .map((l) => l.cell)
    .join('');
  const oramGuess = oramLog?.map((l) => l.leaf).join(' ');

  return (
    <div className={styles.box} data-testid="leak-demo">
      <div className={styles.controls}>
        <label>
          secret PIN
          <input
            type="text"
            value={pin}
            aria-label="secret PIN"
            onChange={(e) => setPin(e.target.value.trim())}
          />
        </label>
        <button type="button" className="button button--primary button--sm" onClick={onRun}>
          Run the program
        </button>
        <span className={styles.status}>
          program: <code>for d of PIN: table[d] = table[d] + 1</code>
        </span>
      </div>
      {error && (
        <div className={styles.errorBox} role="alert">
          {error}
        </div>
      )}
      {arrayLog && oramLog && (
        <div className={styles.columns}>
          <div className={styles.panel}>
            <h4>Encrypted array (AES-GCM, fresh IV per write)</h4>
            <div className={styles.scroll}>
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th>request</th>
                    <th>cell</th>
                    <th>ciphertext (first bytes)</th>
                  </tr>
                </thead>
                <tbody>
                  {arrayLog.map((l, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a log never reorders
                    <tr key={i}>
                      <td>{l.op}</td>
                      <td>{l.cell}</td>
                      <td>{l.ciphertext}…</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className={arrayGuess === pin ? styles.bad : styles.ok} data-testid="array-guess">
              Server's reading of the cells requested: {arrayGuess}{' '}
              {arrayGuess === pin ? '— the PIN, recovered exactly.' : ''}
            </p>
          </div>
          <div className={styles.panel}>
            <h4>Ring ORAM (16 blocks, every slot sealed)</h4>
            <div className={styles.scroll}>
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th>access</th>
                    <th>path to leaf</th>
                    <th>buckets</th>
                    <th>physical accesses</th>
                  </tr>
                </thead>
                <tbody>
                  {oramLog.map((l, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a log never reorders
                    <tr key={i}>
                      <td>{i + 1}</td>
                      <td>{l.leaf}</td>
                      <td>{l.buckets.join(', ')}</td>
                      <td>{l.physical}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className={styles.ok} data-testid="oram-guess">
              Server's view: uniformly random leaves {oramGuess}, and a read looks exactly like a
              write. Each block moves to a fresh random leaf whenever it is accessed, so a repeated
              digit lands on an unrelated path and the leaves say nothing about the PIN. Run again:
              new paths, same PIN.
            </p>
          </div>
        </div>
      )}
    </div>
  );
}
