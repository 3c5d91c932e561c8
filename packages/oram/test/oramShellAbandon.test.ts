// The client shell (src/core/oramShell.ts) when a storage call throws an error that is not a
// per-location failure: the operation ends with that error and the steps' `finally` blocks run
// (the inspection's "count nothing" switch is turned off again), so a later access is counted
// like any other. Also: an asynchronous ORAM opened from a saved state keeps the tree it finds
// (only a fresh ORAM writes the empty tree).
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  asyncStorageOf,
  createAsyncPathOram,
  createAsyncRingOram,
  createMemoryStorage,
  createPathOram,
  createRingOram,
  type OramStorage,
  pathStorageShape,
  ringStorageShape,
} from '../src/index.ts';

/** A memory storage whose next read throws a plain Error (a broken transport, not a location). */
function breakable(shape: Parameters<typeof createMemoryStorage>[0]) {
  const mem = createMemoryStorage(shape);
  const state = { breakNext: false };
  const storage: OramStorage = {
    bucketCount: mem.bucketCount,
    slotsPerBucket: mem.slotsPerBucket,
    slotBytes: mem.slotBytes,
    metaBytes: mem.metaBytes,
    readSlot: (b, s, out) => {
      if (state.breakNext) {
        state.breakNext = false;
        throw new Error('transport broke');
      }
      mem.readSlot(b, s, out);
    },
    writeSlot: (b, s, d) => mem.writeSlot(b, s, d),
    readMeta: (b, out, copy) => {
      if (state.breakNext) {
        state.breakNext = false;
        throw new Error('transport broke');
      }
      mem.readMeta(b, out, copy);
    },
    writeMeta: (b, d, copy) => mem.writeMeta(b, d, copy),
  };
  return { storage, state };
}

describe('a storage error during the inspection', () => {
  const cases = [
    [
      'ring',
      () => {
        const opts = { capacity: 8, blockSize: 8 };
        const { storage, state } = breakable(ringStorageShape(opts));
        return {
          oram: createRingOram({ ...opts, storage, rng: createRng('abandon-ring') }),
          state,
        };
      },
    ],
    [
      'path',
      () => {
        const opts = { capacity: 8, blockSize: 8 };
        const { storage, state } = breakable(pathStorageShape(opts));
        return {
          oram: createPathOram({ ...opts, storage, rng: createRng('abandon-path') }),
          state,
        };
      },
    ],
  ] as const;
  for (const [kind, make] of cases) {
    it(`${kind}: ends it with that error, and the next access is counted`, () => {
      const { oram, state } = make();
      oram.write(1, new Uint8Array(8).fill(1));
      state.breakNext = true;
      expect(() => oram.inspect()).toThrow('transport broke');
      const before = oram.counters;
      expect(oram.read(1)).toEqual(new Uint8Array(8).fill(1));
      const after = oram.counters;
      expect(after.accesses).toBe(before.accesses + 1);
      expect(after.slotReads).toBeGreaterThan(before.slotReads);
    });
  }
});

describe('an asynchronous ORAM opened from a saved state', () => {
  it('ring: keeps the tree it finds', async () => {
    const opts = { capacity: 8, blockSize: 8, key: new Uint8Array(32).fill(6) };
    const mem = createMemoryStorage(ringStorageShape(opts));
    const first = await createAsyncRingOram({ ...opts, storage: mem, rng: createRng('a1') });
    for (let a = 0; a < 8; a++) await first.write(a, new Uint8Array(8).fill(a + 1));
    const state = await first.exportState();
    const again = await createAsyncRingOram({
      ...opts,
      storage: asyncStorageOf(mem),
      state,
      rng: createRng('a2'),
    });
    for (let a = 0; a < 8; a++) expect(await again.read(a)).toEqual(new Uint8Array(8).fill(a + 1));
  });

  it('path: keeps the tree it finds', async () => {
    const opts = { capacity: 8, blockSize: 8, key: new Uint8Array(32).fill(7) };
    const mem = createMemoryStorage(pathStorageShape(opts));
    const first = await createAsyncPathOram({ ...opts, storage: mem, rng: createRng('p1') });
    for (let a = 0; a < 8; a++) await first.write(a, new Uint8Array(8).fill(a + 1));
    const state = await first.exportState();
    const again = await createAsyncPathOram({ ...opts, storage: mem, state, rng: createRng('p2') });
    for (let a = 0; a < 8; a++) expect(await again.read(a)).toEqual(new Uint8Array(8).fill(a + 1));
  });
});
