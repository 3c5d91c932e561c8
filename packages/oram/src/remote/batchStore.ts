import type { StorageShape } from '../storage.js';
import type { Location, WriteBatch } from './writeBatch.js';

/**
 * An untrusted store that answers whole batches: the physical layer under a durable ORAM. Every
 * implementation (the file store, the remote client of `paperlab-oram serve`, IndexedDB)
 * applies a batch all or nothing and durably before its promise resolves, and remembers the
 * seq of the last batch it applied, so a client can tell a store that went back in time.
 */
export interface BatchStore {
  readonly shape: StorageShape;
  /** seq of the last batch applied; 0 for a store no batch reached yet. */
  readonly appliedSeq: number;
  /** The locations' current bytes, in order (zeros where nothing was ever written). */
  readLocations(locations: readonly Location[]): Promise<Uint8Array[]>;
  /**
   * Applies a batch atomically. `batch.seq` must be appliedSeq + 1, or appliedSeq to re-apply
   * the last batch after a crash (idempotent). When the store keeps the client's record
   * itself (`keepsClientRecord`), `record` is stored in the same atomic step.
   */
  apply(batch: WriteBatch, record?: Uint8Array): Promise<void>;
  /** True when `apply(batch, record)` stores the client record atomically with the batch. */
  readonly keepsClientRecord?: boolean;
  /** The client record stored by the last apply, when keepsClientRecord. */
  loadClientRecord?(): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

/** A store on this machine that can also answer synchronously (for the synchronous ORAMs). */
export interface SyncBatchStore extends BatchStore {
  readSync(kind: number, bucket: number, slot: number, out: Uint8Array): void;
  applySync(batch: WriteBatch): void;
}

/** Checks the sequence rule shared by every store; returns true to apply, throws otherwise. */
export function checkBatchSeq(appliedSeq: number, seq: number): void {
  if (seq !== appliedSeq + 1 && seq !== appliedSeq) {
    throw new RangeError(
      `batch seq ${seq} does not follow the store's last applied seq ${appliedSeq} (must be ${appliedSeq + 1}, or ${appliedSeq} to re-apply)`,
    );
  }
}
