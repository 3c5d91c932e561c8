import type { BucketMeta } from '../bucketMeta.js';
import { expectedHashAt, type IntegrityScheme, type IntegrityTree } from './integrityScheme.js';
import { metadataTree } from './metadataTree.js';

/**
 * RIT + MUST (IRO; mechanism ours): the minimal updated subtree. Metadata read or changed since
 * the last eviction stays in trusted client memory (at most (A+1)(L+1) buckets): reading it
 * needs no memory access and no hash. At each eviction the subtree is sealed and hashed once
 * bottom-up, each hash going into its parent, and written ("folded into eviction").
 */
export const ritMustScheme: IntegrityScheme = {
  id: 3,
  name: 'rit+must',
  needsKey: true,
  childHashes: true,
  tagsInMeta: true,
  readsWholeBucket: false,
  create(ctx): IntegrityTree {
    const base = metadataTree(ctx, false);
    const kept = new Map<number, BucketMeta>();
    const pool: BucketMeta[] = [];
    const keep = (b: number, m: BucketMeta): void => {
      let t = kept.get(b);
      if (t === undefined) {
        t = pool.pop() ?? ctx.newMeta();
        kept.set(b, t);
      }
      if (t !== m) t.copyFrom(m);
    };
    return {
      ...base,
      trusted: (b) => kept.get(b),
      loaded: keep,
      store(b, m) {
        keep(b, m);
        return false;
      },
      sealed(b, m, parent) {
        if (b < ctx.topBuckets) return;
        // In a fold the parent is the kept copy (the subtree is closed under parents).
        const p = parent ?? (b === 0 ? null : kept.get((b - 1) >>> 1));
        if (b !== 0 && p === undefined) {
          throw new Error(`internal error: MUST subtree not closed at bucket ${b}`);
        }
        const [exp, off] = expectedHashAt(base.root, b, p ?? null);
        ctx.hash(m, exp, off);
      },
      foldOrder: () => [...kept.keys()].sort((p, q) => q - p),
      folded() {
        for (const m of kept.values()) pool.push(m);
        kept.clear();
      },
    };
  },
};
