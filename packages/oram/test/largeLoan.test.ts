// The in-memory storage lends its array to the ORAM's I/O layer (zero-copy batches) also when
// it is larger than 2^31 bytes: 2^16 blocks of 4 KiB are 2.4 GB, past what the batches' former
// Int32Array offsets could address. Checked without allocating such a store: the lending rule
// as a function of the shape, and the I/O layer's offsets over a stub loan of that geometry.
import { describe, expect, it } from 'vitest';
import { ringStorageShape } from '../src/index.ts';
import { zeroCounters } from '../src/oram.ts';
import { lendable, MEMORY_LOAN, memoryLayout } from '../src/storage/memoryStorage.ts';
import { MAX_STORAGE_BYTES } from '../src/storage/oramStorage.ts';
import { PhysicalIo } from '../src/storage/physicalIo.ts';
import { createIoBatch } from '../src/storage/storageProtocol.ts';

const big = ringStorageShape({ capacity: 2 ** 16, blockSize: 4096 });

describe('a memory storage larger than 2^31 bytes lends its array', () => {
  it('the 2^16 x 4 KiB shape is 2.4 GB and lendable', () => {
    // Metadata region (each padded to 4 B), then the slots from a 64-byte boundary.
    const metaRegion = Math.ceil((big.bucketCount * ((big.metaBytes + 3) & ~3)) / 64) * 64;
    const stride = big.slotsPerBucket * big.slotBytes;
    const total = metaRegion + big.bucketCount * stride;
    expect(memoryLayout(big).total).toBe(total);
    expect(total).toBeGreaterThan(2 ** 31);
    expect(total).toBeLessThanOrEqual(MAX_STORAGE_BYTES);
    expect(lendable(big)).toBe(true);
    // Not lendable: unaligned slots, or more than the in-memory limit.
    expect(lendable({ ...big, slotBytes: 4097 })).toBe(false);
    const over = { ...big, bucketCount: big.bucketCount + 1 };
    while (memoryLayout(over).total <= MAX_STORAGE_BYTES) over.bucketCount++;
    expect(lendable(over)).toBe(false);
    expect(lendable({ ...over, bucketCount: over.bucketCount - 1 })).toBe(true);
  });

  it('batch offsets hold every byte offset below 2^32', () => {
    const b = createIoBatch(2, 0);
    b.offsets[0] = MAX_STORAGE_BYTES - 4095;
    b.offsets[1] = 2 ** 31 + 8;
    expect([b.offsets[0], b.offsets[1]]).toEqual([MAX_STORAGE_BYTES - 4095, 2 ** 31 + 8]);
  });

  it('the I/O layer points locations of the last bucket at their exact place', () => {
    const metaStride = (big.metaBytes + 3) & ~3;
    const slotsAt = Math.ceil((big.bucketCount * metaStride) / 64) * 64;
    const bucketSlotsBytes = big.slotsPerBucket * big.slotBytes;
    // A stub storage carrying a loan of the big geometry over a small array: only the
    // offsets are computed here, no byte is touched.
    const bytes = new Uint8Array(64);
    const loan = {
      bytes,
      bytes32: new Uint32Array(bytes.buffer),
      metaStride,
      slotsAt,
      bucketSlotsBytes,
    };
    const stub = Object.defineProperty(
      { ...big, batched: 'sync', read() {}, write() {} },
      MEMORY_LOAN,
      { value: { ...loan, slotBytes: big.slotBytes } },
    );
    const io = new PhysicalIo(
      big,
      stub as never,
      undefined,
      0,
      undefined,
      false,
      zeroCounters(),
      4,
    );
    const batch = io.createBatch(4, 0);
    expect(batch.lent).toBe(true);
    const last = big.bucketCount - 1;
    const s = io.addSlot(batch, last, big.slotsPerBucket - 1, 'online');
    const m = io.addMeta(batch, last, 0, 'online');
    expect(batch.offsets[s]).toBe(
      slotsAt + last * bucketSlotsBytes + (big.slotsPerBucket - 1) * big.slotBytes,
    );
    // The last slot ends the array; the metadata region ends below the slots.
    expect(batch.offsets[s]! + big.slotBytes).toBe(slotsAt + big.bucketCount * bucketSlotsBytes);
    expect(batch.offsets[s]).toBeGreaterThan(2 ** 31);
    expect(batch.offsets[m]).toBe(last * metaStride);
    expect(batch.offsets[m]! + big.metaBytes).toBeLessThanOrEqual(slotsAt);
  });
});
