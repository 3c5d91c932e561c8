import type { OramStorage, StorageShape } from '../storage.js';
import {
  type BatchEntry,
  KIND_META,
  KIND_META_MIRROR,
  KIND_SLOT,
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

/**
 * The synchronous OramStorage a synchronous ORAM runs on during an epoch: writes go to the
 * overlay, reads to the overlay or else to the store (`readThrough`).
 */
export function overlayStorage(
  overlay: WriteOverlay,
  readThrough: (kind: number, bucket: number, slot: number, out: Uint8Array) => void,
): OramStorage {
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
  return {
    bucketCount,
    slotsPerBucket,
    slotBytes,
    metaBytes,
    readSlot(bucket, slot, out) {
      check(bucket, slot);
      read(KIND_SLOT, bucket, slot, out, slotBytes);
    },
    writeSlot(bucket, slot, data) {
      check(bucket, slot);
      if (data.length !== slotBytes)
        throw new RangeError(`slot data must be ${slotBytes} bytes, got ${data.length}`);
      overlay.put(KIND_SLOT, bucket, slot, data);
    },
    readMeta(bucket, out, copy = 0) {
      check(bucket, 0);
      read(copy === 1 ? KIND_META_MIRROR : KIND_META, bucket, 0, out, metaBytes);
    },
    writeMeta(bucket, data, copy = 0) {
      check(bucket, 0);
      if (data.length !== metaBytes)
        throw new RangeError(`metadata must be ${metaBytes} bytes, got ${data.length}`);
      overlay.put(copy === 1 ? KIND_META_MIRROR : KIND_META, bucket, 0, data);
    },
  };
}
