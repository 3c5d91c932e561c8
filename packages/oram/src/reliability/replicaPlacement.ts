import { NO_REPLICA } from '../bucketMeta.js';
import { channelOf } from '../channels.js';
import type { RandomSource } from '../randomSource.js';

/**
 * Secure Replication's placement (ours): gives each of the k reals of a bucket being written a
 * free slot of the same bucket on another channel. A greedy choice can paint itself into a
 * corner (all free slots left on the channel of the last real), so this is a bipartite matching
 * (Kuhn's augmenting paths, candidates in random order): every real gets a replica whenever any
 * assignment exists, which S >= Z and C >= 2 guarantee for the level-rotated slot mapping.
 */
export class ReplicaPlacement {
  private readonly isRealSlot: Uint8Array;
  private readonly owner: Int16Array;
  private readonly order: Uint16Array;
  private readonly seen: Uint8Array;
  private readonly home: Int32Array;

  constructor(
    private readonly W: number,
    Z: number,
    private readonly channels: number,
    private readonly rng: RandomSource,
  ) {
    this.isRealSlot = new Uint8Array(W);
    this.owner = new Int16Array(W);
    this.order = new Uint16Array(W);
    this.seen = new Uint8Array(W);
    this.home = new Int32Array(Z);
  }

  /** Fills replicaSlot[0 .. k) for the reals in slots[0 .. k) of bucket b. */
  place(b: number, slots: Uint16Array, k: number, replicaSlot: Uint16Array): void {
    const { W, channels, isRealSlot, owner, order, seen, home } = this;
    isRealSlot.fill(0);
    for (let i = 0; i < k; i++) isRealSlot[slots[i]!] = 1;
    owner.fill(-1);
    replicaSlot.fill(NO_REPLICA);
    for (let s = 0; s < W; s++) order[s] = s;
    for (let s = W - 1; s > 0; s--) {
      const j = this.rng.int(0, s);
      const t = order[j]!;
      order[j] = order[s]!;
      order[s] = t;
    }
    for (let i = 0; i < k; i++) home[i] = channelOf(b, slots[i]!, 0, channels);
    const tryAssign = (i: number): boolean => {
      for (let t = 0; t < W; t++) {
        const s = order[t]!;
        if (isRealSlot[s] === 1 || seen[s] === 1 || channelOf(b, s, 0, channels) === home[i])
          continue;
        seen[s] = 1;
        if (owner[s] === -1 || tryAssign(owner[s]!)) {
          owner[s] = i;
          return true;
        }
      }
      return false;
    };
    for (let i = 0; i < k; i++) {
      seen.fill(0);
      tryAssign(i);
    }
    for (let s = 0; s < W; s++) if (owner[s]! >= 0) replicaSlot[owner[s]!] = s;
  }
}
