import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  createMemoryStorage,
  createPathOram,
  createRingOram,
  type Oram,
  WrongKeyError,
} from '../src/index.ts';

function snapshot(o: Oram) {
  const { stashSize, blocksInTree, blocksWritten } = o.inspect();
  return { counters: o.counters, stashSize, blocksInTree, blocksWritten };
}

describe('bad input is rejected with typed errors naming the field', () => {
  it('options', () => {
    const base = { capacity: 16, blockSize: 8, encrypt: false };
    expect(() => createRingOram({ ...base, capacity: 0 })).toThrow(
      /^capacity must be an integer in \[1, 67108864\], got 0$/,
    );
    expect(() => createRingOram({ ...base, capacity: 1.5 })).toThrow(RangeError);
    expect(() => createRingOram({ ...base, blockSize: -1 })).toThrow(
      /blockSize must be an integer/,
    );
    expect(() => createRingOram({ ...base, Z: 0 })).toThrow(
      /Z must be an integer in \[1, 4096\], got 0/,
    );
    expect(() => createRingOram({ ...base, S: 2, A: 3 })).toThrow(/S must be >= A \(3\)/);
    expect(() => createRingOram({ ...base, levels: 1 })).toThrow(
      /capacity must be at most Z \* 2\^levels = 8/,
    );
    expect(() => createRingOram({ ...base, treeTopLevels: 9 })).toThrow(
      /treeTopLevels must be an integer in \[0, /,
    );
    expect(() => createRingOram({ ...base, integrity: 'rit' })).toThrow(
      /integrity 'rit' needs encrypt: true/,
    );
    // @ts-expect-error: not a mode
    expect(() => createRingOram({ ...base, integrity: 'sha' })).toThrow(
      /integrity must be one of none, merkle, rit, rit\+must/,
    );
    // @ts-expect-error: not a set
    expect(() => createRingOram({ ...base, parameterSet: 'huge' })).toThrow(
      /parameterSet must be one of teaching, largeBucket/,
    );
    expect(() => createRingOram({ capacity: 16, blockSize: 8, key: new Uint8Array(16) })).toThrow(
      /key must be a Uint8Array of 32 bytes, got 16 bytes/,
    );
    expect(() => createRingOram({ capacity: 2 ** 24, blockSize: 4096, encrypt: false })).toThrow(
      /capacity 16777216 x blockSize 4096 needs .* more than the in-memory limit/,
    );
    expect(() => createPathOram({ ...base, Z: 5000 })).toThrow(
      /Z must be an integer in \[1, 4096\]/,
    );
  });
  it('storage of the wrong size', () => {
    const storage = createMemoryStorage({
      bucketCount: 15,
      slotsPerBucket: 9,
      slotBytes: 8,
      metaBytes: 10,
    });
    expect(() => createRingOram({ capacity: 16, blockSize: 8, encrypt: false, storage })).toThrow(
      /storage\.metaBytes must be \d+ for these options, got 10/,
    );
    expect(() => createPathOram({ capacity: 16, blockSize: 8, encrypt: false, storage })).toThrow(
      /storage\.slotsPerBucket must be 4/,
    );
  });
  for (const make of [
    () => createRingOram({ capacity: 16, blockSize: 8, rng: createRng(1) }),
    () => createPathOram({ capacity: 16, blockSize: 8, rng: createRng(1) }),
  ]) {
    it(`${make().kind} ORAM: accesses, state unchanged after a rejected call`, () => {
      const o = make();
      o.write(3, new Uint8Array(8).fill(3));
      const before = snapshot(o);
      expect(() => o.read(16)).toThrow(/^addr must be an integer in \[0, 15\], got 16$/);
      expect(() => o.read(-1)).toThrow(RangeError);
      expect(() => o.read(2.5)).toThrow(/addr must be an integer/);
      // @ts-expect-error: not a number
      expect(() => o.read('3')).toThrow(/addr must be an integer/);
      expect(() => o.write(3, new Uint8Array(7))).toThrow(/^data must be 8 bytes long, got 7$/);
      // @ts-expect-error: not bytes
      expect(() => o.write(3, [1, 2])).toThrow(TypeError);
      expect(snapshot(o)).toEqual(before);
      expect([...o.read(3)]).toEqual(new Array(8).fill(3));
    });
  }
});

describe('export / import of the client state', () => {
  for (const kind of ['ring', 'path'] as const) {
    it(`${kind}: reopens over the same storage, and a wrong key fails clearly`, () => {
      const key = new Uint8Array(32).fill(7);
      const opts = { capacity: 40, blockSize: 8, key, treeTopLevels: 1, rng: createRng(kind) };
      const a =
        kind === 'ring' ? createRingOram({ ...opts, integrity: 'rit+must' }) : createPathOram(opts);
      for (let i = 0; i < 40; i++) a.write(i, new Uint8Array(8).fill(i));
      const state = a.exportState();
      const reopen = (k: Uint8Array) =>
        kind === 'ring'
          ? createRingOram({ ...opts, key: k, integrity: 'rit+must', storage: a.storage, state })
          : createPathOram({
              ...opts,
              key: k,
              storage: (a as ReturnType<typeof createPathOram>).storage,
              state,
            });
      const b = reopen(key);
      for (let i = 0; i < 40; i++) expect([...b.read(i)]).toEqual(new Array(8).fill(i));
      expect(b.counters.accesses).toBe(80);
      // Counters continue across export/import, cipher work included.
      expect(b.counters.cipherCalls).toBeGreaterThan(a.counters.cipherCalls);
      const wrong = new Uint8Array(32).fill(8);
      expect(() => reopen(wrong)).toThrow(WrongKeyError);
      expect(() => reopen(wrong)).toThrow(
        /^wrong key: the ORAM state was created with a different key$/,
      );
      expect(() =>
        kind === 'ring'
          ? createRingOram({
              ...opts,
              integrity: 'rit+must',
              capacity: 41,
              state,
              storage: a.storage,
            })
          : createPathOram({ ...opts, capacity: 41, state, storage: a.storage }),
      ).toThrow(/capacity must match the saved state \(40\), got 41/);
      expect(() =>
        kind === 'ring'
          ? createRingOram({ ...opts, integrity: 'rit+must', state })
          : createPathOram({ ...opts, state }),
      ).toThrow(/^storage is required with state/);
    });
  }
});
