import { createCipheriv, hash } from 'node:crypto';
import type { CipherProvider, KeystreamCipher } from './crypto/keystreamCipher.js';

/**
 * Node-only provider (option `cipher: nodeAes`, from '@paperlab/oram/node'): AES-256 in
 * counter mode through node:crypto (OpenSSL, AES-NI), authenticated with the suite's Poly1305,
 * i.e. Poly1305-AES (Bernstein, FSE 2005) with the pad taken from the CTR keystream. Messages
 * of DIGEST_MIN_BYTES or more (slots of 256-B blocks and up) are MACed through node:crypto's
 * SHA-256 first (SHA extensions where the CPU has them): Poly1305 over (head, SHA-256(m)).
 * Poly1305 in JavaScript runs at ~0.27 GB/s, native SHA-256 at ~1.3–2 GB/s
 * (bench/macCost.ts), and a library Poly1305 would build an object per message.
 *
 * Keystream (format 3): position (hi, lo) is the 64-byte unit of the four AES counter blocks
 * "oram" ‖ BE32(hi) ‖ BE64(4·lo + j), j = 0..3, so consecutive positions are consecutive
 * 128-bit big-endian counters: a run of CTR_MIN_BLOCKS or more (the reservoir of a whole
 * eviction path) is one native AES-256-CTR call from its first counter, with no counter
 * blocks built in JavaScript, and handed over without a copy (`generate`); a short run
 * (openings, metadata) encrypts the same counter blocks, built in a reused buffer, with one
 * long-lived AES-256-ECB object (no per-call object, which costs ~2 µs). Never imported by
 * the browser entry.
 */
export const nodeAes: CipherProvider = {
  name: 'aes-256-ctr+poly1305 v3 (node:crypto)',
  retired: [
    {
      name: 'aes-256-ctr+poly1305 (node:crypto)',
      change:
        'format 2 built its counter blocks little-endian and MACed every slot with Poly1305 over the whole ciphertext; format 3 uses big-endian counters and MACs a message of 256 B or more as Poly1305 over its SHA-256 digest',
    },
  ],
  create: createNodeAesKeystream,
};

/**
 * @deprecated The former AES-256-GCM provider's name, kept so existing callers still work:
 * since format 2 every message is AES-256-CTR + Poly1305 (see `nodeAes`), not GCM.
 */
export const nodeAesGcm: CipherProvider = nodeAes;

/** Runs of at least this many positions go through one native CTR object (ours, see above). */
export const CTR_MIN_BLOCKS = 64;

/** Word 0 of every counter block: the bytes "oram" (read as a little-endian word). */
const TAG_WORD = 0x6d61726f;

/** The little-endian word whose bytes are v big-endian. */
function bswap(v: number): number {
  return ((v << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

function createNodeAesKeystream(key: Uint8Array): KeystreamCipher {
  const ecb = createCipheriv('aes-256-ecb', key, null);
  ecb.setAutoPadding(false);
  const iv = Buffer.alloc(16);
  iv.writeUInt32LE(TAG_WORD, 0);
  let zeros = new Uint8Array(0);
  let counters = new Uint32Array(0);
  let counterBytes = new Uint8Array(0);
  const room = (blocks: number): void => {
    const words = blocks * 16;
    if (counters.length >= words) return;
    counters = new Uint32Array(Math.max(words, 2 * counters.length));
    counterBytes = new Uint8Array(counters.buffer);
    for (let i = 0; i < counters.length; i += 4) counters[i] = TAG_WORD;
  };
  // Counter blocks of positions (hi, lo …) from word w; returns the word after them.
  const put = (hi: number, lo: number, blocks: number, w: number): number => {
    const h = bswap(hi);
    for (let b = 0; b < blocks; b++) {
      const p = (lo + b) >>> 0;
      const top = bswap(p >>> 30);
      // BE32(4p + j): j lands in the last byte, the top byte of the little-endian word.
      const low = bswap((p << 2) >>> 0);
      for (let j = 0; j < 4; j++, w += 4) {
        counters[w + 1] = h;
        counters[w + 2] = top;
        counters[w + 3] = low | (j << 24);
      }
    }
    return w;
  };
  /**
   * The CTR object of the last run that went forward, and the position it continues at. The
   * nonce reservoir asks for consecutive runs (fresh positions only move forward), so its next
   * run is that object's next output: no new object. Per 128-KiB run, 56 µs back to back
   * against 106 µs with a gap before each run (`bench/macCost.ts --bytes 131072`, 16:21 UTC);
   * end to end the bench could not tell it from noise (README "Benchmarks"). A run elsewhere (an opening of an older position) gets its own object and
   * leaves the stream alone; consecutive runs produce exactly the counters one run would, as
   * CTR increments the 128-bit block (test/nodeAesKeystream.test.ts).
   */
  let stream: ReturnType<typeof createCipheriv> | undefined;
  let streamHi = -1;
  let streamNext = -1;
  const ctr = (hi: number, lo: number, blocks: number): Uint8Array => {
    const n = blocks * 64;
    if (zeros.length < n) zeros = new Uint8Array(Math.max(n, 2 * zeros.length));
    const input = zeros.subarray(0, n);
    if (stream !== undefined && hi === streamHi && lo === streamNext) {
      streamNext = lo + blocks;
      return stream.update(input);
    }
    iv.writeUInt32BE(hi >>> 0, 4);
    iv.writeUInt32BE(lo >>> 30, 8);
    iv.writeUInt32BE((lo << 2) >>> 0, 12);
    const c = createCipheriv('aes-256-ctr', key, iv);
    if (hi !== streamHi || lo >= streamNext) {
      stream = c;
      streamHi = hi;
      streamNext = lo + blocks;
    }
    return c.update(input);
  };
  const ecbRun = (hi: number, lo: number, blocks: number): Uint8Array => {
    room(blocks);
    put(hi, lo, blocks, 0);
    return ecb.update(counterBytes.subarray(0, blocks * 64));
  };
  return {
    fill(hi, lo, blocks, out, off) {
      out.set(blocks >= CTR_MIN_BLOCKS ? ctr(hi, lo, blocks) : ecbRun(hi, lo, blocks), off);
    },
    generate(hi, lo, blocks) {
      return blocks >= CTR_MIN_BLOCKS ? ctr(hi, lo, blocks) : ecbRun(hi, lo, blocks);
    },
    fillRuns(runs, n, out, off) {
      let blocks = 0;
      for (let i = 0; i < n; i++) blocks += runs[3 * i + 2]!;
      room(blocks);
      for (let i = 0, w = 0; i < n; i++)
        w = put(runs[3 * i]!, runs[3 * i + 1]!, runs[3 * i + 2]!, w);
      out.set(ecb.update(counterBytes.subarray(0, blocks * 64)), off);
    },
    digest(msg, off, len, out, outOff) {
      // One native call. Node has no digest-into; a 32-char 'binary' (= latin1: one char per
      // byte, exact for 0..255) string is a small heap object where a Buffer would be an
      // external one, and it skips the slower encoding checks 'buffer' goes through.
      const m = off === 0 && len === msg.length ? msg : msg.subarray(off, off + len);
      const d = hash('sha256', m, 'binary');
      for (let i = 0; i < 32; i++) out[outOff + i] = d.charCodeAt(i);
    },
  };
}
