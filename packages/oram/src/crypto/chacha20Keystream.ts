import { chacha20 } from '@noble/ciphers/chacha.js';
import type { CipherProvider, KeystreamCipher } from './keystreamCipher.js';

/**
 * The default, browser-safe provider: ChaCha20 (RFC 8439, @noble/ciphers) as the keystream,
 * Poly1305 as the MAC. Position (hi, lo) = ChaCha20 block counter lo under the 96-bit nonce
 * (0, hi, 0): ChaCha has no key schedule, so one call per run of positions is all the set-up.
 */
export const chacha20Poly1305: CipherProvider = {
  name: 'chacha20-poly1305',
  create: createChachaKeystream,
};

function createChachaKeystream(key: Uint8Array): KeystreamCipher {
  const k = key.slice();
  const nonce = new Uint8Array(12);
  const nv = new DataView(nonce.buffer);
  let zeros = new Uint8Array(0);
  return {
    fill(hi, lo, blocks, out, off) {
      const n = blocks * 64;
      if (zeros.length < n) zeros = new Uint8Array(Math.max(n, 2 * zeros.length));
      nv.setUint32(4, hi >>> 0, true);
      const dst = off === 0 && out.length === n ? out : out.subarray(off, off + n);
      const src = zeros.length === n ? zeros : zeros.subarray(0, n);
      chacha20(k, nonce, src, dst, lo >>> 0);
    },
  };
}
