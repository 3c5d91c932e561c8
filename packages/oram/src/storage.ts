/**
 * The untrusted memory. It stores opaque, fixed-size byte strings: one per slot and one
 * metadata block per bucket (plus an optional mirrored metadata copy). The ORAM never trusts
 * what it reads back; integrity is checked above this layer.
 */
export interface OramStorage {
  readonly bucketCount: number;
  readonly slotsPerBucket: number;
  readonly slotBytes: number;
  readonly metaBytes: number;
  /** Copies `slotBytes` bytes into `out`. Throws ChannelFailedError if its channel is dead. */
  readSlot(bucket: number, slot: number, out: Uint8Array): void;
  writeSlot(bucket: number, slot: number, data: Uint8Array): void;
  /** copy 1 is the mirrored metadata copy (IRO's mirrored channel). */
  readMeta(bucket: number, out: Uint8Array, copy?: 0 | 1): void;
  writeMeta(bucket: number, data: Uint8Array, copy?: 0 | 1): void;
  close?(): void;
}

export interface StorageShape {
  bucketCount: number;
  slotsPerBucket: number;
  slotBytes: number;
  metaBytes: number;
}

/**
 * Base class of the errors with which a storage says it cannot return a location's bytes (a
 * dead channel, a line with more stuck cells than ECP corrects). The ORAM treats every one of
 * them alike: a replica or metadata mirror is used when one exists, otherwise it fails closed.
 */
export class UnreadableLocationError extends Error {}

/** Raised by a storage when the memory channel holding the location no longer answers. */
export class ChannelFailedError extends UnreadableLocationError {
  readonly channel: number;
  readonly bucket: number;
  readonly slot: number | 'meta';
  constructor(channel: number, bucket: number, slot: number | 'meta') {
    super(`memory channel ${channel} failed (bucket ${bucket}, slot ${slot})`);
    this.name = 'ChannelFailedError';
    this.channel = channel;
    this.bucket = bucket;
    this.slot = slot;
  }
}

/** Largest single typed array we allocate; V8 on Node 20 caps typed arrays near 2^32 bytes. */
export const MAX_STORAGE_BYTES = 2 ** 32 - 1;

function checkInt(name: string, value: number, lo: number, hi: number): void {
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], got ${value}`);
  }
}

/** Validates a storage shape and returns the byte sizes of the slot and metadata areas. */
export function validateStorageShape(shape: StorageShape): { slotArea: number; metaArea: number } {
  checkInt('bucketCount', shape.bucketCount, 1, 2 ** 31);
  checkInt('slotsPerBucket', shape.slotsPerBucket, 1, 4096);
  checkInt('slotBytes', shape.slotBytes, 1, 2 ** 24);
  checkInt('metaBytes', shape.metaBytes, 0, 2 ** 20);
  const slotArea = shape.bucketCount * shape.slotsPerBucket * shape.slotBytes;
  const metaArea = shape.bucketCount * shape.metaBytes;
  if (slotArea + metaArea > MAX_STORAGE_BYTES) {
    throw new RangeError(
      `storage of ${shape.bucketCount} buckets x ${shape.slotsPerBucket} slots x ${shape.slotBytes} B needs ${slotArea} B, more than the in-memory limit of ${MAX_STORAGE_BYTES} B`,
    );
  }
  return { slotArea, metaArea };
}

/** Throws if `storage` does not have exactly the shape an ORAM needs. */
export function assertStorageShape(storage: OramStorage, expected: StorageShape): void {
  for (const key of ['bucketCount', 'slotsPerBucket', 'slotBytes', 'metaBytes'] as const) {
    if (storage[key] !== expected[key]) {
      throw new RangeError(
        `storage.${key} must be ${expected[key]} for these options, got ${storage[key]}`,
      );
    }
  }
}

/**
 * In-memory storage. Layout (ours, for locality): one flat array where each bucket is its
 * metadata (copy 0) followed by its slots, so the metadata read and the slot reads of a
 * ReadPath level touch neighbouring memory; the mirror copy is a separate array allocated on
 * its first write, so ORAMs without mirroring pay nothing for it. No per-block object.
 *
 * Slot copies go word by word through Uint32Array views when aligned: for 64-byte slots that
 * is several times faster than a byte loop or a subarray + set. Views of the caller's buffers
 * are cached (an ORAM reuses one or two slot buffers). Metadata, read into many different
 * buffers, is copied with a byte loop (a view per call would allocate).
 */
export function createMemoryStorage(shape: StorageShape): OramStorage {
  const { metaArea } = validateStorageShape(shape);
  const { bucketCount, slotsPerBucket, slotBytes, metaBytes } = shape;
  // Metadata is padded to 4 bytes inside the layout so slots stay word-aligned.
  const metaPad = (metaBytes + 3) & ~3;
  const bucketStride = metaPad + slotsPerBucket * slotBytes;
  if (bucketCount * bucketStride > MAX_STORAGE_BYTES) {
    throw new RangeError(
      `storage of ${bucketCount} buckets x ${bucketStride} B is more than the in-memory limit of ${MAX_STORAGE_BYTES} B`,
    );
  }
  const mem = new Uint8Array(bucketCount * bucketStride);
  const aligned = bucketStride % 4 === 0;
  const mem32 = aligned ? new Uint32Array(mem.buffer) : undefined;
  let mirror: Uint8Array | undefined;
  // A tiny cache of Uint32Array views over caller buffers (object identity).
  const keys: (Uint8Array | undefined)[] = [undefined, undefined, undefined, undefined];
  const vals: (Uint32Array | undefined)[] = [undefined, undefined, undefined, undefined];
  let next = 0;
  const view32 = (a: Uint8Array): Uint32Array | undefined => {
    for (let i = 0; i < 4; i++) if (keys[i] === a) return vals[i];
    if ((a.byteOffset & 3) !== 0) return undefined;
    const v = new Uint32Array(a.buffer, a.byteOffset, a.length >>> 2);
    keys[next] = a;
    vals[next] = v;
    next = (next + 1) & 3;
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
  return {
    bucketCount,
    slotsPerBucket,
    slotBytes,
    metaBytes,
    readSlot(bucket, slot, out) {
      checkBucket(bucket);
      checkSlot(slot);
      copyOut(mem, mem32, bucket * bucketStride + metaPad + slot * slotBytes, out, slotBytes);
    },
    writeSlot(bucket, slot, data) {
      checkBucket(bucket);
      checkSlot(slot);
      if (data.length !== slotBytes) {
        throw new RangeError(`slot data must be ${slotBytes} bytes, got ${data.length}`);
      }
      copyIn(mem, mem32, bucket * bucketStride + metaPad + slot * slotBytes, data, slotBytes);
    },
    readMeta(bucket, out, copy = 0) {
      checkBucket(bucket);
      if (copy === 0) copyOut(mem, undefined, bucket * bucketStride, out, metaBytes);
      else if (mirror === undefined) out.fill(0, 0, metaBytes);
      else copyOut(mirror, undefined, bucket * metaBytes, out, metaBytes);
    },
    writeMeta(bucket, data, copy = 0) {
      checkBucket(bucket);
      if (data.length !== metaBytes) {
        throw new RangeError(`metadata must be ${metaBytes} bytes, got ${data.length}`);
      }
      if (copy === 0) {
        copyIn(mem, undefined, bucket * bucketStride, data, metaBytes);
        return;
      }
      if (mirror === undefined) {
        mirror = new Uint8Array(metaArea);
      }
      copyIn(mirror, undefined, bucket * metaBytes, data, metaBytes);
    },
  };
}
