import { checkOptionNames, type OptionNames } from '@paperlab/stats';
import type { AsyncBatchedStorage, IoBatch } from '../storage/storageProtocol.js';
import { checkShapeFields, type StorageShape } from '../storage.js';
import { type BatchStore, checkBatchSeq } from './batchStore.js';
import {
  entriesOf,
  kindBytes,
  type Location,
  locationKey,
  locationsOf,
  type WriteBatch,
} from './writeBatch.js';

export interface IndexedDbStorageOptions {
  /** Database name, a non-empty string of at most 256 characters. */
  name: string;
  /** The storage shape of the ORAM that will use it (ringStorageShape / pathStorageShape). */
  shape: StorageShape;
  /** The IDBFactory; default globalThis.indexedDB (tests pass fake-indexeddb's). */
  indexedDB?: IDBFactory;
}

export interface IndexedDbStorage extends BatchStore, AsyncBatchedStorage {
  readonly name: string;
  close(): Promise<void>;
}

const CELLS = 'cells';
const INFO = 'info';
const VERSION = 1;

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

const IDB_OPTIONS: OptionNames<IndexedDbStorageOptions> = {
  name: true,
  shape: true,
  indexedDB: true,
};

/**
 * An ORAM store in the browser's IndexedDB, so a page keeps its ORAM across reloads. Object
 * store `cells` maps a location to its bytes; `info` holds the shape, the seq of the last
 * batch and the client's redo record. A batch and the client record are written in one
 * readwrite transaction with durability "strict", so the transaction is the journal: after a
 * crash or a reload either the whole commit is there or none of it (IndexedDB's transactions
 * are atomic, W3C Indexed Database API 3.0, §2.7). The browser profile is the client's own
 * storage here; the untrusted server of the ORAM model is whoever can read that profile.
 */
export async function createIndexedDbStorage(
  options: IndexedDbStorageOptions,
): Promise<IndexedDbStorage> {
  checkOptionNames('createIndexedDbStorage', options, IDB_OPTIONS);
  const { name, shape } = options;
  if (typeof name !== 'string' || name.length === 0 || name.length > 256) {
    throw new TypeError(
      `name must be a non-empty string of at most 256 characters, got ${JSON.stringify(String(name)).slice(0, 80)}`,
    );
  }
  checkShapeFields(shape, 'shape.');
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) throw new TypeError('no IndexedDB here: pass options.indexedDB');
  if (typeof (factory as { open?: unknown }).open !== 'function')
    throw new TypeError(`indexedDB must be an IDBFactory (with open()), got ${String(factory)}`);
  const openReq = factory.open(name, VERSION);
  openReq.onupgradeneeded = () => {
    const db = openReq.result;
    if (!db.objectStoreNames.contains(CELLS)) db.createObjectStore(CELLS);
    if (!db.objectStoreNames.contains(INFO)) db.createObjectStore(INFO);
  };
  const db = await done(openReq);
  const frozen = { ...shape };
  const shapeKey = [frozen.bucketCount, frozen.slotsPerBucket, frozen.slotBytes, frozen.metaBytes];
  let appliedSeq = 0;
  {
    const tx = db.transaction(INFO, 'readwrite');
    const info = tx.objectStore(INFO);
    const stored = (await done(info.get('shape'))) as number[] | undefined;
    if (stored === undefined) info.put(shapeKey, 'shape');
    else {
      const names = ['bucketCount', 'slotsPerBucket', 'slotBytes', 'metaBytes'];
      for (let i = 0; i < 4; i++) {
        if (stored[i] !== shapeKey[i]) {
          db.close();
          throw new RangeError(
            `IndexedDB store ${name} has ${names[i]} ${stored[i]}, these options need ${shapeKey[i]}`,
          );
        }
      }
    }
    appliedSeq = ((await done(info.get('seq'))) as number | undefined) ?? 0;
    await committed(tx);
  }
  let open = true;
  const checkOpen = (): void => {
    if (!open) throw new Error(`IndexedDB store ${name} is closed`);
  };

  const storage: IndexedDbStorage = {
    batched: 'async',
    bucketCount: frozen.bucketCount,
    slotsPerBucket: frozen.slotsPerBucket,
    slotBytes: frozen.slotBytes,
    metaBytes: frozen.metaBytes,
    name,
    shape: frozen,
    keepsClientRecord: true,
    get appliedSeq() {
      return appliedSeq;
    },
    async readLocations(locations: readonly Location[]) {
      checkOpen();
      const tx = db.transaction(CELLS, 'readonly');
      const cells = tx.objectStore(CELLS);
      const got = await Promise.all(
        locations.map((l) => done(cells.get(locationKey(frozen, l.kind, l.bucket, l.slot)))),
      );
      return got.map((v, i) =>
        v instanceof Uint8Array ? v : new Uint8Array(kindBytes(frozen, locations[i]!.kind)),
      );
    },
    async apply(batch: WriteBatch, record?: Uint8Array) {
      checkOpen();
      checkBatchSeq(appliedSeq, batch.seq);
      const tx = db.transaction([CELLS, INFO], 'readwrite', { durability: 'strict' });
      const ok = committed(tx);
      // Observed at once, so a put that throws (the transaction aborted) leaves no stray rejection.
      ok.catch(() => {});
      const cells = tx.objectStore(CELLS);
      for (const e of batch.entries) {
        if (e.data.length !== kindBytes(frozen, e.kind)) {
          tx.abort();
          await ok.catch(() => {});
          throw new RangeError(
            `location data must be ${kindBytes(frozen, e.kind)} bytes, got ${e.data.length}`,
          );
        }
        cells.put(e.data.slice(), locationKey(frozen, e.kind, e.bucket, e.slot));
      }
      const info = tx.objectStore(INFO);
      info.put(batch.seq, 'seq');
      if (record !== undefined) info.put(record.slice(), 'record');
      await ok;
      appliedSeq = batch.seq;
    },
    async loadClientRecord() {
      checkOpen();
      const tx = db.transaction(INFO, 'readonly');
      const r = (await done(tx.objectStore(INFO).get('record'))) as Uint8Array | undefined;
      return r instanceof Uint8Array ? r : undefined;
    },
    async read(batch: IoBatch) {
      const got = await storage.readLocations(locationsOf(batch));
      for (let i = 0; i < got.length; i++) batch.data.set(got[i]!, batch.offsets[i]!);
    },
    async write(batch: IoBatch) {
      await storage.apply({ seq: appliedSeq + 1, entries: entriesOf(batch, frozen) });
    },
    async close() {
      if (open) db.close();
      open = false;
    },
  };
  return storage;
}
