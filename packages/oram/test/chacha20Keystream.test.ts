// The hand-written ChaCha20 keystream (src/crypto/chacha20Keystream.ts) against RFC 8439
// §2.4.2's test vector and against @noble/ciphers' chacha20 at random positions, lengths and
// output offsets (fast-check): the stored format depends on it being exactly ChaCha20.
import { chacha20 } from '@noble/ciphers/chacha.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chacha20Poly1305 } from '../src/crypto/chacha20Keystream.ts';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((x) => Number.parseInt(x, 16)));

/** noble's keystream for position (hi, lo): counter lo under the nonce (0, hi, 0). */
function reference(key: Uint8Array, hi: number, lo: number, blocks: number): Uint8Array {
  const nonce = new Uint8Array(12);
  new DataView(nonce.buffer).setUint32(4, hi >>> 0, true);
  return chacha20(key, nonce, new Uint8Array(blocks * 64), undefined, lo >>> 0);
}

describe('ChaCha20 keystream', () => {
  it('RFC 8439 §2.4.2: the first keystream block of the sunscreen example', () => {
    // Key 00 01 … 1f, nonce 00:00:00:00:00:00:00:4a:00:00:00:00, counter 1. Our nonce is
    // (0, hi, 0) with hi little-endian in bytes 4..7, so hi = 0x4a000000.
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    const ks = new Uint8Array(64);
    chacha20Poly1305.create(key).fill(0x4a000000, 1, 1, ks, 0);
    // Plaintext "Ladies and Gentlemen of the class of '99: If I could offer you o" XOR
    // keystream = the RFC's first 64 ciphertext bytes.
    const pt = new TextEncoder().encode(
      "Ladies and Gentlemen of the class of '99: If I could offer you o",
    );
    const ct = pt.map((b, i) => b ^ ks[i]!);
    expect(ct).toEqual(
      hex(
        '6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b' +
          'f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8',
      ),
    );
  });

  it('equals @noble/ciphers chacha20 at random positions, lengths and offsets', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff - 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 7 }),
        (key, hi, lo, blocks, off) => {
          const out = new Uint8Array(off + blocks * 64 + 3).fill(0xa5);
          chacha20Poly1305.create(key).fill(hi, lo, blocks, out, off);
          expect(out.subarray(off, off + blocks * 64)).toEqual(reference(key, hi, lo, blocks));
          // Nothing written outside the requested range.
          expect(out.subarray(0, off).every((b) => b === 0xa5)).toBe(true);
          expect(out.subarray(off + blocks * 64).every((b) => b === 0xa5)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reuses its key state: interleaved calls into several buffers stay exact', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
    const ks = chacha20Poly1305.create(key);
    const a = new Uint8Array(256);
    const b = new Uint8Array(130);
    for (let i = 0; i < 20; i++) {
      ks.fill(7, 1000 + i, 4, a, 0);
      expect(a).toEqual(reference(key, 7, 1000 + i, 4));
      ks.fill(9, i, 2, b, 1);
      expect(b.subarray(1, 129)).toEqual(reference(key, 9, i, 2));
    }
  });
});
