import {
  createRingOramWithVariant,
  type InsecureVariant,
  type RingOram,
  type RingOramOptions,
} from './ringOram.js';

/**
 * TEST HOOK, not part of the public API: builds a deliberately broken Ring ORAM so the
 * obliviousness tests can show that they reject it. Neither `src/index.ts` nor `src/node.ts`
 * exports this module, and the package's `exports` map has no path to it, so users of
 * `@paperlab/oram` cannot select a broken variant (an `insecureVariant` field passed to
 * `createRingOram` is ignored).
 */
export function createInsecureRingOram(
  options: RingOramOptions,
  variant: InsecureVariant,
): RingOram {
  return createRingOramWithVariant(options, variant);
}

export type { InsecureVariant };
