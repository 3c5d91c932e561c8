/**
 * Poly1305 with one fixed secret r per key and a fresh 16-byte pad s per message: the
 * Wegman-Carter construction of Poly1305-AES (Bernstein, "The Poly1305-AES
 * message-authentication code", FSE 2005), tag = (Poly1305_r(m) + s) mod 2^128. The pad of
 * each message is keystream at a position used once (see nonceAllocator.ts), so the
 * forgery bound of the paper holds: at most 8⌈len/16⌉ / 2^106 per forged message.
 *
 * Why by hand: library Poly1305s build a new object (and typed-array views) per message,
 * which at ~1.2 µs per 64-B message is most of an ORAM access's MAC cost. This one keeps r's
 * limbs and its scratch arrays for the life of the key and allocates nothing per message.
 * Arithmetic in ten 13-bit limbs (the poly1305-donna-16 representation): products stay below
 * 2^33, exact in doubles. Checked against RFC 8439 §2.5.2 and against @noble/ciphers'
 * poly1305 on random inputs (test/poly1305.test.ts).
 */
export class Poly1305 {
  private readonly r = new Int32Array(10);
  private readonly h = new Int32Array(10);
  private readonly g = new Int32Array(10);
  private readonly blk = new Uint8Array(16);
  private readonly out16 = new Uint8Array(16);

  /** r: 16 bytes (clamped here as the specification requires). */
  constructor(key: Uint8Array) {
    if (key.length < 16) throw new RangeError(`Poly1305 r must be 16 bytes, got ${key.length}`);
    const k = (i: number): number => key[i]! | (key[i + 1]! << 8);
    const t0 = k(0);
    const t1 = k(2);
    const t2 = k(4);
    const t3 = k(6);
    const t4 = k(8);
    const t5 = k(10);
    const t6 = k(12);
    const t7 = k(14);
    // Clamping folded into the 13-bit split (the masks of poly1305-donna-16).
    const r = this.r;
    r[0] = t0 & 0x1fff;
    r[1] = ((t0 >>> 13) | (t1 << 3)) & 0x1fff;
    r[2] = ((t1 >>> 10) | (t2 << 6)) & 0x1f03;
    r[3] = ((t2 >>> 7) | (t3 << 9)) & 0x1fff;
    r[4] = ((t3 >>> 4) | (t4 << 12)) & 0x00ff;
    r[5] = (t4 >>> 1) & 0x1ffe;
    r[6] = ((t4 >>> 14) | (t5 << 2)) & 0x1fff;
    r[7] = ((t5 >>> 11) | (t6 << 5)) & 0x1f81;
    r[8] = ((t6 >>> 8) | (t7 << 8)) & 0x1fff;
    r[9] = (t7 >>> 5) & 0x007f;
  }

  /** Absorbs n full 16-byte blocks of m from off; hibit 1 << 11 for full blocks, 0 for the padded last. */
  private blocks(m: Uint8Array, off: number, n: number, hibit: number): void {
    const hh = this.h;
    const rr = this.r;
    let h0 = hh[0]!;
    let h1 = hh[1]!;
    let h2 = hh[2]!;
    let h3 = hh[3]!;
    let h4 = hh[4]!;
    let h5 = hh[5]!;
    let h6 = hh[6]!;
    let h7 = hh[7]!;
    let h8 = hh[8]!;
    let h9 = hh[9]!;
    const r0 = rr[0]!;
    const r1 = rr[1]!;
    const r2 = rr[2]!;
    const r3 = rr[3]!;
    const r4 = rr[4]!;
    const r5 = rr[5]!;
    const r6 = rr[6]!;
    const r7 = rr[7]!;
    const r8 = rr[8]!;
    const r9 = rr[9]!;
    const s1 = 5 * r1;
    const s2 = 5 * r2;
    const s3 = 5 * r3;
    const s4 = 5 * r4;
    const s5 = 5 * r5;
    const s6 = 5 * r6;
    const s7 = 5 * r7;
    const s8 = 5 * r8;
    const s9 = 5 * r9;
    for (let b = 0, p = off; b < n; b++, p += 16) {
      const t0 = m[p]! | (m[p + 1]! << 8);
      const t1 = m[p + 2]! | (m[p + 3]! << 8);
      const t2 = m[p + 4]! | (m[p + 5]! << 8);
      const t3 = m[p + 6]! | (m[p + 7]! << 8);
      const t4 = m[p + 8]! | (m[p + 9]! << 8);
      const t5 = m[p + 10]! | (m[p + 11]! << 8);
      const t6 = m[p + 12]! | (m[p + 13]! << 8);
      const t7 = m[p + 14]! | (m[p + 15]! << 8);
      h0 += t0 & 0x1fff;
      h1 += ((t0 >>> 13) | (t1 << 3)) & 0x1fff;
      h2 += ((t1 >>> 10) | (t2 << 6)) & 0x1fff;
      h3 += ((t2 >>> 7) | (t3 << 9)) & 0x1fff;
      h4 += ((t3 >>> 4) | (t4 << 12)) & 0x1fff;
      h5 += (t4 >>> 1) & 0x1fff;
      h6 += ((t4 >>> 14) | (t5 << 2)) & 0x1fff;
      h7 += ((t5 >>> 11) | (t6 << 5)) & 0x1fff;
      h8 += ((t6 >>> 8) | (t7 << 8)) & 0x1fff;
      h9 += (t7 >>> 5) | hibit;
      // h * r mod 2^130 - 5: a limb product landing at position ≥ 10 wraps with a factor 5.
      // Every sum stays below 2^32 (limbs < 2^14, 5r < 2^16), so >>> 13 is exact.
      let c = 0;
      let d0 = c + h0 * r0 + h1 * s9 + h2 * s8 + h3 * s7 + h4 * s6;
      d0 += h5 * s5 + h6 * s4 + h7 * s3 + h8 * s2 + h9 * s1;
      c = d0 >>> 13;
      d0 &= 0x1fff;
      let d1 = c + h0 * r1 + h1 * r0 + h2 * s9 + h3 * s8 + h4 * s7;
      d1 += h5 * s6 + h6 * s5 + h7 * s4 + h8 * s3 + h9 * s2;
      c = d1 >>> 13;
      d1 &= 0x1fff;
      let d2 = c + h0 * r2 + h1 * r1 + h2 * r0 + h3 * s9 + h4 * s8;
      d2 += h5 * s7 + h6 * s6 + h7 * s5 + h8 * s4 + h9 * s3;
      c = d2 >>> 13;
      d2 &= 0x1fff;
      let d3 = c + h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s9;
      d3 += h5 * s8 + h6 * s7 + h7 * s6 + h8 * s5 + h9 * s4;
      c = d3 >>> 13;
      d3 &= 0x1fff;
      let d4 = c + h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;
      d4 += h5 * s9 + h6 * s8 + h7 * s7 + h8 * s6 + h9 * s5;
      c = d4 >>> 13;
      d4 &= 0x1fff;
      let d5 = c + h0 * r5 + h1 * r4 + h2 * r3 + h3 * r2 + h4 * r1;
      d5 += h5 * r0 + h6 * s9 + h7 * s8 + h8 * s7 + h9 * s6;
      c = d5 >>> 13;
      d5 &= 0x1fff;
      let d6 = c + h0 * r6 + h1 * r5 + h2 * r4 + h3 * r3 + h4 * r2;
      d6 += h5 * r1 + h6 * r0 + h7 * s9 + h8 * s8 + h9 * s7;
      c = d6 >>> 13;
      d6 &= 0x1fff;
      let d7 = c + h0 * r7 + h1 * r6 + h2 * r5 + h3 * r4 + h4 * r3;
      d7 += h5 * r2 + h6 * r1 + h7 * r0 + h8 * s9 + h9 * s8;
      c = d7 >>> 13;
      d7 &= 0x1fff;
      let d8 = c + h0 * r8 + h1 * r7 + h2 * r6 + h3 * r5 + h4 * r4;
      d8 += h5 * r3 + h6 * r2 + h7 * r1 + h8 * r0 + h9 * s9;
      c = d8 >>> 13;
      d8 &= 0x1fff;
      let d9 = c + h0 * r9 + h1 * r8 + h2 * r7 + h3 * r6 + h4 * r5;
      d9 += h5 * r4 + h6 * r3 + h7 * r2 + h8 * r1 + h9 * r0;
      c = d9 >>> 13;
      d9 &= 0x1fff;
      c = ((c << 2) + c) | 0;
      c = (c + d0) | 0;
      d0 = c & 0x1fff;
      c = c >>> 13;
      d1 += c;
      h0 = d0;
      h1 = d1;
      h2 = d2;
      h3 = d3;
      h4 = d4;
      h5 = d5;
      h6 = d6;
      h7 = d7;
      h8 = d8;
      h9 = d9;
    }
    hh[0] = h0;
    hh[1] = h1;
    hh[2] = h2;
    hh[3] = h3;
    hh[4] = h4;
    hh[5] = h5;
    hh[6] = h6;
    hh[7] = h7;
    hh[8] = h8;
    hh[9] = h9;
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
  ): void {
    this.h.fill(0);
    const b = this.blk;
    for (let i = 0; i < 4; i++) {
      const w = i === 0 ? h0 : i === 1 ? h1 : i === 2 ? h2 : h3;
      b[4 * i] = w & 255;
      b[4 * i + 1] = (w >>> 8) & 255;
      b[4 * i + 2] = (w >>> 16) & 255;
      b[4 * i + 3] = (w >>> 24) & 255;
    }
    this.blocks(b, 0, 1, 1 << 11);
    const full = len >>> 4;
    if (full > 0) this.blocks(msg, off, full, 1 << 11);
    const rest = len & 15;
    if (rest > 0) {
      const p = off + (full << 4);
      for (let i = 0; i < rest; i++) b[i] = msg[p + i]!;
      b[rest] = 1;
      for (let i = rest + 1; i < 16; i++) b[i] = 0;
      this.blocks(b, 0, 1, 0);
    }
    this.finish(pad, padOff, out, outOff);
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
  ): boolean {
    const t = this.out16;
    this.tag(h0, h1, h2, h3, msg, off, len, pad, padOff, t, 0);
    let diff = 0;
    for (let i = 0; i < 16; i++) diff |= t[i]! ^ tagIn[tagOff + i]!;
    return diff === 0;
  }

  private finish(pad: Uint8Array, padOff: number, out: Uint8Array, outOff: number): void {
    const h = this.h;
    // Full carry, twice (the first pass can leave limb 0 or 1 at 2^13).
    for (let pass = 0; pass < 2; pass++) {
      let c = 0;
      for (let i = 0; i < 10; i++) {
        const v = h[i]! + c;
        c = v >>> 13;
        h[i] = v & 0x1fff;
      }
      h[0]! += c * 5;
    }
    // h < 2^130 + small; take h - p = h + 5 - 2^130 when that is non-negative.
    const g = this.g;
    let c = 5;
    for (let i = 0; i < 10; i++) {
      const v = h[i]! + c;
      c = v >>> 13;
      g[i] = v & 0x1fff;
    }
    const src = c === 1 ? g : h;
    let acc = 0;
    let bits = 0;
    let word = 0;
    let carry = 0;
    for (let i = 0; i < 10 && word < 8; i++) {
      acc |= src[i]! << bits;
      bits += 13;
      while (bits >= 16 && word < 8) {
        const po = padOff + 2 * word;
        const f = (acc & 0xffff) + pad[po]! + (pad[po + 1]! << 8) + carry;
        out[outOff + 2 * word] = f & 255;
        out[outOff + 2 * word + 1] = (f >>> 8) & 255;
        carry = f >>> 16;
        acc >>>= 16;
        bits -= 16;
        word++;
      }
    }
  }
}
