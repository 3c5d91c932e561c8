import { copyBytes } from '../core/copyBytes.js';
import {
  MAX_STORAGE_BYTES,
  type OramStorage,
  type StorageShape,
  validateStorageShape,
} from './oramStorage.js';
import { type BatchedStorage, type IoBatch, META_SLOT } from './storageProtocol.js';

/** The in-memory storage answers both the per-location and the batched protocol. */
export type MemoryStorage = OramStorage & BatchedStorage;

/**
 * What an in-memory storage lends the physical-I/O layer of the ORAM it is given to (ours): its
 * flat array and layout, so a batch's locations can point straight into it instead of being
 * copied in and out (see physicalIo.ts). Only metadata copy 0 lives in `bytes`.
 */
export interface MemoryLoan {
  readonly bytes: Uint8Array;
  /** Whole-word view of `bytes`. */
  readonly bytes32: Uint32Array;
  /** Bucket b's metadata is at b * metaStride (the metadata padded to 4 bytes). */
  readonly metaStride: number;
  /** Slot s of bucket b is at slotsAt + b * bucketSlotsBytes + s * slotBytes. */
  readonly slotsAt: number;
  readonly bucketSlotsBytes: number;
  readonly slotBytes: number;
}

/**
 * Key of the (non-enumerable) loan on a memory storage; absent when its slots are unaligned or
 * the array is larger than an Int32Array offset can address.
 */
export const MEMORY_LOAN: unique symbol = Symbol('@paperlab/oram memory loan');

/** The loan of a storage created by createMemoryStorage, or undefined for any other storage. */
export function memoryLoanOf(s: unknown): MemoryLoan | undefined {
  return typeof s === 'object' && s !== null
    ? (s as { [MEMORY_LOAN]?: MemoryLoan })[MEMORY_LOAN]
    : undefined;
}

/**
 * Whether a memory storage of this shape lends its array (MemoryLoan): every location must
 * start on a word boundary (the ORAM's word copies need it), and every offset into the array
 * must fit the batches' unsigned 32-bit offsets, which the in-memory limit MAX_STORAGE_BYTES
 * (2^32 - 1) guarantees for any storage that can be created.
 */
export function lendable(shape: StorageShape): boolean {
  const { slotsAt, total } = memoryLayout(shape);
  return shape.slotBytes % 4 === 0 && slotsAt % 4 === 0 && total <= MAX_STORAGE_BYTES;
}

/**
 * The in-memory layout (ours): every bucket's metadata (copy 0) in one region, each padded to
 * 4 bytes, then every bucket's slots, bucket after bucket, from a 64-byte boundary. ReadPath
 * touches only the metadata of most buckets on its path (one slot per bucket, and a dummy's
 * bytes are never looked at), so keeping metadata dense puts a 2^16-bucket tree's metadata in
 * ~4 MB of pages instead of spreading it over the whole 40 MB tree: fewer cache and TLB misses
 * on the access path. A bucket's slots stay contiguous for WriteBucket.
 */
export function memoryLayout(shape: StorageShape): {
  metaStride: number;
  slotsAt: number;
  bucketSlotsBytes: number;
  total: number;
} {
  const metaStride = (shape.metaBytes + 3) & ~3;
  const slotsAt = Math.ceil((shape.bucketCount * metaStride) / 64) * 64;
  const bucketSlotsBytes = shape.slotsPerBucket * shape.slotBytes;
  return {
    metaStride,
    slotsAt,
    bucketSlotsBytes,
    total: slotsAt + shape.bucketCount * bucketSlotsBytes,
  };
}

/**
 * In-memory storage. One flat array in the layout of memoryLayout (metadata region, then slot
 * region); the mirror copy is a separate array allocated on its first write, so ORAMs without
 * mirroring pay nothing for it. No per-block object.
 *
 * Slot copies go word by word through Uint32Array views when aligned: for 64-byte slots that
 * is several times faster than a byte loop or a subarray + set. Views of the caller's buffers
 * are cached (an ORAM reuses one or two slot buffers). Metadata, read into many different
 * buffers, is copied with a byte loop (a view per call would allocate).
 */
export function createMemoryStorage(shape: StorageShape): MemoryStorage {
  const { metaArea } = validateStorageShape(shape);
  const { bucketCount, slotsPerBucket, slotBytes, metaBytes } = shape;
  // Metadata is padded to 4 bytes inside the layout so every location stays word-aligned.
  const { metaStride, slotsAt, bucketSlotsBytes, total } = memoryLayout(shape);
  if (total > MAX_STORAGE_BYTES) {
    throw new RangeError(
      `storage of ${bucketCount} buckets x ${metaStride + bucketSlotsBytes} B is more than the in-memory limit of ${MAX_STORAGE_BYTES} B`,
    );
  }
  const mem = new Uint8Array(total);
  const slotAt = (b: number, s: number): number => slotsAt + b * bucketSlotsBytes + s * slotBytes;
  const aligned = slotBytes % 4 === 0;
  const mem32 = aligned ? new Uint32Array(mem.buffer) : undefined;
  let mirror: Uint8Array | undefined;
  // A tiny cache of Uint32Array views over caller buffers (object identity): an ORAM's
  // few reused batch and slot buffers.
  const keys: (Uint8Array | undefined)[] = new Array(8).fill(undefined);
  const vals: (Uint32Array | undefined)[] = new Array(8).fill(undefined);
  let next = 0;
  const view32 = (a: Uint8Array): Uint32Array | undefined => {
    for (let i = 0; i < 8; i++) if (keys[i] === a) return vals[i];
    if ((a.byteOffset & 3) !== 0) return undefined;
    const v = new Uint32Array(a.buffer, a.byteOffset, a.length >>> 2);
    keys[next] = a;
    vals[next] = v;
    next = (next + 1) & 7;
    return v;
  };
  const copyOut = (
    src: Uint8Array,
    src32: Uint32Array | undefined,
    at: number,
    out: Uint8Array,
    n: number,
  ): void => {
    const o32 = src32 !== undefined && n <= 512 ? view32(out) : undefined;
    if (o32 !== undefined && (at & 3) === 0) {
      const w = at >>> 2;
      const k = n >>> 2;
      for (let i = 0; i < k; i++) o32[i] = src32![w + i]!;
      for (let i = k << 2; i < n; i++) out[i] = src[at + i]!;
    } else if (n <= 256) for (let i = 0; i < n; i++) out[i] = src[at + i]!;
    else out.set(src.subarray(at, at + n));
  };
  const copyIn = (
    dst: Uint8Array,
    dst32: Uint32Array | undefined,
    at: number,
    data: Uint8Array,
    n: number,
  ): void => {
    const d32 = dst32 !== undefined && n <= 512 ? view32(data) : undefined;
    if (d32 !== undefined && (at & 3) === 0) {
      const w = at >>> 2;
      const k = n >>> 2;
      for (let i = 0; i < k; i++) dst32![w + i] = d32[i]!;
      for (let i = k << 2; i < n; i++) dst[at + i] = data[i]!;
    } else dst.set(data, at);
  };
  const checkBucket = (bucket: number): void => {
    if (!(bucket >= 0 && bucket < bucketCount)) {
      throw new RangeError(`bucket must be an integer in [0, ${bucketCount - 1}], got ${bucket}`);
    }
  };
  const checkSlot = (slot: number): void => {
    if (!(slot >= 0 && slot < slotsPerBucket)) {
      throw new RangeError(`slot must be an integer in [0, ${slotsPerBucket - 1}], got ${slot}`);
    }
  };
  // Batched fast path: one pass over the locations, word copies where both sides are aligned
  // (the ORAM's batches align every location; copyBytes), no view or subarray per location.
  const copy = (
    dst: Uint8Array,
    d32: Uint32Array | undefined,
    dOff: number,
    src: Uint8Array,
    s32: Uint32Array | undefined,
    sOff: number,
    n: number,
  ): void => {
    if (d32 !== undefined && s32 !== undefined) copyBytes(dst, d32, dOff, src, s32, sOff, n);
    else dst.set(src.subarray(sOff, sOff + n), dOff);
  };
  const bytes = new Uint8Array(mem.buffer);
  const runBatch = (batch: IoBatch, write: boolean): void => {
    const { buckets, slots, copies, offsets, data } = batch;
    const d32 = mem32 !== undefined && (data.byteOffset & 3) === 0 ? view32(data) : undefined;
    for (let i = 0; i < batch.count; i++) {
      const b = buckets[i]!;
      const s = slots[i]!;
      checkBucket(b);
      const off = offsets[i]!;
      if (s === META_SLOT) {
        if (copies[i] === 0) {
          const at = b * metaStride;
          if (write) copy(bytes, mem32, at, data, d32, off, metaBytes);
          else copy(data, d32, off, bytes, mem32, at, metaBytes);
        } else if (write) {
          if (mirror === undefined) mirror = new Uint8Array(metaArea);
          copy(mirror, undefined, b * metaBytes, data, undefined, off, metaBytes);
        } else if (mirror === undefined) data.fill(0, off, off + metaBytes);
        else copy(data, undefined, off, mirror, undefined, b * metaBytes, metaBytes);
        continue;
      }
      checkSlot(s);
      const at = slotAt(b, s);
      if (write) copy(bytes, mem32, at, data, d32, off, slotBytes);
      else copy(data, d32, off, bytes, mem32, at, slotBytes);
    }
  };
  const storage = {
    bucketCount,
    slotsPerBucket,
    slotBytes,
    metaBytes,
    readSlot(bucket, slot, out) {
      checkBucket(bucket);
      checkSlot(slot);
      copyOut(mem, mem32, slotAt(bucket, slot), out, slotBytes);
    },
    writeSlot(bucket, slot, data) {
      checkBucket(bucket);
      checkSlot(slot);
      if (data.length !== slotBytes) {
        throw new RangeError(`slot data must be ${slotBytes} bytes, got ${data.length}`);
      }
      copyIn(mem, mem32, slotAt(bucket, slot), data, slotBytes);
    },
    readMeta(bucket, out, copy = 0) {
      checkBucket(bucket);
      if (copy === 0) copyOut(mem, undefined, bucket * metaStride, out, metaBytes);
      else if (mirror === undefined) out.fill(0, 0, metaBytes);
      else copyOut(mirror, undefined, bucket * metaBytes, out, metaBytes);
    },
    writeMeta(bucket, data, copy = 0) {
      checkBucket(bucket);
      if (data.length !== metaBytes) {
        throw new RangeError(`metadata must be ${metaBytes} bytes, got ${data.length}`);
      }
      if (copy === 0) {
        copyIn(mem, undefined, bucket * metaStride, data, metaBytes);
        return;
      }
      if (mirror === undefined) {
        mirror = new Uint8Array(metaArea);
      }
      copyIn(mirror, undefined, bucket * metaBytes, data, metaBytes);
    },
  } as OramStorage;
  // The batched protocol is not enumerable: a wrapper written as { ...memory, readSlot() {…} }
  // then speaks the per-location protocol only, so its overrides are not bypassed.
  const loan: MemoryLoan | undefined =
    mem32 !== undefined && lendable(shape)
      ? { bytes, bytes32: mem32, metaStride, slotsAt, bucketSlotsBytes, slotBytes }
      : undefined;
  return Object.defineProperties(storage, {
    [MEMORY_LOAN]: { value: loan },
    batched: { value: 'sync' },
    read: { value: (batch: IoBatch) => runBatch(batch, false) },
    write: { value: (batch: IoBatch) => runBatch(batch, true) },
  }) as MemoryStorage;
}
