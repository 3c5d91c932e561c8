// Tamper with the untrusted memory of a real, encrypted Ring ORAM and watch what catches it:
// the bytes are edited directly in `oram.storage` (the adversary's side of the bus), then the
// client reads every block back (checking each against what it wrote) or audits the tree.
import { createRingOram, IntegrityError, type IntegrityMode, type RingOram } from '@paperlab/oram';
import { createRng } from '@paperlab/stats';
import { type ReactNode, useRef, useState } from 'react';
import styles from './styles.module.css';
import TreeView, { type SlotLook } from './TreeView';

const CAPACITY = 16;
const BLOCK = 16;
type Attack = 'flip-meta' | 'flip-slot' | 'replay';

interface Snapshot {
  slots: Uint8Array[];
  meta: Uint8Array;
}

interface Lab {
  oram: RingOram;
  /** What the client wrote: the reference every read is checked against. */
  model: Map<number, Uint8Array>;
  /** Every bucket's bytes right after set-up, for the replay attack. */
  snapshot: Snapshot[];
  accesses: number;
}

function blockFor(addr: number, version: number): Uint8Array {
  return new TextEncoder().encode(`block ${addr} v${version}`.padEnd(BLOCK, '.'));
}

function createLab(integrity: IntegrityMode, seed: string): Lab {
  const rng = createRng(seed);
  const oram = createRingOram({
    capacity: CAPACITY,
    blockSize: BLOCK,
    integrity,
    key: rng.fork('key').fillBytes(new Uint8Array(32)),
    rng: rng.fork('oram'),
  });
  const model = new Map<number, Uint8Array>();
  for (let a = 0; a < CAPACITY; a++) {
    const data = blockFor(a, 1);
    oram.write(a, data);
    model.set(a, data);
  }
  const st = oram.storage;
  const snapshot = Array.from({ length: oram.bucketCount }, (_, b) => ({
    slots: Array.from({ length: st.slotsPerBucket }, (_, s) => {
      const x = new Uint8Array(st.slotBytes);
      st.readSlot(b, s, x);
      return x;
    }),
    meta: (() => {
      const x = new Uint8Array(st.metaBytes);
      st.readMeta(b, x);
      return x;
    })(),
  }));
  // Move on so the snapshot is stale: each block is rewritten with a second version.
  for (let a = 0; a < CAPACITY; a++) {
    const data = blockFor(a, 2);
    oram.write(a, data);
    model.set(a, data);
  }
  return { oram, model, snapshot, accesses: 2 * CAPACITY };
}

export default function TamperDemo(): ReactNode {
  const [integrity, setIntegrity] = useState<IntegrityMode>('rit+must');
  const [bucket, setBucket] = useState(5);
  const [slot, setSlot] = useState(0);
  const [attack, setAttack] = useState<Attack>('replay');
  const [log, setLog] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<{
    kind: 'detected' | 'clean' | 'wrong' | 'other';
    text: string;
  } | null>(null);
  const [errorAt, setErrorAt] = useState<{ bucket: number; slot: number | 'meta' } | null>(null);
  const [tampered, setTampered] = useState<{ bucket: number; slot: number | 'meta' } | null>(null);
  const labRef = useRef<Lab | null>(null);
  if (labRef.current === null) labRef.current = createLab(integrity, 'tamper');
  const lab = labRef.current;
  const W = lab.oram.storage.slotsPerBucket;

  const say = (line: string) => setLog((l) => [...l, line]);

  const reset = (mode: IntegrityMode) => {
    labRef.current = createLab(mode, 'tamper');
    setLog([`fresh ORAM, integrity '${mode}': ${CAPACITY} blocks written twice`]);
    setOutcome(null);
    setErrorAt(null);
    setTampered(null);
  };

  const doTamper = () => {
    const st = lab.oram.storage;
    if (attack === 'flip-meta') {
      const x = new Uint8Array(st.metaBytes);
      st.readMeta(bucket, x);
      // A byte past the 4-byte header, inside the sealed metadata.
      x[20 % st.metaBytes]! ^= 0x01;
      st.writeMeta(bucket, x);
      setTampered({ bucket, slot: 'meta' });
      say(`adversary: flipped one bit of bucket ${bucket}'s metadata`);
    } else if (attack === 'flip-slot') {
      const x = new Uint8Array(st.slotBytes);
      st.readSlot(bucket, slot, x);
      x[0]! ^= 0x01;
      st.writeSlot(bucket, slot, x);
      setTampered({ bucket, slot });
      say(`adversary: flipped one bit of bucket ${bucket}, slot ${slot}`);
    } else {
      const old = lab.snapshot[bucket]!;
      old.slots.forEach((x, s) => {
        st.writeSlot(bucket, s, x);
      });
      st.writeMeta(bucket, old.meta);
      setTampered({ bucket, slot: 'meta' });
      say(
        `adversary: replayed bucket ${bucket} (metadata and all ${W} slots) from an older, validly sealed version`,
      );
    }
    setOutcome(null);
    setErrorAt(null);
  };

  const report = (e: unknown, what: string) => {
    if (e instanceof IntegrityError) {
      setErrorAt({ bucket: e.bucket, slot: e.slot });
      setOutcome({ kind: 'detected', text: `${e.name}: ${e.message}` });
      say(`${what}: ${e.name} at bucket ${e.bucket}, slot ${e.slot}`);
    } else {
      const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      setOutcome({ kind: 'other', text });
      say(`${what}: ${text}`);
    }
  };

  const readAll = () => {
    let n = 0;
    try {
      for (let a = 0; a < CAPACITY; a++) {
        const got = lab.oram.read(a);
        n++;
        const want = lab.model.get(a)!;
        if (!got.every((v, i) => v === want[i])) {
          const text = `read(${a}) returned ${JSON.stringify(new TextDecoder().decode(got))}, expected ${JSON.stringify(new TextDecoder().decode(want))}: wrong data, no error`;
          setOutcome({ kind: 'wrong', text });
          say(text);
          return;
        }
      }
      setOutcome({ kind: 'clean', text: `all ${CAPACITY} reads returned what was written` });
      say(`client: read all ${CAPACITY} blocks, every one correct`);
    } catch (e) {
      report(e, `client: read ${n + 1} of ${CAPACITY}`);
    }
  };

  const audit = () => {
    try {
      lab.oram.audit();
      setOutcome({ kind: 'clean', text: 'audit: every metadata block and slot verifies' });
      say('client: audit of the whole tree passed');
    } catch (e) {
      report(e, 'client: audit');
    }
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
        <button type="button" className="button button--primary button--sm" onClick={readAll}>
          Read every block
        </button>
        <button type="button" className="button button--secondary button--sm" onClick={audit}>
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
