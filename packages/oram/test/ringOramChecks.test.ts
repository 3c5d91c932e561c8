// Ring ORAM (Ren et al. 2015) checked where the broader tests leave room: metadata entries
// forged or replayed by the server (possible in the clear with encrypt: false and integrity
// 'none', where only the client's own records can refuse them), the audit and the inspection
// against a tampered or failing storage, the async facade, and the errors of bad options.
//
// Metadata stored in the clear: a 4-byte header (format version, mode; ringSealer.ts), then the
// plaintext of bucketMeta.ts: [u16 count][u16 flags][u32 nonce lo][u32 nonce hi][valid bitmap
// ⌈W/8⌉ B][Z × (u32 addr, u32 leaf, u16 slot)], W = Z + S.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  type CipherProvider,
  chacha20Poly1305,
  createAsyncRingOram,
  createMemoryStorage,
  createRingOram,
  IntegrityError,
  type OramStorage,
  type RingOramOptions,
  ringStorageShape,
  UnreadableLocationError,
} from '../src/index.ts';
import type { RandomSource } from '../src/randomSource.ts';
import { createRawStorage, type RawStorage } from './support/rawStorage.ts';

const u32 = (b: Uint8Array, o: number) =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const put32 = (b: Uint8Array, o: number, v: number) => {
  for (let i = 0; i < 4; i++) b[o + i] = (v >>> (8 * i)) & 255;
};

/** Every draw answers its lower bound: every block on leaf 0 (path 0 -> 1 -> 3 for L = 2). */
const leafZero: RandomSource = { int: (lo) => lo };

const Z = 2;
const S = 4;
const W = Z + S;
const PLAIN: RingOramOptions = {
  capacity: 4,
  blockSize: 8,
  Z,
  S,
  A: 4,
  levels: 2,
  encrypt: false,
  integrity: 'none',
};
const VALID = 4 + 12;
const ENTRIES = VALID + Math.ceil(W / 8);

/** Where the live entry naming addr sits on path 0 (bucket, entry offset), if in the tree. */
function findEntry(raw: RawStorage, addr: number): { bucket: number; at: number } | undefined {
  for (const b of [0, 1, 3]) {
    const mo = raw.metaOffset(b);
    for (let i = 0; i < Z; i++) {
      const at = mo + ENTRIES + 10 * i;
      const slot = raw.bytes[at + 8]! | (raw.bytes[at + 9]! << 8);
      const valid = (raw.bytes[mo + VALID + (slot >>> 3)]! >>> (slot & 7)) & 1;
      if (u32(raw.bytes, at) === addr && valid === 1) return { bucket: b, at };
    }
  }
  return undefined;
}

/** A Ring ORAM over raw bytes holding block 1 in the tree (after the first eviction). */
function withBlockInTree() {
  const raw = createRawStorage(ringStorageShape(PLAIN));
  const oram = createRingOram({ ...PLAIN, storage: raw, rng: leafZero });
  oram.write(1, new Uint8Array(8).fill(11));
  // A = 4: the fourth access evicts path 0, where block 1 (leaf 0) goes to its leaf bucket.
  for (let i = 0; i < 3; i++) oram.read(0);
  const e = findEntry(raw, 1);
  expect(e, 'block 1 is in the tree after the eviction').toBeDefined();
  return { raw, oram, entry: e! };
}

describe('forged and replayed metadata (encrypt: false, integrity none)', () => {
  it('stores the metadata in the clear, in the documented layout', () => {
    expect(ringStorageShape(PLAIN).metaBytes).toBe(ENTRIES + 10 * Z);
  });

  it('refuses an entry naming a block that was never written', () => {
    // Block 2 was never written; every leaf is 0, so the forged entry (2, leaf 0) is on the
    // leaf the client holds for block 2 and only the written-address record can refuse it.
    const { raw, oram, entry } = withBlockInTree();
    put32(raw.bytes, entry.at, 2);
    expect(() => oram.read(2)).toThrow(IntegrityError);
  });

  it('refuses an entry whose leaf is not the one the client holds for the block', () => {
    const { raw, oram, entry } = withBlockInTree();
    put32(raw.bytes, entry.at + 4, 3);
    expect(() => oram.read(1)).toThrow(/stale or impossible entry for block 1/);
  });

  it('refuses a replayed entry for a block that is in the stash', () => {
    // Snapshot, read block 1 (it moves to the otherwise empty stash: index 0; no eviction
    // before the next round of A = 4 accesses), replay the snapshot: the tree claims block 1
    // again, on the right leaf, while the client holds it.
    const { raw, oram } = withBlockInTree();
    const snapshot = raw.bytes.slice();
    expect(oram.read(1)).toEqual(new Uint8Array(8).fill(11));
    expect(oram.inspect().stashSize).toBe(1);
    raw.bytes.set(snapshot);
    expect(() => oram.read(1)).toThrow(/stale or impossible entry for block 1/);
  });
});

/** The error fn throws (caught by hand: Vitest's toThrow also passes on a thrown undefined). */
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** A storage over raw bytes whose slot or metadata reads can be made to fail. */
function failing(raw: RawStorage, fail: { slots: boolean; metas: boolean }): OramStorage {
  const err = (b: number) => new UnreadableLocationError(`test: bucket ${b}`);
  return {
    bucketCount: raw.bucketCount,
    slotsPerBucket: raw.slotsPerBucket,
    slotBytes: raw.slotBytes,
    metaBytes: raw.metaBytes,
    readSlot: (b, s, out) => {
      if (fail.slots) throw err(b);
      raw.readSlot(b, s, out);
    },
    writeSlot: (b, s, d) => raw.writeSlot(b, s, d),
    readMeta: (b, out, copy) => {
      if (fail.metas) throw err(b);
      raw.readMeta(b, out, copy);
    },
    writeMeta: (b, d, copy) => raw.writeMeta(b, d, copy),
  };
}

describe('audit and inspection against the storage', () => {
  const SEALED: RingOramOptions = {
    capacity: 4,
    blockSize: 8,
    Z,
    S,
    A: 2,
    levels: 2,
    integrity: 'rit',
  };

  it('the audit refuses a dummy slot that is not its keystream', () => {
    // A fresh tree holds only dummies: each is the keystream of its position (README,
    // "Encryption"), so one flipped byte anywhere in a slot is caught.
    const raw = createRawStorage(ringStorageShape(SEALED));
    const oram = createRingOram({ ...SEALED, storage: raw, rng: createRng('audit-flip') });
    oram.audit();
    raw.bytes[raw.slotOffset(4, 2) + 3]! ^= 0x40;
    expect(() => oram.audit()).toThrow(/dummy slot does not match its keystream/);
  });

  it('a failed slot read fails the audit with that failure', () => {
    const fail = { slots: false, metas: false };
    const oram = createRingOram({
      ...SEALED,
      storage: failing(createRawStorage(ringStorageShape(SEALED)), fail),
      rng: createRng('audit-fail'),
    });
    fail.slots = true;
    expect(() => oram.audit()).toThrow(UnreadableLocationError);
  });

  it('a failed metadata read fails the inspection with that failure', () => {
    const fail = { slots: false, metas: false };
    const oram = createRingOram({
      ...SEALED,
      storage: failing(createRawStorage(ringStorageShape(SEALED)), fail),
      rng: createRng('inspect-fail'),
    });
    fail.metas = true;
    expect(() => oram.inspect()).toThrow(UnreadableLocationError);
  });

  it('the inspection refuses metadata that does not open', () => {
    const raw = createRawStorage(ringStorageShape(SEALED));
    const oram = createRingOram({ ...SEALED, storage: raw, rng: createRng('inspect-flip') });
    raw.bytes[raw.metaOffset(5) + 20]! ^= 1;
    const e = caught(() => oram.inspect());
    expect(e).toBeInstanceOf(IntegrityError);
    expect([(e as IntegrityError).bucket, (e as IntegrityError).slot]).toEqual([5, 'meta']);
    expect((e as Error).message).toContain('metadata does not open');
  });

  it('an access refuses the root metadata with one flipped bit, naming the check', () => {
    // The root is on every path, so the next access reads it.
    const raw = createRawStorage(ringStorageShape(SEALED));
    const oram = createRingOram({ ...SEALED, storage: raw, rng: createRng('access-flip') });
    raw.bytes[raw.metaOffset(0) + 20]! ^= 1;
    const e = caught(() => oram.read(0));
    expect(e).toBeInstanceOf(IntegrityError);
    expect((e as Error).message).toContain('metadata MAC, format or tree hash does not verify');
  });

  it('Merkle: an access refuses a root slot with one flipped bit (whole-bucket hash)', () => {
    const opts: RingOramOptions = { ...SEALED, integrity: 'merkle' };
    const raw = createRawStorage(ringStorageShape(opts));
    const oram = createRingOram({ ...opts, storage: raw, rng: createRng('merkle-flip') });
    raw.bytes[raw.slotOffset(0, 1) + 5]! ^= 1;
    const e = caught(() => oram.read(0));
    expect(e).toBeInstanceOf(IntegrityError);
    expect((e as Error).message).toContain('bucket hash does not match the Merkle tree');
  });

  it('inspection and creation count nothing (client-side and setup work)', () => {
    // Merkle hashes every bucket while filling the tree and the inspection reads every bucket;
    // neither is an access, so the counters (hash computations included) stay as they were.
    const oram = createRingOram({ ...SEALED, integrity: 'merkle', rng: createRng('silent') });
    expect(oram.counters.hashComputations).toBe(0);
    oram.write(1, new Uint8Array(8).fill(1));
    const before = { ...oram.counters };
    oram.inspect();
    expect(oram.counters).toEqual(before);
  });

  it('accesses after an audit keep working (RIT+MUST, Map model, a second audit)', () => {
    const oram = createRingOram({ ...SEALED, integrity: 'rit+must', rng: createRng('must') });
    const model = new Map<number, Uint8Array>();
    const ops = createRng('must-ops');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 12; i++) {
        const a = ops.int(0, 3);
        const d = new Uint8Array(8).fill(round * 16 + i + 1);
        oram.write(a, d);
        model.set(a, d);
      }
      oram.audit();
      for (const [a, d] of model) expect(oram.read(a)).toEqual(d);
    }
    oram.audit();
  });
});

describe('keystream reservoir', () => {
  it('every reservation fill is one eviction path of keystream (hand-worked size)', () => {
    // README "Encryption": the keystream of the next writes is produced ahead, about one
    // eviction path at a time, in one call. One path is L+1 buckets, each W slot regions of
    // B + 16 bytes (block + pad) and up to two metadata copies of 16 + P bytes. Here Z = 4,
    // S = 5 (W = 9), B = 16, L = 3, integrity 'none': P = 12 + ⌈9/8⌉ + 10·4 = 54 bytes
    // (bucketMeta.ts layout), so one path is 4 · (⌈9·32/64⌉ + 2·⌈70/64⌉) = 4 · (5 + 4) = 36
    // blocks of 64 bytes.
    const fills: Array<[number, number]> = [];
    const provider: CipherProvider = {
      name: chacha20Poly1305.name,
      create(key) {
        const inner = chacha20Poly1305.create(key);
        return {
          fill(hi, lo, n, out, off) {
            fills.push([lo, n]);
            inner.fill(hi, lo, n, out, off);
          },
        };
      },
    };
    const oram = createRingOram({
      capacity: 16,
      blockSize: 16,
      Z: 4,
      S: 5,
      A: 3,
      levels: 3,
      integrity: 'none',
      cipher: provider,
      rng: createRng('reservoir'),
    });
    const ops = createRng('reservoir-ops');
    for (let i = 0; i < 60; i++) oram.write(ops.int(0, 15), new Uint8Array(16).fill(i));
    // A fill that re-generates positions inside an earlier fill opens something written
    // before; any other takes fresh positions, a reservation.
    const seen: Array<[number, number]> = [];
    let reservations = 0;
    for (const [lo, n] of fills) {
      const old = seen.some(([a, m]) => lo >= a && lo + n <= a + m);
      seen.push([lo, n]);
      if (old) continue;
      reservations++;
      expect(n, `fill at position ${lo}`).toBe(36);
    }
    expect(reservations).toBeGreaterThan(10);
  });
});

describe('options and facade', () => {
  it('opening a state needs the key', () => {
    const opts: RingOramOptions = { capacity: 4, blockSize: 8, key: new Uint8Array(32).fill(4) };
    const mem = createMemoryStorage(ringStorageShape(opts));
    const oram = createRingOram({ ...opts, storage: mem, rng: createRng('state') });
    oram.write(1, new Uint8Array(8).fill(1));
    const state = oram.exportState();
    let error: unknown;
    try {
      createRingOram({ capacity: 4, blockSize: 8, storage: mem, state, rng: createRng('s2') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('key is required to open a saved state');
  });

  it('a tree too large for memory is refused with a RangeError naming its size', () => {
    // The size is buckets × W slots × slot bytes of the storage shape; the error is caught by
    // hand (Vitest's toThrow(message) also passes when `undefined` is thrown).
    const opts: RingOramOptions = { capacity: 2 ** 22, blockSize: 2 ** 14 };
    const shape = ringStorageShape(opts);
    const bytes = shape.bucketCount * shape.slotsPerBucket * shape.slotBytes;
    let error: unknown;
    try {
      createRingOram(opts);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toContain(
      `capacity ${2 ** 22} x blockSize ${2 ** 14} needs ${bytes} B of tree storage, more than the in-memory limit`,
    );
  });

  it('the async Ring ORAM is a ring ORAM and reads back what it wrote', async () => {
    const o = await createAsyncRingOram({ capacity: 4, blockSize: 4, rng: createRng('async') });
    expect(o.kind).toBe('ring');
    await o.write(2, new Uint8Array(4).fill(2));
    expect(await o.read(2)).toEqual(new Uint8Array(4).fill(2));
  });
});
