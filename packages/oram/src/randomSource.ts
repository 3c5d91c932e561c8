/**
 * The randomness the ORAM consumes: leaf remapping, dummy choice, slot permutations. Any
 * `Rng` from @paperlab/stats fits (tests inject a seeded one); the default draws from the
 * platform CSPRNG, because a predictable leaf would let the server link accesses.
 */
export interface RandomSource {
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** Optional independent child stream (an `Rng` has it); see `secretStream`. */
  fork?(name: string): RandomSource;
}

/**
 * The stream the ORAM draws its default key, nonce session prefixes and state nonces from:
 * `rng.fork('@paperlab/oram secrets')` when the source can fork (a seeded `Rng`), so these
 * draws do not shift the leaf / dummy / permutation stream (traces stay those of the seed);
 * otherwise the source itself (the CSPRNG by default).
 */
export function secretStream(rng: RandomSource): RandomSource {
  return typeof rng.fork === 'function' ? rng.fork('@paperlab/oram secrets') : rng;
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

/** A uniform 32-bit unsigned integer from `rng` (a session nonce prefix, a state nonce). */
export function randomU32(rng: RandomSource): number {
  return rng.int(0, 0xffffffff) >>> 0;
}

/** n bytes from `rng`, four at a time (used for the default key when an rng is injected). */
export function randomBytes(rng: RandomSource, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    const x = randomU32(rng);
    for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (x >>> (8 * k)) & 255;
  }
  return out;
}
