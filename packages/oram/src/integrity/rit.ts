import type { IntegrityScheme } from './integrityScheme.js';
import { metadataTree } from './metadataTree.js';

/**
 * RIT (IRO; mechanism this package's reconstruction): per-slot MACs stored in the metadata
 * ReadPath reads anyway, and a hash tree over metadata only, so ReadPath and EvictPath need no
 * extra memory access; an early reshuffle rewrites the reshuffled bucket's ancestors.
 */
export const ritScheme: IntegrityScheme = {
  id: 2,
  name: 'rit',
  needsKey: true,
  childHashes: true,
  tagsInMeta: true,
  readsWholeBucket: false,
  create: (ctx) => metadataTree(ctx, false),
};
