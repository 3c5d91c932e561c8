import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  asyncStorageOf,
  batchedStorageOf,
  isAsyncBatchedStorage,
  isBatchedStorage,
} from '../src/storage/batchedStorageOf.js';
import { createMemoryStorage } from '../src/storage/memoryStorage.js';
import {
  ChannelFailedError,
  type OramStorage,
  UnreadableLocationError,
} from '../src/storage/oramStorage.js';
import { createIoBatch, META_SLOT } from '../src/storage/storageProtocol.js';

const shape = { bucketCount: 15, slotsPerBucket: 9, slotBytes: 20, metaBytes: 13 };

/** Fills a batch with random locations (slots and both metadata copies) and random bytes. */
function randomBatch(seed: string, n: number) {
  const rng = createRng(seed);
  const batch = createIoBatch(n, n * 20);
  let used = 0;
  for (let i = 0; i < n; i++) {
    batch.buckets[i] = rng.int(0, shape.bucketCount - 1);
    const meta = rng.next() < 0.3;
    batch.slots[i] = meta ? META_SLOT : rng.int(0, shape.slotsPerBucket - 1);
    batch.copies[i] = meta ? rng.int(0, 1) : 0;
    batch.offsets[i] = used;
    used += meta ? shape.metaBytes : shape.slotBytes;
  }
  batch.count = n;
  for (let i = 0; i < used; i++) batch.data[i] = rng.int(0, 255);
  return batch;
}

describe('batched storage protocol', () => {
  it('the memory fast path agrees with the per-location protocol (a Map of locations as the model)', () => {
    const mem = createMemoryStorage(shape);
    const model = new Map<string, Uint8Array>();
    for (let round = 0; round < 20; round++) {
      const w = randomBatch(`w${round}`, 30);
      w.op = 'write';
      mem.write(w);
      for (let i = 0; i < w.count; i++) {
        const meta = w.slots[i] === META_SLOT;
        const n = meta ? shape.metaBytes : shape.slotBytes;
        const key = `${w.buckets[i]}/${meta ? `m${w.copies[i]}` : w.slots[i]}`;
        model.set(key, w.data.slice(w.offsets[i]!, w.offsets[i]! + n));
      }
      const r = randomBatch(`r${round}`, 30);
      r.data.fill(0);
      mem.read(r);
      for (let i = 0; i < r.count; i++) {
        const meta = r.slots[i] === META_SLOT;
        const n = meta ? shape.metaBytes : shape.slotBytes;
        const key = `${r.buckets[i]}/${meta ? `m${r.copies[i]}` : r.slots[i]}`;
        const got = r.data.slice(r.offsets[i]!, r.offsets[i]! + n);
        expect(got).toEqual(model.get(key) ?? new Uint8Array(n));
        // The per-location protocol sees the same bytes.
        const one = new Uint8Array(n);
        if (meta) mem.readMeta(r.buckets[i]!, one, r.copies[i] as 0 | 1);
        else mem.readSlot(r.buckets[i]!, r.slots[i]!, one);
        expect(one).toEqual(got);
      }
    }
  });

  it('reports an unreadable location per location and serves the others', () => {
    const mem = createMemoryStorage(shape);
    const dead: OramStorage = {
      ...mem,
      readSlot(b, s, out) {
        if (s === 3) throw new ChannelFailedError(1, b, s);
        mem.readSlot(b, s, out);
      },
      writeSlot: mem.writeSlot,
      readMeta: mem.readMeta,
      writeMeta: mem.writeMeta,
    };
    const s = batchedStorageOf(dead);
    expect(isBatchedStorage(s)).toBe(true);
    expect(isBatchedStorage(mem)).toBe(true);
    const batch = createIoBatch(4, 80);
    for (let i = 0; i < 4; i++) {
      batch.buckets[i] = 2;
      batch.slots[i] = 2 + i;
      batch.offsets[i] = 20 * i;
    }
    batch.count = 4;
    s.read(batch);
    expect(batch.failed).toBe(1);
    expect(batch.failures[1]).toBeInstanceOf(UnreadableLocationError);
    expect(batch.failures.filter((f) => f !== undefined)).toHaveLength(1);
    // Any other error fails the whole batch.
    const broken = batchedStorageOf({
      ...dead,
      readSlot() {
        throw new Error('disk on fire');
      },
    });
    expect(() => broken.read(batch)).toThrow('disk on fire');
  });

  it('the async view answers the same bytes after a real suspension', async () => {
    const mem = createMemoryStorage(shape);
    const a = asyncStorageOf(mem);
    expect(isAsyncBatchedStorage(a)).toBe(true);
    const w = randomBatch('aw', 12);
    w.op = 'write';
    let resolved = false;
    const p = a.write(w).then(() => {
      resolved = true;
    });
    expect(resolved).toBe(false);
    await p;
    const r = randomBatch('aw', 12);
    r.data.fill(0);
    await a.read(r);
    expect(r.data).toEqual(w.data);
  });
});
