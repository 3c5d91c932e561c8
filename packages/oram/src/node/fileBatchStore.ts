import { createHash } from 'node:crypto';
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
} from 'node:fs';
import { join } from 'node:path';
import { createFileStorage } from '../fileStorage.js';
import { type BatchStore, checkBatchSeq, type SyncBatchStore } from '../remote/batchStore.js';
import { decodeRequest, encodeWrite, OP_WRITE } from '../remote/wireCodec.js';
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
}

/** A file batch store that can also defer the sync of its journal (group commit). */
export interface FileBatchStore extends SyncBatchStore {
  /** Appends and applies a batch without syncing: durable against a power cut after sync(). */
  applyDeferred(batch: WriteBatch): void;
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
  return new Uint8Array(createHash('sha256').update(data).digest());
}

function encodeRecord(body: Uint8Array): Uint8Array {
  const rec = new Uint8Array(RECORD_HEADER + body.length);
  rec.set(new TextEncoder().encode(JOURNAL_MAGIC), 0);
  new DataView(rec.buffer).setUint32(8, body.length, true);
  rec.set(sha256(body), 12);
  rec.set(body, RECORD_HEADER);
  return rec;
}

export function createFileBatchStore(options: FileBatchStoreOptions): FileBatchStore {
  const { dir, shape } = options;
  if (typeof dir !== 'string' || dir.length === 0)
    throw new TypeError('dir must be a non-empty string');
  const sync = options.fsync ?? true;
  const checkpointBytes = options.checkpointBytes ?? 16 * 2 ** 20;
  if (!Number.isInteger(checkpointBytes) || checkpointBytes < 0 || checkpointBytes > 2 ** 30) {
    throw new RangeError(
      `checkpointBytes must be an integer in [0, 1073741824], got ${String(checkpointBytes)}`,
    );
  }
  mkdirSync(dir, { recursive: true });
  const treePath = join(dir, 'tree.bin');
  const journalPath = join(dir, 'journal.bin');
  const tmpPath = join(dir, 'journal.tmp');
  // Left by the one-record journal of earlier versions (a batch that never committed).
  rmSync(tmpPath, { force: true });
  const { bucketCount, slotsPerBucket, slotBytes, metaBytes } = shape;
  const slotArea = bucketCount * slotsPerBucket * slotBytes;
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
  const offsetOf = (kind: number, bucket: number, slot: number): number =>
    kind === KIND_SLOT
      ? FILE_HEADER + (bucket * slotsPerBucket + slot) * slotBytes
      : FILE_HEADER + slotArea + (kind === KIND_META_MIRROR ? metaArea : 0) + bucket * metaBytes;
  /** Dirty locations since the last checkpoint: offset -> the entry that last wrote it. */
  const dirty = new Map<number, BatchEntry>();
  const headerSeq = new DataView(image.buffer).getFloat64(SEQ_AT, true);
  if (!Number.isSafeInteger(headerSeq) || headerSeq < 0) {
    throw new Error(`${treePath} names checkpoint seq ${headerSeq}: the store cannot be opened`);
  }
  let appliedSeq = headerSeq;
  let open = true;

  const applyToImage = (batch: WriteBatch): void => {
    for (const e of batch.entries) {
      const at = offsetOf(e.kind, e.bucket, e.slot);
      image.set(e.data, at);
      dirty.set(at, {
        kind: e.kind,
        bucket: e.bucket,
        slot: e.slot,
        data: image.subarray(at, at + e.data.length),
      });
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
      const req = decodeRequest(body!, shape);
      if (req.op !== OP_WRITE)
        throw new Error(`${journalPath} does not hold a batch at byte ${at}`);
      // The first record may predate the checkpoint in tree.bin (a crash before the journal
      // was emptied); every later one follows its predecessor.
      if (first ? req.seq > headerSeq + 1 : req.seq !== lastSeq + 1 && req.seq !== lastSeq) {
        throw new Error(
          `${journalPath} holds batch ${req.seq} after batch ${first ? headerSeq : lastSeq}: the store cannot be opened`,
        );
      }
      first = false;
      lastSeq = req.seq;
      applyToImage({ seq: req.seq, entries: req.entries });
      appliedSeq = Math.max(headerSeq, req.seq);
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

  const append = (batch: WriteBatch): void => {
    const body = encodeWrite(0, batch.seq, batch.entries);
    // Validates every location against the shape before anything is written.
    decodeRequest(body, shape);
    const rec = encodeRecord(body);
    let at = 0;
    while (at < rec.length) at += writeSync(journalFd, rec, at, rec.length - at, journalEnd + at);
    journalEnd += rec.length;
  };

  /**
   * Dirty locations and the seq into tree.bin, fsynced, and only then the journal emptied: a
   * crash before the truncation replays the whole journal over the newer tree, which ends in
   * the same bytes (the records are replayed in order and hold whole locations).
   */
  const checkpoint = (): void => {
    if (dirty.size === 0) return;
    const fd = openSync(treePath, 'r+');
    try {
      const n = dirty.size;
      let i = 0;
      for (const [at, e] of dirty) {
        options.beforeTreeWrite?.(i++, n, e);
        writeSync(fd, e.data, 0, e.data.length, at);
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
    dirty.clear();
  };

  const readSync = (kind: number, bucket: number, slot: number, out: Uint8Array): void => {
    if (!open) throw new Error('store is closed');
    const at = offsetOf(kind, bucket, slot);
    out.set(image.subarray(at, at + kindBytes(shape, kind)));
  };

  const applyDeferred = (batch: WriteBatch): void => {
    if (!open) throw new Error('store is closed');
    checkBatchSeq(appliedSeq, batch.seq);
    append(batch);
    unsynced = true;
    applyToImage(batch);
    appliedSeq = batch.seq;
    if (journalEnd > checkpointBytes) checkpoint();
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
    applySync,
    applyDeferred,
    sync() {
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
      open = false;
      try {
        checkpoint();
      } finally {
        closeSync(journalFd);
      }
    },
  };
  return store satisfies BatchStore;
}
