// Edges of the durable driver's epoch storage (src/remote/writeOverlay.ts) that the random
// sequences of writeOverlay.test.ts do not reach, each against a Map store that counts its
// requests: metadata smaller than a slot, a location outside the shape in a batch, what the
// store is asked for metadata (slot 0, as the wire format names it), a hint read in the same
// batch (asked once), a hint written while its request was out (the write wins, also after the
// commit), the unused capacity of a write batch, and the bound on what is kept fetched ahead
// (dropped at the next hints once more than 4096 locations are held).
import { describe, expect, it } from 'vitest';
import type { BatchStore } from '../src/remote/batchStore.ts';
import type { Location, WriteBatch } from '../src/remote/writeBatch.ts';
import {
  asyncOverlayStorage,
  createWriteOverlay,
  overlayStorage,
} from '../src/remote/writeOverlay.ts';
import type { StorageShape } from '../src/storage.ts';
import { allBytes, ioBatch, type Loc } from './support/fakeOramServer.ts';

const key = (l: Location) => `${l.kind}:${l.bucket}:${l.slot}`;
/** The bytes a location holds in the store before any commit: a formula of the location. */
const initial = (shape: StorageShape, l: Location) =>
  Array.from(
    { length: l.kind === 0 ? shape.slotBytes : shape.metaBytes },
    (_, i) => (l.kind * 89 + l.bucket * 13 + l.slot * 5 + i + 1) & 255,
  );

/** A store: a Map of committed bytes, every request recorded. */
function mapStore(shape: StorageShape) {
  const cells = new Map<string, number[]>();
  const requests: string[][] = [];
  const bytes = (l: Location) => cells.get(key(l)) ?? initial(shape, l);
  const store: BatchStore = {
    shape,
    appliedSeq: 0,
    async readLocations(locations) {
      requests.push(locations.map(key));
      return locations.map((l) => Uint8Array.from(bytes(l)));
    },
    async apply(batch: WriteBatch) {
      for (const e of batch.entries) cells.set(key(e), [...e.data]);
    },
    async close() {},
  };
  return { store, requests, bytes };
}
const loc = ([kind, bucket, slot]: Loc): Location => ({ kind, bucket, slot });

describe('overlayStorage batches', () => {
  it('metadata smaller than a slot: a batch reads whole slots, written or from the store', () => {
    const shape = { bucketCount: 5, slotsPerBucket: 3, slotBytes: 8, metaBytes: 4 };
    const { bytes } = mapStore(shape);
    const asked: string[] = [];
    const s = overlayStorage(createWriteOverlay(shape), (kind, bucket, slot, out) => {
      asked.push(`${kind}:${bucket}:${slot}`);
      out.set(bytes({ kind: kind as 0, bucket, slot }));
    });
    s.write(
      ioBatch(
        [
          [0, 1, 2],
          [1, 1, 0],
        ],
        (i) => 0x70 + i,
      ),
    );
    const b = ioBatch([
      [0, 1, 2],
      [0, 3, 1],
      [1, 1, 0],
      [2, 4, 0],
    ]);
    s.read(b);
    expect(allBytes(b, shape)).toEqual([
      new Array(8).fill(0x70),
      initial(shape, loc([0, 3, 1])),
      new Array(4).fill(0x71),
      initial(shape, loc([2, 4, 0])),
    ]);
    // The store is asked for metadata as slot 0 (its only slot), as the wire format names it.
    expect(asked).toEqual(['0:3:1', '2:4:0']);
  });

  it('a batch naming a slot outside the shape is refused', () => {
    const shape = { bucketCount: 5, slotsPerBucket: 3, slotBytes: 8, metaBytes: 4 };
    const s = overlayStorage(createWriteOverlay(shape), () => undefined);
    expect(() => s.read(ioBatch([[0, 1, 3]]))).toThrow('slot must be an integer in [0, 2], got 3');
  });
});

describe('asyncOverlayStorage fetch-ahead', () => {
  const shape = { bucketCount: 6, slotsPerBucket: 3, slotBytes: 4, metaBytes: 6 };

  it('a hint read in the same batch is asked for once, and not kept', async () => {
    const { store, requests } = mapStore(shape);
    const s = asyncOverlayStorage(createWriteOverlay(shape), store);
    s.prefetch?.(ioBatch([[0, 2, 1]]));
    const b = ioBatch([[0, 2, 1]]);
    await s.read(b);
    expect(allBytes(b, shape)).toEqual([initial(shape, loc([0, 2, 1]))]);
    expect(requests).toEqual([['0:2:1']]);
    // Read directly, not fetched ahead: a later read asks again.
    await s.read(ioBatch([[0, 2, 1]]));
    expect(requests).toEqual([['0:2:1'], ['0:2:1']]);
  });

  it('a hint written while its request was out reads back the write, also after the commit', async () => {
    const { store } = mapStore(shape);
    const o = createWriteOverlay(shape);
    const s = asyncOverlayStorage(o, store);
    s.prefetch?.(ioBatch([[0, 1, 1]]));
    const pending = s.read(ioBatch([[0, 0, 0]])); // takes the hint along
    await s.write(ioBatch([[0, 1, 1]], () => 7));
    await pending;
    await store.apply(o.drain(1));
    const b = ioBatch([[0, 1, 1]]);
    await s.read(b);
    expect(allBytes(b, shape)).toEqual([[7, 7, 7, 7]]);
  });

  it('a write drops only what it writes, not what sits in its batch past the count', async () => {
    const { store, requests } = mapStore(shape);
    const s = asyncOverlayStorage(createWriteOverlay(shape), store);
    s.prefetch?.(ioBatch([[0, 4, 2]]));
    await s.read(ioBatch([[0, 0, 0]]));
    // Capacity 2, count 1: the second entry (the hinted slot) is not part of the write.
    const w = ioBatch(
      [
        [0, 3, 0],
        [0, 4, 2],
      ],
      () => 5,
    );
    w.count = 1;
    await s.write(w);
    const b = ioBatch([[0, 4, 2]]);
    await s.read(b);
    expect(allBytes(b, shape)).toEqual([initial(shape, loc([0, 4, 2]))]);
    expect(requests).toEqual([['0:0:0', '0:4:2']]);
  });

  it('what was fetched ahead is kept up to 4096 locations, and dropped at the next hints past that', async () => {
    const wide = { bucketCount: 1100, slotsPerBucket: 4, slotBytes: 1, metaBytes: 1 };
    const at = (k: number): Loc => [0, k >> 2, k & 3];
    const hints = (n: number) => ioBatch(Array.from({ length: n }, (_, k) => at(k + 10)));
    for (const held of [4096, 4097]) {
      const { store, requests } = mapStore(wide);
      const s = asyncOverlayStorage(createWriteOverlay(wide), store);
      s.prefetch?.(hints(held));
      await s.read(ioBatch([at(0)]));
      expect(requests).toHaveLength(1);
      expect(requests[0]).toHaveLength(held + 1);
      // The next hints: at 4096 held nothing is dropped; at 4097 everything is.
      s.prefetch?.(ioBatch([at(1)]));
      const b = ioBatch([at(10)]);
      await s.read(b);
      expect(allBytes(b, wide)).toEqual([initial(wide, loc(at(10)))]);
      expect(requests.slice(1)).toEqual(held === 4096 ? [] : [['0:2:2', '0:0:1']]);
    }
  });
});
