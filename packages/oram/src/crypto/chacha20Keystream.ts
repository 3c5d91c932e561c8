import type { CipherProvider, KeystreamCipher } from './keystreamCipher.js';

/**
 * The default, browser-safe provider: ChaCha20 (RFC 8439 §2.3–2.4) as the keystream, Poly1305
 * as the MAC. Position (hi, lo) = ChaCha20 block counter lo under the 96-bit nonce (0, hi, 0),
 * so the keystream is exactly RFC 8439's (test/chacha20Keystream.test.ts checks it against the
 * RFC's test vector and against @noble/ciphers' chacha20 at random positions).
 *
 * The block function is written here rather than called through @noble/ciphers: the ORAM
 * asks for a few 64-byte blocks at a time (one slot, one metadata block), and a library call
 * per request validates its arguments and builds several typed-array views; here the key
 * words are read once per key, the output goes straight into the caller's buffer (no
 * XOR with a zero buffer), and nothing is allocated per call.
 */
export const chacha20Poly1305: CipherProvider = {
  name: 'chacha20-poly1305',
  create: createChachaKeystream,
};

function createChachaKeystream(key: Uint8Array): KeystreamCipher {
  if (key.length !== 32) throw new RangeError(`ChaCha20 key must be 32 bytes, got ${key.length}`);
  const k = new Uint32Array(8);
  for (let i = 0; i < 8; i++) {
    k[i] = key[4 * i]! | (key[4 * i + 1]! << 8) | (key[4 * i + 2]! << 16) | (key[4 * i + 3]! << 24);
  }
  const block = new Uint32Array(16);
  // A word view of the last output buffer (the ORAM writes into a handful of reused buffers).
  let lastOut: Uint8Array | undefined;
  let lastOut32: Uint32Array | undefined;
  return {
    fill(hi, lo, blocks, out, off) {
      let o32: Uint32Array | undefined;
      if (((out.byteOffset + off) & 3) === 0) {
        if (out !== lastOut) {
          lastOut = out;
          lastOut32 =
            (out.byteOffset & 3) === 0
              ? new Uint32Array(out.buffer, out.byteOffset, out.length >>> 2)
              : undefined;
        }
        o32 = lastOut32;
      }
      for (let b = 0; b < blocks; b++) {
        chachaBlock(k, (lo + b) >>> 0, hi >>> 0, block);
        const at = off + 64 * b;
        if (o32 !== undefined) {
          const w = at >>> 2;
          for (let i = 0; i < 16; i++) o32[w + i] = block[i]!;
        } else {
          for (let i = 0; i < 16; i++) {
            const v = block[i]!;
            const p = at + 4 * i;
            out[p] = v & 255;
            out[p + 1] = (v >>> 8) & 255;
            out[p + 2] = (v >>> 16) & 255;
            out[p + 3] = (v >>> 24) & 255;
          }
        }
      }
    },
  };
}

// "expand 32-byte k" as four little-endian words (RFC 8439 §2.3).
const C0 = 0x61707865;
const C1 = 0x3320646e;
const C2 = 0x79622d32;
const C3 = 0x6b206574;

/** One ChaCha20 block (20 rounds) for key k, counter, nonce (0, n1, 0) into out (16 words). */
function chachaBlock(k: Uint32Array, counter: number, n1: number, out: Uint32Array): void {
  const k0 = k[0]!;
  const k1 = k[1]!;
  const k2 = k[2]!;
  const k3 = k[3]!;
  const k4 = k[4]!;
  const k5 = k[5]!;
  const k6 = k[6]!;
  const k7 = k[7]!;
  let x0 = C0;
  let x1 = C1;
  let x2 = C2;
  let x3 = C3;
  let x4 = k0;
  let x5 = k1;
  let x6 = k2;
  let x7 = k3;
  let x8 = k4;
  let x9 = k5;
  let x10 = k6;
  let x11 = k7;
  let x12 = counter | 0;
  let x13 = 0;
  let x14 = n1 | 0;
  let x15 = 0;
  for (let r = 0; r < 10; r++) {
    // Column round.
    x0 = (x0 + x4) | 0;
    x12 ^= x0;
    x12 = (x12 << 16) | (x12 >>> 16);
    x8 = (x8 + x12) | 0;
    x4 ^= x8;
    x4 = (x4 << 12) | (x4 >>> 20);
    x0 = (x0 + x4) | 0;
    x12 ^= x0;
    x12 = (x12 << 8) | (x12 >>> 24);
    x8 = (x8 + x12) | 0;
    x4 ^= x8;
    x4 = (x4 << 7) | (x4 >>> 25);

    x1 = (x1 + x5) | 0;
    x13 ^= x1;
    x13 = (x13 << 16) | (x13 >>> 16);
    x9 = (x9 + x13) | 0;
    x5 ^= x9;
    x5 = (x5 << 12) | (x5 >>> 20);
    x1 = (x1 + x5) | 0;
    x13 ^= x1;
    x13 = (x13 << 8) | (x13 >>> 24);
    x9 = (x9 + x13) | 0;
    x5 ^= x9;
    x5 = (x5 << 7) | (x5 >>> 25);

    x2 = (x2 + x6) | 0;
    x14 ^= x2;
    x14 = (x14 << 16) | (x14 >>> 16);
    x10 = (x10 + x14) | 0;
    x6 ^= x10;
    x6 = (x6 << 12) | (x6 >>> 20);
    x2 = (x2 + x6) | 0;
    x14 ^= x2;
    x14 = (x14 << 8) | (x14 >>> 24);
    x10 = (x10 + x14) | 0;
    x6 ^= x10;
    x6 = (x6 << 7) | (x6 >>> 25);

    x3 = (x3 + x7) | 0;
    x15 ^= x3;
    x15 = (x15 << 16) | (x15 >>> 16);
    x11 = (x11 + x15) | 0;
    x7 ^= x11;
    x7 = (x7 << 12) | (x7 >>> 20);
    x3 = (x3 + x7) | 0;
    x15 ^= x3;
    x15 = (x15 << 8) | (x15 >>> 24);
    x11 = (x11 + x15) | 0;
    x7 ^= x11;
    x7 = (x7 << 7) | (x7 >>> 25);

    // Diagonal round.
    x0 = (x0 + x5) | 0;
    x15 ^= x0;
    x15 = (x15 << 16) | (x15 >>> 16);
    x10 = (x10 + x15) | 0;
    x5 ^= x10;
    x5 = (x5 << 12) | (x5 >>> 20);
    x0 = (x0 + x5) | 0;
    x15 ^= x0;
    x15 = (x15 << 8) | (x15 >>> 24);
    x10 = (x10 + x15) | 0;
    x5 ^= x10;
    x5 = (x5 << 7) | (x5 >>> 25);

    x1 = (x1 + x6) | 0;
    x12 ^= x1;
    x12 = (x12 << 16) | (x12 >>> 16);
    x11 = (x11 + x12) | 0;
    x6 ^= x11;
    x6 = (x6 << 12) | (x6 >>> 20);
    x1 = (x1 + x6) | 0;
    x12 ^= x1;
    x12 = (x12 << 8) | (x12 >>> 24);
    x11 = (x11 + x12) | 0;
    x6 ^= x11;
    x6 = (x6 << 7) | (x6 >>> 25);

    x2 = (x2 + x7) | 0;
    x13 ^= x2;
    x13 = (x13 << 16) | (x13 >>> 16);
    x8 = (x8 + x13) | 0;
    x7 ^= x8;
    x7 = (x7 << 12) | (x7 >>> 20);
    x2 = (x2 + x7) | 0;
    x13 ^= x2;
    x13 = (x13 << 8) | (x13 >>> 24);
    x8 = (x8 + x13) | 0;
    x7 ^= x8;
    x7 = (x7 << 7) | (x7 >>> 25);

    x3 = (x3 + x4) | 0;
    x14 ^= x3;
    x14 = (x14 << 16) | (x14 >>> 16);
    x9 = (x9 + x14) | 0;
    x4 ^= x9;
    x4 = (x4 << 12) | (x4 >>> 20);
    x3 = (x3 + x4) | 0;
    x14 ^= x3;
    x14 = (x14 << 8) | (x14 >>> 24);
    x9 = (x9 + x14) | 0;
    x4 ^= x9;
    x4 = (x4 << 7) | (x4 >>> 25);
  }
  out[0] = x0 + C0;
  out[1] = x1 + C1;
  out[2] = x2 + C2;
  out[3] = x3 + C3;
  out[4] = x4 + k0;
  out[5] = x5 + k1;
  out[6] = x6 + k2;
  out[7] = x7 + k3;
  out[8] = x8 + k4;
  out[9] = x9 + k5;
  out[10] = x10 + k6;
  out[11] = x11 + k7;
  out[12] = x12 + counter;
  out[13] = x13;
  out[14] = x14 + n1;
  out[15] = x15;
}
