import type { KeystreamCipher } from './keystreamCipher.js';

export interface KeystreamCounts {
  calls: number;
  bytes: number;
}

/**
 * Counting decorator: wraps any provider's keystream and counts its calls and bytes, so
 * ciphers stay counter-free and the bench reads the figures instead of patching internals.
 */
export function countingKeystream(inner: KeystreamCipher): {
  cipher: KeystreamCipher;
  counts: KeystreamCounts;
} {
  const counts: KeystreamCounts = { calls: 0, bytes: 0 };
  return {
    counts,
    cipher: {
      fill(hi, lo, blocks, out, off) {
        counts.calls++;
        counts.bytes += blocks * 64;
        inner.fill(hi, lo, blocks, out, off);
      },
    },
  };
}
