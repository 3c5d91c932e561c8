import type { BucketMeta } from '../bucketMeta.js';
import { equalBytes } from '../crypto/cipherSuite.js';
import { HASH_BYTES } from '../parameters.js';
import {
  expectedHashAt,
  type IntegrityContext,
  type IntegrityTree,
  NOTHING_KEPT,
} from './integrityScheme.js';

/**
 * A hash tree whose nodes are bucket metadata: each bucket's metadata carries its children's
 * hashes, the root hash is on the client (PMMAC-style freshness for RIT; the Merkle baseline
 * hashes slots too, through ctx.hash). `checkMeta` compares at the metadata (RIT), or, when
 * `atBucket`, `checkBucket` compares once the whole bucket is read (Merkle).
 */
export function metadataTree(ctx: IntegrityContext, atBucket: boolean): IntegrityTree {
  const root = new Uint8Array(HASH_BYTES);
  const h = new Uint8Array(HASH_BYTES);
  const matches = (b: number, m: BucketMeta, parent: BucketMeta | null): boolean => {
    if (b < ctx.topBuckets) return true;
    const [exp, off] = expectedHashAt(root, b, parent);
    ctx.hash(m, h, 0);
    return equalBytes(h, 0, exp, off, HASH_BYTES);
  };
  return {
    root,
    trusted: () => undefined,
    checkMeta: (b, m, parent) => atBucket || matches(b, m, parent),
    checkBucket: (b, m, parent) => !atBucket || matches(b, m, parent),
    loaded: () => {},
    store: () => true,
    sealed(b, m, parent) {
      if (b < ctx.topBuckets) return;
      const [exp, off] = expectedHashAt(root, b, parent);
      ctx.hash(m, exp, off);
    },
    foldOrder: () => NOTHING_KEPT,
    folded: () => {},
  };
}
