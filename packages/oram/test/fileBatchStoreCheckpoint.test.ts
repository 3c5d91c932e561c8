// A checkpoint writes dirty locations that lie close together in tree.bin as one write, the
// clean bytes between them included (the image holds the file's own bytes there). Reference:
// tree.bin rebuilt from createFileStorage's layout (test/support/fileLayout.ts) and the values
// each batch wrote, compared byte for byte, so a
// clean location rewritten with anything but its own bytes, or a dirty one left out, fails.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createFileBatchStore } from '../src/node/fileBatchStore.ts';
import type { BatchEntry } from '../src/remote/writeBatch.ts';
import { fileBytesOf, fileOffsetOf } from './support/fileLayout.ts';

// 256 buckets x 4 slots x 64 B: 64 KiB of slots, so some dirty runs are more than 4 KiB apart.
const shape = { bucketCount: 256, slotsPerBucket: 4, slotBytes: 64, metaBytes: 32 };
const root = mkdtempSync(join(tmpdir(), 'oram-checkpoint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const offsetOf = (e: { kind: number; bucket: number; slot: number }) => fileOffsetOf(shape, e);
const entry = (kind: 0 | 1 | 2, bucket: number, slot: number, seed: number): BatchEntry => {
  const n = kind === 0 ? shape.slotBytes : shape.metaBytes;
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = (seed * 31 + i * 7 + bucket + slot) & 0xff;
  return { kind, bucket, slot, data };
};

it('a checkpoint leaves every clean byte of tree.bin as it was and writes every dirty one', async () => {
  const dir = join(root, 'store');
  const fileBytes = fileBytesOf(shape);
  const expected = new Uint8Array(fileBytes);
  const put = (e: BatchEntry) => expected.set(e.data, offsetOf(e));
  // Batch 1 writes every location, so no clean byte is zero.
  const all: BatchEntry[] = [];
  for (let b = 0; b < shape.bucketCount; b++) {
    for (let s = 0; s < shape.slotsPerBucket; s++) all.push(entry(0, b, s, 1));
    all.push(entry(1, b, 0, 1), entry(2, b, 0, 1));
  }
  let store = createFileBatchStore({ dir, shape, fsync: false });
  await store.apply({ seq: 1, entries: all });
  await store.close();
  for (const e of all) put(e);
  // Batch 2, after reopening: neighbours, locations a few slots apart, runs far apart (more
  // than 4 KiB of clean bytes between them), the last slot and metadata of both copies.
  const sparse = [
    entry(0, 0, 0, 2),
    entry(0, 0, 1, 2),
    entry(0, 0, 3, 2),
    entry(0, 2, 2, 2),
    entry(0, 40, 1, 2),
    entry(0, 41, 0, 2),
    entry(0, 200, 3, 2),
    entry(0, 255, 3, 2),
    entry(1, 0, 0, 2),
    entry(1, 100, 0, 2),
    entry(2, 7, 0, 2),
    entry(2, 255, 0, 2),
  ];
  store = createFileBatchStore({ dir, shape, fsync: false });
  await store.apply({ seq: 2, entries: sparse });
  // The checkpoint is the one on close: it writes batch 2's locations into tree.bin.
  await store.close();
  for (const e of sparse) put(e);
  expect(statSync(join(dir, 'journal.bin')).size).toBe(0);
  const tree = new Uint8Array(readFileSync(join(dir, 'tree.bin')));
  expect(tree.length).toBe(fileBytes);
  const firstDifference = expected.findIndex((b, i) => i >= 64 && tree[i] !== b);
  expect(firstDifference).toBe(-1);
  // And the store reads back what the file holds.
  store = createFileBatchStore({ dir, shape, fsync: false });
  expect(store.appliedSeq).toBe(2);
  const got = await store.readLocations([...all.slice(0, 9), ...sparse]);
  expect(got.map((g) => [...g])).toEqual(
    [...all.slice(0, 9), ...sparse].map((e) => [
      ...expected.subarray(offsetOf(e), offsetOf(e) + e.data.length),
    ]),
  );
  await store.close();
});
