import type { RandomSource } from '../randomSource.js';

/**
 * The two random choices whose uniformity the security argument rests on, as strategies. The
 * ORAM calls them on every access; the defaults are the published algorithms'. The tests'
 * deliberately broken variants (src/insecureRingOram.ts) inject others, so no branch on a
 * "variant" sits on the access path.
 */
export interface OramStrategies {
  /** The new leaf of a block being accessed (Path and Ring ORAM: uniform in [0, leaves)). */
  remapLeaf(oldLeaf: number): number;
  /** Which of the n candidate dummy slots cand[0 .. n) ReadPath reads (Ring ORAM: uniform). */
  chooseDummy(cand: Uint16Array, n: number): number;
}

/** The published algorithms' choices, drawn from rng. */
export function uniformStrategies(rng: RandomSource, leaves: number): OramStrategies {
  return {
    remapLeaf: () => rng.int(0, leaves - 1),
    chooseDummy: (cand, n) => cand[rng.int(0, n - 1)]!,
  };
}
