import type { Stash } from './stash.js';
import { commonDepth } from './treeGeometry.js';

/**
 * Which stash blocks go into which bucket of a path being written back (Path ORAM's write-back
 * and Ring ORAM's EvictPath share it): greedily, deepest level first, each bucket takes up to Z
 * of the blocks whose leaf's path shares that bucket (Stefanov et al. 2013, Ren et al. 2015).
 * Allocation-free: blocks are bucketed by their common depth with the path in linked lists.
 */
export class EvictionPlanner {
  /** addrs[l][0 .. counts[l]) are the blocks chosen for level l. */
  readonly addrs: Uint32Array[];
  readonly counts: Int32Array;
  private readonly head: Int32Array;
  private next = new Int32Array(64);
  private pool = new Uint32Array(64);

  constructor(
    private readonly levels: number,
    private readonly Z: number,
  ) {
    this.addrs = Array.from({ length: levels + 1 }, () => new Uint32Array(Z));
    this.counts = new Int32Array(levels + 1);
    this.head = new Int32Array(levels + 1);
  }

  plan(stash: Stash, leaf: number): void {
    const L = this.levels;
    if (this.next.length < stash.size) {
      this.next = new Int32Array(stash.size * 2);
      this.pool = new Uint32Array(stash.size * 2);
    }
    this.head.fill(-1);
    for (let i = 0; i < stash.size; i++) {
      const d = commonDepth(stash.leaf[i]!, leaf, L);
      this.next[i] = this.head[d]!;
      this.head[d] = i;
    }
    let n = 0;
    for (let l = L; l >= 0; l--) {
      for (let i = this.head[l]!; i >= 0; i = this.next[i]!) this.pool[n++] = stash.addr[i]!;
      let k = 0;
      const out = this.addrs[l]!;
      while (k < this.Z && n > 0) out[k++] = this.pool[--n]!;
      this.counts[l] = k;
    }
  }
}
