// createFileStorage's layout of tree.bin written out by hand (src/fileStorage.ts): a 64-byte
// header, the slots bucket-major, then metadata copy 0 of every bucket, then copy 1. Shared by
// the tests that check or tear tree.bin byte by byte (fileBatchStoreCheckpoint, crashTorn).
import type { StorageShape } from '../../src/index.ts';

/** Where location (kind 0 slot / 1 metadata copy 0 / 2 copy 1, bucket, slot) starts. */
export function fileOffsetOf(
  shape: StorageShape,
  e: { kind: number; bucket: number; slot: number },
): number {
  const slots = shape.bucketCount * shape.slotsPerBucket * shape.slotBytes;
  return e.kind === 0
    ? 64 + (e.bucket * shape.slotsPerBucket + e.slot) * shape.slotBytes
    : 64 + slots + (e.kind - 1) * shape.bucketCount * shape.metaBytes + e.bucket * shape.metaBytes;
}

/** The whole file's length. */
export function fileBytesOf(shape: StorageShape): number {
  return 64 + shape.bucketCount * (shape.slotsPerBucket * shape.slotBytes + 2 * shape.metaBytes);
}
