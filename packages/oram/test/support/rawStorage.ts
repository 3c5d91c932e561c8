// A test storage over one flat byte array, so the adversary in the tests can flip, copy and
// replay any stored byte (slots, metadata, MACs, counters) and snapshot the whole memory.
import type { OramStorage, StorageShape } from '../../src/index.ts';

export interface RawStorage extends OramStorage {
  readonly bytes: Uint8Array;
  slotOffset(bucket: number, slot: number): number;
  metaOffset(bucket: number, copy?: 0 | 1): number;
}

export function createRawStorage(shape: StorageShape): RawStorage {
  const { bucketCount, slotsPerBucket, slotBytes, metaBytes } = shape;
  const slotArea = bucketCount * slotsPerBucket * slotBytes;
  const bytes = new Uint8Array(slotArea + 2 * bucketCount * metaBytes);
  const slotOffset = (b: number, s: number) => (b * slotsPerBucket + s) * slotBytes;
  const metaOffset = (b: number, copy: 0 | 1 = 0) =>
    slotArea + (copy * bucketCount + b) * metaBytes;
  return {
    bucketCount,
    slotsPerBucket,
    slotBytes,
    metaBytes,
    bytes,
    slotOffset,
    metaOffset,
    readSlot: (b, s, out) =>
      out.set(bytes.subarray(slotOffset(b, s), slotOffset(b, s) + slotBytes)),
    writeSlot: (b, s, data) => bytes.set(data, slotOffset(b, s)),
    readMeta: (b, out, copy = 0) =>
      out.set(bytes.subarray(metaOffset(b, copy), metaOffset(b, copy) + metaBytes)),
    writeMeta: (b, data, copy = 0) => bytes.set(data, metaOffset(b, copy)),
  };
}

/**
 * A RawStorage shaped like the one `probe` uses: the tests build a throwaway ORAM with the
 * same options to learn the storage shape, then the ORAM under attack over raw bytes.
 */
export function rawStorageLike(probe: { storage: OramStorage }): RawStorage {
  const { bucketCount, slotsPerBucket, slotBytes, metaBytes } = probe.storage;
  return createRawStorage({ bucketCount, slotsPerBucket, slotBytes, metaBytes });
}
