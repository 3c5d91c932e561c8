// Tamper with the untrusted memory of a real, encrypted Ring ORAM and watch what catches it:
// the bytes are edited directly in `oram.storage` (the adversary's side of the bus), then the
// client reads every block back (checking each against what it wrote) or audits the tree.
import type { IntegrityMode } from '@paperlab/oram';
import { type ReactNode, useRef, useState } from 'react';
import styles from './styles.module.css';
import TreeView, { type SlotLook } from './TreeView';
import {
  type Attack,
  audit,
  createLab,
  type Lab,
  type Outcome,
  type Place,
  readAll,
  TAMPER_CAPACITY,
  tamper,
} from './tamperLab';

export default function TamperDemo(): ReactNode {
  const [integrity, setIntegrity] = useState<IntegrityMode>('rit+must');
  const [bucket, setBucket] = useState(5);
  const [slot, setSlot] = useState(0);
  const [attack, setAttack] = useState<Attack>('replay');
  const [log, setLog] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [tampered, setTampered] = useState<Place | null>(null);
  const labRef = useRef<Lab | null>(null);
  if (labRef.current === null) labRef.current = createLab(integrity, 'tamper');
  const lab = labRef.current;
  const W = lab.oram.storage.slotsPerBucket;

  const say = (line: string) => setLog((l) => [...l, line]);

  const errorAt = outcome?.kind === 'detected' ? outcome.at : null;

  const reset = (mode: IntegrityMode) => {
    labRef.current = createLab(mode, 'tamper');
    setLog([`fresh ORAM, integrity '${mode}': ${TAMPER_CAPACITY} blocks written twice`]);
    setOutcome(null);
    setTampered(null);
  };

  const doTamper = () => {
    try {
      const { at, line } = tamper(lab, attack, bucket, slot);
      setTampered(at);
      say(line);
      setOutcome(null);
    } catch (e) {
      setOutcome({
        kind: 'other',
        text: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      });
    }
  };

  const check = (f: (lab: Lab) => { outcome: Outcome; line: string }) => {
    const { outcome: o, line } = f(lab);
    setOutcome(o);
    say(line);
  };

  const slotLook = (b: number, s: number): SlotLook =>
    errorAt && errorAt.bucket === b && errorAt.slot === s
      ? 'dead'
      : tampered && tampered.bucket === b && tampered.slot === s
        ? 'readDummy'
        : 'unknown';
  const metaLook = (b: number): SlotLook | undefined =>
    errorAt && errorAt.bucket === b && errorAt.slot === 'meta'
      ? 'dead'
      : tampered && tampered.bucket === b && tampered.slot === 'meta'
        ? 'readDummy'
        : undefined;

  return (
    <div className={styles.box} data-testid="tamper-demo">
      <div className={styles.controls}>
        <label>
          integrity
          <select
            aria-label="integrity mode"
            value={integrity}
            onChange={(e) => {
              const m = e.target.value as IntegrityMode;
              setIntegrity(m);
              reset(m);
            }}
          >
            <option value="rit+must">rit+must (IRO)</option>
            <option value="rit">rit</option>
            <option value="merkle">merkle (over whole buckets)</option>
            <option value="none">none (encryption only)</option>
          </select>
        </label>
        <label>
          attack
          <select
            aria-label="attack"
            value={attack}
            onChange={(e) => setAttack(e.target.value as Attack)}
          >
            <option value="flip-meta">flip a bit of the metadata</option>
            <option value="flip-slot">flip a bit of a slot</option>
            <option value="replay">replay an old copy of the bucket</option>
          </select>
        </label>
        <label>
          bucket
          <input
            type="number"
            aria-label="bucket"
            min={0}
            max={lab.oram.bucketCount - 1}
            value={bucket}
            onChange={(e) => setBucket(Number(e.target.value))}
          />
        </label>
        {attack === 'flip-slot' && (
          <label>
            slot
            <input
              type="number"
              aria-label="slot"
              min={0}
              max={W - 1}
              value={slot}
              onChange={(e) => setSlot(Number(e.target.value))}
            />
          </label>
        )}
        <button type="button" className="button button--danger button--sm" onClick={doTamper}>
          Tamper
        </button>
        <button
          type="button"
          className="button button--primary button--sm"
          onClick={() => check(readAll)}
        >
          Read every block
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          onClick={() => check(audit)}
        >
          Audit the tree
        </button>
        <button
          type="button"
          className="button button--outline button--secondary button--sm"
          onClick={() => reset(integrity)}
        >
          Reset
        </button>
      </div>
      <p className={styles.status}>
        Click a bucket to choose it. Contents are encrypted, so the picture shows only locations:
        the tampered one in yellow, where the client's check failed in black.
      </p>
      <TreeView
        levels={lab.oram.levels}
        slotsPerBucket={W}
        slotLook={slotLook}
        metaLook={metaLook}
        bucketLook={(b) =>
          errorAt?.bucket === b ? 'error' : b === bucket ? 'selected' : undefined
        }
        onBucketClick={setBucket}
        label="Ring ORAM tree for the tamper demo"
      />
      {outcome && (
        <div
          className={outcome.kind === 'clean' ? styles.okBox : styles.errorBox}
          data-testid="tamper-result"
          data-outcome={outcome.kind}
        >
          {outcome.text}
        </div>
      )}
      <pre className={styles.log} data-testid="tamper-log">
        {log.join('\n')}
      </pre>
    </div>
  );
}
