import { checkOptionNames, type OptionNames } from '@paperlab/stats';
import { checkAddr, checkData, checkInt } from '../oram.js';
import type { AsyncBatchedStorage, BatchedStorage } from '../storage/storageProtocol.js';
import type { OramStorage } from '../storage.js';
import type { BatchStore, SyncBatchStore } from './batchStore.js';
import type { ClientJournal } from './clientJournal.js';
import { decodeRedoRecord, encodeRedoRecord } from './redoRecord.js';
import { RollbackError } from './rollbackError.js';
import { asyncOverlayStorage, createWriteOverlay, overlayStorage } from './writeOverlay.js';

/**
 * The storage handed to `open`: for a store that answers synchronously (the file store), a
 * synchronous storage for createRingOram/createPathOram; otherwise an asynchronous one for
 * createAsyncRingOram/createAsyncPathOram.
 */
export type EpochStorage = (OramStorage & BatchedStorage) | AsyncBatchedStorage;

/** What the durable driver needs of an ORAM (both ORAMs of this package provide it). */
export interface DrivenOram {
  readonly capacity: number;
  readonly blockSize: number;
  read(addr: number): Uint8Array | Promise<Uint8Array>;
  write(addr: number, data: Uint8Array): void | Promise<void>;
  exportState(): Uint8Array | Promise<Uint8Array>;
}

export interface DurableOramOptions<O extends DrivenOram> {
  /** The untrusted store (file, remote server, IndexedDB). */
  store: BatchStore;
  /** Where the redo record lives; not needed when the store keeps it (IndexedDB). */
  journal?: ClientJournal;
  /**
   * Builds the ORAM over `storage` (the epoch's storage, which the driver owns), from the
   * saved state when there is one. Pass the same key and options on every open.
   */
  open: (storage: EpochStorage, state: Uint8Array | undefined) => O | Promise<O>;
  /** Accesses grouped into one commit at most (group commit), integer in [1, 2^16]; default 64. */
  maxEpochAccesses?: number;
  /** Bytes of writes after which the epoch commits early; default 8 MiB. */
  maxEpochBytes?: number;
}

export interface DurableOram<O extends DrivenOram> {
  /** The ORAM itself (counters, inspect); call read/write through the durable driver only. */
  readonly oram: O;
  /** seq of the last committed batch. */
  readonly seq: number;
  /** Resolves once the access is durable (its epoch committed). */
  read(addr: number): Promise<Uint8Array>;
  write(addr: number, data: Uint8Array): Promise<void>;
  /** Resolves when every access issued so far is durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  addr: number;
  data: Uint8Array | undefined;
  resolve: (v: Uint8Array | undefined) => void;
  reject: (e: unknown) => void;
}

const DURABLE_OPTIONS: OptionNames<DurableOramOptions<DrivenOram>> = {
  store: true,
  journal: true,
  open: true,
  maxEpochAccesses: true,
  maxEpochBytes: true,
};

/**
 * Opens an ORAM whose accesses survive crashes (README, "Remote storage and crash
 * consistency"). Accesses run one at a time in call order; their writes stay on the client
 * until the epoch commits: the new client state and the epoch's batch are saved as one redo
 * record (journal), then the batch is applied by the store, then the epoch's promises resolve.
 * Accesses issued while an epoch runs join the next one, up to maxEpochAccesses (group commit
 * as in database logs, Gawlick and Kinkade 1985; and ORAM epochs as in Obladi, Crooks et al.,
 * OSDI 2018), so a caller with many accesses in flight pays one commit for many.
 *
 * On open, a pending record is re-applied: the store must be at the record's seq or one
 * below, or the store (or the record) went back in time and RollbackError is thrown.
 */
export async function openDurableOram<O extends DrivenOram>(
  options: DurableOramOptions<O>,
): Promise<DurableOram<O>> {
  checkOptionNames('openDurableOram', options, DURABLE_OPTIONS);
  const { store } = options;
  if (store === null || typeof store !== 'object' || typeof store.apply !== 'function') {
    throw new TypeError(
      'store must be a BatchStore (createFileBatchStore, createRemoteStorage, createIndexedDbStorage)',
    );
  }
  if (typeof options.open !== 'function')
    throw new TypeError('open must be a function (storage, state) => ORAM');
  const keeps = store.keepsClientRecord === true;
  const journal = options.journal;
  if (journal !== undefined && (journal === null || typeof journal.save !== 'function'))
    throw new TypeError('journal must be a ClientJournal (createFileJournal, createMemoryJournal)');
  if (!keeps && journal === undefined) {
    throw new TypeError('journal is required for a store that does not keep the client record');
  }
  const maxAccesses = checkInt('maxEpochAccesses', options.maxEpochAccesses ?? 64, 1, 2 ** 16);
  const maxBytes = checkInt('maxEpochBytes', options.maxEpochBytes ?? 8 * 2 ** 20, 1, 2 ** 30);
  const sync = store as Partial<SyncBatchStore>;

  const raw = keeps ? await store.loadClientRecord!() : await journal!.load();
  let seq = 0;
  let state: Uint8Array | undefined;
  if (raw !== undefined) {
    const record = decodeRedoRecord(raw, store.shape);
    if (store.appliedSeq < record.seq - 1) {
      throw new RollbackError(
        record.seq,
        store.appliedSeq,
        `the store is at batch ${store.appliedSeq} but this client committed batch ${record.seq}: the store was rolled back (restored from an older copy, or it serves an old one)`,
      );
    }
    if (store.appliedSeq > record.seq) {
      throw new RollbackError(
        record.seq,
        store.appliedSeq,
        `the store is at batch ${store.appliedSeq}, ahead of this client's record (batch ${record.seq}): the client's record is older than the store (restored, lost, or another client wrote)`,
      );
    }
    // Idempotent: the record holds whole locations.
    await store.apply(record.batch);
    seq = record.seq;
    state = record.state;
  } else if (store.appliedSeq !== 0) {
    throw new RollbackError(
      0,
      store.appliedSeq,
      `the store holds ${store.appliedSeq} batches but this client has no record: open it with the journal that committed them`,
    );
  }

  const overlay = createWriteOverlay(store.shape);
  const storage: EpochStorage =
    typeof sync.readSync === 'function'
      ? overlayStorage(overlay, (k, b, s, out) => sync.readSync!(k, b, s, out))
      : asyncOverlayStorage(overlay, store);
  const oram = await options.open(storage, state);
  const queue: Pending[] = [];
  let running: Promise<void> | undefined;
  let failure: unknown;
  let closed = false;

  const commit = async (): Promise<void> => {
    const next = seq + 1;
    // The state first: exporting may itself write (a scheme flushing cached metadata), and
    // those writes belong to this epoch's batch.
    const state = await oram.exportState();
    const batch = overlay.drain(next);
    const record = encodeRedoRecord({ seq: next, state, batch });
    if (keeps) await store.apply(batch, record);
    else {
      await journal!.save(record);
      await store.apply(batch);
    }
    seq = next;
  };

  const runEpochs = async (): Promise<void> => {
    while (queue.length > 0 && failure === undefined) {
      const epoch = queue.splice(0, maxAccesses);
      const results: (Uint8Array | undefined)[] = [];
      let i = 0;
      try {
        for (; i < epoch.length; i++) {
          const p = epoch[i]!;
          if (p.data === undefined) results.push(await oram.read(p.addr));
          else {
            await oram.write(p.addr, p.data);
            results.push(undefined);
          }
          if (overlay.bytes >= maxBytes) {
            // Commit early; the rest of this epoch goes back to the front of the queue.
            queue.unshift(...epoch.splice(i + 1));
          }
        }
        await commit();
      } catch (e) {
        // The ORAM fails closed after a failed access; nothing of the epoch reached the store.
        failure = e;
        overlay.clear();
        for (const p of epoch) p.reject(e);
        for (const p of queue.splice(0)) p.reject(e);
        return;
      }
      for (let j = 0; j < epoch.length; j++) epoch[j]!.resolve(results[j]);
    }
  };

  const enqueue = (addr: number, data: Uint8Array | undefined): Promise<Uint8Array | undefined> => {
    if (closed) return Promise.reject(new Error('durable ORAM is closed'));
    if (failure !== undefined) return Promise.reject(failure);
    try {
      checkAddr(addr, oram.capacity);
      if (data !== undefined) data = checkData(data, oram.blockSize).slice();
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      queue.push({ addr, data, resolve, reject });
      if (running === undefined) {
        // Start on the next microtask so calls issued together share the first epoch.
        running = Promise.resolve()
          .then(runEpochs)
          .finally(() => {
            running = undefined;
            if (queue.length > 0 && failure === undefined) void enqueueDrain();
          });
      }
    });
  };
  const enqueueDrain = (): Promise<void> => {
    running ??= runEpochs().finally(() => {
      running = undefined;
    });
    return running;
  };

  // A fresh ORAM may initialise its tree: make that the first commit.
  if (overlay.size > 0) await commit();

  return {
    oram,
    get seq() {
      return seq;
    },
    read: (addr) => enqueue(addr, undefined) as Promise<Uint8Array>,
    write: async (addr, data) => {
      if (data === undefined)
        throw new TypeError(`data must be a Uint8Array of ${oram.blockSize} bytes, got undefined`);
      await enqueue(addr, data);
    },
    async flush() {
      while (running !== undefined) await running;
      if (failure !== undefined) throw failure;
    },
    async close() {
      if (closed) return;
      while (running !== undefined) await running.catch(() => {});
      closed = true;
      await store.close();
    },
  };
}
