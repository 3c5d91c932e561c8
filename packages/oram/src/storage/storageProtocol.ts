import type { StorageShape } from './oramStorage.js';

/**
 * The path-batched storage protocol (ours; the shape follows mc-oblivious's ORAMStorage, whose
 * `checkout`/`checkin` move a whole branch at once, and Ring ORAM's access, which needs the
 * metadata of a path before it can choose the slots to read).
 *
 * An ORAM talks to its untrusted memory in batches of locations. A location is one slot of a
 * bucket, or one copy of a bucket's metadata. A Ring ORAM access issues:
 * - a read batch of the metadata of a path's buckets (L + 1 locations, one per level);
 * - a read batch of the chosen slots of that path (one per bucket online; Z per bucket, or
 *   all W under the Merkle baseline, for an eviction or an early reshuffle);
 * - a write batch putting a path back (every slot and the metadata of each rewritten bucket,
 *   leaf first; online, only the metadata).
 * So an access costs two round trips online plus the eviction's batches every A accesses,
 * whatever the number of levels. Recovery (a metadata mirror, a replica) adds one batch when a
 * location fails. Path ORAM reads and writes a whole path in one batch each.
 *
 * A storage reads these arrays and never replaces them (the ORAM reuses its batches).
 * Locations are listed in the order the server sees them (the physical trace follows it).
 * Bytes travel in `data`: location i occupies `data[offsets[i] .. offsets[i] + size)`, size
 * being `slotBytes` for a slot and `metaBytes` for metadata. A storage fills `data` on a read
 * and takes it on a write; it never needs a key.
 *
 * Failures are per location: a location the storage cannot return or store (a dead channel, a
 * worn-out line) is reported by putting an `UnreadableLocationError` (or a subclass such as
 * `ChannelFailedError`) at `failures[i]` and going on with the other locations. The ORAM then
 * applies its rules (replica or mirror fallback, otherwise it fails closed). Any error the
 * storage throws instead fails the whole batch, and the ORAM fails closed.
 */
export interface IoBatch {
  /** 'read' fills `data` from the store; 'write' stores `data`. */
  op: 'read' | 'write';
  /** Number of locations in the batch (the arrays below may be longer; only [0, count) counts). */
  count: number;
  /** Bucket of location i, in heap order (root 0, children of b at 2b + 1 and 2b + 2). */
  buckets: Int32Array;
  /** Slot of location i inside its bucket, or META_SLOT for metadata. */
  slots: Int32Array;
  /** Metadata copy of location i: 0 primary, 1 mirror (IRO's mirrored channel); 0 for slots. */
  copies: Uint8Array;
  /**
   * Byte offset of location i in `data`. Unsigned 32-bit: a batch lent the in-memory array
   * points into up to MAX_STORAGE_BYTES = 2^32 - 1 bytes (2^16 blocks of 4 KiB are 2.4 GB).
   */
  offsets: Uint32Array;
  /** The bytes of every location. */
  data: Uint8Array;
  /** After the batch ran: undefined when location i succeeded, else its UnreadableLocationError. */
  failures: (Error | undefined)[];
  /** How many entries of `failures[0, count)` are set. */
  failed: number;
}

/** Slot value naming a bucket's metadata in an IoBatch. */
export const META_SLOT = -1;

/**
 * A storage that answers batches synchronously: the in-memory fast path, and any local
 * storage that can answer at once. `createMemoryStorage` implements it.
 */
export interface BatchedStorage extends StorageShape {
  readonly batched: 'sync';
  read(batch: IoBatch): void;
  write(batch: IoBatch): void;
  /**
   * Called after the last write of every access (optional): a durable storage commits or
   * syncs here, so an access that returned is on stable storage.
   */
  endAccess?(): void;
  close?(): void;
}

/**
 * The same protocol over an asynchronous channel (a server, IndexedDB): each operation returns
 * a Promise. The ORAM never has two batches in flight: it awaits each before the next.
 */
export interface AsyncBatchedStorage extends StorageShape {
  readonly batched: 'async';
  read(batch: IoBatch): Promise<void>;
  write(batch: IoBatch): Promise<void>;
  /** As BatchedStorage.endAccess: resolve once the access is durable. */
  endAccess?(): Promise<void>;
  /**
   * Optional fetch-ahead: the locations `[0, count)` of `batch` (its locations only, copied
   * before returning) will be read later in this access, and nothing writes them before. A
   * storage behind a network may send them with its next read and answer that later read
   * from what came back, saving a round trip; it must still return exactly the bytes the
   * later read would get. The Ring ORAM names its eviction's metadata this way.
   */
  prefetch?(batch: IoBatch): void;
  /**
   * Optional, with `prefetch`: copies into `batch.data` (at `batch.offsets`) the bytes of
   * every location of `batch` that the client already holds for this access (fetched ahead
   * with an earlier read, or written in this access), synchronously, and returns true. Returns
   * false, with `data` unspecified, when any location would need a request. It sends nothing
   * and counts nothing, and a later `read` of the same locations must return the same bytes.
   * The Ring ORAM plans its eviction's slot reads from its eviction's metadata this way, so
   * they can go with ReadPath's slot read.
   */
  peek?(batch: IoBatch): boolean;
  /**
   * Optional fetch-ahead across an access boundary: the locations `[0, count)` of `batch`
   * (copied before returning) are what the next access will read first: its path's metadata
   * (Ring ORAM) or its whole path (Path ORAM).
   * Unlike `prefetch`, this access may still write some of them. A storage may send them with
   * its next read and, in the next access, answer a read of one of them from what came back,
   * unless this access wrote it after naming it, in which case the answer is that write. Either
   * way it returns exactly the bytes an honest server would then return. The Ring ORAM names
   * the next queued access's path here before ReadPath's slot read, so an access whose caller
   * queued the next one costs one awaited round trip online instead of two; the Path ORAM names
   * the next path before its own read, which then needs no request (its path came ahead), so
   * `createRemoteStorage` sends the names in a READ of their own, not awaited, and the next
   * access waits only for what is left of that round trip.
   */
  prefetchNext?(batch: IoBatch): void;
  close?(): Promise<void>;
}

/** An empty batch with room for `locations` locations and `bytes` bytes of data. */
export function createIoBatch(locations: number, bytes: number): IoBatch {
  return {
    op: 'read',
    count: 0,
    buckets: new Int32Array(locations),
    slots: new Int32Array(locations),
    copies: new Uint8Array(locations),
    offsets: new Uint32Array(locations),
    data: new Uint8Array(bytes),
    failures: new Array<Error | undefined>(locations).fill(undefined),
    failed: 0,
  };
}

/** Size in bytes of location i of a batch for a storage of this shape. */
export function locationBytes(batch: IoBatch, i: number, shape: StorageShape): number {
  return batch.slots[i] === META_SLOT ? shape.metaBytes : shape.slotBytes;
}
