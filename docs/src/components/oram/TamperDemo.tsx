// Tamper with the untrusted memory of a real, encrypted Ring ORAM and watch what catches it:
// the bytes are edited directly in `oram.storage` (the adversary's side of the bus), then the
// client reads every block back (checking each against what it wrote) or audits the tree.
import type { IntegrityMode } from '@paperlab/oram';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import LabelledField from '../LabelledField';
import ScrollBox from '../ScrollBox';
import { parseIntegerField } from './fieldInput';
import { runSliced } from './sliced';
import styles from './styles.module.css';
import TreeView, { type IntegrityTreeView, type SlotLook } from './TreeView';
import {
  type Attack,
  audit,
  type Lab,
  labSteps,
  type Outcome,
  type Place,
  readAll,
  TAMPER_CAPACITY,
  tamper,
} from './tamperLab';

export default function TamperDemo(): ReactNode {
  const [integrity, setIntegrity] = useState<IntegrityMode>('rit+must');
  // What the reader typed; parsed when Tamper is pressed, so an empty field is refused rather
  // than read as bucket 0.
  const [bucket, setBucket] = useState('5');
  const [slot, setSlot] = useState('0');
  const [attack, setAttack] = useState<Attack>('replay');
  const [log, setLog] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [tampered, setTampered] = useState<Place | null>(null);
  const [lab, setLab] = useState<Lab | null>(null);
  // Writing 32 sealed blocks takes up to half a second of CPU on a slow machine: it runs in
  // slices (sliced.ts), with the controls disabled meanwhile.
  const [busy, setBusy] = useState(true);
  const generation = useRef(0);

  const say = (line: string) => setLog((l) => [...l, line]);

  const errorAt = outcome?.kind === 'detected' ? outcome.at : null;

  const reset = useCallback((mode: IntegrityMode) => {
    const g = ++generation.current;
    setBusy(true);
    void runSliced(labSteps(mode, 'tamper')).then((l) => {
      if (generation.current !== g) return;
      setLab(l);
      setLog([`fresh ORAM, integrity '${mode}': ${TAMPER_CAPACITY} blocks written twice`]);
      setOutcome(null);
      setTampered(null);
      setBusy(false);
    });
  }, []);
  useEffect(() => reset('rit+must'), [reset]);

  if (lab === null) {
    return (
      <div className={styles.box} data-testid="tamper-demo" data-busy="yes">
        <p className={styles.status}>Setting up the ORAM…</p>
      </div>
    );
  }
  const W = lab.oram.storage.slotsPerBucket;

  const doTamper = () => {
    try {
      const b = parseIntegerField('bucket', bucket);
      const s = attack === 'flip-slot' ? parseIntegerField('slot', slot) : 0;
      const { at, line } = tamper(lab, attack, b, s);
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

  const held = lab.onChip();
  const integrityTree: IntegrityTreeView | undefined =
    lab.integrity === 'none'
      ? undefined
      : {
          chipLabel:
            lab.integrity === 'rit+must'
              ? `on chip: root hash + metadata of ${held.size} bucket${held.size === 1 ? '' : 's'} (MUST)`
              : lab.integrity === 'rit'
                ? 'on chip: the root hash of the metadata tree (RIT)'
                : 'on chip: the root hash of the tree over whole buckets',
          onChip: (b) => held.has(b),
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
    <div className={styles.box} data-testid="tamper-demo" data-busy={busy ? 'yes' : 'no'}>
      <fieldset className={styles.controls} disabled={busy}>
        <legend className={styles.visuallyHidden}>tamper controls</legend>
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
        <LabelledField
          label="bucket"
          type="number"
          min={0}
          max={lab.oram.bucketCount - 1}
          value={bucket}
          onChange={setBucket}
        />
        {attack === 'flip-slot' && (
          <LabelledField
            label="slot"
            type="number"
            min={0}
            max={W - 1}
            value={slot}
            onChange={setSlot}
          />
        )}
        <button
          type="button"
          className={`button button--danger button--sm ${styles.danger}`}
          onClick={doTamper}
        >
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
      </fieldset>
      <p className={styles.status}>
        Click a bucket (or Tab to it and press Enter) to choose it. Contents are encrypted, so the
        picture shows only locations: the tampered one in yellow, where the client's check failed in
        black. Dashed green lines are the integrity tree: each bucket's metadata carries its
        children's hashes, up to the root hash the client keeps on chip.
        {lab.integrity === 'rit+must' &&
          ` Shaded buckets (${[...held].sort((x, y) => x - y).join(', ') || 'none'}) are MUST's subtree: metadata the client verified or changed since the last eviction, held on chip and written back (hashed once) at the next eviction; a copy of it in memory is not read until then.`}
      </p>
      <TreeView
        levels={lab.oram.levels}
        slotsPerBucket={W}
        slotLook={slotLook}
        metaLook={metaLook}
        bucketLook={(b) =>
          errorAt?.bucket === b ? 'error' : String(b) === bucket.trim() ? 'selected' : undefined
        }
        onBucketClick={(b) => setBucket(String(b))}
        integrityTree={integrityTree}
        label="Ring ORAM tree for the tamper demo"
      />
      {outcome && (
        <div
          className={outcome.kind === 'clean' ? styles.okBox : styles.errorBox}
          data-testid="tamper-result"
          data-outcome={outcome.kind}
          role={outcome.kind === 'clean' ? 'status' : 'alert'}
        >
          {outcome.text}
        </div>
      )}
      <ScrollBox className={styles.logBox} label="tamper log">
        <pre className={styles.log} data-testid="tamper-log">
          {log.join('\n')}
        </pre>
      </ScrollBox>
    </div>
  );
}
