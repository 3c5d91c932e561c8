// The nonce allocator's reservoir (src/crypto/nonceAllocator.ts) against a reference keystream:
// for random reservation sizes, every reservation is fresh (positions strictly increasing,
// never overlapping), the keystream at the offset it returns is the cipher's keystream of
// exactly those positions, and the reservoir's refills are back to back: each starts where the
// last one ended, so no position's keystream is generated twice and a streaming cipher can
// continue (nodeAes.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeystreamCipher } from '../src/crypto/keystreamCipher.ts';
import { NonceAllocator } from '../src/crypto/nonceAllocator.ts';

/** Keystream byte i of position (hi, lo): a fixed function, easy to recompute. */
const byteOf = (hi: number, lo: number, i: number) => (hi * 7 + lo * 31 + i * 13) & 255;

function recordingCipher(fills: [number, number, number][]): KeystreamCipher {
  return {
    fill(hi, lo, blocks, out, off) {
      fills.push([hi, lo, blocks]);
      for (let b = 0; b < blocks; b++)
        for (let i = 0; i < 64; i++) out[off + 64 * b + i] = byteOf(hi, lo + b, i);
    },
  };
}

describe('nonce allocator', () => {
  it('hands out fresh positions with their keystream, refilling back to back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 80 }),
        fc.nat(1000),
        (reservoir, sizes, start) => {
          const fills: [number, number, number][] = [];
          const a = new NonceAllocator(recordingCipher(fills), reservoir);
          a.start(9, start);
          let end = start;
          for (const n of sizes) {
            const off = a.reserve(n);
            expect(a.lastHi).toBe(9);
            expect(a.lastLo).toBeGreaterThanOrEqual(end);
            end = a.lastLo + n;
            for (let b = 0; b < n; b++)
              for (const i of [0, 63])
                expect(a.ks[off + 64 * b + i]).toBe(byteOf(9, a.lastLo + b, i));
          }
          for (let i = 1; i < fills.length; i++) {
            const [, lo, blocks] = fills[i - 1]!;
            expect(fills[i]![1], `fill ${i} starts where fill ${i - 1} ended`).toBe(lo + blocks);
          }
        },
      ),
      { numRuns: 200, seed: 1612 },
    );
  });
});
