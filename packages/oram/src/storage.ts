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

/** Raised by a storage when the memory channel holding the location no longer answers. */
export class ChannelFailedError extends Error {
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
  if (slotArea > MAX_STORAGE_BYTES || metaArea > MAX_STORAGE_BYTES) {
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
 * In-memory storage: one flat typed array for all slots and one per metadata copy, so there is
 * no per-block object and the hot path is a `set`/`subarray` copy. The mirror copy is allocated
 * on its first write, so ORAMs without mirroring pay nothing for it.
 */
export function createMemoryStorage(shape: StorageShape): OramStorage {
  const { slotArea, metaArea } = validateStorageShape(shape);
  const { bucketCount, slotsPerBucket, slotBytes, metaBytes } = shape;
  const slots = new Uint8Array(slotArea);
  const metas: [Uint8Array, Uint8Array | undefined] = [new Uint8Array(metaArea), undefined];
  const bucketStride = slotsPerBucket * slotBytes;
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
      const at = bucket * bucketStride + slot * slotBytes;
      // Small slots: a plain loop beats creating a subarray view per read.
      if (slotBytes <= 256) for (let i = 0; i < slotBytes; i++) out[i] = slots[at + i]!;
      else out.set(slots.subarray(at, at + slotBytes));
    },
    writeSlot(bucket, slot, data) {
      checkBucket(bucket);
      checkSlot(slot);
      if (data.length !== slotBytes) {
        throw new RangeError(`slot data must be ${slotBytes} bytes, got ${data.length}`);
      }
      const at = bucket * bucketStride + slot * slotBytes;
      if (slotBytes <= 256) for (let i = 0; i < slotBytes; i++) slots[at + i] = data[i]!;
      else slots.set(data, at);
    },
    readMeta(bucket, out, copy = 0) {
      checkBucket(bucket);
      const area = metas[copy];
      const at = bucket * metaBytes;
      if (area === undefined) out.fill(0, 0, metaBytes);
      else if (metaBytes <= 256) for (let i = 0; i < metaBytes; i++) out[i] = area[at + i]!;
      else out.set(area.subarray(at, at + metaBytes));
    },
    writeMeta(bucket, data, copy = 0) {
      checkBucket(bucket);
      if (data.length !== metaBytes) {
        throw new RangeError(`metadata must be ${metaBytes} bytes, got ${data.length}`);
      }
      let area = metas[copy];
      if (area === undefined) {
        area = new Uint8Array(metaArea);
        metas[copy] = area;
      }
      area.set(data, bucket * metaBytes);
    },
  };
}
