// Torn writes: the file store's write loop is cut short (a crash after some locations of a
// batch reached tree.bin, one of them only half written), and the client's record save is cut
// short (a partial .tmp). Reopening must repair the tree from the journal and keep the contract.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@paperlab/stats';
import { afterAll, expect, it } from 'vitest';
import { createRingOram, type OramStorage, ringStorageShape as ringShape } from '../src/index.ts';
import { createFileBatchStore } from '../src/node/fileBatchStore.ts';
import { createFileJournal } from '../src/node/fileJournal.ts';
import { openDurableOram } from '../src/remote/durableOram.ts';
import type { BatchEntry } from '../src/remote/writeBatch.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const key = new Uint8Array(32).fill(5);
const opts = { capacity: 32, blockSize: 16, key, integrity: 'rit' as const };
const shape = ringShape(opts);
/** createFileStorage's layout: 64-byte header, slots, metadata copy 0, copy 1. */
const offsetOf = (e: BatchEntry) =>
  e.kind === 0
    ? 64 + (e.bucket * shape.slotsPerBucket + e.slot) * shape.slotBytes
    : 64 +
      shape.bucketCount * shape.slotsPerBucket * shape.slotBytes +
      (e.kind - 1) * shape.bucketCount * shape.metaBytes +
      e.bucket * shape.metaBytes;

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
