// A test storage for the fetch-ahead protocol (AsyncBatchedStorage.prefetch and peek,
// src/storage/storageProtocol.ts), shared by ringPrefetch.test.ts and ringPrefetchStale.test.ts.
import {
  type AsyncBatchedStorage,
  asyncStorageOf,
  createMemoryStorage,
  type IoBatch,
  META_SLOT,
  ringStorageShape,
} from '../../src/index.ts';

/**
 * A memory-backed async storage that records the hints it is given (metadata as
 * "bucket:copy", slots as "bucket:slot") and, with `peek`, answers `peek` from memory
 * (optionally through `lie`, which may change the peeked bytes of a metadata block, as a lying
 * server or a corrupted cache would); `read` is honest.
 */
export function hintingStorage(
  opts: Parameters<typeof ringStorageShape>[0],
  peek: boolean,
  lie?: (bucket: number, bytes: Uint8Array) => void,
) {
  const mem = createMemoryStorage(ringStorageShape(opts));
  const inner = asyncStorageOf(mem);
  const hinted: string[] = [];
  const hintedSlots: string[] = [];
  const log = { peeks: 0 };
  const storage: AsyncBatchedStorage = {
    ...inner,
    batched: 'async',
    read: (b: IoBatch) => inner.read(b),
    write: (b: IoBatch) => inner.write(b),
    prefetch(b: IoBatch) {
      for (let i = 0; i < b.count; i++) {
        if (b.slots[i] === META_SLOT) hinted.push(`${b.buckets[i]}:${b.copies[i]}`);
        else hintedSlots.push(`${b.buckets[i]}:${b.slots[i]}`);
      }
    },
  };
  if (peek)
    storage.peek = (b: IoBatch) => {
      log.peeks++;
      for (let i = 0; i < b.count; i++) {
        const at = b.offsets[i]!;
        if (b.slots[i] !== META_SLOT) throw new Error('the ORAM peeks at metadata only');
        const out = b.data.subarray(at, at + mem.metaBytes);
        mem.readMeta(b.buckets[i]!, out);
        lie?.(b.buckets[i]!, out);
      }
      return true;
    };
  return { storage, hinted, hintedSlots, log };
}
