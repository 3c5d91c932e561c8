// Path ORAM (Stefanov et al. 2013) checked where the broader tests in pathOram.test.ts leave
// room: the cipher calls an access makes, counted by a provider written here (README,
// "Encryption": the keystream of a write path comes from the client's reservoir, one path at a
// time, in one call; the openings of a path read share one call), the nonce sessions two
// clients under one key use, forged plaintext slots that only the written-address and
// stash-duplicate checks can catch, storage failures at every step (a failed location must end
// the operation, never be read as data), and a state export whose stash is not empty.
//
// Slot layout (pathOram.ts): sealed, [lo u32 LE][hi u32 LE][ciphertext of header+data][tag];
// plain (encrypt: false), [address u32 LE][leaf u32 LE][data]; EMPTY = 0xffffffff.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  type CipherProvider,
  chacha20Poly1305,
  createAsyncPathOram,
  createMemoryStorage,
  createPathOram,
  IntegrityError,
  type OramStorage,
  type PathOramOptions,
  pathStorageShape,
  type TraceEvent,
  UnreadableLocationError,
} from '../src/index.ts';
import type { RandomSource } from '../src/randomSource.ts';
import { createRawStorage, type RawStorage } from './support/rawStorage.ts';

const u32 = (b: Uint8Array, o: number) =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const put32 = (b: Uint8Array, o: number, v: number) => {
  for (let i = 0; i < 4; i++) b[o + i] = (v >>> (8 * i)) & 255;
};
const EMPTY = 0xffffffff;

/** chacha20Poly1305 behind a recorder: every `fill` (hi, lo, blocks) and every `fillRuns`. */
function countingProvider() {
  const fills: Array<[number, number, number]> = [];
  const runCalls: Array<Array<[number, number, number]>> = [];
  const provider: CipherProvider = {
    name: chacha20Poly1305.name,
    create(key) {
      const inner = chacha20Poly1305.create(key);
      return {
        fill(hi, lo, blocks, out, off) {
          fills.push([hi, lo, blocks]);
          inner.fill(hi, lo, blocks, out, off);
        },
        fillRuns(runs, n, out, off) {
          const call: Array<[number, number, number]> = [];
          let at = off;
          for (let i = 0; i < n; i++) {
            const [hi, lo, blocks] = [runs[3 * i]!, runs[3 * i + 1]!, runs[3 * i + 2]!];
            call.push([hi, lo, blocks]);
            inner.fill(hi, lo, blocks, out, at);
            at += blocks * 64;
          }
          runCalls.push(call);
        },
      };
    },
  };
  return { provider, fills, runCalls };
}

/** The error fn throws, caught by hand (Vitest's toThrow also passes on a thrown undefined). */
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** A storage over raw bytes whose reads or writes can be made to fail (per location). */
function failing(
  raw: RawStorage,
  fail: { reads: boolean; writes: boolean; onlyBucket?: number },
): OramStorage {
  const err = (b: number, s: number) => new UnreadableLocationError(`test: bucket ${b} slot ${s}`);
  return {
    bucketCount: raw.bucketCount,
    slotsPerBucket: raw.slotsPerBucket,
    slotBytes: raw.slotBytes,
    metaBytes: raw.metaBytes,
    readSlot: (b, s, out) => {
      if (fail.reads) throw err(b, s);
      raw.readSlot(b, s, out);
    },
    writeSlot: (b, s, d) => {
      if (fail.writes && (fail.onlyBucket === undefined || b === fail.onlyBucket)) throw err(b, s);
      raw.writeSlot(b, s, d);
    },
    readMeta: (b, out, copy) => raw.readMeta(b, out, copy),
    writeMeta: (b, d, copy) => raw.writeMeta(b, d, copy),
  };
}

/** Every leaf draw answers lo: all blocks live on leaf 0 (path 0 -> 1 -> 3 for L = 2). */
const leafZero: RandomSource = { int: (lo) => lo };

describe('cipher calls per access (counting provider)', () => {
  it("one reservoir fill per access, and one fillRuns with exactly the path's sealed slots", () => {
    // Z = 3, L = 2, no cached levels, 56-byte blocks: a slot's message is 8 + 56 bytes plus the
    // 16-byte pad, ⌈80/64⌉ = 2 keystream blocks. Every access reserves (L+1)·Z·2 = 18 positions,
    // one reservoir's worth, so it costs one `fill`. Init reserved (2^(L+1) − 1)·Z·2 = 42, not a
    // multiple of 18 (2^n − 1 is never a multiple of n > 1), so each later access crosses
    // exactly one reservoir boundary: one fill, never two. The reads are the online phase and
    // the write-back the eviction (Path ORAM has no integrity reads).
    const Z = 3;
    const opts: PathOramOptions = { capacity: 10, blockSize: 56, Z, levels: 2 };
    const raw = createRawStorage(pathStorageShape(opts));
    const { provider, fills, runCalls } = countingProvider();
    const events: TraceEvent[] = [];
    const p = createPathOram({
      ...opts,
      storage: raw,
      cipher: provider,
      rng: createRng('calls'),
      observer: (e) => events.push(e),
    });
    const ops = createRng('ops');
    for (let i = 0; i < 30; i++) {
      // The nonce fields of every slot before the access: the read must open these.
      const before = raw.bytes.slice();
      fills.length = 0;
      runCalls.length = 0;
      events.length = 0;
      const a = ops.int(0, 9);
      if (i % 2 === 0) p.write(a, new Uint8Array(56).fill(i));
      else p.read(a);
      expect(fills.length, `access ${i}: reservoir fills`).toBe(1);
      expect(fills[0]![2]).toBe(3 * Z * 2); // (L+1)·Z slots of two blocks each
      expect(runCalls.length, `access ${i}: fillRuns calls`).toBe(1);
      const reads = events.filter((e) => e.op === 'read');
      expect(reads.length).toBe(3 * Z);
      const want = reads.map((e) => {
        const o = raw.slotOffset(e.bucket, e.slot as number);
        return [u32(before, o + 4), u32(before, o), 2];
      });
      expect(runCalls[0]).toEqual(want);
      expect(p.counters.integritySlotReads).toBe(0);
      expect(reads.every((e) => e.phase === 'online')).toBe(true);
      expect(events.filter((e) => e.op === 'write').every((e) => e.phase === 'evict')).toBe(true);
    }
  });

  it('cached top levels are stored in clear: their slots are neither opened nor sealed', () => {
    // treeTopLevels = 1: the root stays in client memory unsealed, so a path read opens only
    // the L·Z slots below it, and the audit (which opens every sealed slot) passes.
    const Z = 2;
    const opts: PathOramOptions = { capacity: 8, blockSize: 8, Z, levels: 2, treeTopLevels: 1 };
    const raw = createRawStorage(pathStorageShape(opts));
    const { provider, runCalls } = countingProvider();
    const p = createPathOram({ ...opts, storage: raw, cipher: provider, rng: createRng('top') });
    for (let i = 0; i < 12; i++) {
      runCalls.length = 0;
      p.write(i % 8, new Uint8Array(8).fill(i + 1));
      expect(runCalls.length).toBe(1);
      expect(runCalls[0]!.length).toBe(2 * Z);
    }
    expect(() => p.audit()).not.toThrow();
    // Last writes: address a < 4 at i = a + 8, address a >= 4 at i = a.
    for (let a = 0; a < 8; a++)
      expect(p.read(a)).toEqual(new Uint8Array(8).fill(a < 4 ? a + 9 : a + 1));
  });

  it('two clients under one key write under different nonce sessions', () => {
    // Same key, same counter start: only the random session prefix hi keeps the two from
    // reusing keystream positions (nonceAllocator.ts). With 32-bit prefixes drawn from
    // different seeds, equal prefixes would be a 2^-32 event.
    const key = new Uint8Array(32).fill(7);
    const opts: PathOramOptions = { capacity: 4, blockSize: 8, Z: 2, levels: 1, key };
    const his = ['one', 'two'].map((seed) => {
      const raw = createRawStorage(pathStorageShape(opts));
      createPathOram({ ...opts, storage: raw, rng: createRng(seed) });
      return u32(raw.bytes, raw.slotOffset(0, 0) + 4);
    });
    expect(his[0]).not.toBe(his[1]);
  });

  it('after a reopen the counter continues: no position of the first session is used again', () => {
    const key = new Uint8Array(32).fill(3);
    const opts: PathOramOptions = { capacity: 6, blockSize: 8, Z: 2, levels: 2, key };
    const raw = createRawStorage(pathStorageShape(opts));
    const p = createPathOram({ ...opts, storage: raw, rng: createRng('first') });
    for (let i = 0; i < 5; i++) p.write(i, new Uint8Array(8).fill(i + 1));
    let maxLo = 0;
    for (let b = 0; b < raw.bucketCount; b++)
      for (let s = 0; s < 2; s++) maxLo = Math.max(maxLo, u32(raw.bytes, raw.slotOffset(b, s)));
    const state = p.exportState();
    const q = createPathOram({ ...opts, storage: raw, state, rng: createRng('second') });
    const events: TraceEvent[] = [];
    const r = createPathOram({
      ...opts,
      storage: raw,
      state: q.exportState(),
      rng: createRng('third'),
      observer: (e) => events.push(e),
    });
    r.write(0, new Uint8Array(8).fill(9));
    for (const e of events.filter((x) => x.op === 'write')) {
      expect(u32(raw.bytes, raw.slotOffset(e.bucket, e.slot as number))).toBeGreaterThan(maxLo);
    }
    expect(r.read(0)).toEqual(new Uint8Array(8).fill(9));
  });

  it('without encryption the client draws nothing but one leaf per address and access', () => {
    // A source that counts its calls and has no fork: with no key and no nonce session to
    // draw, creating the ORAM takes exactly `capacity` leaf draws, and each access one more
    // (the block's new leaf, uniform over 2^L leaves).
    const draws: Array<[number, number]> = [];
    const rng = createRng('plain');
    const source: RandomSource = {
      int(lo, hi) {
        draws.push([lo, hi]);
        return rng.int(lo, hi);
      },
    };
    const p = createPathOram({
      capacity: 6,
      blockSize: 4,
      Z: 2,
      levels: 2,
      encrypt: false,
      rng: source,
    });
    expect(draws).toEqual(new Array(6).fill([0, 3]));
    p.write(1, new Uint8Array(4).fill(1));
    expect(draws.length).toBe(7);
  });
});

describe('forged plaintext slots (encrypt: false)', () => {
  const opts: PathOramOptions = { capacity: 4, blockSize: 4, Z: 2, levels: 2, encrypt: false };

  it('refuses a block that was never written, even on the leaf the client holds for it', () => {
    // Every leaf is 0, so address 3 (never written) has leaf 0 in the position map: a forged
    // slot [3][0] on path 0 passes the leaf check and only the written-address check stops it.
    const raw = createRawStorage(pathStorageShape(opts));
    const p = createPathOram({ ...opts, storage: raw, rng: leafZero });
    p.write(0, new Uint8Array(4).fill(5));
    const o = raw.slotOffset(3, 1); // leaf bucket of leaf 0 is 2^L − 1 + 0 = 3
    put32(raw.bytes, o, 3);
    put32(raw.bytes, o + 4, 0);
    expect(() => p.read(1)).toThrow(IntegrityError);
  });

  it('refuses a second copy of a block that is already in the stash at index 0', () => {
    // Block 2 written alone: after its access it sits somewhere on path 0. A copy of its slot
    // forged into another slot of the same path: reading the path brings the first copy into
    // the empty stash at index 0, then meets the second.
    const raw = createRawStorage(pathStorageShape(opts));
    const p = createPathOram({ ...opts, storage: raw, rng: leafZero });
    p.write(2, new Uint8Array(4).fill(6));
    const path = [0, 1, 3];
    const slots = path.flatMap((b) => [0, 1].map((s) => raw.slotOffset(b, s)));
    const real = slots.filter((o) => u32(raw.bytes, o) === 2);
    const empty = slots.filter((o) => u32(raw.bytes, o) === EMPTY);
    expect(real.length).toBe(1);
    raw.bytes.copyWithin(empty[empty.length - 1]!, real[0]!, real[0]! + raw.slotBytes);
    expect(() => p.read(0)).toThrow(/impossible address/);
  });

  it('evicts block 0 like any other (a lone block always finds room on the path)', () => {
    // One written block and Z = 2: every write-back has room for it (at worst in the root),
    // so after each access the stash is empty and the tree holds exactly one block.
    const p = createPathOram({ ...opts, rng: createRng('zero') });
    p.write(0, new Uint8Array(4).fill(1));
    for (let i = 0; i < 6; i++) {
      p.read(i % 4);
      const s = p.inspect();
      expect([s.stashSize, s.blocksInTree]).toEqual([0, 1]);
    }
    expect(p.read(0)).toEqual(new Uint8Array(4).fill(1));
  });
});

describe('storage failures end the operation', () => {
  const opts: PathOramOptions = { capacity: 4, blockSize: 4, Z: 2, levels: 2 };
  const build = (fail: { reads: boolean; writes: boolean; onlyBucket?: number }) =>
    createPathOram({
      ...opts,
      storage: failing(createRawStorage(pathStorageShape(opts)), fail),
      rng: createRng('fail'),
    });

  it('a write failure while filling the tree fails the creation', () => {
    expect(() => build({ reads: false, writes: true })).toThrow(UnreadableLocationError);
    // Only bucket 1 fails: the first batch's first locations (bucket 0) succeeded, and the
    // error thrown must be bucket 1's (caught by hand: Vitest's toThrow also passes when
    // `undefined` is thrown).
    const e = caught(() => build({ reads: false, writes: true, onlyBucket: 1 }));
    expect(e).toBeInstanceOf(UnreadableLocationError);
    expect((e as Error).message).toContain('bucket 1 ');
  });

  it('a read failure fails the access, the audit and the inspection', () => {
    const fail = { reads: false, writes: false };
    const mk = () => {
      const p = build(fail);
      fail.reads = true;
      return p;
    };
    expect(() => mk().read(0)).toThrow(UnreadableLocationError);
    fail.reads = false;
    expect(() => mk().audit()).toThrow(UnreadableLocationError);
    fail.reads = false;
    expect(() => mk().inspect()).toThrow(UnreadableLocationError);
  });

  it("a write failure during the path's write-back fails the access", () => {
    const fail = { reads: false, writes: false };
    const p = build(fail);
    fail.writes = true;
    expect(() => p.write(1, new Uint8Array(4).fill(1))).toThrow(UnreadableLocationError);
    // Only the root fails: it goes last on the wire (leaf bucket first), after locations that
    // succeeded; the access must end with the root's failure.
    const only = { reads: false, writes: false, onlyBucket: 0 };
    const q = build(only);
    only.writes = true;
    const e = caught(() => q.write(1, new Uint8Array(4).fill(1)));
    expect(e).toBeInstanceOf(UnreadableLocationError);
    expect((e as Error).message).toContain('bucket 0 ');
  });

  it('inspect refuses a slot whose tag does not verify', () => {
    const raw = createRawStorage(pathStorageShape(opts));
    const p = createPathOram({ ...opts, storage: raw, rng: createRng('flip') });
    raw.bytes[raw.slotOffset(5, 1) + 12]! ^= 1;
    expect(() => p.inspect()).toThrow(IntegrityError);
    expect(() => p.inspect()).toThrow(/slot MAC does not verify/);
  });
});

describe('state export', () => {
  it('carries the stash: every block reads back after a reopen (Map model)', () => {
    // Z = 1 and capacity Z·2^L = 4 over a tree of 7 slots: the stash often holds blocks after
    // an access; the state is exported at such a moment (checked), so it must carry them.
    const opts: PathOramOptions = {
      capacity: 4,
      blockSize: 6,
      Z: 1,
      levels: 2,
      key: new Uint8Array(32).fill(2),
    };
    const mem = createMemoryStorage(pathStorageShape(opts));
    const p = createPathOram({ ...opts, storage: mem, rng: createRng('export') });
    const model = new Map<number, Uint8Array>();
    const ops = createRng('export-ops');
    // Write until the stash holds two blocks after an access (so their order in the state
    // matters too).
    for (let i = 0; i < 400 && (i < 8 || p.inspect().stashSize < 2); i++) {
      const a = ops.int(0, 3);
      const d = new Uint8Array(6).fill(i + 1);
      p.write(a, d);
      model.set(a, d);
    }
    expect(p.inspect().stashSize).toBeGreaterThanOrEqual(2);
    const q = createPathOram({
      ...opts,
      storage: mem,
      state: p.exportState(),
      rng: createRng('r'),
    });
    for (const [a, d] of model) expect(q.read(a)).toEqual(d);
  });
});

describe('options', () => {
  it('a tree too large for memory is refused with a RangeError naming its size', () => {
    // (2^19 − 1) buckets × 4 slots × (8 nonce + 8 header + 65536 data + 16 tag) bytes. The
    // error is caught by hand: Vitest's toThrow(message) also passes when `undefined` is thrown.
    const bytes = (2 ** 19 - 1) * 4 * (8 + 8 + 65536 + 16);
    let error: unknown;
    try {
      createPathOram({ capacity: 2 ** 20, blockSize: 2 ** 16, levels: 18 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toContain(
      `capacity 1048576 x blockSize 65536 needs ${bytes} B of tree storage, more than the in-memory limit`,
    );
  });
});

describe('async Path ORAM', () => {
  it('is a path ORAM and reads back what it wrote', async () => {
    const o = await createAsyncPathOram({ capacity: 4, blockSize: 4, rng: createRng('async') });
    expect(o.kind).toBe('path');
    await o.write(2, new Uint8Array(4).fill(2));
    expect(await o.read(2)).toEqual(new Uint8Array(4).fill(2));
  });
});
