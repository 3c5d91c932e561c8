import { hash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync as readFileBytes,
  readFileSync,
  rmSync,
  writeSync,
  writevSync,
} from 'node:fs';
import { join } from 'node:path';
import { checkOptionNames, type OptionNames } from '@paperlab/stats';
import { checkBooleanOption } from '../checkOptions.js';
import { createFileStorage } from '../fileStorage.js';
import { type BatchStore, checkBatchSeq, type SyncBatchStore } from '../remote/batchStore.js';
import {
  encodeWrite,
  LOCATION_BYTES,
  OP_WRITE,
  type ScannedBatch,
  scanBatchRequest,
} from '../remote/wireCodec.js';
import {
  type BatchEntry,
  KIND_META_MIRROR,
  KIND_SLOT,
  kindBytes,
  type Location,
  type WriteBatch,
} from '../remote/writeBatch.js';
import type { StorageShape } from '../storage.js';

/**
 * A directory that holds one ORAM tree durably: `tree.bin` (the layout of createFileStorage),
 * and `journal.bin`, an append-only redo log of the batches applied since the last checkpoint.
 * The store keeps the whole tree in memory as well, so reads never touch the disk.
 *
 * Applying a batch:
 * 1. the batch is appended to `journal.bin` as one record (length, SHA-256, body) in one
 *    write, then fdatasynced: from here the batch survives a crash (a process kill survives
 *    even without the sync, because the kernel keeps the written pages);
 * 2. it is applied to the in-memory tree, and its locations are marked dirty.
 * Only then is it acknowledged. A checkpoint (when the journal passes `checkpointBytes`, and
 * on close) writes every dirty location and the last seq into `tree.bin`, fsyncs it, then
 * empties the journal.
 *
 * Opening loads `tree.bin` and re-applies every record of `journal.bin` in order. That is
 * idempotent (records hold whole locations), so a crash inside a checkpoint, which can leave
 * `tree.bin` with any subset of the dirty locations and a torn one, is repaired. A crash
 * inside an append leaves a torn last record: it was never acknowledged, and it is cut off.
 * A record that fails its checksum anywhere but at the end is corruption, not a crash, and
 * the store refuses to open. This is the write-ahead redo log of ARIES (Mohan et al., TODS
 * 1992) with checkpoints, and the order "log synced before the data, data synced before the
 * log is reset" is the one SQLite's write-ahead log keeps (sqlite.org/wal.html); group commit (one sync for several batches, `applyDeferred`
 * plus `sync`) is the database-log technique of Gawlick and Kinkade (1985).
 */
const JOURNAL_MAGIC = 'PLORAMJ1';
const RECORD_HEADER = 8 + 4 + 32;
/** createFileStorage's header bytes. */
const FILE_HEADER = 64;
/** Where tree.bin's header keeps the seq of the last checkpoint (a float64; unused by createFileStorage). */
const SEQ_AT = 32;
/** Largest tree the store keeps in memory (a Uint8Array), in bytes. */
const MAX_TREE_BYTES = 2 ** 31 - 1;

export interface FileBatchStoreOptions {
  dir: string;
  shape: StorageShape;
  /**
   * fsync the journal, the directory and the tree (default true). Without it a batch still
   * survives the process being killed (the kernel keeps the written pages) but not a power cut.
   */
  fsync?: boolean;
  /**
   * Journal size in bytes after which the dirty locations are written into tree.bin and the
   * journal is emptied, integer in [0, 2^30]; default 16 MiB. 0 checkpoints after every batch
   * (what the store did before it had a log).
   */
  checkpointBytes?: number;
  /** Test hook: called before each location is written into tree.bin (crash injection). */
  beforeTreeWrite?: (index: number, count: number, entry: BatchEntry) => void;
  /** Test hook: called before staged records are appended to the journal (fault injection). */
  beforeJournalAppend?: (records: number) => void;
}

/** A file batch store that can also defer the sync of its journal (group commit). */
export interface FileBatchStore extends SyncBatchStore {
  /** Appends and applies a batch without syncing: durable against a power cut after sync(). */
  applyDeferred(batch: WriteBatch): void;
  /**
   * As applyDeferred, for a WRITE request already checked by scanBatchRequest against this
   * store's shape (the server's path): the message itself becomes the journal record and is
   * applied from its own bytes, so the batch is neither decoded into objects nor re-encoded.
   */
  applyMessage(msg: Uint8Array, scan: ScannedBatch): void;
  /**
   * The first half of applyMessage (the server's path): the batch is checked and applied to the
   * in-memory tree at once, so the next read sees it, and its journal record is queued but not
   * written. `commitStaged` writes every queued record; a staged batch must not be
   * acknowledged before. `msg` must stay unchanged until then. This lets the server answer the
   * READs of a message before it pays for the journal (hashing, the write system call), while
   * acknowledging nothing that is not in the journal.
   */
  stageMessage(msg: Uint8Array, scan: ScannedBatch): void;
  /**
   * Appends the staged records to the journal in one write, in staging order (and checkpoints
   * if the journal is past checkpointBytes). If that fails, the in-memory tree is ahead of the
   * disk: the store fails closed (every later call throws) and must be reopened from DIR.
   */
  commitStaged(): void;
  /** Records staged and not yet committed. */
  readonly staged: number;
  /** Copies one location's bytes into `out` at `at` (no allocation). */
  copyLocation(kind: number, bucket: number, slot: number, out: Uint8Array, at: number): void;
  /**
   * Copies the bytes of every location of a READ request already checked by scanBatchRequest
   * against this store's shape into `out` from `at`, in request order (the server's path).
   */
  readMessage(msg: Uint8Array, scan: ScannedBatch, out: Uint8Array, at: number): void;
  /** Resolves once every batch applied so far is on stable storage (one fdatasync). */
  sync(): Promise<void>;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function sha256(data: Uint8Array): Uint8Array {
  return hash('sha256', data, 'buffer');
}

const MAGIC_BYTES = new TextEncoder().encode(JOURNAL_MAGIC);

/** Writes the header of a journal record for `body` at `at` of `out`: magic, length, SHA-256. */
function putRecordHeader(out: Uint8Array, at: number, body: Uint8Array): void {
  out.set(MAGIC_BYTES, at);
  new DataView(out.buffer, out.byteOffset + at, 12).setUint32(8, body.length, true);
  out.set(sha256(body), at + 12);
}

/**
 * Clean bytes between two dirty runs of tree.bin that a checkpoint writes rather than
 * splitting the write: a clean location's bytes in the image are the file's, so rewriting
 * them changes nothing, and a system call costs more than copying a few KiB.
 */
const CHECKPOINT_GAP_BYTES = 4096;

/** FileBatchStoreOptions.checkpointBytes, checked (default 16 MiB). */
export function checkCheckpointBytes(v: unknown): number {
  const n = v === undefined ? 16 * 2 ** 20 : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 2 ** 30) {
    throw new RangeError(`checkpointBytes must be an integer in [0, 1073741824], got ${String(v)}`);
  }
  return n;
}

const STORE_OPTIONS: OptionNames<FileBatchStoreOptions> = {
  dir: true,
  shape: true,
  fsync: true,
  checkpointBytes: true,
  beforeTreeWrite: true,
  beforeJournalAppend: true,
};

export function createFileBatchStore(options: FileBatchStoreOptions): FileBatchStore {
  checkOptionNames('createFileBatchStore', options, STORE_OPTIONS);
  const { dir, shape } = options;
  if (typeof dir !== 'string' || dir.length === 0)
    throw new TypeError('dir must be a non-empty string');
  const sync = checkBooleanOption('fsync', options.fsync, true);
  const checkpointBytes = checkCheckpointBytes(options.checkpointBytes);
  mkdirSync(dir, { recursive: true });
  const treePath = join(dir, 'tree.bin');
  const journalPath = join(dir, 'journal.bin');
  const tmpPath = join(dir, 'journal.tmp');
  // Left by the one-record journal of earlier versions (a batch that never committed).
  rmSync(tmpPath, { force: true });
  const { bucketCount, slotsPerBucket, slotBytes, metaBytes } = shape;
  const slotCount = bucketCount * slotsPerBucket;
  const slotArea = slotCount * slotBytes;
  const metaArea = bucketCount * metaBytes;
  const treeBytes = FILE_HEADER + slotArea + 2 * metaArea;
  if (treeBytes > MAX_TREE_BYTES) {
    throw new RangeError(
      `the tree is ${treeBytes} bytes; this store keeps it in memory and holds at most ${MAX_TREE_BYTES}`,
    );
  }
  const fresh = !existsSync(treePath);
  // createFileStorage checks or writes the header (shape); the store then owns the bytes.
  createFileStorage(treePath, shape, { create: true }).close?.();
  if (fresh && sync) {
    fsyncPath(treePath);
    fsyncPath(dir);
  }
  const image = new Uint8Array(treeBytes);
  {
    const fd = openSync(treePath, 'r');
    try {
      let at = 0;
      while (at < treeBytes) {
        const n = readFileBytes(fd, image, at, treeBytes - at, at);
        if (n === 0) break; // unwritten regions read as zeros
        at += n;
      }
    } finally {
      closeSync(fd);
    }
  }
  // Location index: slots (bucket-major), then metadata copy 0, then copy 1, which is also
  // their order in tree.bin, so the byte offset follows from the index alone.
  const indexOf = (kind: number, bucket: number, slot: number): number =>
    kind === KIND_SLOT
      ? bucket * slotsPerBucket + slot
      : slotCount + (kind === KIND_META_MIRROR ? bucketCount : 0) + bucket;
  const offsetOfIndex = (li: number): number =>
    li < slotCount
      ? FILE_HEADER + li * slotBytes
      : FILE_HEADER + slotArea + (li - slotCount) * metaBytes;
  const bytesOfIndex = (li: number): number => (li < slotCount ? slotBytes : metaBytes);
  /** Locations written since the last checkpoint: a flag per location and the list of them. */
  const dirtyFlag = new Uint8Array(slotCount + 2 * bucketCount);
  let dirtyList = new Int32Array(1024);
  let dirtyCount = 0;
  const headerSeq = new DataView(image.buffer).getFloat64(SEQ_AT, true);
  if (!Number.isSafeInteger(headerSeq) || headerSeq < 0) {
    throw new Error(`${treePath} names checkpoint seq ${headerSeq}: the store cannot be opened`);
  }
  let appliedSeq = headerSeq;
  let open = true;
  /** Set when a journal append failed after its batches reached the in-memory tree. */
  let failed: Error | undefined;
  const usable = (): void => {
    if (!open) throw new Error('store is closed');
    if (failed !== undefined)
      throw new Error(
        `store ${dir} failed closed (${failed.message}): reopen it from its directory`,
      );
  };

  /** The location indices of the request being served (indexBatch). */
  let batchIndex = new Int32Array(256);
  /** Where the loads of indexBatch go, so that they are not dropped as unused. */
  let _touched = 0;
  /**
   * Fills batchIndex with the location index of each location of a checked request, and
   * loads the first and last byte of each one's bytes in the image. The image is far larger
   * than the caches and a batch's locations lie all over it: loads that do not depend on
   * each other miss the cache together, where copying location after location would wait
   * for each miss in turn (the copies then find their bytes cached).
   */
  const indexBatch = (msg: Uint8Array, scan: ScannedBatch): void => {
    const count = scan.count;
    if (batchIndex.length < count) batchIndex = new Int32Array(2 * count);
    const v = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
    let loc = scan.locationsAt;
    let t = 0;
    for (let i = 0; i < count; i++) {
      const li = indexOf(msg[loc]!, v.getUint32(loc + 1, true), v.getUint16(loc + 5, true));
      batchIndex[i] = li;
      const at = offsetOfIndex(li);
      t ^= image[at]! ^ image[at + bytesOfIndex(li) - 1]!;
      loc += LOCATION_BYTES;
    }
    _touched = t;
  };

  /** Copies a checked WRITE message's bytes into the image and marks its locations dirty. */
  const applyToImage = (msg: Uint8Array, scan: ScannedBatch): void => {
    indexBatch(msg, scan);
    let at = scan.dataAt;
    for (let i = 0; i < scan.count; i++) {
      const li = batchIndex[i]!;
      const n = bytesOfIndex(li);
      image.set(msg.subarray(at, at + n), offsetOfIndex(li));
      at += n;
      if (dirtyFlag[li] === 0) {
        dirtyFlag[li] = 1;
        if (dirtyCount === dirtyList.length) {
          const grown = new Int32Array(dirtyList.length * 2);
          grown.set(dirtyList);
          dirtyList = grown;
        }
        dirtyList[dirtyCount++] = li;
      }
    }
  };

  // Replay the journal: every whole record in order; a torn record at the end is cut off.
  let journalEnd = 0;
  if (existsSync(journalPath)) {
    const bytes = new Uint8Array(readFileSync(journalPath));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    let first = true;
    let lastSeq = 0;
    while (at < bytes.length) {
      const rest = bytes.length - at;
      const len = rest >= RECORD_HEADER ? view.getUint32(at + 8, true) : -1;
      const whole = len >= 0 && RECORD_HEADER + len <= rest;
      const magicOk =
        rest >= 8 && new TextDecoder().decode(bytes.subarray(at, at + 8)) === JOURNAL_MAGIC;
      const body = whole ? bytes.subarray(at + RECORD_HEADER, at + RECORD_HEADER + len) : undefined;
      const digest = bytes.subarray(at + 12, at + RECORD_HEADER);
      const sound = magicOk && body !== undefined && sha256(body).every((b, i) => b === digest[i]);
      if (!sound) {
        if (!whole || RECORD_HEADER + len === rest) break; // the torn tail of an append
        throw new Error(
          `${journalPath} is corrupt at byte ${at} (bad magic or checksum before the end): the store cannot be opened`,
        );
      }
      let scan: ScannedBatch;
      try {
        scan = scanBatchRequest(body!, shape);
      } catch (e) {
        throw new Error(
          `${journalPath} holds a malformed batch at byte ${at} (${(e as Error).message}): the store cannot be opened`,
        );
      }
      if (scan.op !== OP_WRITE)
        throw new Error(`${journalPath} does not hold a batch at byte ${at}`);
      // The first record may predate the checkpoint in tree.bin (a crash before the journal
      // was emptied); every later one follows its predecessor.
      if (first ? scan.seq > headerSeq + 1 : scan.seq !== lastSeq + 1 && scan.seq !== lastSeq) {
        throw new Error(
          `${journalPath} holds batch ${scan.seq} after batch ${first ? headerSeq : lastSeq}: the store cannot be opened`,
        );
      }
      first = false;
      lastSeq = scan.seq;
      applyToImage(body!, scan);
      appliedSeq = Math.max(headerSeq, scan.seq);
      at += RECORD_HEADER + len;
    }
    journalEnd = at;
  }
  // Appends go to the end of the last whole record (a torn tail is cut off first).
  const jfd = openSync(journalPath, existsSync(journalPath) ? 'r+' : 'w+');
  if (fstatSync(jfd).size !== journalEnd) {
    ftruncateSync(jfd, journalEnd);
    if (sync) fsyncSync(jfd);
  }
  const journalFd = jfd;
  let unsynced = false;

  /** Records, header then message each, in one positioned write. */
  const append = (msgs: readonly Uint8Array[]): void => {
    const heads = new Uint8Array(RECORD_HEADER * msgs.length);
    const parts: Uint8Array[] = new Array(2 * msgs.length);
    let total = heads.length;
    for (let i = 0; i < msgs.length; i++) {
      const msg = msgs[i]!;
      putRecordHeader(heads, i * RECORD_HEADER, msg);
      parts[2 * i] = heads.subarray(i * RECORD_HEADER, (i + 1) * RECORD_HEADER);
      parts[2 * i + 1] = msg;
      total += msg.length;
    }
    let done = writevSync(journalFd, parts, journalEnd);
    if (done < total) {
      // A short write (rare on a regular file): the rest from where it stopped.
      const rec = new Uint8Array(total);
      let at = 0;
      for (const part of parts) {
        rec.set(part, at);
        at += part.length;
      }
      while (done < total) done += writeSync(journalFd, rec, done, total - done, journalEnd + done);
    }
    journalEnd += total;
  };
  /** WRITE messages applied to the image whose journal records are not written yet. */
  const staged: Uint8Array[] = [];

  /**
   * Dirty locations and the seq into tree.bin, fsynced, and only then the journal emptied: a
   * crash before the truncation replays the whole journal over the newer tree, which ends in
   * the same bytes (the records are replayed in order and hold whole locations). Without the
   * test hook, dirty locations less than CHECKPOINT_GAP_BYTES apart go out in one write.
   */
  const checkpoint = (): void => {
    if (dirtyCount === 0) return;
    const list = dirtyList.subarray(0, dirtyCount).sort();
    const fd = openSync(treePath, 'r+');
    try {
      const hook = options.beforeTreeWrite;
      if (hook !== undefined) {
        for (let i = 0; i < list.length; i++) {
          const li = list[i]!;
          const at = offsetOfIndex(li);
          const n = bytesOfIndex(li);
          const kind = li < slotCount ? KIND_SLOT : li < slotCount + bucketCount ? 1 : 2;
          const bucket =
            li < slotCount ? Math.floor(li / slotsPerBucket) : (li - slotCount) % bucketCount;
          const slot = li < slotCount ? li % slotsPerBucket : 0;
          hook(i, list.length, { kind, bucket, slot, data: image.subarray(at, at + n) });
          writeSync(fd, image, at, n, at);
        }
      } else {
        let i = 0;
        while (i < list.length) {
          const start = offsetOfIndex(list[i]!);
          let end = start + bytesOfIndex(list[i]!);
          let j = i + 1;
          while (j < list.length && offsetOfIndex(list[j]!) <= end + CHECKPOINT_GAP_BYTES) {
            end = offsetOfIndex(list[j]!) + bytesOfIndex(list[j]!);
            j++;
          }
          let at = start;
          while (at < end) at += writeSync(fd, image, at, end - at, at);
          i = j;
        }
      }
      const seqBytes = new Uint8Array(8);
      new DataView(seqBytes.buffer).setFloat64(0, appliedSeq, true);
      writeSync(fd, seqBytes, 0, 8, SEQ_AT);
      if (sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    ftruncateSync(journalFd, 0);
    if (sync) fsyncSync(journalFd);
    journalEnd = 0;
    unsynced = false;
    for (let i = 0; i < dirtyCount; i++) dirtyFlag[dirtyList[i]!] = 0;
    dirtyCount = 0;
  };

  const readSync = (kind: number, bucket: number, slot: number, out: Uint8Array): void => {
    usable();
    const li = indexOf(kind, bucket, slot);
    const at = offsetOfIndex(li);
    out.set(image.subarray(at, at + bytesOfIndex(li)));
  };

  const copyLocation = (
    kind: number,
    bucket: number,
    slot: number,
    out: Uint8Array,
    to: number,
  ): void => {
    usable();
    const li = indexOf(kind, bucket, slot);
    const at = offsetOfIndex(li);
    out.set(image.subarray(at, at + bytesOfIndex(li)), to);
  };

  const readMessage = (msg: Uint8Array, scan: ScannedBatch, out: Uint8Array, to: number): void => {
    usable();
    indexBatch(msg, scan);
    for (let i = 0; i < scan.count; i++) {
      const li = batchIndex[i]!;
      const at = offsetOfIndex(li);
      const n = bytesOfIndex(li);
      out.set(image.subarray(at, at + n), to);
      to += n;
    }
  };

  const stageMessage = (msg: Uint8Array, scan: ScannedBatch): void => {
    usable();
    if (scan.op !== OP_WRITE) throw new TypeError('stageMessage takes a WRITE request');
    checkBatchSeq(appliedSeq, scan.seq);
    applyToImage(msg, scan);
    staged.push(msg);
    appliedSeq = scan.seq;
  };

  const commitStaged = (): void => {
    usable();
    if (staged.length === 0) return;
    try {
      options.beforeJournalAppend?.(staged.length);
      append(staged);
    } catch (e) {
      // The image holds batches the journal may not: nothing may be served or checkpointed.
      failed = e instanceof Error ? e : new Error(String(e));
      staged.length = 0;
      throw e;
    }
    staged.length = 0;
    unsynced = true;
    if (journalEnd > checkpointBytes) checkpoint();
  };

  const applyMessage = (msg: Uint8Array, scan: ScannedBatch): void => {
    if (scan.op !== OP_WRITE) throw new TypeError('applyMessage takes a WRITE request');
    if (staged.length > 0) commitStaged();
    stageMessage(msg, scan);
    commitStaged();
  };

  const applyDeferred = (batch: WriteBatch): void => {
    usable();
    checkBatchSeq(appliedSeq, batch.seq);
    for (let i = 0; i < batch.entries.length; i++) {
      const e = batch.entries[i]!;
      const want = kindBytes(shape, e.kind);
      if (e.data?.length !== want)
        throw new RangeError(
          `entry ${i}: data must be ${want} bytes, got ${String(e.data?.length)}`,
        );
    }
    const msg = encodeWrite(0, batch.seq, batch.entries);
    // Checks every location against the shape before anything is written.
    applyMessage(msg, scanBatchRequest(msg, shape));
  };

  const applySync = (batch: WriteBatch): void => {
    applyDeferred(batch);
    if (sync && unsynced) {
      fdatasyncSync(journalFd);
      unsynced = false;
    }
  };

  const store: FileBatchStore = {
    shape: { ...shape },
    get appliedSeq() {
      return appliedSeq;
    },
    readSync,
    copyLocation,
    readMessage,
    applySync,
    applyDeferred,
    applyMessage,
    stageMessage,
    commitStaged,
    get staged() {
      return staged.length;
    },
    sync() {
      if (failed !== undefined) return Promise.reject(failed);
      if (!open || !sync || !unsynced) return Promise.resolve();
      unsynced = false;
      const fd = journalFd;
      return new Promise((resolve, reject) =>
        fdatasync(fd, (e) => (e === null ? resolve() : reject(e))),
      );
    },
    async readLocations(locations: readonly Location[]) {
      return locations.map((l) => {
        const out = new Uint8Array(kindBytes(shape, l.kind));
        readSync(l.kind, l.bucket, l.slot, out);
        return out;
      });
    },
    async apply(batch: WriteBatch) {
      applySync(batch);
    },
    async close() {
      if (!open) return;
      try {
        // A failed store's image is ahead of its journal: DIR alone is the truth then.
        if (failed === undefined) {
          commitStaged();
          checkpoint();
        }
      } finally {
        open = false;
        closeSync(journalFd);
      }
    },
  };
  return store satisfies BatchStore;
}
