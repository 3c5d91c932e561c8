/**
 * Poly1305 with one fixed secret r per key and a fresh 16-byte pad s per message: the
 * Wegman-Carter construction of Poly1305-AES (Bernstein, "The Poly1305-AES
 * message-authentication code", FSE 2005), tag = (Poly1305_r(m) + s) mod 2^128. The pad of
 * each message is keystream at a position used once (see nonceAllocator.ts), so the
 * forgery bound of the paper holds: at most 8⌈len/16⌉ / 2^106 per forged message.
 *
 * Why by hand: library Poly1305s build a new object (and typed-array views) per message,
 * which at ~1.2 µs per 64-B message is most of an ORAM access's MAC cost. This one keeps r's
 * limbs for the life of the key and allocates nothing per message.
 *
 * Arithmetic in six 22-bit limbs held in doubles (ours; the radix is chosen for JavaScript's
 * 53-bit exact integers): 2^132 ≡ 20 (mod 2^130 − 5), so a limb product landing at position
 * ≥ 6 wraps with a factor 20. With h limbs < 2^23 and r limbs < 2^22 (20 r < 2^26.4), each of
 * the six sums of six products stays below 2^52: exact. That is 36 multiplications per
 * 16-byte block, against 100 with the ten 13-bit limbs of poly1305-donna-16 that 32-bit
 * integer arithmetic needs. Checked against RFC 8439 §2.5.2 and against @noble/ciphers'
 * poly1305 on random keys, heads and lengths (test/poly1305.test.ts).
 */
export class Poly1305 {
  private readonly r = new Float64Array(6);
  private readonly h = new Float64Array(6);
  private readonly blk = new Uint8Array(16);
  private readonly blk32 = new Uint32Array(this.blk.buffer);
  private readonly out16 = new Uint8Array(16);
  /** Little-endian words of messages that come without an aligned word view (16 blocks). */
  private readonly scr32 = new Uint32Array(64);

  /** r: 16 bytes (clamped here as the specification requires). */
  constructor(key: Uint8Array) {
    if (key.length < 16) throw new RangeError(`Poly1305 r must be 16 bytes, got ${key.length}`);
    const w0 = u32(key, 0) & 0x0fffffff;
    const w1 = u32(key, 4) & 0x0ffffffc;
    const w2 = u32(key, 8) & 0x0ffffffc;
    const w3 = u32(key, 12) & 0x0ffffffc;
    const r = this.r;
    r[0] = w0 & M22;
    r[1] = ((w0 >>> 22) | (w1 << 10)) & M22;
    r[2] = ((w1 >>> 12) | (w2 << 20)) & M22;
    r[3] = (w2 >>> 2) & M22;
    r[4] = ((w2 >>> 24) | (w3 << 8)) & M22;
    r[5] = w3 >>> 14;
  }

  /**
   * Absorbs n 16-byte blocks given as little-endian 32-bit words m[w..w + 4n); hibit 1 for full
   * blocks, 0 for the padded last. Word loads: a quarter of the loads and none of the shifts
   * that assembling each word from bytes costs.
   */
  private blocks(m: Uint32Array, w: number, n: number, hibit: number): void {
    const hh = this.h;
    const rr = this.r;
    let h0 = hh[0]!;
    let h1 = hh[1]!;
    let h2 = hh[2]!;
    let h3 = hh[3]!;
    let h4 = hh[4]!;
    let h5 = hh[5]!;
    const r0 = rr[0]!;
    const r1 = rr[1]!;
    const r2 = rr[2]!;
    const r3 = rr[3]!;
    const r4 = rr[4]!;
    const r5 = rr[5]!;
    const s1 = 20 * r1;
    const s2 = 20 * r2;
    const s3 = 20 * r3;
    const s4 = 20 * r4;
    const s5 = 20 * r5;
    const top = hibit << 18;
    for (let b = 0, p = w; b < n; b++, p += 4) {
      const w0 = m[p]!;
      const w1 = m[p + 1]!;
      const w2 = m[p + 2]!;
      const w3 = m[p + 3]!;
      h0 += w0 & M22;
      h1 += ((w0 >>> 22) | (w1 << 10)) & M22;
      h2 += ((w1 >>> 12) | (w2 << 20)) & M22;
      h3 += (w2 >>> 2) & M22;
      h4 += ((w2 >>> 24) | (w3 << 8)) & M22;
      h5 += (w3 >>> 14) | top;
      let d0 = h0 * r0 + h1 * s5 + h2 * s4 + h3 * s3 + h4 * s2 + h5 * s1;
      let d1 = h0 * r1 + h1 * r0 + h2 * s5 + h3 * s4 + h4 * s3 + h5 * s2;
      let d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s5 + h4 * s4 + h5 * s3;
      let d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s5 + h5 * s4;
      let d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0 + h5 * s5;
      let d5 = h0 * r5 + h1 * r4 + h2 * r3 + h3 * r2 + h4 * r1 + h5 * r0;
      // Carry limb by limb (floor of an exact double by a power of two is exact).
      let c = Math.floor(d0 * INV22);
      d0 -= c * B22;
      d1 += c;
      c = Math.floor(d1 * INV22);
      d1 -= c * B22;
      d2 += c;
      c = Math.floor(d2 * INV22);
      d2 -= c * B22;
      d3 += c;
      c = Math.floor(d3 * INV22);
      d3 -= c * B22;
      d4 += c;
      c = Math.floor(d4 * INV22);
      d4 -= c * B22;
      d5 += c;
      c = Math.floor(d5 * INV22);
      d5 -= c * B22;
      d0 += c * 20;
      c = Math.floor(d0 * INV22);
      d0 -= c * B22;
      h0 = d0;
      h1 = d1 + c;
      h2 = d2;
      h3 = d3;
      h4 = d4;
      h5 = d5;
    }
    hh[0] = h0;
    hh[1] = h1;
    hh[2] = h2;
    hh[3] = h3;
    hh[4] = h4;
    hh[5] = h5;
  }

  /**
   * out[outOff..+16) = Poly1305_r(head || msg[off..off+len)) + pad[padOff..+16), where head is
   * the 16 bytes of four little-endian words (h0..h3): the message's place (bucket, slot, kind)
   * so a ciphertext moved elsewhere does not verify.
   */
  tag(
    h0: number,
    h1: number,
    h2: number,
    h3: number,
    msg: Uint8Array,
    off: number,
    len: number,
    pad: Uint8Array,
    padOff: number,
    out: Uint8Array,
    outOff: number,
    /** Optional word view of msg (its whole words, msg 4-aligned), for word loads. */
    msg32?: Uint32Array,
  ): void {
    this.h.fill(0);
    const b32 = this.blk32;
    b32[0] = h0;
    b32[1] = h1;
    b32[2] = h2;
    b32[3] = h3; // the head's little-endian words are h0..h3 themselves
    this.blocks(b32, 0, 1, 1);
    const full = len >>> 4;
    if (full > 0) {
      if (LITTLE_ENDIAN && msg32 !== undefined && (off & 3) === 0)
        this.blocks(msg32, off >>> 2, full, 1);
      else this.absorbBytes(msg, off, full);
    }
    const rest = len & 15;
    if (rest > 0) {
      const b = this.blk;
      const p = off + (full << 4);
      for (let i = 0; i < rest; i++) b[i] = msg[p + i]!;
      b[rest] = 1;
      for (let i = rest + 1; i < 16; i++) b[i] = 0;
      if (!LITTLE_ENDIAN) for (let i = 0; i < 4; i++) b32[i] = u32(b, 4 * i);
      this.blocks(b32, 0, 1, 0);
    }
    this.finish(pad, padOff, out, outOff);
  }

  /** Full blocks of a message without a usable word view: words assembled from bytes. */
  private absorbBytes(msg: Uint8Array, off: number, full: number): void {
    const s = this.scr32;
    for (let done = 0; done < full; ) {
      const k = Math.min(full - done, s.length >>> 2);
      for (let j = 0, p = off + (done << 4); j < 4 * k; j++, p += 4) s[j] = u32(msg, p);
      this.blocks(s, 0, k, 1);
      done += k;
    }
  }

  /** Whether the 16 bytes at tagIn[tagOff] are the tag of (head, msg) under pad. */
  verify(
    h0: number,
    h1: number,
    h2: number,
    h3: number,
    msg: Uint8Array,
    off: number,
    len: number,
    pad: Uint8Array,
    padOff: number,
    tagIn: Uint8Array,
    tagOff: number,
    msg32?: Uint32Array,
  ): boolean {
    const t = this.out16;
    this.tag(h0, h1, h2, h3, msg, off, len, pad, padOff, t, 0, msg32);
    let diff = 0;
    for (let i = 0; i < 16; i++) diff |= t[i]! ^ tagIn[tagOff + i]!;
    return diff === 0;
  }

  private finish(pad: Uint8Array, padOff: number, out: Uint8Array, outOff: number): void {
    const h = this.h;
    // After blocks() every limb is < 2^22 except h1 (< 2^22 + 2^13): integers below 2^32.
    let h0 = h[0]!;
    let h1 = h[1]!;
    let h2 = h[2]!;
    let h3 = h[3]!;
    let h4 = h[4]!;
    let h5 = h[5]!;
    // Full carry with the wrap at 2^130 (bit 20 of limb 5), twice: then h < 2^130.
    for (let pass = 0; pass < 2; pass++) {
      let c = h0 >>> 22;
      h0 &= M22;
      h1 += c;
      c = h1 >>> 22;
      h1 &= M22;
      h2 += c;
      c = h2 >>> 22;
      h2 &= M22;
      h3 += c;
      c = h3 >>> 22;
      h3 &= M22;
      h4 += c;
      c = h4 >>> 22;
      h4 &= M22;
      h5 += c;
      c = h5 >>> 20;
      h5 &= M20;
      h0 += 5 * c;
    }
    // h - p = h + 5 - 2^130 when that is non-negative: then g is the reduced value.
    let g0 = h0 + 5;
    let c = g0 >>> 22;
    g0 &= M22;
    let g1 = h1 + c;
    c = g1 >>> 22;
    g1 &= M22;
    let g2 = h2 + c;
    c = g2 >>> 22;
    g2 &= M22;
    let g3 = h3 + c;
    c = g3 >>> 22;
    g3 &= M22;
    let g4 = h4 + c;
    c = g4 >>> 22;
    g4 &= M22;
    const g5 = h5 + c;
    if (g5 >>> 20 !== 0) {
      h0 = g0;
      h1 = g1;
      h2 = g2;
      h3 = g3;
      h4 = g4;
      h5 = g5 & M20;
    }
    // The low 128 bits as four words, plus the pad mod 2^128.
    const x0 = (h0 | (h1 << 22)) >>> 0;
    const x1 = ((h1 >>> 10) | (h2 << 12)) >>> 0;
    const x2 = ((h2 >>> 20) | (h3 << 2) | (h4 << 24)) >>> 0;
    const x3 = ((h4 >>> 8) | (h5 << 14)) >>> 0;
    let f = x0 + u32(pad, padOff);
    putU32(out, outOff, f);
    f = x1 + u32(pad, padOff + 4) + (f > 0xffffffff ? 1 : 0);
    putU32(out, outOff + 4, f);
    f = x2 + u32(pad, padOff + 8) + (f > 0xffffffff ? 1 : 0);
    putU32(out, outOff + 8, f);
    f = x3 + u32(pad, padOff + 12) + (f > 0xffffffff ? 1 : 0);
    putU32(out, outOff + 12, f);
  }
}

/** Whether typed-array words are little-endian here (every platform Node supports is). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const M22 = 0x3fffff;
const M20 = 0xfffff;
const B22 = 4194304;
const INV22 = 1 / B22;

function u32(a: Uint8Array, o: number): number {
  return (a[o]! | (a[o + 1]! << 8) | (a[o + 2]! << 16) | (a[o + 3]! << 24)) >>> 0;
}

/** Writes the low 32 bits of v (an integer below 2^33) little-endian. */
function putU32(a: Uint8Array, o: number, v: number): void {
  const w = v >>> 0;
  a[o] = w & 255;
  a[o + 1] = (w >>> 8) & 255;
  a[o + 2] = (w >>> 16) & 255;
  a[o + 3] = (w >>> 24) & 255;
}
