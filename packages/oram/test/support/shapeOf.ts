// The storage shape an ORAM with these options needs, from a throwaway probe ORAM (replaced by
// the storage layer's shape function once it exists).
import {
  createPathOram,
  createRingOram,
  type RingOramOptions,
  type StorageShape,
} from '../../src/index.ts';

export function ringShape(options: RingOramOptions): StorageShape {
  const { storage, ...rest } = options;
  const s = (createRingOram(rest) as unknown as { storage: StorageShape }).storage;
  return {
    bucketCount: s.bucketCount,
    slotsPerBucket: s.slotsPerBucket,
    slotBytes: s.slotBytes,
    metaBytes: s.metaBytes,
  };
}

export function pathShape(options: Parameters<typeof createPathOram>[0]): StorageShape {
  const { storage, ...rest } = options;
  const s = (createPathOram(rest) as unknown as { storage: StorageShape }).storage;
  return {
    bucketCount: s.bucketCount,
    slotsPerBucket: s.slotsPerBucket,
    slotBytes: s.slotBytes,
    metaBytes: s.metaBytes,
  };
}
