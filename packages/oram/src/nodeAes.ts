import { createCipheriv } from 'node:crypto';
import type { CipherProvider, KeystreamCipher } from './crypto/keystreamCipher.js';

/**
 * Node-only provider (option `cipher: nodeAes`, from '@paperlab/oram/node'): AES-256 in
 * counter mode through node:crypto (OpenSSL, AES-NI), authenticated with the suite's Poly1305,
 * i.e. Poly1305-AES (Bernstein, FSE 2005) with the pad taken from the CTR keystream.
 *
 * One AES-256-ECB object lives as long as the key; each call encrypts a run of counter blocks
 * built in a reused buffer, so a whole path's keystream is one OpenSSL call and no per-message
 * object is created (a new AES-GCM object costs ~5.6 µs). Position (hi, lo) is the 64-byte
 * unit of counter blocks (lo, hi, j, "oram") for j = 0..3. Never imported by the browser entry.
 */
export const nodeAes: CipherProvider = {
  name: 'aes-256-ctr+poly1305 (node:crypto)',
  create: createNodeAesKeystream,
};

/**
 * @deprecated The former AES-256-GCM provider's name, kept so existing callers still work:
 * since format 2 every message is AES-256-CTR + Poly1305 (see `nodeAes`), not GCM.
 */
export const nodeAesGcm: CipherProvider = nodeAes;

const TAG_WORD = 0x6d61726f;

function createNodeAesKeystream(key: Uint8Array): KeystreamCipher {
  const ecb = createCipheriv('aes-256-ecb', key, null);
  ecb.setAutoPadding(false);
  let counters = new Uint32Array(0);
  let counterBytes = new Uint8Array(0);
  const room = (blocks: number): void => {
    const words = blocks * 16;
    if (counters.length >= words) return;
    counters = new Uint32Array(Math.max(words, 2 * counters.length));
    counterBytes = new Uint8Array(counters.buffer);
    for (let i = 0; i < counters.length; i += 4) {
      counters[i + 2] = (i >>> 2) & 3;
      counters[i + 3] = TAG_WORD;
    }
  };
  // Counter blocks of positions (hi, lo …) from word w; returns the word after them.
  const put = (hi: number, lo: number, blocks: number, w: number): number => {
    for (let b = 0; b < blocks; b++) {
      const p = (lo + b) >>> 0;
      for (let j = 0; j < 4; j++, w += 4) {
        counters[w] = p;
        counters[w + 1] = hi;
      }
    }
    return w;
  };
  return {
    fill(hi, lo, blocks, out, off) {
      room(blocks);
      put(hi, lo, blocks, 0);
      // Little-endian words, so the byte layout is the same on every platform Node supports.
      out.set(ecb.update(counterBytes.subarray(0, blocks * 64)), off);
    },
    fillRuns(runs, n, out, off) {
      let blocks = 0;
      for (let i = 0; i < n; i++) blocks += runs[3 * i + 2]!;
      room(blocks);
      for (let i = 0, w = 0; i < n; i++)
        w = put(runs[3 * i]!, runs[3 * i + 1]!, runs[3 * i + 2]!, w);
      out.set(ecb.update(counterBytes.subarray(0, blocks * 64)), off);
    },
  };
}
