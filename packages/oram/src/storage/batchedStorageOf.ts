import { type OramStorage, UnreadableLocationError } from './oramStorage.js';
import {
  type AsyncBatchedStorage,
  type BatchedStorage,
  type IoBatch,
  META_SLOT,
} from './storageProtocol.js';

/** Whether a storage answers the batched protocol (synchronously). */
export function isBatchedStorage(s: unknown): s is BatchedStorage {
  return typeof s === 'object' && s !== null && (s as { batched?: unknown }).batched === 'sync';
}

/** Whether a storage answers the batched protocol asynchronously. */
export function isAsyncBatchedStorage(s: unknown): s is AsyncBatchedStorage {
  return typeof s === 'object' && s !== null && (s as { batched?: unknown }).batched === 'async';
}

/**
 * The batched protocol over a per-location storage (the file storage, the fault injector, a
 * test's wrapper): one call per location, an UnreadableLocationError recorded for its location
 * only, any other error failing the batch.
 */
export function batchedStorageOf(s: OramStorage | BatchedStorage): BatchedStorage {
  if (isBatchedStorage(s)) return s;
  const { slotBytes, metaBytes } = s;
  const run = (batch: IoBatch, write: boolean): void => {
    for (let i = 0; i < batch.count; i++) {
      const b = batch.buckets[i]!;
      const slot = batch.slots[i]!;
      const off = batch.offsets[i]!;
      try {
        if (slot === META_SLOT) {
          const view = batch.data.subarray(off, off + metaBytes);
          const copy = batch.copies[i] as 0 | 1;
          if (write) s.writeMeta(b, view, copy);
          else s.readMeta(b, view, copy);
        } else {
          const view = batch.data.subarray(off, off + slotBytes);
          if (write) s.writeSlot(b, slot, view);
          else s.readSlot(b, slot, view);
        }
      } catch (e) {
        if (!(e instanceof UnreadableLocationError)) throw e;
        batch.failures[i] = e;
        batch.failed++;
      }
    }
  };
  const out: BatchedStorage = {
    batched: 'sync',
    bucketCount: s.bucketCount,
    slotsPerBucket: s.slotsPerBucket,
    slotBytes,
    metaBytes,
    read: (batch) => run(batch, false),
    write: (batch) => run(batch, true),
  };
  if (s.close !== undefined) out.close = () => s.close!();
  return out;
}

/**
 * An asynchronous view of a synchronous storage: every batch answers after a macrotask-free
 * await (a resolved Promise), so the ORAM's async driver really suspends between batches.
 * For tests and for code written against the async protocol.
 */
export function asyncStorageOf(s: OramStorage | BatchedStorage): AsyncBatchedStorage {
  const inner = batchedStorageOf(s);
  const out: AsyncBatchedStorage = {
    batched: 'async',
    bucketCount: inner.bucketCount,
    slotsPerBucket: inner.slotsPerBucket,
    slotBytes: inner.slotBytes,
    metaBytes: inner.metaBytes,
    async read(batch) {
      await Promise.resolve();
      inner.read(batch);
    },
    async write(batch) {
      await Promise.resolve();
      inner.write(batch);
    },
  };
  if (inner.endAccess !== undefined) {
    out.endAccess = async () => inner.endAccess!();
  }
  if (inner.close !== undefined) out.close = async () => inner.close!();
  return out;
}
