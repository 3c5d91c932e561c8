// Torn writes: the file store's write loop is cut short (a crash after some locations of a
// batch reached tree.bin, one of them only half written), and the client's record save is cut
// short (a partial .tmp). Reopening must repair the tree from the journal and keep the contract.
import {
  closeSync,
  cpSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@paperlab/stats';
import { afterAll, expect, it } from 'vitest';
import { createRingOram, type OramStorage, ringStorageShape as ringShape } from '../src/index.ts';
import { createFileBatchStore } from '../src/node/fileBatchStore.ts';
import { createFileJournal } from '../src/node/fileJournal.ts';
import { openDurableOram } from '../src/remote/durableOram.ts';
import type { BatchEntry } from '../src/remote/writeBatch.ts';
import { fileOffsetOf } from './support/fileLayout.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const key = new Uint8Array(32).fill(5);
const opts = { capacity: 32, blockSize: 16, key, integrity: 'rit' as const };
const shape = ringShape(opts);
const offsetOf = (e: BatchEntry) => fileOffsetOf(shape, e);

class Crash extends Error {}

it('a write loop cut short, with a torn location, is repaired on reopen (30 cut points)', async () => {
  const rng = createRng('torn');
  for (let trial = 0; trial < 30; trial++) {
    const dir = mkdtempSync(join(tmpdir(), 'oram-torn-'));
    dirs.push(dir);
    const journal = createFileJournal(join(dir, 'client.rec'), { fsync: false });
    let armed = -1;
    const open = (hook?: boolean) =>
      openDurableOram({
        store: createFileBatchStore({
          dir: join(dir, 'store'),
          shape,
          fsync: false,
          // A checkpoint after every batch, so each epoch's tree write can be cut.
          checkpointBytes: 0,
          beforeTreeWrite: hook
            ? (i, n, e) => {
                if (armed >= 0 && i === Math.min(armed, n - 1)) {
                  // Half of this location's new bytes reach the file, then the process "dies".
                  const fd = openSync(join(dir, 'store', 'tree.bin'), 'r+');
                  writeSync(fd, e.data, 0, e.data.length >> 1, offsetOf(e));
                  closeSync(fd);
                  throw new Crash('cut');
                }
              }
            : undefined,
        }),
        journal,
        open: (s, state) => createRingOram({ ...opts, storage: s as OramStorage, state }),
      });
    const ref = new Map<number, number>();
    let d = await open(true);
    for (let i = 0; i < 12; i++) {
      const a = rng.int(0, 31);
      await d.write(a, new Uint8Array(16).fill(i + 1));
      ref.set(a, i + 1);
    }
    // The next epoch crashes inside the tree write, after its record was saved.
    armed = rng.int(0, 40);
    const a = rng.int(0, 31);
    await expect(d.write(a, new Uint8Array(16).fill(99))).rejects.toThrow(Crash);
    // A half-written client record from a later save that never finished.
    writeFileSync(join(dir, 'client.rec.tmp'), new Uint8Array(7));
    d = await open(false);
    const got = await Promise.all(Array.from({ length: 32 }, (_, i) => d.read(i)));
    for (let i = 0; i < 32; i++) {
      // The record was saved before the cut, so the in-flight write is applied.
      const want = i === a ? 99 : (ref.get(i) ?? 0);
      expect(got[i]![0], `trial ${trial}, address ${i}`).toBe(want);
    }
    await d.close();
  }
});

it('a journal record that fails its checksum before the end refuses to open; at the end it is a torn append, cut off', async () => {
  // Three batches in the journal (no checkpoint: the store is never closed, as after a kill).
  const small = { bucketCount: 3, slotsPerBucket: 2, slotBytes: 4, metaBytes: 4 };
  const dir = mkdtempSync(join(tmpdir(), 'oram-journal-'));
  dirs.push(dir);
  const live = createFileBatchStore({ dir: join(dir, 'a'), shape: small, fsync: false });
  const entry = (v: number) => ({
    kind: 0 as const,
    bucket: 1,
    slot: 1,
    data: new Uint8Array(4).fill(v),
  });
  for (let seq = 1; seq <= 3; seq++) live.applySync({ seq, entries: [entry(seq)] });
  const journal = readFileSync(join(dir, 'a', 'journal.bin'));
  // Record = 8-byte magic, u32 length, SHA-256 (32), then the WRITE message: 18 bytes of
  // header, one 7-byte location, 4 bytes of data = 29; so 73 bytes per record.
  expect(journal.length).toBe(3 * 73);
  const copy = (name: string, edit: (j: Uint8Array) => Uint8Array) => {
    cpSync(join(dir, 'a'), join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'journal.bin'), edit(new Uint8Array(journal)));
    return join(dir, name);
  };
  // One bit of the second record's data flipped: its checksum fails, a record follows.
  const middle = copy('middle', (j) => {
    j[73 + 72] = j[73 + 72]! ^ 1;
    return j;
  });
  expect(() => createFileBatchStore({ dir: middle, shape: small, fsync: false })).toThrow(
    /journal\.bin is corrupt at byte 73 \(bad magic or checksum before the end\): the store cannot be opened/,
  );
  // A bad magic in the middle is refused the same way.
  const magic = copy('magic', (j) => {
    j[73] = j[73]! ^ 0xff;
    return j;
  });
  expect(() => createFileBatchStore({ dir: magic, shape: small, fsync: false })).toThrow(
    /corrupt at byte 73/,
  );
  // The same flip in the last record: that append never finished (never acknowledged), so it
  // is cut off and the store opens at batch 2.
  const last = copy('last', (j) => {
    j[2 * 73 + 72] = j[2 * 73 + 72]! ^ 1;
    return j;
  });
  const reopened = createFileBatchStore({ dir: last, shape: small, fsync: false });
  expect(reopened.appliedSeq).toBe(2);
  const out = new Uint8Array(4);
  reopened.readSync(0, 1, 1, out);
  expect([...out]).toEqual([2, 2, 2, 2]);
  await reopened.close();
  // A record cut short (a torn append) is cut off too.
  const torn = copy('torn', (j) => j.subarray(0, 2 * 73 + 50));
  const t = createFileBatchStore({ dir: torn, shape: small, fsync: false });
  expect(t.appliedSeq).toBe(2);
  await t.close();
  await live.close();
});
