// The file store's staged path (the server's): a WRITE is applied to the in-memory tree at
// stageMessage and reaches the journal only at commitStaged. Reference: the journal's record
// layout (8-byte magic, u32 length, SHA-256, then the WRITE message: 18 bytes of header, 7 per
// location, the data), and what a reopened copy of the directory holds, which is exactly what
// a process killed at that instant would leave (the kernel keeps written pages).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createFileBatchStore } from '../src/node/fileBatchStore.ts';
import { encodeWrite, scanBatchRequest } from '../src/remote/wireCodec.ts';

const small = { bucketCount: 3, slotsPerBucket: 2, slotBytes: 4, metaBytes: 4 };
const root = mkdtempSync(join(tmpdir(), 'oram-staging-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const RECORD = 8 + 4 + 32 + 18 + 7 + 4;
const write = (seq: number, v: number) => {
  const msg = encodeWrite(seq, seq, [
    { kind: 0, bucket: 1, slot: 1, data: new Uint8Array(4).fill(v) },
  ]);
  return { msg, scan: scanBatchRequest(msg, small) };
};
const valueIn = (dir: string): [number, number] => {
  const s = createFileBatchStore({ dir, shape: small, fsync: false });
  const out = new Uint8Array(4);
  s.readSync(0, 1, 1, out);
  const r: [number, number] = [s.appliedSeq, out[0]!];
  void s.close();
  return r;
};
/** The directory as a process killed now would leave it, reopened. */
let copies = 0;
const afterKill = (dir: string): [number, number] => {
  const copy = join(root, `kill-${copies++}`);
  cpSync(dir, copy, { recursive: true });
  return valueIn(copy);
};

it('a staged batch is read at once, reaches the journal only at commit, in staging order', async () => {
  const dir = join(root, 'a');
  const s = createFileBatchStore({ dir, shape: small, fsync: false });
  const one = write(1, 0x11);
  const two = write(2, 0x22);
  s.stageMessage(one.msg, one.scan);
  s.stageMessage(two.msg, two.scan);
  expect([s.appliedSeq, s.staged]).toEqual([2, 2]);
  const out = new Uint8Array(4);
  s.readSync(0, 1, 1, out);
  expect(out[0]).toBe(0x22);
  // Killed now: nothing of either batch is on disk (neither was acknowledged).
  expect(readFileSync(join(dir, 'journal.bin')).length).toBe(0);
  expect(afterKill(dir)).toEqual([0, 0]);
  s.commitStaged();
  expect(s.staged).toBe(0);
  expect(readFileSync(join(dir, 'journal.bin')).length).toBe(2 * RECORD);
  // Replayed in order: batch 2's value wins.
  expect(afterKill(dir)).toEqual([2, 0x22]);
  // A batch out of sequence is refused at staging, and nothing is staged or applied.
  const bad = write(4, 0x44);
  expect(() => s.stageMessage(bad.msg, bad.scan)).toThrow(
    /batch seq 4 does not follow the store's last applied seq 2/,
  );
  s.readSync(0, 1, 1, out);
  expect([s.appliedSeq, s.staged, out[0]]).toEqual([2, 0, 0x22]);
  // applyMessage commits what is staged before its own batch: the journal keeps seq order.
  const three = write(3, 0x33);
  const four = write(4, 0x44);
  s.stageMessage(three.msg, three.scan);
  s.applyMessage(four.msg, four.scan);
  expect(afterKill(dir)).toEqual([4, 0x44]);
  await s.close();
  expect(valueIn(dir)).toEqual([4, 0x44]);
});

it('a failed journal append fails the store closed: nothing served or checkpointed from memory', async () => {
  const dir = join(root, 'b');
  let fail = false;
  const s = createFileBatchStore({
    dir,
    shape: small,
    fsync: false,
    beforeJournalAppend: () => {
      if (fail) throw new Error('EIO: i/o error, write');
    },
  });
  const one = write(1, 0x11);
  s.applyMessage(one.msg, one.scan);
  fail = true;
  const two = write(2, 0x22);
  s.stageMessage(two.msg, two.scan);
  expect(() => s.commitStaged()).toThrow(/EIO/);
  const out = new Uint8Array(4);
  expect(() => s.readSync(0, 1, 1, out)).toThrow(/failed closed \(EIO: i\/o error, write\)/);
  const three = write(2, 0x33);
  expect(() => s.stageMessage(three.msg, three.scan)).toThrow(/failed closed/);
  await expect(s.sync()).rejects.toThrow(/EIO/);
  // close() does not checkpoint the image (it holds batch 2, the journal does not).
  await s.close();
  expect(valueIn(dir)).toEqual([1, 0x11]);
});
