import { chachaBlock, chachaKeyWords } from './chacha20Keystream.js';

/** Bytes of a clear-part tag. */
export const CLEAR_TAG_BYTES = 16;

/**
 * The MAC of a bucket metadata's clear part (ours; README "Security argument", point 5): a
 * deterministic PRF of (the body's position (hi, lo), the clear bytes), so ReadPath can
 * re-authenticate the count and read bitmap without a fresh keystream position and without
 * re-sealing the body.
 *
 * Construction: CBC-MAC with the message length prepended, over the PRF
 * F(x0..x3) = the first four words of the ChaCha20 block function (RFC 8439 §2.3) keyed with a
 * subkey of its own, x0 as the block counter and x1..x3 as the nonce. Block 0 is
 * (len, lo, hi, clear[0..4)); block i ≥ 1 is the next 16 clear bytes, zero-padded, XORed into
 * the chain before F. Length-prepended CBC-MAC over a PRF is a PRF on messages of any length
 * (Bellare, Kilian and Rogaway, "The security of the cipher block chaining message
 * authentication code", 2000), so a tag is unpredictable without the subkey and, being
 * deterministic, needs no nonce: writing the same (position, count) twice with another bitmap,
 * which a server replaying an older clear part can cause, reveals nothing (a Wegman–Carter tag
 * with a per-(position, count) pad would leak its key then).
 *
 * Cost: 1 + ceil((len − 4) / 16) block-function calls, no allocation; 1 for the default
 * parameters without a tree (4 clear bytes), 3 with child hashes (36 bytes).
 */
export class ClearTagMac {
  private readonly k: Uint32Array;
  private readonly out = new Uint32Array(16);

  constructor(key: Uint8Array) {
    this.k = chachaKeyWords(key);
  }

  /** out[outOff..+16) = tag over (hi, lo, msg[off..off + len)). */
  tag(
    hi: number,
    lo: number,
    msg: Uint8Array,
    off: number,
    len: number,
    out: Uint8Array,
    outOff: number,
  ): void {
    const o = this.chain(hi, lo, msg, off, len);
    for (let i = 0; i < 4; i++) writeWord(out, outOff + 4 * i, o[i]!);
  }

  /** Whether tag[tagOff..+16) is the tag over (hi, lo, msg[off..off + len)). */
  verify(
    hi: number,
    lo: number,
    msg: Uint8Array,
    off: number,
    len: number,
    tag: Uint8Array,
    tagOff: number,
  ): boolean {
    const o = this.chain(hi, lo, msg, off, len);
    let diff = 0;
    for (let i = 0; i < 4; i++) diff |= (o[i]! ^ readWord(tag, tagOff + 4 * i, 4)) >>> 0;
    return diff === 0;
  }

  private chain(hi: number, lo: number, msg: Uint8Array, off: number, len: number): Uint32Array {
    const k = this.k;
    const o = this.out;
    const end = off + len;
    chachaBlock(k, len, lo, hi, readWord(msg, off, Math.min(4, len)), o);
    for (let p = off + 4; p < end; p += 16) {
      chachaBlock(
        k,
        o[0]! ^ readWord(msg, p, end - p),
        o[1]! ^ readWord(msg, p + 4, end - p - 4),
        o[2]! ^ readWord(msg, p + 8, end - p - 8),
        o[3]! ^ readWord(msg, p + 12, end - p - 12),
        o,
      );
    }
    return o;
  }
}

/** The little-endian word at a[o..], its bytes past `avail` (≤ 0: all) taken as zero. */
function readWord(a: Uint8Array, o: number, avail: number): number {
  if (avail >= 4) return (a[o]! | (a[o + 1]! << 8) | (a[o + 2]! << 16) | (a[o + 3]! << 24)) >>> 0;
  let w = 0;
  for (let i = 0; i < avail; i++) w |= a[o + i]! << (8 * i);
  return w >>> 0;
}

function writeWord(a: Uint8Array, o: number, v: number): void {
  a[o] = v & 255;
  a[o + 1] = (v >>> 8) & 255;
  a[o + 2] = (v >>> 16) & 255;
  a[o + 3] = (v >>> 24) & 255;
}
