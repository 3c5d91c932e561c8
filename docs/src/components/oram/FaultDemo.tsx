// Faults in the memory under IRO's configuration of the real Ring ORAM: a FaultyStorage (from
// @paperlab/oram) with two channels and ECP-6 under an ORAM with RIT + MUST, mirrored metadata
// and (optionally) Secure Replication. Every read is checked against what was written, so the
// page counts correct, refused and silently wrong reads rather than trusting the library.
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import ScrollBox from '../ScrollBox';
import {
  CHANNELS,
  ECP_ENTRIES,
  FAULT_CAPACITY,
  flipBits,
  killChannel,
  type Rig,
  readAll,
  rigSteps,
  stickCells,
  workloadSteps,
} from './faultRig';
import { runSliced } from './sliced';
import styles from './styles.module.css';
import TreeView, { type SlotLook } from './TreeView';

export default function FaultDemo(): ReactNode {
  const [replication, setReplication] = useState(true);
  const [cells, setCells] = useState(ECP_ENTRIES);
  const [log, setLog] = useState<string[]>([]);
  const [, setVersion] = useState(0);
  const [rig, setRig] = useState<Rig | null>(null);
  // Setting up the ORAM (32 sealed writes) and the 100-access workload take up to a second of
  // CPU on a slow machine: they run in slices (sliced.ts), with the controls disabled meanwhile.
  const [busy, setBusy] = useState<string | null>('setting up the ORAM');
  const generation = useRef(0);
  const say = (line: string) => {
    setLog((l) => [...l, line]);
    setVersion((v) => v + 1);
  };

  const reset = useCallback((rep: boolean) => {
    const g = ++generation.current;
    setBusy('setting up the ORAM');
    void runSliced(rigSteps(rep, 'faults')).then((r) => {
      if (generation.current !== g) return;
      setRig(r);
      setLog([]);
      setBusy(null);
    });
  }, []);
  useEffect(() => reset(true), [reset]);

  if (rig === null) {
    return (
      <div className={styles.box} data-testid="fault-demo" data-busy="yes">
        <p className={styles.status}>Setting up the ORAM…</p>
      </div>
    );
  }
  const { oram, storage, tally } = rig;
  const W = storage.slotsPerBucket;

  const readEvery = () => say(readAll(rig));
  const runWorkload = (n: number) => {
    setBusy(`running ${n} accesses`);
    void runSliced(workloadSteps(rig, n)).then((line) => {
      say(line);
      setBusy(null);
    });
  };
  const kill = (ch: number) => say(killChannel(rig, ch));
  const stick = (lines: number) => say(stickCells(rig, cells, lines).line);
  const flips = (n: number) => say(flipBits(rig, n));

  const c = oram.counters;
  const s = storage.stats;
  const dead = (ch: number) => !storage.isChannelAlive(ch);
  const slotLook = (b: number, slot: number): SlotLook =>
    dead(storage.channelOfLocation(b, slot)) ? 'dead' : 'unknown';
  const metaLook = (b: number): SlotLook | undefined =>
    dead(storage.channelOfLocation(b, 'meta', 0)) ? 'dead' : undefined;

  return (
    <div className={styles.box} data-testid="fault-demo" data-busy={busy ? 'yes' : 'no'}>
      <fieldset className={styles.controls} disabled={busy !== null}>
        <legend className={styles.visuallyHidden}>fault controls</legend>
        <label>
          <input
            type="checkbox"
            checked={replication}
            aria-label="Secure Replication"
            onChange={(e) => {
              setReplication(e.target.checked);
              reset(e.target.checked);
            }}
          />
          Secure Replication
        </label>
        {[0, 1].map((ch) => (
          <button
            key={ch}
            type="button"
            className={`button button--danger button--sm ${styles.danger}`}
            disabled={dead(ch)}
            onClick={() => kill(ch)}
          >
            Kill channel {ch}
          </button>
        ))}
        <label>
          stuck cells per line
          <select
            aria-label="stuck cells per line"
            value={cells}
            onChange={(e) => setCells(Number(e.target.value))}
          >
            {[1, 2, 4, 6, 7, 8, 12].map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button--warning button--sm"
          onClick={() => stick(8)}
        >
          Stick cells
        </button>
        <button
          type="button"
          className="button button--warning button--sm"
          onClick={() => flips(8)}
        >
          Flip 8 bits
        </button>
        <button
          type="button"
          className="button button--primary button--sm"
          onClick={() => runWorkload(100)}
        >
          Run 100 accesses
        </button>
        <button type="button" className="button button--primary button--sm" onClick={readEvery}>
          Read every block
        </button>
        <button
          type="button"
          className="button button--outline button--secondary button--sm"
          onClick={() => reset(replication)}
        >
          Reset
        </button>
      </fieldset>
      {busy && (
        <p className={styles.status} role="status">
          {busy}…
        </p>
      )}
      <p className={styles.status}>
        {FAULT_CAPACITY} blocks, {CHANNELS} channels (black: on a dead channel), integrity{' '}
        <code>rit+must</code>, metadata mirrored, ECP-{ECP_ENTRIES} ({storage.ecpBitsPerLine} bits
        per 512-bit line), Secure Replication {rig.replication ? 'on' : 'off'}.
      </p>
      <TreeView
        levels={oram.levels}
        slotsPerBucket={W}
        slotLook={slotLook}
        metaLook={metaLook}
        label="Ring ORAM tree over two channels"
      />
      <div className={styles.columns}>
        <div className={styles.panel}>
          <h3 className={styles.panelTitle}>Reads, checked against what was written</h3>
          <table className={styles.table} data-testid="fault-tally">
            <tbody>
              <tr>
                <td>correct</td>
                <td data-testid="reads-correct">{tally.correct}</td>
              </tr>
              <tr>
                <td>refused with an error (detected)</td>
                <td data-testid="reads-refused">{tally.refused}</td>
              </tr>
              <tr>
                <td>silently wrong</td>
                <td
                  data-testid="reads-wrong"
                  className={tally.silentlyWrong > 0 ? styles.bad : undefined}
                >
                  {tally.silentlyWrong}
                </td>
              </tr>
            </tbody>
          </table>
          {tally.lastError && (
            <div className={styles.errorBox} data-testid="fault-error">
              last error: {tally.lastError}
            </div>
          )}
        </div>
        <div className={styles.panel}>
          <h3 className={styles.panelTitle}>Fault summary</h3>
          <table className={styles.table} data-testid="fault-summary">
            <tbody>
              <tr>
                <td>channels killed</td>
                <td>{s.channelsKilled}</td>
              </tr>
              <tr>
                <td>accesses refused by a dead channel</td>
                <td>{s.channelFailedAccesses}</td>
              </tr>
              <tr>
                <td>blocks recovered from a replica</td>
                <td data-testid="replica-recoveries">{c.replicaRecoveries}</td>
              </tr>
              <tr>
                <td>metadata read from the mirror</td>
                <td data-testid="mirror-recoveries">{c.mirrorRecoveries}</td>
              </tr>
              <tr>
                <td>stuck cells / ECP entries allocated</td>
                <td data-testid="ecp-entries">
                  {s.stuckCells} / {s.ecpEntriesAllocated}
                </td>
              </tr>
              <tr>
                <td>reads patched by ECP</td>
                <td data-testid="ecp-reads">{s.ecpCorrectedReads}</td>
              </tr>
              <tr>
                <td>uncorrectable writes / reads</td>
                <td>
                  {s.uncorrectableWrites} / {s.uncorrectableReads}
                </td>
              </tr>
              <tr>
                <td>transient flips</td>
                <td>{s.transientFlips}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </div>
      <ScrollBox className={styles.logBox} label="fault log">
        <pre className={styles.log} data-testid="fault-log">
          {log.join('\n')}
        </pre>
      </ScrollBox>
    </div>
  );
}
