import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { createFileStorage } from '../fileStorage.js';
import { type BatchStore, checkBatchSeq, type SyncBatchStore } from '../remote/batchStore.js';
import { decodeRequest, encodeWrite, OP_WRITE } from '../remote/wireCodec.js';
import {
  type BatchEntry,
  KIND_META,
  KIND_META_MIRROR,
  KIND_SLOT,
  kindBytes,
  type Location,
  type WriteBatch,
} from '../remote/writeBatch.js';
import type { OramStorage, StorageShape } from '../storage.js';

/**
 * A directory that holds one ORAM tree durably: `tree.bin` (the layout of createFileStorage)
 * and `journal.bin`, the last batch. Applying a batch is a redo-log step:
 *
 * 1. the batch is written to `journal.tmp`, fsynced, renamed over `journal.bin` (atomic on
 *    POSIX file systems) and the directory fsynced: from here the batch survives a crash;
 * 2. its locations are written into `tree.bin` in place and `tree.bin` is fsynced.
 *
 * Opening re-applies `journal.bin` (idempotent: it holds whole locations, not deltas), so a
 * crash inside step 2, which can leave `tree.bin` with any subset of the batch and a torn
 * location, is repaired; a crash before the rename leaves the previous journal, whose batch is
 * already in `tree.bin`. Only the last batch is kept because a batch is journaled only after
 * the previous one reached `tree.bin` and was fsynced. This is the write-ahead redo log of
 * ARIES (Mohan et al., TODS 1992) reduced to one record, and fsync-then-rename is the
 * commit protocol SQLite's documentation describes for its journal ("Atomic Commit In
 * SQLite", sqlite.org/atomiccommit.html).
 */
const JOURNAL_MAGIC = 'PLORAMJ1';
const JOURNAL_HEADER = 8 + 4 + 32;

export interface FileBatchStoreOptions {
  dir: string;
  shape: StorageShape;
  /**
   * fsync the journal, the directory and the tree (default true). Without it a batch still
   * survives the process being killed (the kernel keeps the written pages) but not a power cut.
   */
  fsync?: boolean;
  /** Test hook: called before each location is written into tree.bin (crash injection). */
  beforeTreeWrite?: (index: number, count: number, entry: BatchEntry) => void;
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

export function createFileBatchStore(options: FileBatchStoreOptions): SyncBatchStore {
  const { dir, shape } = options;
  if (typeof dir !== 'string' || dir.length === 0)
    throw new TypeError('dir must be a non-empty string');
  const sync = options.fsync ?? true;
  mkdirSync(dir, { recursive: true });
  const treePath = join(dir, 'tree.bin');
  const journalPath = join(dir, 'journal.bin');
  const tmpPath = join(dir, 'journal.tmp');
  // A journal.tmp is a batch that never committed (the crash came before its rename).
  rmSync(tmpPath, { force: true });
  const fresh = !existsSync(treePath);
  const tree: OramStorage = createFileStorage(treePath, shape, { create: true });
  if (fresh && sync) {
    fsyncPath(treePath);
    fsyncPath(dir);
  }
  let appliedSeq = 0;
  let open = true;

  const writeTree = (batch: WriteBatch): void => {
    const n = batch.entries.length;
    for (let i = 0; i < n; i++) {
      const e = batch.entries[i]!;
      options.beforeTreeWrite?.(i, n, e);
      if (e.kind === KIND_SLOT) tree.writeSlot(e.bucket, e.slot, e.data);
      else tree.writeMeta(e.bucket, e.data, e.kind === KIND_META ? 0 : 1);
    }
    if (sync) fsyncPath(treePath);
  };

  if (existsSync(journalPath)) {
    const bytes = new Uint8Array(readFileSync(journalPath));
    const magic = new TextDecoder().decode(bytes.subarray(0, 8));
    const len =
      bytes.length >= JOURNAL_HEADER
        ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)
        : -1;
    const body = bytes.subarray(JOURNAL_HEADER);
    const digest = bytes.subarray(12, JOURNAL_HEADER);
    if (
      magic !== JOURNAL_MAGIC ||
      len !== body.length ||
      !sha256(body).every((b, i) => b === digest[i])
    ) {
      tree.close?.();
      // Not a crash artefact: rename is atomic, so a journal is whole or absent.
      throw new Error(
        `${journalPath} is corrupt (bad magic, length or checksum): the store cannot be opened`,
      );
    }
    const req = decodeRequest(body, shape);
    if (req.op !== OP_WRITE) throw new Error(`${journalPath} does not hold a batch`);
    writeTree({ seq: req.seq, entries: req.entries });
    appliedSeq = req.seq;
  }

  const readSync = (kind: number, bucket: number, slot: number, out: Uint8Array): void => {
    if (!open) throw new Error('store is closed');
    if (kind === KIND_SLOT) tree.readSlot(bucket, slot, out);
    else tree.readMeta(bucket, out, kind === KIND_META_MIRROR ? 1 : 0);
  };

  const applySync = (batch: WriteBatch): void => {
    if (!open) throw new Error('store is closed');
    checkBatchSeq(appliedSeq, batch.seq);
    const body = encodeWrite(0, batch.seq, batch.entries);
    // Validates every location against the shape before anything is written.
    decodeRequest(body, shape);
    const head = new Uint8Array(JOURNAL_HEADER);
    head.set(new TextEncoder().encode(JOURNAL_MAGIC), 0);
    new DataView(head.buffer).setUint32(8, body.length, true);
    head.set(sha256(body), 12);
    const fd = openSync(tmpPath, 'w');
    try {
      writeSync(fd, head);
      writeSync(fd, body);
      if (sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmpPath, journalPath);
    if (sync) fsyncPath(dir);
    writeTree(batch);
    appliedSeq = batch.seq;
  };

  const store: SyncBatchStore = {
    shape: { ...shape },
    get appliedSeq() {
      return appliedSeq;
    },
    readSync,
    applySync,
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
      if (open) tree.close?.();
      open = false;
    },
  };
  return store satisfies BatchStore;
}
