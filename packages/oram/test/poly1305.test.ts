// The hand-written Poly1305 (src/crypto/poly1305.ts) against RFC 8439 §2.5.2 and against
// @noble/ciphers' poly1305 on random keys, heads and lengths (fast-check).
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Poly1305 } from '../src/crypto/poly1305.ts';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((x) => Number.parseInt(x, 16)));

function ours(key: Uint8Array, msg: Uint8Array): Uint8Array {
  // head = the first 16 bytes of msg as four words, the rest as the message.
  const p = new Poly1305(key.subarray(0, 16));
  const v = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  const out = new Uint8Array(16);
  p.tag(
    v.getUint32(0, true),
    v.getUint32(4, true),
    v.getUint32(8, true),
    v.getUint32(12, true),
    msg,
    16,
    msg.length - 16,
    key,
    16,
    out,
    0,
  );
  return out;
}

describe('Poly1305 with a fixed r and a per-message pad', () => {
  it('matches RFC 8439 §2.5.2 (message split as 16-byte head + rest)', () => {
    const key = hex('85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b');
    const msg = new TextEncoder().encode('Cryptographic Forum Research Group');
    expect(Buffer.from(ours(key, msg)).toString('hex')).toBe('a8061dc1305136c6c22b8baf0c0127a9');
  });

  it('equals @noble/ciphers poly1305 on random keys and messages of 16..200 bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 16, maxLength: 200 }),
        (key, msg) => {
          expect(ours(key, msg)).toEqual(poly1305(msg, key));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('all-ones limbs (carry edge cases) agree too', () => {
    const key = new Uint8Array(32).fill(0xff);
    for (let n = 16; n <= 80; n++) {
      const msg = new Uint8Array(n).fill(0xff);
      expect(ours(key, msg)).toEqual(poly1305(msg, key));
    }
  });

  it('byte patterns that push limbs and the final reduction to their edges agree too', () => {
    // Keys, pads and messages of repeated bytes (h close to 2^130 - 5, r at its clamp limits,
    // a pad that carries out of every word), and 4 KiB messages (the ORAM's large blocks).
    const pats = [0x00, 0xff, 0xfe, 0x01, 0x80, 0x7f];
    for (const kp of pats)
      for (const sp of pats)
        for (const mp of pats)
          for (const n of [16, 17, 31, 32, 33, 47, 64, 79, 80, 4112]) {
            const key = new Uint8Array(32).fill(kp).fill(sp, 16);
            const msg = new Uint8Array(n).fill(mp);
            expect(ours(key, msg)).toEqual(poly1305(msg, key));
          }
  });

  it('verify accepts the tag and refuses any flipped bit', () => {
    const p = new Poly1305(new Uint8Array(16).fill(3));
    const pad = new Uint8Array(16).fill(7);
    const msg = new Uint8Array(40).fill(1);
    const t = new Uint8Array(16);
    p.tag(1, 2, 3, 4, msg, 0, 40, pad, 0, t, 0);
    expect(p.verify(1, 2, 3, 4, msg, 0, 40, pad, 0, t, 0)).toBe(true);
    expect(p.verify(1, 2, 3, 5, msg, 0, 40, pad, 0, t, 0)).toBe(false);
    for (let bit = 0; bit < 128; bit += 7) {
      t[bit >>> 3]! ^= 1 << (bit & 7);
      expect(p.verify(1, 2, 3, 4, msg, 0, 40, pad, 0, t, 0)).toBe(false);
      t[bit >>> 3]! ^= 1 << (bit & 7);
    }
  });
});
