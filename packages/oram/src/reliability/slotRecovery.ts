import type { BucketMeta } from '../bucketMeta.js';
import type { Steps } from '../core/oramShell.js';
import { UnreadableLocationError } from '../storage/oramStorage.js';
import type { Phase, PlannedBatch } from '../storage/physicalIo.js';

/**
 * What Ring ORAM does where a slot read or write failed (ours). The access calls it only at
 * those points, so ReadPath, EvictPath and EarlyReshuffle read as the paper's pseudocode; the
 * configuration without replication gets `failClosedSlots` (every failure ends the access,
 * nothing is tracked), Secure Replication gets `ReplicaRecovery` (replicaRecovery.ts).
 */
export interface SlotRecovery {
  /** True after a ReadPath that needs its recovery batch (recoverPath). */
  readonly pathFailed: boolean;
  /** Reals of the current bucket reads whose other copy recoverBuckets will read. */
  readonly pending: number;
  /** Whether real entry e of bucket b is read through its replica (its primary is avoided). */
  viaReplica(b: number, m: BucketMeta, e: number): boolean;
  /** A ReadPath starts: forget the last one's failures. */
  beginPath(): void;
  /** ReadPath's real (entry e, read through its replica if `via`) failed with err; may throw it. */
  realFailed(m: BucketMeta, e: number, via: boolean, err: Error): void;
  /** ReadPath's dummy read of slot s of bucket b failed with f; may throw it. */
  pathDummyFailed(b: number, s: number, f: Error): void;
  /**
   * ReadPath's recovery batch (after pathFailed): one more slot at every level of path x. Puts
   * block a into the stash through the host when its other copy opens; returns the slot that
   * copy was read from, or -1.
   */
  recoverPath(
    x: number,
    a: number,
    metas: readonly BucketMeta[],
    realLevel: number,
    realEntry: number,
    via: boolean,
  ): Steps<number>;
  /** A bucket read's dummy read failed with f; may throw it. */
  dummyFailed(f: Error): void;
  /** A bucket read's real at level l (entry e) failed with err; queues its other copy or throws. */
  bucketRealFailed(l: number, m: BucketMeta, e: number, via: boolean, err: Error): void;
  /** Reads the other copies of the pending reals of bucket reads on the path to leaf. */
  recoverBuckets(leaf: number, metas: readonly BucketMeta[], phase: Phase): Steps<void>;
  /** A slot write failed with f; may throw it. */
  writeFailed(f: Error): void;
  /** Gives the k reals of bucket b being written their replicas, marked -(i + 1) in role. */
  placeReplicas(b: number, m: BucketMeta, k: number, role: Int32Array): void;
}

/** What a recovery needs from the ORAM: opening a slot, and stashing what it opened. */
export interface RecoveryHost {
  /** Opens slot s of bucket b from location k of batch; returns the failure instead of throwing. */
  openReal(b: number, m: BucketMeta, s: number, batch: PlannedBatch, k: number): Error | undefined;
  /** Puts the block just opened into the stash as addr; keeps it for level l's rewrite (l >= 0). */
  recovered(l: number, addr: number): void;
}

/** A dummy's content is never used: a location it could not read is no error by itself. */
function throwUnlessUnreadable(f: Error): void {
  if (!(f instanceof UnreadableLocationError)) throw f;
}

function unreachable(): never {
  throw new Error('internal error: no slot recovery without replication');
}

/** Without replication a slot has no other copy: every failure of a real ends the access. */
export const failClosedSlots: SlotRecovery = {
  pathFailed: false,
  pending: 0,
  viaReplica: () => false,
  beginPath() {},
  realFailed(_m, _e, _via, err) {
    throw err;
  },
  pathDummyFailed(_b, _s, f) {
    throwUnlessUnreadable(f);
  },
  // biome-ignore lint/correctness/useYield: never called (pathFailed is always false)
  *recoverPath() {
    return unreachable();
  },
  dummyFailed: throwUnlessUnreadable,
  bucketRealFailed(_l, _m, _e, _via, err) {
    throw err;
  },
  // biome-ignore lint/correctness/useYield: never called (pending is always 0)
  *recoverBuckets() {
    unreachable();
  },
  writeFailed(f) {
    throw f;
  },
  placeReplicas() {},
};
