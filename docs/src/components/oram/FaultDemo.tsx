// Faults in the memory under IRO's configuration of the real Ring ORAM: a FaultyStorage (from
// @paperlab/oram) with two channels and ECP-6 under an ORAM with RIT + MUST, mirrored metadata
// and (optionally) Secure Replication. Every read is checked against what was written, so the
// page counts correct, refused and silently wrong reads rather than trusting the library.
import {
  createFaultyStorage,
  createMemoryStorage,
  createRingOram,
  type FaultyStorage,
  type RingOram,
  type RingOramOptions,
} from '@paperlab/oram';
import { createRng, type Rng } from '@paperlab/stats';
import { type ReactNode, useRef, useState } from 'react';
import styles from './styles.module.css';
import TreeView, { type SlotLook } from './TreeView';

const CAPACITY = 16;
const BLOCK = 16;
const CHANNELS = 2;
const ECP_ENTRIES = 6;
const LINE_BITS = 512;

interface Tally {
  correct: number;
  refused: number;
  silentlyWrong: number;
  lastError: string | null;
}

interface Rig {
  oram: RingOram;
  storage: FaultyStorage;
  model: Map<number, Uint8Array>;
  rng: Rng;
  tally: Tally;
  replication: boolean;
}

function createRig(replication: boolean, seed: string): Rig {
  const rng = createRng(seed);
  const options: RingOramOptions = {
    capacity: CAPACITY,
    blockSize: BLOCK,
    integrity: 'rit+must',
    mirrorMetadata: true,
    replication,
    channels: CHANNELS,
    key: rng.fork('key').fillBytes(new Uint8Array(32)),
  };
  // The memory's shape follows from the ORAM's options: learn it from a probe.
  const probe = createRingOram({ ...options, rng: rng.fork('probe') });
  const storage = createFaultyStorage(
    createMemoryStorage({
      bucketCount: probe.storage.bucketCount,
      slotsPerBucket: probe.storage.slotsPerBucket,
      slotBytes: probe.storage.slotBytes,
      metaBytes: probe.storage.metaBytes,
    }),
    // 'raw': an uncorrectable line is handed up as is, so the MAC rejects it and the ORAM can
    // still try a replica.
    {
      channels: CHANNELS,
      ecpEntries: ECP_ENTRIES,
      rng: rng.fork('faults'),
      onUncorrectable: 'raw',
    },
  );
  const oram = createRingOram({ ...options, storage, rng: rng.fork('oram') });
  const model = new Map<number, Uint8Array>();
  const work = rng.fork('workload');
  for (let a = 0; a < CAPACITY; a++) {
    const data = work.fillBytes(new Uint8Array(BLOCK));
    oram.write(a, data);
    model.set(a, data);
  }
  return {
    oram,
    storage,
    model,
    rng: work,
    tally: { correct: 0, refused: 0, silentlyWrong: 0, lastError: null },
    replication,
  };
}

export default function FaultDemo(): ReactNode {
  const [replication, setReplication] = useState(true);
  const [cells, setCells] = useState(ECP_ENTRIES);
  const [log, setLog] = useState<string[]>([]);
  const [, setVersion] = useState(0);
  const rigRef = useRef<Rig | null>(null);
  if (rigRef.current === null) rigRef.current = createRig(replication, 'faults');
  const rig = rigRef.current;
  const { oram, storage, tally } = rig;
  const W = storage.slotsPerBucket;
  const say = (line: string) => {
    setLog((l) => [...l, line]);
    setVersion((v) => v + 1);
  };

  const reset = (rep: boolean) => {
    rigRef.current = createRig(rep, 'faults');
    setLog([]);
    setVersion((v) => v + 1);
  };

  const checkedRead = (a: number): boolean => {
    try {
      const got = oram.read(a);
      const want = rig.model.get(a)!;
      if (got.every((v, i) => v === want[i])) tally.correct++;
      else tally.silentlyWrong++;
      return true;
    } catch (e) {
      tally.refused++;
      tally.lastError = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      return false;
    }
  };

  const readAll = () => {
    const before = { ...tally };
    for (let a = 0; a < CAPACITY; a++) if (!checkedRead(a)) break;
    say(
      `read every block: ${tally.correct - before.correct} correct, ${tally.refused - before.refused} refused, ${tally.silentlyWrong - before.silentlyWrong} silently wrong`,
    );
  };

  const workload = (n: number) => {
    const before = { ...tally };
    let done = 0;
    for (; done < n; done++) {
      const a = rig.rng.int(0, CAPACITY - 1);
      if (rig.rng.bernoulli(0.5)) {
        const data = rig.rng.fillBytes(new Uint8Array(BLOCK));
        try {
          oram.write(a, data);
          rig.model.set(a, data);
        } catch (e) {
          tally.refused++;
          tally.lastError = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
          break;
        }
      } else if (!checkedRead(a)) break;
    }
    say(
      `${done} random accesses (half writes): ${tally.correct - before.correct} reads correct, ${tally.refused - before.refused} refused, ${tally.silentlyWrong - before.silentlyWrong} silently wrong`,
    );
  };

  const kill = (c: number) => {
    storage.killChannel(c);
    say(`channel ${c} killed: every slot and metadata copy on it is gone`);
  };

  // Wear-out as in the package's fault campaign: `cells` cells of one 512-bit line get stuck
  // at the value they hold now, so nothing shows until a later write wants the other value;
  // write-verify then spots them and ECP patches up to 6 per line.
  const stick = (lines: number) => {
    let injected = 0;
    for (let k = 0; k < lines; k++) {
      const loc = storage.randomLocation();
      const bits = (loc.slot === 'meta' ? storage.metaBytes : storage.slotBytes) * 8;
      const start = Math.floor(loc.bit / LINE_BITS) * LINE_BITS;
      const len = Math.min(LINE_BITS, bits - start);
      const buf = new Uint8Array(bits / 8);
      try {
        if (loc.slot === 'meta') storage.readMeta(loc.bucket, buf, loc.copy ?? 0);
        else storage.readSlot(loc.bucket, loc.slot, buf);
      } catch {
        continue;
      }
      const chosen = new Set<number>();
      while (chosen.size < Math.min(cells, len)) chosen.add(start + rig.rng.int(0, len - 1));
      for (const bit of chosen) {
        storage.stickCell({ ...loc, bit }, ((buf[bit >>> 3]! >>> (bit & 7)) & 1) as 0 | 1);
        injected++;
      }
    }
    say(`${injected} cells stuck (${cells} in each of ${lines} random lines)`);
  };

  const flips = (n: number) => {
    for (let i = 0; i < n; i++) storage.flipBit(storage.randomLocation());
    say(`${n} random stored bits flipped (transient faults)`);
  };

  const c = oram.counters;
  const s = storage.stats;
  const dead = (ch: number) => !storage.isChannelAlive(ch);
  const slotLook = (b: number, slot: number): SlotLook =>
    dead(storage.channelOfLocation(b, slot)) ? 'dead' : 'unknown';
  const metaLook = (b: number): SlotLook | undefined =>
    dead(storage.channelOfLocation(b, 'meta', 0)) ? 'dead' : undefined;

  return (
    <div className={styles.box} data-testid="fault-demo">
      <div className={styles.controls}>
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
            className="button button--danger button--sm"
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
          onClick={() => workload(100)}
        >
          Run 100 accesses
        </button>
        <button type="button" className="button button--primary button--sm" onClick={readAll}>
          Read every block
        </button>
        <button
          type="button"
          className="button button--outline button--secondary button--sm"
          onClick={() => reset(replication)}
        >
          Reset
        </button>
      </div>
      <p className={styles.status}>
        {CAPACITY} blocks, {CHANNELS} channels (black: on a dead channel), integrity{' '}
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
          <h4>Reads, checked against what was written</h4>
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
          <h4>Fault summary</h4>
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
      <pre className={styles.log} data-testid="fault-log">
        {log.join('\n')}
      </pre>
    </div>
  );
}
