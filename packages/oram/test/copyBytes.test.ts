// The byte moves of the access path (src/core/copyBytes.ts) against the plain byte loops they
// replace: for every alignment of every offset (0–3 mod 4), lengths around the word size and
// the native-copy threshold, and bytes outside the target range left as they were.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyBytes, words, xorBytes, zeroBytes } from '../src/core/copyBytes.ts';

/** A buffer of `size` bytes (a whole number of words, so its word view covers all of it). */
function buffer(bytes: readonly number[], size: number): { b8: Uint8Array; b32: Uint32Array } {
  const b8 = new Uint8Array(size);
  b8.set(bytes.slice(0, size));
  return { b8, b32: words(b8) };
}

// Lengths: 0–9 (no word, one word and a tail), the 192-byte threshold and a little above it.
const length = fc.oneof(
  fc.integer({ min: 0, max: 9 }),
  fc.constantFrom(63, 64, 65, 191, 192, 193, 200),
);
const offset = fc.integer({ min: 0, max: 7 });
const SIZE = 216; // ≥ 7 + 200, a multiple of 4
const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: SIZE, maxLength: SIZE });

describe('copyBytes', () => {
  it('moves the same bytes as the plain loop and nothing else', () => {
    fc.assert(
      fc.property(bytes, bytes, offset, offset, length, (dInit, sInit, dOff, sOff, n) => {
        const d = buffer(dInit, SIZE);
        const s = buffer(sInit, SIZE);
        const expected = Uint8Array.from(d.b8);
        for (let i = 0; i < n; i++) expected[dOff + i] = s.b8[sOff + i]!;
        copyBytes(d.b8, d.b32, dOff, s.b8, s.b32, sOff, n);
        expect(d.b8).toEqual(expected);
      }),
      { numRuns: 150, seed: 17 },
    );
  });

  it('a hand-worked unaligned copy: 5 bytes from offset 1 to offset 2', () => {
    const s = buffer([10, 11, 12, 13, 14, 15, 16, 17], 8);
    const d = buffer([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 12);
    copyBytes(d.b8, d.b32, 2, s.b8, s.b32, 1, 5);
    expect([...d.b8]).toEqual([0, 0, 11, 12, 13, 14, 15, 0, 0, 0, 0, 0]);
  });
});

describe('xorBytes', () => {
  it('writes a XOR b as the plain loop does, also in place (d = a)', () => {
    fc.assert(
      fc.property(
        bytes,
        bytes,
        bytes,
        offset,
        offset,
        offset,
        length,
        fc.boolean(),
        (dInit, aInit, bInit, dOff, aOff, bOff, n, inPlace) => {
          const a = buffer(aInit, SIZE);
          const b = buffer(bInit, SIZE);
          const d = inPlace ? a : buffer(dInit, SIZE);
          const ao = inPlace ? dOff : aOff;
          const expected = Uint8Array.from(d.b8);
          for (let i = 0; i < n; i++) expected[dOff + i] = a.b8[ao + i]! ^ b.b8[bOff + i]!;
          xorBytes(d.b8, d.b32, dOff, a.b8, a.b32, ao, b.b8, b.b32, bOff, n);
          expect(d.b8).toEqual(expected);
        },
      ),
      { numRuns: 150, seed: 17 },
    );
  });

  it('a hand-worked case: 0xf0 ^ 0x3c = 0xcc, 0xff ^ 0x0f = 0xf0, at offsets 1, 3 and 0', () => {
    const a = buffer([0, 0, 0, 0xf0, 0xff, 0, 0, 0], 8);
    const b = buffer([0, 0x3c, 0x0f, 0, 0, 0, 0, 0], 8);
    const d = buffer([9, 9, 9, 9, 9, 9, 9, 9], 8);
    xorBytes(d.b8, d.b32, 0, a.b8, a.b32, 3, b.b8, b.b32, 1, 2);
    expect([...d.b8]).toEqual([0xcc, 0xf0, 9, 9, 9, 9, 9, 9]);
  });
});

describe('zeroBytes', () => {
  it('zeroes the same bytes as the plain loop and nothing else', () => {
    fc.assert(
      fc.property(bytes, offset, length, (dInit, dOff, n) => {
        const d = buffer(dInit, SIZE);
        const expected = Uint8Array.from(d.b8);
        expected.fill(0, dOff, dOff + n);
        zeroBytes(d.b8, d.b32, dOff, n);
        expect(d.b8).toEqual(expected);
      }),
      { numRuns: 150, seed: 17 },
    );
  });

  it('a hand-worked case: 3 bytes from offset 1 and 200 bytes from offset 4', () => {
    const d = buffer(new Array<number>(SIZE).fill(7), SIZE);
    zeroBytes(d.b8, d.b32, 1, 3);
    expect([...d.b8.subarray(0, 5)]).toEqual([7, 0, 0, 0, 7]);
    zeroBytes(d.b8, d.b32, 8, 200);
    expect(d.b8[7]).toBe(7);
    expect(d.b8.subarray(8, 208).every((x) => x === 0)).toBe(true);
    expect(d.b8[208]).toBe(7);
  });
});
