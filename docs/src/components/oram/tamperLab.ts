/**
 * The tamper demo's state machine, apart from its React component so the tests can drive it
 * without a DOM: a real, encrypted Ring ORAM holding 16 blocks written twice (with a snapshot of
 * every bucket taken between the two versions, for the replay attack), the adversary's edits
 * made directly in `oram.storage`, and the client's two ways of noticing (read every block back
 * against what it wrote, or audit the tree).
 */
import {
  createRingOram,
  IntegrityError,
  type IntegrityMode,
  type RingOram,
  type TraceEvent,
} from '@paperlab/oram';
import { createRng } from '@paperlab/stats';
import { drain, type Steps } from './sliced';

export const TAMPER_CAPACITY = 16;
export const TAMPER_BLOCK = 16;

export type Attack = 'flip-meta' | 'flip-slot' | 'replay';

/** A place in untrusted memory: a bucket's metadata block or one of its slots. */
export interface Place {
  readonly bucket: number;
  readonly slot: number | 'meta';
}

interface Snapshot {
  slots: Uint8Array[];
  meta: Uint8Array;
}

export interface Lab {
  readonly oram: RingOram;
  readonly integrity: IntegrityMode;
  /** What the client wrote: the reference every read is checked against. */
  readonly model: Map<number, Uint8Array>;
  /** Every bucket's bytes after the first version was written, for the replay attack. */
  readonly snapshot: readonly Snapshot[];
  /**
   * Buckets whose metadata the client holds in trusted memory right now (MUST's subtree;
   * empty for the other modes), as followed from the ORAM's physical trace.
   */
  onChip(): ReadonlySet<number>;
}

/**
 * Follows MUST's trusted subtree from the physical trace alone. Under `rit+must` the client
 * keeps every metadata block it has verified or changed since the last eviction, so a
 * metadata read puts its bucket on chip (a bucket already there is not read again), and the
 * eviction's fold writes each held block back once and drops it. Reads made by `audit()`
 * ('integrity' phase) verify without keeping. The tests check the set against the library by
 * attacking: flipping a held block's stored copy goes unnoticed, any other is caught.
 */
export function createMustTracker(): {
  observe(e: TraceEvent): void;
  readonly held: ReadonlySet<number>;
} {
  const held = new Set<number>();
  return {
    observe(e) {
      if (e.slot !== 'meta' || e.phase === 'integrity') return;
      if (e.op === 'read') held.add(e.bucket);
      else held.delete(e.bucket);
    },
    held,
  };
}

/**
 * What the client concluded: `detected` (an IntegrityError, with where it failed), `clean`
 * (every read matched or the audit passed), `wrong` (a read returned other data without an
 * error) or `other` (some other error).
 */
export type Outcome =
  | { readonly kind: 'detected'; readonly text: string; readonly at: Place }
  | { readonly kind: 'clean' | 'wrong' | 'other'; readonly text: string };

export function blockFor(addr: number, version: number): Uint8Array {
  return new TextEncoder().encode(`block ${addr} v${version}`.padEnd(TAMPER_BLOCK, '.'));
}

export function createLab(integrity: IntegrityMode, seed: string): Lab {
  return drain(labSteps(integrity, seed));
}

/** createLab as steps, one yield per ORAM write (for the page to run in slices). */
export function* labSteps(integrity: IntegrityMode, seed: string): Steps<Lab> {
  const rng = createRng(seed);
  const must = createMustTracker();
  const oram = createRingOram({
    capacity: TAMPER_CAPACITY,
    blockSize: TAMPER_BLOCK,
    integrity,
    key: rng.fork('key').fillBytes(new Uint8Array(32)),
    rng: rng.fork('oram'),
    ...(integrity === 'rit+must' ? { observer: must.observe } : {}),
  });
  const model = new Map<number, Uint8Array>();
  for (let a = 0; a < TAMPER_CAPACITY; a++) {
    const data = blockFor(a, 1);
    oram.write(a, data);
    model.set(a, data);
    yield;
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
  for (let a = 0; a < TAMPER_CAPACITY; a++) {
    const data = blockFor(a, 2);
    oram.write(a, data);
    model.set(a, data);
    yield;
  }
  return { oram, integrity, model, snapshot, onChip: () => must.held };
}

/**
 * The adversary edits memory: one bit of a bucket's metadata, one bit of a slot, or the whole
 * bucket put back as it was in the snapshot. Returns the place to mark and a log line.
 */
export function tamper(
  lab: Lab,
  attack: Attack,
  bucket: number,
  slot: number,
): { at: Place; line: string } {
  const st = lab.oram.storage;
  if (!Number.isInteger(bucket) || bucket < 0 || bucket >= st.bucketCount) {
    throw new RangeError(
      `bucket must be an integer in [0, ${st.bucketCount - 1}], got ${String(bucket)}`,
    );
  }
  if (attack === 'flip-meta') {
    const x = new Uint8Array(st.metaBytes);
    st.readMeta(bucket, x);
    // A byte past the 4-byte header, inside the sealed metadata.
    x[20 % st.metaBytes]! ^= 0x01;
    st.writeMeta(bucket, x);
    return {
      at: { bucket, slot: 'meta' },
      line: `adversary: flipped one bit of bucket ${bucket}'s metadata`,
    };
  }
  if (attack === 'flip-slot') {
    if (!Number.isInteger(slot) || slot < 0 || slot >= st.slotsPerBucket) {
      throw new RangeError(
        `slot must be an integer in [0, ${st.slotsPerBucket - 1}], got ${String(slot)}`,
      );
    }
    const x = new Uint8Array(st.slotBytes);
    st.readSlot(bucket, slot, x);
    x[0]! ^= 0x01;
    st.writeSlot(bucket, slot, x);
    return {
      at: { bucket, slot },
      line: `adversary: flipped one bit of bucket ${bucket}, slot ${slot}`,
    };
  }
  const old = lab.snapshot[bucket]!;
  old.slots.forEach((x, s) => {
    st.writeSlot(bucket, s, x);
  });
  st.writeMeta(bucket, old.meta);
  return {
    at: { bucket, slot: 'meta' },
    line: `adversary: replayed bucket ${bucket} (metadata and all ${st.slotsPerBucket} slots) from an older, validly sealed version`,
  };
}

function failure(e: unknown): Outcome {
  if (e instanceof IntegrityError) {
    return {
      kind: 'detected',
      text: `${e.name}: ${e.message}`,
      at: { bucket: e.bucket, slot: e.slot },
    };
  }
  return { kind: 'other', text: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

/** The client reads every block and compares it with what it wrote; returns the outcome and
 * a log line. */
export function readAll(lab: Lab): { outcome: Outcome; line: string } {
  let n = 0;
  const decode = (b: Uint8Array) => JSON.stringify(new TextDecoder().decode(b));
  try {
    for (let a = 0; a < TAMPER_CAPACITY; a++) {
      const got = lab.oram.read(a);
      n++;
      const want = lab.model.get(a)!;
      if (!got.every((v, i) => v === want[i])) {
        const text = `read(${a}) returned ${decode(got)}, expected ${decode(want)}: wrong data, no error`;
        return { outcome: { kind: 'wrong', text }, line: text };
      }
    }
  } catch (e) {
    return logged(failure(e), `client: read ${n + 1} of ${TAMPER_CAPACITY}`);
  }
  return {
    outcome: { kind: 'clean', text: `all ${TAMPER_CAPACITY} reads returned what was written` },
    line: `client: read all ${TAMPER_CAPACITY} blocks, every one correct`,
  };
}

/** The client audits the whole tree (every metadata block and slot). */
export function audit(lab: Lab): { outcome: Outcome; line: string } {
  try {
    lab.oram.audit();
  } catch (e) {
    return logged(failure(e), 'client: audit');
  }
  return {
    outcome: { kind: 'clean', text: 'audit: every metadata block and slot verifies' },
    line: 'client: audit of the whole tree passed',
  };
}

function logged(outcome: Outcome, what: string): { outcome: Outcome; line: string } {
  const line =
    outcome.kind === 'detected'
      ? `${what}: IntegrityError at bucket ${outcome.at.bucket}, slot ${outcome.at.slot}`
      : `${what}: ${outcome.text}`;
  return { outcome, line };
}
