import { describe, expect, it } from 'vitest';
import { ChannelFailedError, channelOf, createMemoryStorage, levelOfBucket } from '../src/index.ts';

describe('createMemoryStorage', () => {
  it('round-trips slots and both metadata copies independently', () => {
    const s = createMemoryStorage({
      bucketCount: 7,
      slotsPerBucket: 3,
      slotBytes: 5,
      metaBytes: 4,
    });
    const out = new Uint8Array(5);
    s.writeSlot(6, 2, Uint8Array.of(1, 2, 3, 4, 5));
    s.readSlot(6, 2, out);
    expect([...out]).toEqual([1, 2, 3, 4, 5]);
    s.readSlot(6, 1, out);
    expect([...out]).toEqual([0, 0, 0, 0, 0]);
    const m = new Uint8Array(4);
    s.writeMeta(3, Uint8Array.of(9, 9, 9, 9));
    s.readMeta(3, m, 1);
    expect([...m]).toEqual([0, 0, 0, 0]);
    s.writeMeta(3, Uint8Array.of(7, 7, 7, 7), 1);
    s.readMeta(3, m, 0);
    expect([...m]).toEqual([9, 9, 9, 9]);
    s.readMeta(3, m, 1);
    expect([...m]).toEqual([7, 7, 7, 7]);
  });
  it('rejects bad shapes and out-of-range locations naming the field', () => {
    expect(() =>
      createMemoryStorage({ bucketCount: 0, slotsPerBucket: 1, slotBytes: 1, metaBytes: 0 }),
    ).toThrow(/bucketCount must be an integer in \[1/);
    expect(() =>
      createMemoryStorage({
        bucketCount: 2 ** 24,
        slotsPerBucket: 16,
        slotBytes: 4096,
        metaBytes: 0,
      }),
    ).toThrow(/in-memory limit/);
    const s = createMemoryStorage({
      bucketCount: 3,
      slotsPerBucket: 2,
      slotBytes: 2,
      metaBytes: 2,
    });
    expect(() => s.readSlot(3, 0, new Uint8Array(2))).toThrow(
      /bucket must be an integer in \[0, 2\]/,
    );
    expect(() => s.writeSlot(0, 0, new Uint8Array(3))).toThrow(/slot data must be 2 bytes/);
  });
});

describe('channelOf', () => {
  it('is (level + slot) mod C for slots, (level + copy) mod C for metadata (README, parameters.ts)', () => {
    expect([0, 1, 2, 3, 6, 7, 14].map(levelOfBucket)).toEqual([0, 1, 1, 2, 2, 3, 3]);
    for (let b = 0; b < 63; b++) {
      const l = levelOfBucket(b);
      expect(channelOf(b, 'meta', 0, 2)).not.toBe(channelOf(b, 'meta', 1, 2));
      for (const C of [1, 2, 3, 4]) {
        for (let s = 0; s < 9; s++) expect(channelOf(b, s, 0, C)).toBe((l + s) % C);
        expect(channelOf(b, 'meta', 1, C)).toBe((l + 1) % C);
      }
      // Not level-interleaved: the slots of one bucket span every channel.
      expect(new Set([0, 1, 2, 3].map((s) => channelOf(b, s, 0, 4))).size).toBe(4);
    }
    expect(() => channelOf(0, 0, 0, 0)).toThrow(/channels must be an integer >= 1/);
  });
  it('ChannelFailedError carries its location', () => {
    const e = new ChannelFailedError(1, 5, 'meta');
    expect(e).toBeInstanceOf(Error);
    expect([e.channel, e.bucket, e.slot]).toEqual([1, 5, 'meta']);
  });
});
