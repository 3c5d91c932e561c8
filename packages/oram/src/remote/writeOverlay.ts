import {
  type AsyncBatchedStorage,
  type BatchedStorage,
  type IoBatch,
  META_SLOT,
} from '../storage/storageProtocol.js';
import type { OramStorage, StorageShape } from '../storage.js';
import type { BatchStore } from './batchStore.js';
import {
  type BatchEntry,
  KIND_META,
  KIND_META_MIRROR,
  KIND_SLOT,
  type Location,
  type LocationKind,
  locationKey,
  type WriteBatch,
} from './writeBatch.js';

/**
 * The writes of one commit epoch, held on the client until the commit sends them as one batch.
 * Reads of a location written in the epoch are answered from here (the store has not got the
 * bytes yet). Which locations those are follows from the paths and the eviction schedule the
 * server sees anyway, so answering them locally reveals nothing new: the server's view is a
 * function of the ORAM's physical trace (see README, "What the server sees").
 */
export interface WriteOverlay {
  readonly shape: StorageShape;
  /** The bytes written to the location in this epoch, or undefined. */
  get(kind: number, bucket: number, slot: number): Uint8Array | undefined;
  put(kind: number, bucket: number, slot: number, data: Uint8Array): void;
  /** Locations and payload bytes held. */
  readonly size: number;
  readonly bytes: number;
  /** The epoch's batch (sorted by location, so the order reveals nothing) and an empty overlay. */
  drain(seq: number): WriteBatch;
  /** Drops the epoch (an access failed: nothing of it may reach the store). */
  clear(): void;
}

export function createWriteOverlay(shape: StorageShape): WriteOverlay {
  const map = new Map<number, BatchEntry>();
  let bytes = 0;
  return {
    shape,
    get(kind, bucket, slot) {
      return map.get(locationKey(shape, kind, bucket, slot))?.data;
    },
    put(kind, bucket, slot, data) {
      const key = locationKey(shape, kind, bucket, slot);
      const e = map.get(key);
      if (e !== undefined && e.data.length === data.length) e.data.set(data);
      else {
        map.set(key, { kind: kind as 0 | 1 | 2, bucket, slot, data: data.slice() });
        bytes += data.length;
      }
    },
    get size() {
      return map.size;
    },
    get bytes() {
      return bytes;
    },
    drain(seq) {
      const entries = [...map.values()].sort(
        (a, b) => a.kind - b.kind || a.bucket - b.bucket || a.slot - b.slot,
      );
      map.clear();
      bytes = 0;
      return { seq, entries };
    },
    clear() {
      map.clear();
      bytes = 0;
    },
  };
}

/** Storage kind of a batch location: a slot, or metadata copy 0 / copy 1. */
function kindOf(slot: number, copy: number): number {
  return slot === META_SLOT ? (copy === 1 ? KIND_META_MIRROR : KIND_META) : KIND_SLOT;
}

/**
 * The storage a synchronous ORAM runs on during an epoch: writes go to the overlay, reads to
 * the overlay or else to the store (`readThrough`). It answers both the per-location calls and
 * the batched protocol (storage/storageProtocol.ts).
 */
export function overlayStorage(
  overlay: WriteOverlay,
  readThrough: (kind: number, bucket: number, slot: number, out: Uint8Array) => void,
): OramStorage & BatchedStorage {
  const { bucketCount, slotsPerBucket, slotBytes, metaBytes } = overlay.shape;
  const check = (bucket: number, slot: number): void => {
    if (!(Number.isInteger(bucket) && bucket >= 0 && bucket < bucketCount)) {
      throw new RangeError(`bucket must be an integer in [0, ${bucketCount - 1}], got ${bucket}`);
    }
    if (!(Number.isInteger(slot) && slot >= 0 && slot < slotsPerBucket)) {
      throw new RangeError(`slot must be an integer in [0, ${slotsPerBucket - 1}], got ${slot}`);
    }
  };
  const read = (kind: number, bucket: number, slot: number, out: Uint8Array, n: number): void => {
    const held = overlay.get(kind, bucket, slot);
    if (held !== undefined) out.set(held.subarray(0, n));
    else readThrough(kind, bucket, slot, out);
  };
  const put = (kind: number, bucket: number, slot: number, data: Uint8Array, n: number): void => {
    check(bucket, kind === KIND_SLOT ? slot : 0);
    if (data.length !== n)
      throw new RangeError(`location data must be ${n} bytes, got ${data.length}`);
    overlay.put(kind, bucket, slot, data);
  };
  return {
    batched: 'sync',
    bucketCount,
    slotsPerBucket,
    slotBytes,
    metaBytes,
    readSlot(bucket, slot, out) {
      check(bucket, slot);
      read(KIND_SLOT, bucket, slot, out, slotBytes);
    },
    writeSlot(bucket, slot, data) {
      put(KIND_SLOT, bucket, slot, data, slotBytes);
    },
    readMeta(bucket, out, copy = 0) {
      check(bucket, 0);
      read(copy === 1 ? KIND_META_MIRROR : KIND_META, bucket, 0, out, metaBytes);
    },
    writeMeta(bucket, data, copy = 0) {
      put(copy === 1 ? KIND_META_MIRROR : KIND_META, bucket, 0, data, metaBytes);
    },
    read(batch: IoBatch) {
      for (let i = 0; i < batch.count; i++) {
        const slot = batch.slots[i]!;
        const kind = kindOf(slot, batch.copies[i]!);
        const n = kind === KIND_SLOT ? slotBytes : metaBytes;
        const b = batch.buckets[i]!;
        check(b, kind === KIND_SLOT ? slot : 0);
        const off = batch.offsets[i]!;
        read(kind, b, kind === KIND_SLOT ? slot : 0, batch.data.subarray(off, off + n), n);
      }
    },
    write(batch: IoBatch) {
      for (let i = 0; i < batch.count; i++) {
        const slot = batch.slots[i]!;
        const kind = kindOf(slot, batch.copies[i]!);
        const n = kind === KIND_SLOT ? slotBytes : metaBytes;
        const off = batch.offsets[i]!;
        put(
          kind,
          batch.buckets[i]!,
          kind === KIND_SLOT ? slot : 0,
          batch.data.subarray(off, off + n),
          n,
        );
      }
    },
  };
}

/**
 * The asynchronous epoch storage: as overlayStorage, but a read batch goes to the store as one
 * request holding the locations the overlay does not have (one round trip, or none), plus the
 * locations named ahead by `prefetch` (AsyncBatchedStorage.prefetch). Those are answered from
 * what came back when they are read, unless written meanwhile (the overlay has them then).
 */
export function asyncOverlayStorage(overlay: WriteOverlay, store: BatchStore): AsyncBatchedStorage {
  const sync = overlayStorage(overlay, () => {
    throw new Error('unreachable: asyncOverlayStorage reads through the store');
  });
  const shape = overlay.shape;
  const { slotBytes, metaBytes } = shape;
  /** Fetched ahead, by location key; each is used once, and dropped when written. */
  const fetched = new Map<number, Uint8Array>();
  let ahead: Location[] = [];
  return {
    batched: 'async',
    bucketCount: sync.bucketCount,
    slotsPerBucket: sync.slotsPerBucket,
    slotBytes,
    metaBytes,
    async read(batch: IoBatch) {
      const missing: Location[] = [];
      const at: number[] = [];
      for (let i = 0; i < batch.count; i++) {
        const slot = batch.slots[i]!;
        const kind = kindOf(slot, batch.copies[i]!) as LocationKind;
        const s = kind === KIND_SLOT ? slot : 0;
        const b = batch.buckets[i]!;
        const held = overlay.get(kind, b, s);
        if (held !== undefined) {
          batch.data.set(held, batch.offsets[i]!);
          continue;
        }
        const key = locationKey(shape, kind, b, s);
        const early = fetched.get(key);
        if (early !== undefined) {
          fetched.delete(key);
          batch.data.set(early, batch.offsets[i]!);
          continue;
        }
        missing.push({ kind, bucket: b, slot: s });
        at.push(batch.offsets[i]!);
      }
      if (missing.length === 0) return;
      const n = missing.length;
      if (ahead.length > 0) {
        const here = new Set(missing.map((l) => locationKey(shape, l.kind, l.bucket, l.slot)));
        for (const l of ahead) {
          const key = locationKey(shape, l.kind, l.bucket, l.slot);
          if (here.has(key) || overlay.get(l.kind, l.bucket, l.slot) !== undefined) continue;
          here.add(key);
          missing.push(l);
        }
        ahead = [];
      }
      const got = await store.readLocations(missing);
      for (let j = 0; j < n; j++) batch.data.set(got[j]!, at[j]!);
      for (let j = n; j < got.length; j++) {
        const l = missing[j]!;
        // A write since the request was sent is newer: the overlay answers that location.
        if (overlay.get(l.kind, l.bucket, l.slot) === undefined)
          fetched.set(locationKey(shape, l.kind, l.bucket, l.slot), got[j]!);
      }
    },
    async write(batch: IoBatch) {
      sync.write(batch);
      if (fetched.size > 0) {
        for (let i = 0; i < batch.count; i++) {
          const slot = batch.slots[i]!;
          const kind = kindOf(slot, batch.copies[i]!);
          fetched.delete(
            locationKey(shape, kind, batch.buckets[i]!, kind === KIND_SLOT ? slot : 0),
          );
        }
      }
    },
    /** What `read` would answer without the store (AsyncBatchedStorage.peek); uses nothing up. */
    peek(batch: IoBatch) {
      for (let i = 0; i < batch.count; i++) {
        const slot = batch.slots[i]!;
        const kind = kindOf(slot, batch.copies[i]!) as LocationKind;
        const s = kind === KIND_SLOT ? slot : 0;
        const b = batch.buckets[i]!;
        const held = overlay.get(kind, b, s) ?? fetched.get(locationKey(shape, kind, b, s));
        if (held === undefined) return false;
        batch.data.set(held, batch.offsets[i]!);
      }
      return true;
    },
    prefetch(batch: IoBatch) {
      // Hints are for the current access; an unused one is dropped with the next hints.
      if (fetched.size > 4096) fetched.clear();
      for (let i = 0; i < batch.count; i++) {
        const slot = batch.slots[i]!;
        const kind = kindOf(slot, batch.copies[i]!) as LocationKind;
        ahead.push({ kind, bucket: batch.buckets[i]!, slot: kind === KIND_SLOT ? slot : 0 });
      }
    },
  };
}
