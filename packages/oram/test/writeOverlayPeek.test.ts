// The durable driver's storage (asyncOverlayStorage, src/remote/writeOverlay.ts) against the
// `peek` contract of AsyncBatchedStorage (storageProtocol.ts): it answers only locations the
// client already holds for this access (fetched ahead with an earlier read, or written), with
// the bytes a later read returns, sends nothing, and uses nothing up. The store is a fake whose
// bytes are a formula of the location and which counts its requests.
import { describe, expect, it } from 'vitest';
import type { BatchStore } from '../src/remote/batchStore.ts';
import { asyncOverlayStorage, createWriteOverlay } from '../src/remote/writeOverlay.ts';
import { createIoBatch, type IoBatch, META_SLOT } from '../src/storage/storageProtocol.ts';

const shape = { bucketCount: 15, slotsPerBucket: 4, slotBytes: 8, metaBytes: 12 };
const byteOf = (kind: number, bucket: number, slot: number) =>
  (31 * kind + 7 * bucket + slot) & 255;

function fakeStore() {
  const requests: number[] = [];
  const store: BatchStore = {
    shape,
    appliedSeq: 0,
    async readLocations(locations) {
      requests.push(locations.length);
      return locations.map((l) =>
        new Uint8Array(l.kind === 0 ? shape.slotBytes : shape.metaBytes).fill(
          byteOf(l.kind, l.bucket, l.slot),
        ),
      );
    },
    async apply() {},
    async close() {},
  };
  return { store, requests };
}

/** A batch of (bucket, slot) locations, slot META_SLOT for metadata copy 0. */
function batchOf(locs: [number, number][]): IoBatch {
  const b = createIoBatch(locs.length, locs.length * 16);
  locs.forEach(([bucket, slot], i) => {
    b.buckets[i] = bucket;
    b.slots[i] = slot;
    b.offsets[i] = i * 16;
  });
  b.count = locs.length;
  return b;
}

const bytesAt = (b: IoBatch, i: number) => [
  ...b.data.subarray(b.offsets[i]!, b.offsets[i]! + (b.slots[i] === META_SLOT ? 12 : 8)),
];

describe('asyncOverlayStorage.peek', () => {
  it('answers fetched-ahead and written locations only, without a request, and uses nothing up', async () => {
    const { store, requests } = fakeStore();
    const s = asyncOverlayStorage(createWriteOverlay(shape), store);
    const ahead = batchOf([
      [5, 1],
      [4, META_SLOT],
    ]);
    // Nothing held yet: refused, and nothing sent.
    expect(s.peek!(ahead)).toBe(false);
    expect(requests).toEqual([]);
    // Named ahead, then sent with the next read: one request of 1 + 2 locations.
    s.prefetch!(ahead);
    await s.read(batchOf([[0, 0]]));
    expect(requests).toEqual([3]);
    const p = batchOf([
      [5, 1],
      [4, META_SLOT],
    ]);
    expect(s.peek!(p)).toBe(true);
    expect(bytesAt(p, 0)).toEqual(Array(8).fill(byteOf(0, 5, 1)));
    expect(bytesAt(p, 1)).toEqual(Array(12).fill(byteOf(1, 4, 0)));
    // Peeking again still works, and the later read gets the same bytes without a request.
    expect(s.peek!(batchOf([[5, 1]]))).toBe(true);
    const r = batchOf([
      [5, 1],
      [4, META_SLOT],
    ]);
    await s.read(r);
    expect(requests).toEqual([3]);
    expect([bytesAt(r, 0), bytesAt(r, 1)]).toEqual([bytesAt(p, 0), bytesAt(p, 1)]);
    // One location not held makes the whole peek fail.
    expect(s.peek!(batchOf([[9, 2]]))).toBe(false);
    // A written location is answered with what was written.
    const w = batchOf([[9, 2]]);
    w.op = 'write';
    w.data.fill(0xee, 0, 8);
    await s.write(w);
    const q = batchOf([[9, 2]]);
    expect(s.peek!(q)).toBe(true);
    expect(bytesAt(q, 0)).toEqual(Array(8).fill(0xee));
    expect(requests).toEqual([3]);
  });
});
