// The durable driver's epoch storage (src/remote/writeOverlay.ts) against a reference model:
// a Map from location to bytes for the store, and the rule "a read returns the last bytes
// written to the location, in this epoch or committed before". Random sequences of writes,
// reads, hints (prefetch), commits and dropped epochs (fast-check) through the synchronous
// and the asynchronous epoch storage must give exactly the model's bytes, and a commit's batch
// must be sorted by location whatever the order of the writes (its order would otherwise show
// the server the order of the accesses).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BatchStore } from '../src/remote/batchStore.ts';
import type { Location, WriteBatch } from '../src/remote/writeBatch.ts';
import {
  asyncOverlayStorage,
  createWriteOverlay,
  overlayStorage,
} from '../src/remote/writeOverlay.ts';
import { createIoBatch, type IoBatch, META_SLOT } from '../src/storage/storageProtocol.ts';

const shape = { bucketCount: 6, slotsPerBucket: 3, slotBytes: 4, metaBytes: 6 };
/** A location as [kind, bucket, slot]: kind 0 slot, 1 metadata copy 0, 2 copy 1. */
type Loc = [0 | 1 | 2, number, number];
const keyOf = ([k, b, s]: Loc) => `${k}:${b}:${s}`;
const sizeOf = (k: number) => (k === 0 ? shape.slotBytes : shape.metaBytes);

/** The store: a Map, with every commit applied and every request counted. */
function mapStore() {
  const cells = new Map<string, Uint8Array>();
  const batches: WriteBatch[] = [];
  const requests: Location[][] = [];
  const read = (l: Location) =>
    cells.get(keyOf([l.kind, l.bucket, l.slot]))?.slice() ?? new Uint8Array(sizeOf(l.kind));
  const store = {
    shape,
    appliedSeq: 0,
    async readLocations(locations: readonly Location[]) {
      requests.push([...locations]);
      return locations.map(read);
    },
    async apply(batch: WriteBatch) {
      batches.push(batch);
      for (const e of batch.entries) cells.set(keyOf([e.kind, e.bucket, e.slot]), e.data.slice());
      store.appliedSeq = batch.seq;
    },
    async close() {},
  } satisfies BatchStore;
  return { store, cells, batches, requests, read };
}

/** A one-location IoBatch for loc, with the bytes `data` when writing. */
function batchFor(locs: Loc[], data?: Uint8Array[]): IoBatch {
  const b = createIoBatch(locs.length, locs.length * 8);
  locs.forEach(([k, bucket, slot], i) => {
    b.buckets[i] = bucket;
    b.slots[i] = k === 0 ? slot : META_SLOT;
    b.copies[i] = k === 2 ? 1 : 0;
    b.offsets[i] = i * 8;
    if (data !== undefined) b.data.set(data[i]!, i * 8);
  });
  b.count = locs.length;
  return b;
}
const bytesAt = (b: IoBatch, i: number, k: number) => [
  ...b.data.subarray(b.offsets[i]!, b.offsets[i]! + sizeOf(k)),
];

const locArb: fc.Arbitrary<Loc> = fc.oneof(
  fc.tuple(fc.constant(0 as const), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 })),
  fc.tuple(fc.constantFrom(1 as const, 2 as const), fc.integer({ min: 0, max: 5 }), fc.constant(0)),
);
type Op =
  | { op: 'write'; locs: Loc[]; fill: number }
  | { op: 'read'; locs: Loc[] }
  | { op: 'hint'; locs: Loc[] }
  | { op: 'commit' }
  | { op: 'drop' };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('write' as const),
    locs: fc.uniqueArray(locArb, { minLength: 1, maxLength: 4, selector: keyOf }),
    fill: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    op: fc.constant('read' as const),
    locs: fc.uniqueArray(locArb, { minLength: 1, maxLength: 4, selector: keyOf }),
  }),
  fc.record({
    op: fc.constant('hint' as const),
    locs: fc.uniqueArray(locArb, { minLength: 1, maxLength: 4, selector: keyOf }),
  }),
  fc.constant({ op: 'commit' as const }),
  fc.constant({ op: 'drop' as const }),
);

describe('createWriteOverlay', () => {
  it('keeps the last bytes per location, counts locations and bytes, drains sorted', () => {
    const o = createWriteOverlay(shape);
    const d = (n: number, v: number) => new Uint8Array(n).fill(v);
    o.put(2, 5, 0, d(6, 1));
    o.put(0, 3, 2, d(4, 2));
    o.put(1, 5, 0, d(6, 3));
    o.put(0, 3, 1, d(4, 4));
    o.put(0, 1, 2, d(4, 5));
    o.put(0, 3, 2, d(4, 6)); // overwrites: no new location, no new bytes
    expect(o.size).toBe(5);
    expect(o.bytes).toBe(6 + 4 + 6 + 4 + 4);
    expect([...o.get(0, 3, 2)!]).toEqual([6, 6, 6, 6]);
    expect(o.get(0, 3, 0)).toBeUndefined();
    // The caller's buffer is copied, not kept.
    const mine = d(4, 9);
    o.put(0, 4, 0, mine);
    mine.fill(0);
    expect([...o.get(0, 4, 0)!]).toEqual([9, 9, 9, 9]);
    const batch = o.drain(7);
    expect(batch.seq).toBe(7);
    expect(batch.entries.map((e) => [e.kind, e.bucket, e.slot])).toEqual([
      [0, 1, 2],
      [0, 3, 1],
      [0, 3, 2],
      [0, 4, 0],
      [1, 5, 0],
      [2, 5, 0],
    ]);
    expect(o.size).toBe(0);
    expect(o.bytes).toBe(0);
    o.put(1, 0, 0, d(6, 1));
    o.clear();
    expect([o.size, o.bytes, o.get(1, 0, 0)]).toEqual([0, 0, undefined]);
  });

  it('a drained batch is sorted by location whatever the order of the writes (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(locArb, { minLength: 1, maxLength: 30, selector: keyOf }),
        (locs) => {
          const o = createWriteOverlay(shape);
          for (const l of locs) o.put(l[0], l[1], l[2], new Uint8Array(sizeOf(l[0])));
          const got = o.drain(1).entries.map((e): Loc => [e.kind, e.bucket, e.slot]);
          const want = [...locs].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('overlayStorage (synchronous epochs)', () => {
  it('per-location and batched calls read the last write of the epoch, else the store', () => {
    const { read } = mapStore();
    const o = createWriteOverlay(shape);
    const s = overlayStorage(o, (k, b, sl, out) =>
      out.set(read({ kind: k as 0, bucket: b, slot: sl })),
    );
    const out4 = new Uint8Array(4);
    const out6 = new Uint8Array(6);
    s.writeSlot(2, 1, Uint8Array.of(1, 2, 3, 4));
    s.writeMeta(2, Uint8Array.of(5, 5, 5, 5, 5, 5));
    s.writeMeta(2, Uint8Array.of(6, 6, 6, 6, 6, 6), 1);
    s.readSlot(2, 1, out4);
    expect([...out4]).toEqual([1, 2, 3, 4]);
    s.readMeta(2, out6);
    expect([...out6]).toEqual([5, 5, 5, 5, 5, 5]);
    s.readMeta(2, out6, 1);
    expect([...out6]).toEqual([6, 6, 6, 6, 6, 6]);
    s.readSlot(2, 0, out4); // never written: the store's (zeros)
    expect([...out4]).toEqual([0, 0, 0, 0]);
    expect(o.get(1, 2, 0)?.length).toBe(6);
    expect(o.get(2, 2, 0)?.length).toBe(6);
    const b = batchFor([
      [0, 2, 1],
      [1, 2, 0],
      [2, 2, 0],
      [0, 3, 2],
    ]);
    s.read(b);
    expect(bytesAt(b, 0, 0)).toEqual([1, 2, 3, 4]);
    expect(bytesAt(b, 1, 1)).toEqual([5, 5, 5, 5, 5, 5]);
    expect(bytesAt(b, 2, 2)).toEqual([6, 6, 6, 6, 6, 6]);
    expect(bytesAt(b, 3, 0)).toEqual([0, 0, 0, 0]);
    s.write(
      batchFor(
        [
          [2, 4, 0],
          [0, 4, 2],
        ],
        [new Uint8Array(6).fill(8), new Uint8Array(4).fill(9)],
      ),
    );
    expect([...o.get(2, 4, 0)!]).toEqual([8, 8, 8, 8, 8, 8]);
    expect([...o.get(0, 4, 2)!]).toEqual([9, 9, 9, 9]);
    expect(o.get(1, 4, 0)).toBeUndefined();
  });

  it('refuses a location outside the shape and data of the wrong size, holding nothing', () => {
    const o = createWriteOverlay(shape);
    const s = overlayStorage(o, () => undefined);
    expect(() => s.writeSlot(6, 0, new Uint8Array(4))).toThrow(
      'bucket must be an integer in [0, 5], got 6',
    );
    expect(() => s.writeSlot(-1, 0, new Uint8Array(4))).toThrow(/bucket must be an integer/);
    expect(() => s.writeSlot(0.5, 0, new Uint8Array(4))).toThrow(/bucket must be an integer/);
    expect(() => s.writeSlot(0, 3, new Uint8Array(4))).toThrow(
      'slot must be an integer in [0, 2], got 3',
    );
    expect(() => s.writeSlot(0, -1, new Uint8Array(4))).toThrow(/slot must be an integer/);
    expect(() => s.readSlot(0, 1.5, new Uint8Array(4))).toThrow(/slot must be an integer/);
    expect(() => s.readMeta(6, new Uint8Array(6))).toThrow(/bucket must be an integer/);
    expect(() => s.writeSlot(0, 0, new Uint8Array(5))).toThrow(
      'location data must be 4 bytes, got 5',
    );
    expect(() => s.writeMeta(0, new Uint8Array(4))).toThrow('location data must be 6 bytes, got 4');
    expect(() => s.read(batchFor([[0, 6, 0]]))).toThrow(/bucket must be an integer/);
    expect(o.size).toBe(0);
    expect(s.batched).toBe('sync');
  });
});

describe('asyncOverlayStorage (the durable driver over a remote or IndexedDB store)', () => {
  it('every read returns the last bytes written, across hints, commits and dropped epochs (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        const { store, cells } = mapStore();
        const o = createWriteOverlay(shape);
        const s = asyncOverlayStorage(o, store);
        /** The model: committed bytes (cells mirror them) and this epoch's writes. */
        const epoch = new Map<string, number[]>();
        const committed = new Map<string, number[]>();
        let seq = 0;
        for (const op of ops) {
          if (op.op === 'write') {
            const data = op.locs.map((l, i) =>
              new Uint8Array(sizeOf(l[0])).fill((op.fill + i) & 255),
            );
            await s.write(batchFor(op.locs, data));
            op.locs.forEach((l, i) => {
              epoch.set(keyOf(l), [...data[i]!]);
            });
          } else if (op.op === 'read') {
            const b = batchFor(op.locs);
            await s.read(b);
            op.locs.forEach((l, i) => {
              const want =
                epoch.get(keyOf(l)) ?? committed.get(keyOf(l)) ?? new Array(sizeOf(l[0])).fill(0);
              expect(bytesAt(b, i, l[0]), `read ${keyOf(l)}`).toEqual(want);
            });
          } else if (op.op === 'hint') {
            s.prefetch!(batchFor(op.locs));
          } else if (op.op === 'commit') {
            await store.apply(o.drain(++seq));
            for (const [k, v] of epoch) committed.set(k, v);
            epoch.clear();
          } else {
            o.clear();
            epoch.clear();
          }
          expect(cells.size).toBe(committed.size);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a location hinted, then written, then committed reads back the new bytes, not the hinted ones', async () => {
    const { store } = mapStore();
    const o = createWriteOverlay(shape);
    const s = asyncOverlayStorage(o, store);
    // Hint slot (1, 1), and read something else so the hint travels and comes back.
    s.prefetch!(batchFor([[0, 1, 1]]));
    await s.read(batchFor([[0, 0, 0]]));
    await s.write(batchFor([[0, 1, 1]], [Uint8Array.of(7, 7, 7, 7)]));
    await store.apply(o.drain(1));
    const b = batchFor([[0, 1, 1]]);
    await s.read(b);
    expect(bytesAt(b, 0, 0)).toEqual([7, 7, 7, 7]);
  });

  it('a hint the overlay already holds is not fetched; a held location is never sent', async () => {
    const { store, requests } = mapStore();
    const o = createWriteOverlay(shape);
    const s = asyncOverlayStorage(o, store);
    await s.write(batchFor([[1, 2, 0]], [new Uint8Array(6).fill(3)]));
    s.prefetch!(
      batchFor([
        [1, 2, 0],
        [0, 5, 2],
      ]),
    );
    const b = batchFor([
      [1, 2, 0],
      [0, 4, 0],
    ]);
    await s.read(b);
    expect(bytesAt(b, 0, 1)).toEqual([3, 3, 3, 3, 3, 3]);
    // One request: the missing slot, then the one hint the overlay does not hold.
    expect(requests).toEqual([
      [
        { kind: 0, bucket: 4, slot: 0 },
        { kind: 0, bucket: 5, slot: 2 },
      ],
    ]);
    // The hinted slot is answered from what came back: no second request.
    await s.read(batchFor([[0, 5, 2]]));
    expect(requests).toHaveLength(1);
    // A read of held locations only sends nothing.
    await s.read(batchFor([[1, 2, 0]]));
    expect(requests).toHaveLength(1);
  });
});
