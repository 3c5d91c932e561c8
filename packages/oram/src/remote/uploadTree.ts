import { checkOptionNames, type OptionNames } from '@paperlab/stats';
import { checkBooleanOption } from '../checkOptions.js';
import type { OramStorage } from '../storage/oramStorage.js';
import type { BatchStore } from './batchStore.js';
import { type BatchEntry, KIND_META, KIND_META_MIRROR, KIND_SLOT } from './writeBatch.js';

export interface UploadTreeOptions {
  /** Bytes of location data per write batch, integer in [1024, 2^26]; default 1 MiB. */
  batchBytes?: number;
  /** Also copy the mirrored metadata (copy 1, IRO's mirrored channel); default false. */
  mirror?: boolean;
}

/**
 * Copies a whole tree, every slot and every bucket's metadata, from a local storage (say the
 * createMemoryStorage under a synchronous ORAM that was just filled) into a batch store (a
 * `paperlab-oram serve` store through createRemoteStorage, a file store), in write batches
 * applied one after the other with the store's next seq numbers. Together with the ORAM's
 * exportState(), this starts an ORAM on the store in the same state as the local one, much
 * faster than writing every address through the network: the server sees only whole-tree
 * writes in bucket order, which depend on the shape alone. Returns the number of batches.
 * The store must have the same shape and a seq it can go on from (its appliedSeq).
 */
export async function uploadTree(
  from: OramStorage,
  to: BatchStore,
  options: UploadTreeOptions = {},
): Promise<number> {
  if (from === null || typeof from !== 'object' || typeof from.readMeta !== 'function')
    throw new TypeError('from must be an OramStorage (createMemoryStorage, createFileStorage)');
  if (to === null || typeof to !== 'object' || typeof to.apply !== 'function')
    throw new TypeError('to must be a BatchStore (createRemoteStorage, createFileBatchStore)');
  checkOptionNames('uploadTree', options, {
    batchBytes: true,
    mirror: true,
  } satisfies OptionNames<UploadTreeOptions>);
  const mirror = checkBooleanOption('mirror', options.mirror, false);
  const batchBytes = options.batchBytes ?? 2 ** 20;
  if (!Number.isInteger(batchBytes) || batchBytes < 1024 || batchBytes > 2 ** 26) {
    throw new RangeError(
      `batchBytes must be an integer in [1024, 67108864], got ${String(batchBytes)}`,
    );
  }
  for (const k of ['bucketCount', 'slotsPerBucket', 'slotBytes', 'metaBytes'] as const) {
    if (from[k] !== to.shape[k]) {
      throw new RangeError(`the store has ${k} ${to.shape[k]}, the source storage ${from[k]}`);
    }
  }
  const { bucketCount, slotsPerBucket, slotBytes, metaBytes } = to.shape;
  const copies = mirror ? [KIND_META, KIND_META_MIRROR] : [KIND_META];
  let entries: BatchEntry[] = [];
  let bytes = 0;
  let batches = 0;
  const send = async (): Promise<void> => {
    if (entries.length === 0) return;
    await to.apply({ seq: to.appliedSeq + 1, entries });
    batches++;
    entries = [];
    bytes = 0;
  };
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    for (const kind of copies) {
      const data = new Uint8Array(metaBytes);
      from.readMeta(bucket, data, kind === KIND_META_MIRROR ? 1 : 0);
      entries.push({ kind: kind as 1 | 2, bucket, slot: 0, data });
      bytes += metaBytes;
    }
    for (let slot = 0; slot < slotsPerBucket; slot++) {
      const data = new Uint8Array(slotBytes);
      from.readSlot(bucket, slot, data);
      entries.push({ kind: KIND_SLOT, bucket, slot, data });
      bytes += slotBytes;
    }
    if (bytes >= batchBytes) await send();
  }
  await send();
  return batches;
}
