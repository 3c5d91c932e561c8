import { type BucketMeta, EMPTY_ADDR } from '../bucketMeta.js';
import type { ChannelHealth } from './channelHealth.js';

const EMPTY = EMPTY_ADDR;

/**
 * The dummy slots ReadPath may read in a bucket (ours, on Ren et al.'s "a random valid dummy"):
 * valid, holding no real's primary, and off the channels ChannelHealth avoids when the bucket
 * still has such a dummy. While no channel is avoided (always, without replication or a
 * mirror) the channel test is skipped altogether.
 */
export class DummyCandidates {
  /** The candidates of the last collect, cand[0 .. n), in ascending slot order. */
  readonly cand: Uint16Array;
  private readonly isReal: Uint8Array;

  constructor(
    private readonly W: number,
    private readonly Z: number,
    private readonly health: ChannelHealth,
  ) {
    this.cand = new Uint16Array(W);
    this.isReal = new Uint8Array(W);
  }

  /** Valid dummies of bucket b, off avoided channels when possible; returns their number. */
  collect(b: number, m: BucketMeta): number {
    const { W, cand, health } = this;
    if (health.count === 0 && W <= 32) {
      // The common case (no channel avoided, W ≤ 32): the reals' slots as a bit mask, which
      // spares clearing and filling isReal on every ReadPath level. Same candidates, same order.
      let real = 0;
      for (let i = 0; i < this.Z; i++) if (m.addr[i] !== EMPTY) real |= 1 << m.slot[i]!;
      let n = 0;
      for (let s = 0; s < W; s++) if (m.valid[s] === 1 && ((real >>> s) & 1) === 0) cand[n++] = s;
      return n;
    }
    const isReal = this.markReals(m);
    let n = 0;
    if (health.count === 0) {
      for (let s = 0; s < W; s++) if (m.valid[s] === 1 && isReal[s] === 0) cand[n++] = s;
      return n;
    }
    for (let s = 0; s < W; s++) {
      if (m.valid[s] === 1 && isReal[s] === 0 && !health.isAvoided(b, s)) cand[n++] = s;
    }
    if (n === 0) {
      for (let s = 0; s < W; s++) if (m.valid[s] === 1 && isReal[s] === 0) cand[n++] = s;
    }
    return n;
  }

  /** isReal[s] = 1 for every slot holding a real's primary, 0 elsewhere. */
  private markReals(m: BucketMeta): Uint8Array {
    const isReal = this.isReal;
    for (let s = 0; s < this.W; s++) isReal[s] = 0;
    for (let i = 0; i < this.Z; i++) if (m.addr[i] !== EMPTY) isReal[m.slot[i]!] = 1;
    return isReal;
  }

  /**
   * A recovery read's candidates: the valid dummies when the bucket has one left; otherwise
   * every slot that holds no real (a re-read of a spent dummy, which a bucket already read S
   * times allows).
   */
  collectForRecovery(b: number, m: BucketMeta): number {
    let n = this.collect(b, m);
    if (n === 0) {
      const isReal = this.markReals(m);
      for (let s = 0; s < this.W; s++) if (isReal[s] === 0) this.cand[n++] = s;
    }
    return n;
  }
}
