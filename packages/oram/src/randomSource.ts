/**
 * The randomness the ORAM consumes: leaf remapping, dummy choice, slot permutations. Any
 * `Rng` from @paperlab/stats fits (tests inject a seeded one); the default draws from the
 * platform CSPRNG, because a predictable leaf would let the server link accesses.
 */
export interface RandomSource {
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
}

/** Cryptographic RandomSource over `crypto.getRandomValues` (Node ≥ 20 and browsers). */
export function createCryptoRandom(): RandomSource {
  const buffer = new Uint32Array(1024);
  let at = buffer.length;
  const next32 = (): number => {
    if (at === buffer.length) {
      globalThis.crypto.getRandomValues(buffer);
      at = 0;
    }
    return buffer[at++]!;
  };
  return {
    int(lo, hi) {
      const span = hi - lo + 1;
      if (span <= 1) return lo;
      if (span > 2 ** 32) throw new RangeError(`int range must be at most 2^32 wide, got ${span}`);
      // Rejection sampling keeps the draw unbiased: reject the top partial copy of [0, span).
      const limit = 2 ** 32 - (2 ** 32 % span);
      let x = next32();
      while (x >= limit) x = next32();
      return lo + (x % span);
    },
  };
}
