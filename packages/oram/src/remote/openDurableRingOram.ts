import type { PathOram, PathOramOptions } from '../pathOram.js';
import { type AsyncPathOram, createAsyncPathOram, createPathOram } from '../pathOram.js';
import {
  type AsyncRingOram,
  createAsyncRingOram,
  createRingOram,
  type RingOram,
  type RingOramOptions,
} from '../ringOram.js';
import type { AsyncBatchedStorage } from '../storage/storageProtocol.js';
import type { OramStorage } from '../storage.js';
import { type DurableOram, type DurableOramOptions, openDurableOram } from './durableOram.js';

/** The durable part of the options: where the tree and the client's record live. */
export type DurableStoreOptions = Omit<DurableOramOptions<never>, 'open'>;

/**
 * A Ring ORAM on a durable store (the file store, `paperlab-oram serve`, IndexedDB) whose
 * accesses survive crashes: see openDurableOram. `options` are createRingOram's, without
 * `storage` and `state` (the driver owns both); pass the same key on every open.
 */
export function openDurableRingOram(
  options: Omit<RingOramOptions, 'storage' | 'state'>,
  durable: DurableStoreOptions,
): Promise<DurableOram<RingOram | AsyncRingOram>> {
  const o = options as RingOramOptions;
  if (o !== null && typeof o === 'object' && ('storage' in o || 'state' in o)) {
    throw new TypeError(
      'options.storage and options.state are set by the durable driver; leave them out',
    );
  }
  return openDurableOram<RingOram | AsyncRingOram>({
    ...durable,
    open: (storage, state) =>
      (storage as { batched?: string }).batched === 'async'
        ? createAsyncRingOram({ ...o, storage: storage as AsyncBatchedStorage, state })
        : createRingOram({ ...o, storage: storage as OramStorage, state }),
  });
}

/** The Path ORAM counterpart of openDurableRingOram. */
export function openDurablePathOram(
  options: Omit<PathOramOptions, 'storage' | 'state'>,
  durable: DurableStoreOptions,
): Promise<DurableOram<PathOram | AsyncPathOram>> {
  const o = options as PathOramOptions;
  if (o !== null && typeof o === 'object' && ('storage' in o || 'state' in o)) {
    throw new TypeError(
      'options.storage and options.state are set by the durable driver; leave them out',
    );
  }
  return openDurableOram<PathOram | AsyncPathOram>({
    ...durable,
    open: (storage, state) =>
      (storage as { batched?: string }).batched === 'async'
        ? createAsyncPathOram({ ...o, storage: storage as AsyncBatchedStorage, state })
        : createPathOram({ ...o, storage: storage as OramStorage, state }),
  });
}
