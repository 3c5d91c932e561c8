import { type IoBatch, META_SLOT } from '../storage/storageProtocol.js';
import type { StorageShape } from '../storage.js';

/**
 * What a storage holds, named by location: a slot, or a bucket's metadata (copy 0, or copy 1
 * for IRO's mirrored metadata). A write batch is the set of locations one commit of the client
 * changes, with their new bytes; a server or a local store applies a batch all or nothing.
 */
export const KIND_SLOT = 0;
export const KIND_META = 1;
export const KIND_META_MIRROR = 2;
export type LocationKind = 0 | 1 | 2;

export interface Location {
  kind: LocationKind;
  bucket: number;
  /** Slot index; 0 for metadata. */
  slot: number;
}

export interface BatchEntry extends Location {
  data: Uint8Array;
}

export interface WriteBatch {
  /** Commit number: 1 for the first batch of a store, then +1 for each batch. */
  seq: number;
  entries: BatchEntry[];
}

/** One number per location, unique within a shape (kind-major), to key maps and stores. */
export function locationKey(shape: StorageShape, kind: number, bucket: number, slot: number) {
  return kind === KIND_SLOT
    ? bucket * shape.slotsPerBucket + slot
    : -(kind * shape.bucketCount + bucket) - 1;
}

/** Bytes a location holds in this shape. */
export function kindBytes(shape: StorageShape, kind: number): number {
  return kind === KIND_SLOT ? shape.slotBytes : shape.metaBytes;
}

/** Throws a RangeError naming the field if the location does not exist in this shape. */
export function checkLocation(shape: StorageShape, loc: Location, where: string): void {
  const { kind, bucket, slot } = loc;
  if (kind !== KIND_SLOT && kind !== KIND_META && kind !== KIND_META_MIRROR) {
    throw new RangeError(
      `${where}: kind must be 0 (slot), 1 (metadata) or 2 (mirror), got ${kind}`,
    );
  }
  if (!Number.isInteger(bucket) || bucket < 0 || bucket >= shape.bucketCount) {
    throw new RangeError(
      `${where}: bucket must be an integer in [0, ${shape.bucketCount - 1}], got ${bucket}`,
    );
  }
  const maxSlot = kind === KIND_SLOT ? shape.slotsPerBucket - 1 : 0;
  if (!Number.isInteger(slot) || slot < 0 || slot > maxSlot) {
    throw new RangeError(`${where}: slot must be an integer in [0, ${maxSlot}], got ${slot}`);
  }
}

/** Total payload bytes of a batch. */
export function batchBytes(batch: WriteBatch): number {
  let n = 0;
  for (const e of batch.entries) n += e.data.length;
  return n;
}

/** The locations of an IoBatch (storage/storageProtocol.ts), in its order. */
export function locationsOf(batch: IoBatch): Location[] {
  const locs: Location[] = new Array(batch.count);
  for (let i = 0; i < batch.count; i++) {
    const slot = batch.slots[i]!;
    const bucket = batch.buckets[i]!;
    locs[i] =
      slot === META_SLOT
        ? { kind: batch.copies[i] === 1 ? KIND_META_MIRROR : KIND_META, bucket, slot: 0 }
        : { kind: KIND_SLOT, bucket, slot };
  }
  return locs;
}

/** The entries of a write IoBatch, viewing its data. */
export function entriesOf(batch: IoBatch, shape: StorageShape): BatchEntry[] {
  return locationsOf(batch).map((l, i) => {
    const off = batch.offsets[i]!;
    return { ...l, data: batch.data.subarray(off, off + kindBytes(shape, l.kind)) };
  });
}
