import type { IntegrityScheme } from './integrityScheme.js';
import { metadataTree } from './metadataTree.js';

/**
 * The Merkle baseline (IRO's comparison point): a hash tree over whole buckets (metadata and
 * every slot ciphertext), so verifying a ReadPath reads every slot of every bucket on it.
 */
export const merkleScheme: IntegrityScheme = {
  id: 1,
  name: 'merkle',
  needsKey: true,
  childHashes: true,
  tagsInMeta: false,
  readsWholeBucket: true,
  refusesReplication:
    "integrity 'merkle' hashes whole buckets and cannot skip a dead channel; use 'rit' or 'rit+must' with replication",
  create: (ctx) => metadataTree(ctx, true),
};
