import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { channelOf } from '../src/channels.js';
import { createFaultyStorage, UncorrectableLineError } from '../src/reliability/faultyStorage.js';
import { ChannelFailedError, createMemoryStorage } from '../src/storage.js';

const shape = { bucketCount: 31, slotsPerBucket: 6, slotBytes: 92, metaBytes: 80 };

function setup(seed: string, ecpEntries = 2, channels = 2) {
  const rng = createRng(seed);
  const inner = createMemoryStorage(shape);
  const storage = createFaultyStorage(inner, { channels, ecpEntries, rng: rng.fork('faults') });
  return { rng: rng.fork('workload'), storage };
}

function bitsDiffer(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    let x = a[i]! ^ b[i]!;
    while (x) {
      n += x & 1;
      x >>>= 1;
    }
  }
  return n;
}

describe('faulty storage', () => {
  it('reports ECP sizes: 10n + 1 bits per 512-bit line, packed per bucket', () => {
    const { storage } = setup('sizes', 6);
    expect(storage.ecpBitsPerLine).toBe(61);
    // 92 B slot = 736 bits = 2 lines; 80 B metadata = 2 lines per copy, 2 copies.
    expect(storage.linesPerBucket).toBe(6 * 2 + 2 * 2);
    expect(storage.ecpBitsPerBucket).toBe(16 * 61);
  });

  it('without faults it stores like a Map', () => {
    const { rng, storage } = setup('clean');
    const model = new Map<string, Uint8Array>();
    const out = new Uint8Array(shape.slotBytes);
    for (let i = 0; i < 2000; i++) {
      const b = rng.int(0, shape.bucketCount - 1);
      const s = rng.int(0, shape.slotsPerBucket - 1);
      if (rng.bernoulli(0.5)) {
        const data = rng.fillBytes(new Uint8Array(shape.slotBytes));
        storage.writeSlot(b, s, data);
        model.set(`${b}/${s}`, data);
      } else {
        storage.readSlot(b, s, out);
        if (bitsDiffer(out, model.get(`${b}/${s}`) ?? new Uint8Array(shape.slotBytes)) !== 0) {
          expect.fail(`read ${i} of bucket ${b}, slot ${s} differs from the model`);
        }
      }
    }
  });

  it('corrects up to n stuck cells per line and refuses the line beyond n, never returning wrong data', () => {
    for (const n of [1, 2, 4]) {
      const { rng, storage } = setup(`stuck-${n}`, n);
      const model = new Map<string, Uint8Array>();
      const out = new Uint8Array(shape.slotBytes);
      let refused = 0;
      let ok = 0;
      for (let i = 0; i < 3000; i++) {
        const b = rng.int(0, 3);
        const s = rng.int(0, 1);
        if (rng.bernoulli(0.02)) {
          storage.stickCell(
            { bucket: b, slot: s, bit: rng.int(0, shape.slotBytes * 8 - 1) },
            rng.bernoulli(0.5) ? 1 : 0,
          );
          // A cell stuck after the last write is only caught on the next write: rewrite now, as
          // the campaign relies on the MAC for the window in between.
          const data = rng.fillBytes(new Uint8Array(shape.slotBytes));
          storage.writeSlot(b, s, data);
          model.set(`${b}/${s}`, data);
        } else if (rng.bernoulli(0.5)) {
          const data = rng.fillBytes(new Uint8Array(shape.slotBytes));
          storage.writeSlot(b, s, data);
          model.set(`${b}/${s}`, data);
        } else {
          try {
            storage.readSlot(b, s, out);
            if (bitsDiffer(out, model.get(`${b}/${s}`) ?? new Uint8Array(shape.slotBytes)) !== 0) {
              expect.fail(`ECP-${n}: read ${i} of bucket ${b}, slot ${s} returned wrong data`);
            }
            ok++;
          } catch (e) {
            expect(e).toBeInstanceOf(UncorrectableLineError);
            refused++;
          }
        }
      }
      expect(ok).toBeGreaterThan(0);
      expect(storage.stats.ecpEntriesAllocated).toBeGreaterThan(0);
      expect(storage.stats.uncorrectableReads).toBe(refused);
    }
  });

  it('exactly n + 1 wrong stuck cells in one line are refused; n are corrected', () => {
    const n = 3;
    for (const extra of [0, 1]) {
      const { storage } = setup(`edge-${extra}`, n);
      const zeros = new Uint8Array(shape.slotBytes);
      storage.writeSlot(5, 1, zeros);
      for (let k = 0; k < n + extra; k++)
        storage.stickCell({ bucket: 5, slot: 1, bit: 17 + 50 * k }, 1);
      storage.writeSlot(5, 1, zeros);
      const out = new Uint8Array(shape.slotBytes);
      if (extra === 0) {
        storage.readSlot(5, 1, out);
        expect(out).toEqual(zeros);
        expect(storage.stats.ecpCorrectedReads).toBe(1);
      } else {
        expect(() => storage.readSlot(5, 1, out)).toThrow(UncorrectableLineError);
        // A write whose data matches the stuck values needs no entry: the line is readable again.
        const ones = zeros.slice();
        for (let k = 0; k < n + 1; k++) ones[(17 + 50 * k) >>> 3]! |= 1 << ((17 + 50 * k) & 7);
        storage.writeSlot(5, 1, ones);
        storage.readSlot(5, 1, out);
        expect(out).toEqual(ones);
      }
    }
  });

  it("with onUncorrectable 'raw' a refused line comes back wrong (for the MAC), and is counted", () => {
    const storage = createFaultyStorage(createMemoryStorage(shape), {
      channels: 2,
      ecpEntries: 1,
      rng: createRng('raw'),
      onUncorrectable: 'raw',
    });
    const zeros = new Uint8Array(shape.slotBytes);
    storage.stickCell({ bucket: 2, slot: 3, bit: 1 }, 1);
    storage.stickCell({ bucket: 2, slot: 3, bit: 2 }, 1);
    storage.writeSlot(2, 3, zeros);
    const out = new Uint8Array(shape.slotBytes);
    storage.readSlot(2, 3, out);
    expect(bitsDiffer(out, zeros)).toBeGreaterThan(0);
    expect(storage.stats.uncorrectableReads).toBe(1);
    expect(() =>
      createFaultyStorage(createMemoryStorage(shape), {
        channels: 2,
        ecpEntries: 1,
        rng: createRng(1),
        onUncorrectable: 'drop' as 'raw',
      }),
    ).toThrow("onUncorrectable must be 'throw' or 'raw', got drop");
  });

  it('a cell that sticks after the last write shows its stuck value until the next write', () => {
    const { storage } = setup('late-stuck', 2);
    const zeros = new Uint8Array(shape.slotBytes);
    storage.writeSlot(3, 0, zeros);
    storage.stickCell({ bucket: 3, slot: 0, bit: 9 }, 1);
    const out = new Uint8Array(shape.slotBytes);
    storage.readSlot(3, 0, out);
    expect(bitsDiffer(out, zeros)).toBe(1); // ECP cannot see it yet; the MAC must
    storage.writeSlot(3, 0, zeros);
    storage.readSlot(3, 0, out);
    expect(out).toEqual(zeros);
  });

  it('a transient flip changes one bit until the location is rewritten', () => {
    const { rng, storage } = setup('flip');
    const data = rng.fillBytes(new Uint8Array(shape.metaBytes));
    storage.writeMeta(7, data, 1);
    storage.flipBit({ bucket: 7, slot: 'meta', copy: 1, bit: 100 });
    const out = new Uint8Array(shape.metaBytes);
    storage.readMeta(7, out, 1);
    expect(bitsDiffer(out, data)).toBe(1);
    storage.readMeta(7, out, 0);
    expect(out).toEqual(new Uint8Array(shape.metaBytes)); // the other copy is untouched
    storage.writeMeta(7, data, 1);
    storage.readMeta(7, out, 1);
    expect(out).toEqual(data);
    expect(storage.stats.transientFlips).toBe(1);
  });

  it('a killed channel refuses every access to its locations, per the channel mapping', () => {
    const channels = 3;
    const { storage } = setup('kill', 2, channels);
    storage.killChannel(1);
    const out = new Uint8Array(shape.slotBytes);
    const meta = new Uint8Array(shape.metaBytes);
    let refused = 0;
    for (let b = 0; b < shape.bucketCount; b++) {
      for (let s = 0; s < shape.slotsPerBucket; s++) {
        const deadHere = channelOf(b, s, 0, channels) === 1;
        if (deadHere) {
          expect(() => storage.readSlot(b, s, out)).toThrow(ChannelFailedError);
          expect(() => storage.writeSlot(b, s, out)).toThrow(ChannelFailedError);
          refused += 2;
        } else {
          storage.writeSlot(b, s, out);
          storage.readSlot(b, s, out);
        }
      }
      for (const copy of [0, 1] as const) {
        if (channelOf(b, 'meta', copy, channels) === 1) {
          expect(() => storage.readMeta(b, meta, copy)).toThrow(ChannelFailedError);
          refused++;
        } else storage.readMeta(b, meta, copy);
      }
    }
    expect(storage.stats.channelFailedAccesses).toBe(refused);
    expect(storage.isChannelAlive(1)).toBe(false);
    for (let i = 0; i < 200; i++) {
      const loc = storage.randomLocation();
      expect(storage.channelOfLocation(loc.bucket, loc.slot, loc.copy)).not.toBe(1);
    }
  });

  it('rejects bad input naming the field', () => {
    const { storage } = setup('bad');
    expect(() => storage.killChannel(2)).toThrow('channel must be an integer in [0, 1], got 2');
    expect(() => storage.writeSlot(0, 0, new Uint8Array(3))).toThrow(
      'slot data must be 92 bytes, got 3',
    );
    expect(() => storage.readSlot(0, 6, new Uint8Array(92))).toThrow(
      'slot must be an integer in [0, 5], got 6',
    );
    expect(() => storage.readMeta(31, new Uint8Array(80))).toThrow(
      /bucket must be an integer in \[0, 30\]/,
    );
    expect(() => storage.flipBit({ bucket: 31, slot: 0, bit: 0 })).toThrow(
      /bucket must be an integer in \[0, 30\]/,
    );
    expect(() => storage.flipBit({ bucket: 0, slot: 0, bit: 736 })).toThrow(
      'bit must be an integer in [0, 735], got 736',
    );
    expect(() =>
      createFaultyStorage(createMemoryStorage(shape), {
        channels: 0,
        ecpEntries: 2,
        rng: createRng(1),
      }),
    ).toThrow(/channels must be an integer/);
  });
});
