import { type OramStrategies, uniformStrategies } from './core/strategies.js';
import { createRingOramWithStrategies, type RingOram, type RingOramOptions } from './ringOram.js';

/**
 * Deliberately broken variants, only so the security tests can show they fail: 'reuseLeaf'
 * never remaps a block's leaf; 'firstDummy' reads the lowest valid dummy instead of a
 * uniformly random one. Each is an injected strategy (core/strategies.ts), not a branch in the
 * ORAM.
 */
export type InsecureVariant = 'reuseLeaf' | 'firstDummy';

/**
 * TEST HOOK, not part of the public API: builds a deliberately broken Ring ORAM so the
 * obliviousness tests can show that they reject it. Neither `src/index.ts` nor `src/node.ts`
 * exports this module, and the package's `exports` map has no path to it, so users of
 * `@paperlab/oram` cannot select a broken variant (an `insecureVariant` field passed to
 * `createRingOram` is refused as an unknown option).
 */
export function createInsecureRingOram(
  options: RingOramOptions,
  variant: InsecureVariant,
): RingOram {
  return createRingOramWithStrategies(options, (rng, leaves): OramStrategies => {
    const fair = uniformStrategies(rng, leaves);
    return variant === 'reuseLeaf'
      ? { remapLeaf: (old) => old, chooseDummy: fair.chooseDummy }
      : { remapLeaf: fair.remapLeaf, chooseDummy: (cand) => cand[0]! };
  });
}
