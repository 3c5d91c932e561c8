// Ring ORAM's creation, inspection and saved state (src/ringOram.ts) against outside references:
// the round trips of filling the tree, the papers' bounds on what a bucket holds, and a Map
// model of the blocks across an export and a reopen.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  type BatchedStorage,
  createMemoryStorage,
  createPathOram,
  createRingOram,
  type IoBatch,
  pathStorageShape,
  ringStorageShape,
} from '../src/index.ts';

const BASE = { capacity: 32, blockSize: 16, Z: 2, S: 3, A: 3 } as const;

describe('creation', () => {
  it('fills the tree in ceil(buckets / (L + 1)) write batches, one path worth each', () => {
    // A remote store is filled in few round trips: L + 1 buckets (a path's worth, the batch
    // size the ORAM plans for) per write.
    const inner = createMemoryStorage(ringStorageShape(BASE));
    const writes: number[] = [];
    const storage: BatchedStorage = {
      batched: 'sync',
      bucketCount: inner.bucketCount,
      slotsPerBucket: inner.slotsPerBucket,
      slotBytes: inner.slotBytes,
      metaBytes: inner.metaBytes,
      read: (b: IoBatch) => inner.read(b),
      write(b: IoBatch) {
        writes.push(b.count);
        inner.write(b);
      },
    };
    const oram = createRingOram({ ...BASE, storage, rng: createRng('fill') });
    const L = oram.levels;
    const buckets = 2 ** (L + 1) - 1;
    const W = BASE.Z + BASE.S;
    expect(writes.length).toBe(Math.ceil(buckets / (L + 1)));
    // Every location written once: W slots and one metadata block per bucket.
    expect(writes.reduce((a, b) => a + b, 0)).toBe(buckets * (W + 1));
    for (const n of writes.slice(0, -1)) expect(n).toBe((L + 1) * (W + 1));
  });
});

describe('inspect()', () => {
  for (const integrity of ['none', 'rit+must'] as const) {
    it(`bucket bounds hold and the blocks add up (${integrity})`, () => {
      const oram = createRingOram({ ...BASE, integrity, rng: createRng(`inspect-${integrity}`) });
      const buckets = 2 ** (oram.levels + 1) - 1;
      const ops = createRng('inspect-ops');
      for (let i = 1; i <= 60; i++) {
        oram.write(ops.int(0, 31), new Uint8Array(16).fill(i));
        const s = oram.inspect();
        // Every block written is in the stash or in exactly one bucket.
        expect(s.blocksInTree + s.stashSize).toBe(s.blocksWritten);
        // Pigeonhole: some bucket holds at least the average; none more than Z (Ren et al.).
        expect(s.maxRealsPerBucket).toBeGreaterThanOrEqual(Math.ceil(s.blocksInTree / buckets));
        expect(s.maxRealsPerBucket).toBeLessThanOrEqual(BASE.Z);
        // The root is on every path: after an access that did not evict it was read at least
        // once since its last rewrite; no bucket is read more than S times (Ren et al.).
        if (i % BASE.A !== 0) expect(s.maxBucketCount).toBeGreaterThanOrEqual(1);
        expect(s.maxBucketCount).toBeLessThanOrEqual(BASE.S);
      }
    });
  }
});

describe('saved state', () => {
  it('reopens with cached tree-top buckets (3 of them) and every block intact', () => {
    const opts = { ...BASE, treeTopLevels: 2, key: new Uint8Array(32).fill(9) };
    const storage = createMemoryStorage(ringStorageShape(opts));
    const oram = createRingOram({ ...opts, storage, rng: createRng('top') });
    const model = new Map<number, Uint8Array>();
    const ops = createRng('top-ops');
    for (let i = 0; i < 80; i++) {
      const a = ops.int(0, 31);
      const d = ops.fillBytes(new Uint8Array(16));
      oram.write(a, d);
      model.set(a, d);
    }
    const state = oram.exportState();
    const reopened = createRingOram({ ...opts, storage, state, rng: createRng('top-2') });
    for (let a = 0; a < 32; a++) {
      expect(reopened.read(a)).toEqual(model.get(a) ?? new Uint8Array(16));
    }
  });

  it("refuses a Path ORAM's state, naming both kinds", () => {
    const key = new Uint8Array(32).fill(3);
    const popts = { capacity: 32, blockSize: 16, key };
    const pstorage = createMemoryStorage(pathStorageShape(popts));
    const state = createPathOram({
      ...popts,
      storage: pstorage,
      rng: createRng('p'),
    }).exportState();
    const storage = createMemoryStorage(ringStorageShape({ ...BASE, key }));
    expect(() => createRingOram({ ...BASE, key, storage, state, rng: createRng('r') })).toThrow(
      /state is for a path ORAM, not a ring ORAM/,
    );
  });
});
