import type { KeystreamCipher } from './keystreamCipher.js';

export interface KeystreamCounts {
  calls: number;
  bytes: number;
}

/** A counted keystream: fill and fillRuns always present; generate and digest if the provider has them. */
export type CountedKeystream = Required<Omit<KeystreamCipher, 'digest' | 'generate'>> &
  Pick<KeystreamCipher, 'digest' | 'generate'>;

/**
 * Counting decorator: wraps any provider's keystream and counts its calls and bytes, so
 * ciphers stay counter-free and the bench reads the figures instead of patching internals.
 */
export function countingKeystream(inner: KeystreamCipher): {
  cipher: CountedKeystream;
  counts: KeystreamCounts;
} {
  const counts: KeystreamCounts = { calls: 0, bytes: 0 };
  return {
    counts,
    cipher: {
      // The digest is not keystream: the suite counts it among the MACs' bytes.
      ...(inner.digest === undefined ? {} : { digest: inner.digest.bind(inner) }),
      ...(inner.generate === undefined
        ? {}
        : {
            generate(hi: number, lo: number, blocks: number): Uint8Array {
              counts.calls++;
              counts.bytes += blocks * 64;
              return inner.generate!(hi, lo, blocks);
            },
          }),
      fill(hi, lo, blocks, out, off) {
        counts.calls++;
        counts.bytes += blocks * 64;
        inner.fill(hi, lo, blocks, out, off);
      },
      // Always present: one call when the provider has fillRuns, else one `fill` per run.
      fillRuns(runs, n, out, off) {
        let at = off;
        if (inner.fillRuns !== undefined) {
          counts.calls++;
          for (let i = 0; i < n; i++) at += runs[3 * i + 2]! * 64;
          counts.bytes += at - off;
          inner.fillRuns(runs, n, out, off);
          return;
        }
        for (let i = 0; i < n; i++) {
          const blocks = runs[3 * i + 2]!;
          counts.calls++;
          counts.bytes += blocks * 64;
          inner.fill(runs[3 * i]!, runs[3 * i + 1]!, blocks, out, at);
          at += blocks * 64;
        }
      },
    },
  };
}
