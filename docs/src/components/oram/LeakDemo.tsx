// Encryption hides contents, not addresses: the same little program (count the digits of a
// PIN in a table) runs over an AES-GCM-encrypted array and over a Ring ORAM, and the page
// shows what the server logs in each case and what it can infer from that log.
import { type ReactNode, useState } from 'react';
import LabelledField from '../LabelledField';
import {
  type ArrayLog,
  type OramLog,
  parsePin,
  arrayGuess as readArrayLog,
  oramGuess as readOramLog,
  runEncryptedArray,
  runOram,
} from './leakDemo';
import styles from './styles.module.css';

export default function LeakDemo(): ReactNode {
  const [pin, setPin] = useState('2718');
  const [arrayLog, setArrayLog] = useState<ArrayLog[] | null>(null);
  const [oramLog, setOramLog] = useState<OramLog[] | null>(null);
  const [runs, setRuns] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const onRun = async () => {
    setError(null);
    try {
      const digits = parsePin(pin);
      setOramLog(runOram(digits, `leak-demo/${runs}`).log);
      setArrayLog(await runEncryptedArray(digits));
      setRuns((r) => r + 1);
    } catch (e) {
      setError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
  };

  // The attacker's reading of each log: the cell (or leaf) named by each read request.
  const arrayGuess = arrayLog && readArrayLog(arrayLog);
  const oramGuess = oramLog && readOramLog(oramLog);

  return (
    <div className={styles.box} data-testid="leak-demo">
      <div className={styles.controls}>
        <LabelledField
          label="secret PIN"
          type="text"
          value={pin}
          onChange={(v) => setPin(v.trim())}
        />
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
            <h3 className={styles.panelTitle}>Encrypted array (AES-GCM, fresh IV per write)</h3>
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
            <h3 className={styles.panelTitle}>Ring ORAM (16 blocks, every slot sealed)</h3>
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
