// The hand-written Poly1305's word-load path (a caller passes a Uint32Array view of the
// message buffer, as the ORAM's batches and metadata blocks do) against @noble/ciphers'
// poly1305, for messages inside a larger buffer at every 4-aligned and unaligned offset.
// test/poly1305.test.ts covers the byte path (no view) and RFC 8439.
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Poly1305 } from '../src/crypto/poly1305.ts';

/** Noble's tag of head(h0..h3) || buf[off..off+len) under r = key[0..16), pad = key[16..32). */
function reference(key: Uint8Array, head: number[], buf: Uint8Array, off: number, len: number) {
  const msg = new Uint8Array(16 + len);
  const v = new DataView(msg.buffer);
  for (let i = 0; i < 4; i++) v.setUint32(4 * i, head[i]!, true);
  msg.set(buf.subarray(off, off + len), 16);
  return poly1305(msg, key);
}

describe('Poly1305 over a word view of the message buffer', () => {
  it('equals @noble/ciphers at any offset and length (word loads when 4-aligned)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (key, head, off, len, seed) => {
          const buf = new Uint8Array(off + len + 8);
          for (let i = 0; i < buf.length; i++) buf[i] = (seed * (i + 7) + (seed >>> 9)) & 255;
          const buf32 = new Uint32Array(buf.buffer, 0, buf.length >>> 2);
          const p = new Poly1305(key.subarray(0, 16));
          const [h0, h1, h2, h3] = head as [number, number, number, number];
          const out = new Uint8Array(16);
          p.tag(h0, h1, h2, h3, buf, off, len, key, 16, out, 0, buf32);
          const want = reference(key, head, buf, off, len);
          expect(out).toEqual(want);
          // And the byte path of the same message gives the same tag.
          const out2 = new Uint8Array(16);
          p.tag(h0, h1, h2, h3, buf, off, len, key, 16, out2, 0);
          expect(out2).toEqual(want);
          expect(p.verify(h0, h1, h2, h3, buf, off, len, key, 16, want, 0, buf32)).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('all-ones messages of 4 KiB + 16 through the word path agree (carries, long runs)', () => {
    const key = new Uint8Array(32).fill(0xff);
    const buf = new Uint8Array(4200).fill(0xff);
    const buf32 = new Uint32Array(buf.buffer);
    const p = new Poly1305(key.subarray(0, 16));
    for (const [off, len] of [
      [0, 4112],
      [4, 4111],
      [64, 4096],
      [8, 17],
    ] as const) {
      const out = new Uint8Array(16);
      p.tag(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, buf, off, len, key, 16, out, 0, buf32);
      expect(out).toEqual(
        reference(key, [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], buf, off, len),
      );
    }
  });
});
