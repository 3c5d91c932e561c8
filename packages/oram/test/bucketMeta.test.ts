// The bucket metadata codec (src/bucketMeta.ts) against its documented byte layout, written out
// here by hand: [count u16][flags u16][nonce lo u32][nonce hi u32][valid bitmap ceil(W/8) B]
// [Z × (addr u32, leaf u32, slot u16)][2 × 16 B child hashes if a tree][W × 16 B tags if tags
// live in metadata][Z × u16 replica slot if replicated], little-endian; a decoder that refuses
// out-of-range fields; and the lookups against brute force over the same arrays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BucketMeta,
  decodeMeta,
  EMPTY_ADDR,
  encodeMeta,
  type MetaLayout,
  metaLayout,
  NO_REPLICA,
} from '../src/bucketMeta.ts';

function layoutOf(Z: number, S: number, tree: boolean, tags: boolean, replicas: boolean) {
  return metaLayout(Z, S, { tree, tagsInMeta: tags, replicaEntries: replicas ? Z : 0 });
}

/** The layout's offsets by hand from the format above. */
function expectedOffsets(Z: number, S: number, tree: boolean, tags: boolean, replicas: boolean) {
  const W = Z + S;
  const entries = 12 + Math.ceil(W / 8);
  const hash = entries + 10 * Z;
  const tagsAt = hash + (tree ? 32 : 0);
  const replica = tagsAt + (tags ? 16 * W : 0);
  return { entries, hash, tagsAt, replica, plain: replica + (replicas ? 2 * Z : 0) };
}

function randomMeta(layout: MetaLayout, seed: number): BucketMeta {
  const m = new BucketMeta(layout, layout.plainBytes, 0);
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  m.count = next() % (layout.W + 1);
  m.nonceLo = next();
  m.nonceHi = next();
  for (let s = 0; s < layout.W; s++) m.valid[s] = next() & 1;
  for (let i = 0; i < layout.Z; i++) {
    m.addr[i] = next() % 3 === 0 ? EMPTY_ADDR : next();
    m.leaf[i] = next();
    m.slot[i] = next() % layout.W;
  }
  if (layout.hashBytes > 0) for (let j = 0; j < 32; j++) m.childHash[j] = next() & 255;
  for (let j = 0; j < layout.tagBytes; j++) m.tags[j] = next() & 255;
  for (let i = 0; i < layout.replicaEntries; i++)
    m.replicaSlot[i] = next() % 2 === 0 ? NO_REPLICA : next() % layout.W;
  return m;
}

const shapes: [number, number, boolean, boolean, boolean][] = [
  [4, 5, false, false, false], // W = 9: a two-byte bitmap
  [4, 4, false, false, true], // W = 8: exactly one byte
  [2, 3, true, true, false],
  [3, 6, true, false, true],
  [1, 1, false, true, true],
  // W ≥ 33: a bit index past 31 must not wrap into an earlier byte (a JS shift is mod 32).
  [8, 35, false, false, true], // W = 43
  [33, 63, true, false, false], // W = 96, the largeBucket parameter set
];

describe('layout', () => {
  it('offsets and size follow the documented format', () => {
    for (const s of shapes) {
      const l = layoutOf(...s);
      const e = expectedOffsets(...s);
      expect(
        [l.validOffset, l.entriesOffset, l.hashOffset, l.tagsOffset, l.replicaOffset],
        `${s}`,
      ).toEqual([12, e.entries, e.hash, e.tagsAt, e.replica]);
      expect(l.plainBytes, `${s}`).toBe(e.plain);
      expect(l.W).toBe(s[0] + s[1]);
    }
  });
});

describe('codec', () => {
  it('encodes the fields at their offsets, little-endian', () => {
    const l = layoutOf(2, 3, true, true, true); // W = 5
    const m = new BucketMeta(l, l.plainBytes, 0);
    m.reset();
    m.count = 0x0203;
    m.nonceLo = 0x04050607;
    m.nonceHi = 0x08090a0b;
    m.valid.set([1, 0, 1, 1, 0]);
    m.addr[1] = 0x11223344;
    m.leaf[1] = 0x55667788;
    m.slot[1] = 4;
    m.childHash.fill(0xab);
    m.tags.fill(0xcd);
    m.replicaSlot[0] = 2;
    const plain = new Uint8Array(l.plainBytes);
    encodeMeta(l, m, plain, new DataView(plain.buffer));
    expect([...plain.subarray(0, 12)]).toEqual([3, 2, 0, 0, 7, 6, 5, 4, 0x0b, 0x0a, 9, 8]);
    expect(plain[12]).toBe(0b01101); // slots 0, 2, 3 valid
    // Entry 0 is empty after reset(): EMPTY address, leaf 0, slot 0.
    expect([...plain.subarray(13, 23)]).toEqual([255, 255, 255, 255, 0, 0, 0, 0, 0, 0]);
    expect([...plain.subarray(23, 33)]).toEqual([
      0x44, 0x33, 0x22, 0x11, 0x88, 0x77, 0x66, 0x55, 4, 0,
    ]);
    expect(plain.subarray(33, 65).every((b) => b === 0xab)).toBe(true);
    expect(plain.subarray(65, 65 + 80).every((b) => b === 0xcd)).toBe(true);
    expect([...plain.subarray(145, 149)]).toEqual([2, 0, 0xff, 0xff]);
    expect(l.plainBytes).toBe(149);
  });

  it('decode(encode(m)) gives m back, for every section combination', () => {
    fc.assert(
      fc.property(fc.constantFrom(...shapes), fc.integer(), (s, seed) => {
        const l = layoutOf(...s);
        const m = randomMeta(l, seed);
        const plain = new Uint8Array(l.plainBytes);
        // Stale bytes from an earlier use must not leak into the bitmap.
        plain.fill(0xff);
        encodeMeta(l, m, plain, new DataView(plain.buffer));
        const back = new BucketMeta(l, l.plainBytes, 0);
        expect(decodeMeta(l, plain, new DataView(plain.buffer), back)).toBe(true);
        expect(back.count).toBe(m.count);
        expect([back.nonceLo, back.nonceHi]).toEqual([m.nonceLo, m.nonceHi]);
        expect([...back.valid]).toEqual([...m.valid]);
        expect([...back.addr]).toEqual([...m.addr]);
        expect([...back.leaf]).toEqual([...m.leaf]);
        expect([...back.slot]).toEqual([...m.slot]);
        if (l.hashBytes > 0) expect([...back.childHash]).toEqual([...m.childHash]);
        expect([...back.tags]).toEqual([...m.tags]);
        expect([...back.replicaSlot]).toEqual([...m.replicaSlot]);
      }),
      { numRuns: 60, seed: 1202 },
    );
  });

  it('refuses a slot index, replica slot or count out of range, and accepts the largest valid ones', () => {
    const l = layoutOf(2, 3, false, false, true); // W = 5
    const m = new BucketMeta(l, l.plainBytes, 0);
    const decodeWith = (edit: (v: DataView) => void) => {
      m.reset();
      m.addr[0] = 7;
      m.slot[0] = 1;
      const plain = new Uint8Array(l.plainBytes);
      const v = new DataView(plain.buffer);
      encodeMeta(l, m, plain, v);
      edit(v);
      return decodeMeta(l, plain, v, new BucketMeta(l, l.plainBytes, 0));
    };
    const slot0 = l.entriesOffset + 8;
    expect(decodeWith((v) => v.setUint16(slot0, 4, true))).toBe(true);
    expect(decodeWith((v) => v.setUint16(slot0, 5, true))).toBe(false);
    expect(decodeWith((v) => v.setUint16(l.replicaOffset, 4, true))).toBe(true);
    expect(decodeWith((v) => v.setUint16(l.replicaOffset, 5, true))).toBe(false);
    expect(decodeWith((v) => v.setUint16(l.replicaOffset, NO_REPLICA, true))).toBe(true);
    expect(decodeWith((v) => v.setUint16(0, 5, true))).toBe(true);
    expect(decodeWith((v) => v.setUint16(0, 6, true))).toBe(false);
  });
});

describe('lookups', () => {
  it('agree with a scan of the entries', () => {
    fc.assert(
      fc.property(fc.constantFrom(...shapes), fc.integer(), (s, seed) => {
        const l = layoutOf(...s);
        const m = randomMeta(l, seed);
        const entries = Array.from({ length: l.Z }, (_, i) => ({
          i,
          addr: m.addr[i]!,
          slot: m.slot[i]!,
          replica: l.replicaEntries > 0 ? m.replicaSlot[i]! : NO_REPLICA,
        }));
        const real = entries.filter((e) => e.addr !== EMPTY_ADDR);
        const live = real.filter((e) => m.valid[e.slot] === 1);
        expect(m.liveCount()).toBe(live.length);
        for (const e of entries) {
          if (e.addr !== EMPTY_ADDR)
            expect(m.findLive(e.addr)).toBe(live.find((x) => x.addr === e.addr)?.i ?? -1);
          expect(m.findSlotEntry(e.addr)).toBe(entries.find((x) => x.addr === e.addr)!.i);
        }
        expect(m.findSlotEntry(123_456_789)).toBe(-1);
        for (let slot = 0; slot < l.W; slot++) {
          expect(m.findSlotEntry2(slot)).toBe(real.find((x) => x.slot === slot)?.i ?? -1);
          expect(m.findReplicaEntry(slot)).toBe(real.find((x) => x.replica === slot)?.i ?? -1);
        }
      }),
      { numRuns: 60, seed: 1203 },
    );
  });

  it('reset() empties the bucket: no reals, every slot valid, no replica', () => {
    const l = layoutOf(3, 6, true, false, true);
    const m = randomMeta(l, 99);
    m.reset();
    expect(m.count).toBe(0);
    expect(m.liveCount()).toBe(0);
    expect([...m.valid].every((v) => v === 1)).toBe(true);
    expect([...m.addr].every((a) => a === EMPTY_ADDR)).toBe(true);
    expect([...m.leaf, ...m.slot, ...m.childHash, ...m.tags].every((x) => x === 0)).toBe(true);
    expect([...m.replicaSlot].every((r) => r === NO_REPLICA)).toBe(true);
    // An entry emptied with its replica index left behind is not found by its replica slot.
    m.replicaSlot[0] = 2;
    expect(m.findReplicaEntry(2)).toBe(-1);
  });
});
