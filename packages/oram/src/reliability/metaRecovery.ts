import type { BucketMeta } from '../bucketMeta.js';
import type { Steps } from '../core/oramShell.js';
import type { Phase, PlannedBatch } from '../storage/physicalIo.js';

/**
 * What Ring ORAM does where a metadata read or write failed (ours). Without mirrored metadata
 * `failClosedMeta` (one copy per bucket, every failure ends the access); with it
 * `MirrorRecovery` (mirrorRecovery.ts).
 */
export interface MetaRecovery {
  /** Pending repairs of copy 0 (flushRepairs writes them). */
  readonly repairs: number;
  /** Whether bucket b's metadata has a second copy. */
  mirrored(b: number): boolean;
  /** The copy a read of b's metadata asks for first. */
  firstCopy(b: number): 0 | 1;
  /** How many copies a write of b's metadata stores. */
  copies(b: number): 1 | 2;
  /** A metadata load (one batch of the path's metadata) starts. */
  beginLoad(): void;
  /**
   * Copy `copy` of b's metadata failed with `failure`: reads the other copy into m (one more
   * batch) and returns it, or throws.
   */
  fallback(
    b: number,
    m: BucketMeta,
    parent: BucketMeta | null,
    failure: Error,
    copy: 0 | 1,
    phase: Phase,
  ): Steps<0 | 1>;
  /** m (bucket b) verified from `copy`; queues the repair of copy 0 when copy 1 served. */
  loaded(b: number, m: BucketMeta, copy: 0 | 1): void;
  /** Writes the queued repairs (one batch). */
  flushRepairs(): Steps<void>;
  /** Location i of write batch wb (metadata) failed with f; may throw it. */
  writeFailed(wb: PlannedBatch, i: number, f: Error): void;
  /** audit(): the second copy of verified metadata m of bucket b must equal it. */
  auditCopy(b: number, m: BucketMeta): Steps<void>;
}

/** What a metadata recovery needs from the ORAM: verifying a metadata location into m. */
export interface MetaHost {
  /** Copies location k into m and verifies it; returns the failure, if any. */
  takeMeta(
    batch: PlannedBatch,
    k: number,
    b: number,
    m: BucketMeta,
    parent: BucketMeta | null,
  ): Error | undefined;
}

function unreachable(): never {
  throw new Error('internal error: no metadata repair without a mirror');
}

/** One metadata copy per bucket: a failed one ends the access. */
export const failClosedMeta: MetaRecovery = {
  repairs: 0,
  mirrored: () => false,
  firstCopy: () => 0,
  copies: () => 1,
  beginLoad() {},
  // biome-ignore lint/correctness/useYield: a failure without a mirror only ends the access
  *fallback(_b, _m, _parent, failure) {
    throw failure;
  },
  loaded() {},
  // biome-ignore lint/correctness/useYield: never called (repairs is always 0)
  *flushRepairs() {
    unreachable();
  },
  writeFailed(_wb, _i, f) {
    throw f;
  },
  // biome-ignore lint/correctness/useYield: never called (mirrored is always false)
  *auditCopy() {
    unreachable();
  },
};
