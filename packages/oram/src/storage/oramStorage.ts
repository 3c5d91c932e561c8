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
 *
 * They carry no stack trace. Such an error is a per-location status, like an errno, named by
 * its location; under a dead channel a storage reports one for every location of that channel
 * an access writes (about half of every eviction), and capturing a stack cost 4 to 17 µs each
 * in V8 (10 to 100 frames), more than the rest of the access.
 */
export class UnreadableLocationError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

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

function checkInt(name: string, value: unknown, lo: number, hi: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], got ${String(value)}`);
  }
}

/**
 * Checks each field of a storage shape (`prefix` goes in front of the field's name in the
 * error), without the in-memory size limit: a file, remote or IndexedDB store may be larger.
 */
export function checkShapeFields(shape: unknown, prefix = ''): StorageShape {
  if (shape === null || typeof shape !== 'object')
    throw new TypeError(
      `${prefix.replace(/\.$/, '') || 'shape'} must be a StorageShape object, got ${String(shape)}`,
    );
  const s = shape as StorageShape;
  checkInt(`${prefix}bucketCount`, s.bucketCount, 1, 2 ** 31);
  checkInt(`${prefix}slotsPerBucket`, s.slotsPerBucket, 1, 4096);
  checkInt(`${prefix}slotBytes`, s.slotBytes, 1, 2 ** 24);
  checkInt(`${prefix}metaBytes`, s.metaBytes, 0, 2 ** 20);
  return s;
}

/** Validates a storage shape and returns the byte sizes of the slot and metadata areas. */
export function validateStorageShape(shape: StorageShape): { slotArea: number; metaArea: number } {
  checkShapeFields(shape);
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
