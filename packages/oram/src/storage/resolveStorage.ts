import { asyncStorageOf, batchedStorageOf, isAsyncBatchedStorage } from './batchedStorageOf.js';
import { createMemoryStorage } from './memoryStorage.js';
import {
  assertStorageShape,
  type OramStorage,
  type StorageShape,
  validateStorageShape,
} from './oramStorage.js';
import type { AsyncBatchedStorage, BatchedStorage } from './storageProtocol.js';

/** Any storage an ORAM accepts: per-location, batched, or (async ORAMs only) async batched. */
export type AnyStorage = OramStorage | BatchedStorage | AsyncBatchedStorage;

export interface ResolvedStorage {
  /** The storage the user passed, or the in-memory default. */
  given: AnyStorage;
  sync: BatchedStorage | undefined;
  async: AsyncBatchedStorage | undefined;
}

/**
 * Checks the storage's shape (or allocates the in-memory default) and picks the driver's view:
 * a sync ORAM needs a synchronous storage; an async ORAM takes any (a synchronous one behind
 * an async view).
 */
export function resolveStorage(
  given: unknown,
  shape: StorageShape,
  mode: 'sync' | 'async',
  tooLarge: () => RangeError,
): ResolvedStorage {
  let s: AnyStorage;
  if (given !== undefined) {
    if (given === null || typeof given !== 'object') {
      throw new TypeError(
        `storage must be a storage object, got ${given === null ? 'null' : typeof given}`,
      );
    }
    assertStorageShape(given as OramStorage, shape);
    s = given as AnyStorage;
  } else {
    try {
      validateStorageShape(shape);
    } catch {
      throw tooLarge();
    }
    s = createMemoryStorage(shape);
  }
  if (isAsyncBatchedStorage(s)) {
    if (mode === 'sync') {
      throw new TypeError(
        'storage answers asynchronously: use createAsyncRingOram / createAsyncPathOram with it',
      );
    }
    return { given: s, sync: undefined, async: s };
  }
  const sync = batchedStorageOf(s as OramStorage | BatchedStorage);
  return mode === 'sync'
    ? { given: s, sync, async: undefined }
    : { given: s, sync: undefined, async: asyncStorageOf(sync) };
}
