// Path ORAM (Stefanov et al. 2013) against closed forms and attacks: the tree's geometry limits
// and storage size, the counters against Z(L+1) blocks per access, the inspection against a Map
// of written addresses and a scan of the raw memory, the audit against a bit flip, and forged
// slots (possible only without encryption, where the memory holds the plaintext header
// [address u32 LE][leaf u32 LE][data]) that a correct client must refuse: an address beyond
// capacity, a block present twice, a block never written, a block on the wrong leaf.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  createMemoryStorage,
  createPathOram,
  createRingOram,
  IntegrityError,
  type MemoryStorage,
  pathStorageShape,
  type TraceEvent,
} from '../src/index.ts';

const EMPTY = 0xffffffff;
const u32 = (b: Uint8Array, o: number) =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const put32 = (b: Uint8Array, o: number, v: number) => {
  for (let i = 0; i < 4; i++) b[o + i] = (v >>> (8 * i)) & 255;
};

describe('geometry and options', () => {
  it('holds at most Z·2^L blocks, names every bad field, and sizes its storage in closed form', () => {
    // Z = 4, L = 2: 4 leaves of 4 slots hold 16 blocks at most.
    expect(() => createPathOram({ capacity: 16, blockSize: 8, Z: 4, levels: 2 })).not.toThrow();
    expect(() => createPathOram({ capacity: 17, blockSize: 8, Z: 4, levels: 2 })).toThrow(
      new RangeError('capacity must be at most Z * 2^levels = 16 for this tree, got 17'),
    );
    const cases: [() => unknown, ErrorConstructor, RegExp][] = [
      [
        () => createPathOram({ capacity: 0, blockSize: 8 }),
        RangeError,
        /^capacity must be an integer in \[1, /,
      ],
      [
        () => createPathOram({ capacity: 4, blockSize: 0 }),
        RangeError,
        /^blockSize must be an integer in \[1, /,
      ],
      [
        () => createPathOram({ capacity: 4, blockSize: 8, levels: 0 }),
        RangeError,
        /^levels must be an integer in \[1, /,
      ],
      [
        () => createPathOram({ capacity: 4, blockSize: 8, levels: 2, treeTopLevels: 3 }),
        RangeError,
        /^treeTopLevels must be an integer in \[0, 2\], got 3$/,
      ],
      [
        () => createPathOram({ capacity: 4, blockSize: 8, foo: 1 } as never),
        RangeError,
        /^createPathOram: unknown option 'foo'/,
      ],
      [
        () => createPathOram({ capacity: 4, blockSize: 8, encrypt: 'yes' as never }),
        TypeError,
        /^encrypt must be true or false, got yes$/,
      ],
    ];
    for (const [make, type, message] of cases) {
      expect(make).toThrow(type);
      expect(make).toThrow(message);
    }
    // Storage: (2^(L+1) − 1) buckets × Z slots × (8 B nonce + 8 B header + data + 16 B tag).
    const bytes = (2 ** 19 - 1) * 4 * (8 + 8 + 65536 + 16);
    expect(bytes).toBe(137_505_800_064);
    expect(() => createPathOram({ capacity: 2 ** 20, blockSize: 2 ** 16, levels: 18 })).toThrow(
      `capacity 1048576 x blockSize 65536 needs ${bytes} B of tree storage, more than the in-memory limit`,
    );
    expect(pathStorageShape({ capacity: 16, blockSize: 8, Z: 4, levels: 2 })).toEqual({
      bucketCount: 7,
      slotsPerBucket: 4,
      slotBytes: 8 + 8 + 8 + 16,
      metaBytes: 0,
    });
    expect(
      pathStorageShape({ capacity: 16, blockSize: 8, Z: 4, levels: 2, encrypt: false }),
    ).toEqual({
      bucketCount: 7,
      slotsPerBucket: 4,
      slotBytes: 8 + 8,
      metaBytes: 0,
    });
  });

  it('reopening needs the key, the storage and a Path ORAM state', () => {
    const opts = { capacity: 8, blockSize: 8, key: new Uint8Array(32).fill(1) };
    const mem = createMemoryStorage(pathStorageShape(opts));
    const p = createPathOram({ ...opts, storage: mem, rng: createRng('s') });
    p.write(3, new Uint8Array(8).fill(3));
    const state = p.exportState();
    expect(() => createPathOram({ capacity: 8, blockSize: 8, storage: mem, state })).toThrow(
      new TypeError('key is required to open a saved state'),
    );
    expect(() => createPathOram({ ...opts, state })).toThrow(/^storage is required with state/);
    const ring = createRingOram({ capacity: 8, blockSize: 8, key: opts.key, rng: createRng('r') });
    expect(() => createPathOram({ ...opts, storage: mem, state: ring.exportState() })).toThrow(
      /^state is for a ring ORAM, not a path ORAM/,
    );
    const again = createPathOram({ ...opts, storage: mem, state, rng: createRng('s2') });
    expect(again.read(3)).toEqual(new Uint8Array(8).fill(3));
  });
});

describe('counters and inspection', () => {
  for (const treeTopLevels of [0, 2]) {
    it(`Z(L+1) blocks each way per access; stash + tree = the Map's size (tree-top ${treeTopLevels})`, () => {
      const Z = 2;
      const events: TraceEvent[] = [];
      const opts = { capacity: 24, blockSize: 4, Z, treeTopLevels, encrypt: false };
      const mem = createMemoryStorage(pathStorageShape(opts));
      const p = createPathOram({
        ...opts,
        storage: mem,
        rng: createRng(`counts-${treeTopLevels}`),
        observer: (e) => events.push(e),
      });
      const L = p.levels;
      const onBus = Z * (L + 1 - treeTopLevels);
      const model = new Map<number, number>();
      const ops = createRng('ops');
      let maxStash = 0;
      for (let i = 1; i <= 80; i++) {
        events.length = 0;
        const addr = ops.int(0, 23);
        if (ops.next() < 0.6) {
          p.write(addr, new Uint8Array(4).fill(i));
          model.set(addr, i);
        } else expect(p.read(addr)[0]).toBe(model.get(addr) ?? 0);
        // Every access reads and rewrites the whole path: Z(L+1) slots, the cached levels off the bus.
        expect(events.filter((e) => e.op === 'read' && e.phase === 'online')).toHaveLength(onBus);
        expect(events.filter((e) => e.op === 'write' && e.phase === 'evict')).toHaveLength(onBus);
        const c = p.counters;
        expect(c.accesses).toBe(i);
        expect(c.onlineBlocks).toBe(i * Z * (L + 1));
        expect(c.slotReads).toBe(i * onBus);
        expect(c.slotWrites).toBe(i * onBus);
        maxStash = Math.max(maxStash, c.stashSize);
        expect(c.maxStashSize).toBe(maxStash);
        const seen = p.inspect();
        expect(seen.stashSize).toBe(c.stashSize);
        expect(seen.blocksWritten).toBe(model.size);
        expect(seen.blocksInTree + seen.stashSize).toBe(model.size);
        // The raw memory holds the plaintext headers: count the real blocks per bucket (the
        // cached top levels live in the client and are never written to memory, so with them
        // the memory's buckets give a lower bound).
        let inTree = 0;
        let maxReals = 0;
        const slot = new Uint8Array(mem.slotBytes);
        for (let b = 2 ** treeTopLevels - 1; b < mem.bucketCount; b++) {
          let reals = 0;
          for (let s = 0; s < Z; s++) {
            mem.readSlot(b, s, slot);
            if (u32(slot, 0) !== EMPTY) reals++;
          }
          inTree += reals;
          maxReals = Math.max(maxReals, reals);
        }
        if (treeTopLevels === 0) {
          expect(seen.blocksInTree).toBe(inTree);
          expect(seen.maxRealsPerBucket).toBe(maxReals);
        } else {
          expect(seen.blocksInTree).toBeGreaterThanOrEqual(inTree);
          expect(seen.maxRealsPerBucket).toBeGreaterThanOrEqual(maxReals);
        }
        expect(seen.maxRealsPerBucket).toBeLessThanOrEqual(Z);
      }
      // Z = 2 on 24 blocks: the stash holds blocks at some point, so the maximum was exercised.
      expect(maxStash).toBeGreaterThan(0);
    });
  }
});

describe('audit', () => {
  it('opens every stored slot once and names the slot whose bit was flipped', () => {
    const opts = { capacity: 16, blockSize: 8, key: new Uint8Array(32).fill(2), Z: 4 };
    const mem = createMemoryStorage(pathStorageShape(opts));
    const events: TraceEvent[] = [];
    const p = createPathOram({
      ...opts,
      storage: mem,
      rng: createRng('audit'),
      observer: (e) => events.push(e),
    });
    for (let a = 0; a < 16; a++) p.write(a, new Uint8Array(8).fill(a));
    events.length = 0;
    p.audit();
    expect(events).toHaveLength(mem.bucketCount * 4);
    expect(events.every((e) => e.op === 'read' && e.phase === 'integrity')).toBe(true);
    expect(new Set(events.map((e) => `${e.bucket}.${e.slot}`)).size).toBe(mem.bucketCount * 4);
    // Flip one ciphertext bit of slot 2 in the last bucket.
    const b = mem.bucketCount - 1;
    const slot = new Uint8Array(mem.slotBytes);
    mem.readSlot(b, 2, slot);
    slot[20]! ^= 0x10;
    mem.writeSlot(b, 2, slot);
    expect(() => p.audit()).toThrow(IntegrityError);
    expect(() => p.audit()).toThrow(
      new RegExp(`^integrity check failed at bucket ${b}, slot 2: slot MAC does not verify`),
    );
    // audit only reads: the flip is put back and the ORAM goes on.
    slot[20]! ^= 0x10;
    mem.writeSlot(b, 2, slot);
    p.audit();
    for (let a = 0; a < 16; a++) expect(p.read(a)).toEqual(new Uint8Array(8).fill(a));
  });

  it('a flipped access-path slot is refused by the access too', () => {
    const opts = { capacity: 4, blockSize: 8, key: new Uint8Array(32).fill(3), Z: 4, levels: 1 };
    const mem = createMemoryStorage(pathStorageShape(opts));
    const p = createPathOram({ ...opts, storage: mem, rng: createRng('flip') });
    p.write(0, new Uint8Array(8).fill(7));
    // The root is on every path.
    const slot = new Uint8Array(mem.slotBytes);
    mem.readSlot(0, 1, slot);
    slot[mem.slotBytes - 1]! ^= 1;
    mem.writeSlot(0, 1, slot);
    expect(() => p.read(0)).toThrow(
      /^integrity check failed at bucket 0, slot 1: slot MAC does not verify/,
    );
  });
});

describe('forged plaintext slots are refused', () => {
  /** An unencrypted Path ORAM with blocks 0..7 of 16 written; returns where block 5 sits. */
  function setup(seed: string) {
    const opts = { capacity: 16, blockSize: 4, Z: 4, levels: 2, encrypt: false };
    const mem: MemoryStorage = createMemoryStorage(pathStorageShape(opts));
    const p = createPathOram({ ...opts, storage: mem, rng: createRng(seed) });
    for (let a = 0; a < 8; a++) p.write(a, new Uint8Array(4).fill(a + 1));
    const slot = new Uint8Array(mem.slotBytes);
    let found: { b: number; s: number; bytes: Uint8Array } | undefined;
    let rootDummy = -1;
    for (let b = 0; b < mem.bucketCount; b++) {
      for (let s = 0; s < 4; s++) {
        mem.readSlot(b, s, slot);
        if (u32(slot, 0) === 5) found = { b, s, bytes: slot.slice() };
        if (b === 0 && u32(slot, 0) === EMPTY && rootDummy < 0) rootDummy = s;
      }
    }
    return { p, mem, found, rootDummy };
  }

  /** Seeds whose tree holds block 5 and whose root has a dummy slot to forge into. */
  function usable() {
    for (let i = 0; ; i++) {
      const t = setup(`forge-${i}`);
      if (t.found !== undefined && t.rootDummy >= 0 && t.found.b !== 0) return t;
    }
  }

  it('an address beyond capacity', () => {
    const { p, mem, rootDummy } = usable();
    const slot = new Uint8Array(mem.slotBytes);
    put32(slot, 0, 16);
    mem.writeSlot(0, rootDummy, slot);
    expect(() => p.read(0)).toThrow(
      `integrity check failed at bucket 0, slot ${rootDummy}: slot holds an impossible address`,
    );
  });

  it('a block present twice on the path', () => {
    const { p, mem, found, rootDummy } = usable();
    mem.writeSlot(0, rootDummy, found!.bytes); // the root is on block 5's path too
    expect(() => p.read(5)).toThrow(/slot holds an impossible address/);
  });

  it('a block never written', () => {
    const { p, mem, found, rootDummy } = usable();
    const copy = found!.bytes.slice();
    put32(copy, 0, 12); // 12 was never written
    mem.writeSlot(0, rootDummy, copy);
    expect(() => p.read(1)).toThrow(
      `integrity check failed at bucket 0, slot ${rootDummy}: stale copy of block 12 (replayed memory)`,
    );
  });

  it('a block on another leaf than the client holds for it', () => {
    const { p, mem, found } = usable();
    const moved = found!.bytes.slice();
    put32(moved, 4, (u32(moved, 4) + 1) % 4); // same block, another of the 4 leaves
    mem.writeSlot(found!.b, found!.s, moved);
    expect(() => p.read(5)).toThrow(
      `integrity check failed at bucket ${found!.b}, slot ${found!.s}: stale copy of block 5 (replayed memory)`,
    );
  });

  it('and an untouched memory reads back every value', () => {
    const { p } = usable();
    for (let a = 0; a < 8; a++) expect(p.read(a)).toEqual(new Uint8Array(4).fill(a + 1));
    for (let a = 8; a < 16; a++) expect(p.read(a)).toEqual(new Uint8Array(4));
  });
});
