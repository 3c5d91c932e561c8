import type { BucketMeta } from '../bucketMeta.js';
import { HASH_BYTES } from '../parameters.js';

/** What an integrity scheme gets from the ORAM it protects. */
export interface IntegrityContext {
  /** Buckets below this index are the client's cached top levels: trusted, never checked. */
  readonly topBuckets: number;
  /** The scheme's hash of bucket metadata (and slots, when it hashes them) into out[off..+16). */
  hash(m: BucketMeta, out: Uint8Array, off: number): void;
  /** A fresh metadata holder of this ORAM's layout (MUST's trusted copies). */
  newMeta(): BucketMeta;
}

/**
 * An integrity scheme's state inside one ORAM: a tree over metadata with its root on the
 * client, or nothing. Every method is called by the Ring ORAM at a fixed point of the
 * algorithm; the scheme decides, the ORAM does the I/O.
 */
export interface IntegrityTree {
  /** The root hash, kept on the client (exported with the state). */
  readonly root: Uint8Array;
  /** A trusted client copy of bucket b's metadata (MUST), read instead of memory. */
  trusted(b: number): BucketMeta | undefined;
  /** After metadata m of bucket b was opened: does it match the tree (parent null = root)? */
  checkMeta(b: number, m: BucketMeta, parent: BucketMeta | null): boolean;
  /** Schemes that read whole buckets: after every slot of b is in m.slotData. */
  checkBucket(b: number, m: BucketMeta, parent: BucketMeta | null): boolean;
  /** Metadata m of bucket b was loaded and verified by an access (MUST keeps a copy). */
  loaded(b: number, m: BucketMeta): void;
  /** m is bucket b's new metadata: true to seal and write it now, false when kept (MUST). */
  store(b: number, m: BucketMeta): boolean;
  /** m was sealed into m.stored: its hash goes into the parent (or the root). */
  sealed(b: number, m: BucketMeta, parent: BucketMeta | null): void;
  /** Buckets kept by `store` that the eviction writes now, deepest first (MUST's fold). */
  foldOrder(): readonly number[];
  /** Forgets the kept copies after a fold. */
  folded(): void;
}

/**
 * An integrity scheme: one file per scheme, listed once in registry.ts with a stable id. The
 * id is stored in every metadata block (with the encryption flag), so it must never change.
 */
export interface IntegrityScheme {
  /** Stable numeric id in [0, 15], stored in the metadata header. */
  readonly id: number;
  readonly name: string;
  /** Whether the scheme needs a key (a MAC or a keyed tree). */
  readonly needsKey: boolean;
  /** Metadata carries its children's hashes (a tree over metadata). */
  readonly childHashes: boolean;
  /** Slot tags live in the bucket metadata instead of after each slot. */
  readonly tagsInMeta: boolean;
  /** Verifying a bucket needs every slot of it (a Merkle tree over whole buckets). */
  readonly readsWholeBucket: boolean;
  /** Why the scheme cannot be combined with Secure Replication, or undefined if it can. */
  readonly refusesReplication?: string;
  create(ctx: IntegrityContext): IntegrityTree;
}

/** Where bucket b's expected hash sits: in its parent's child hashes, or the root. */
export function expectedHashAt(
  root: Uint8Array,
  b: number,
  parent: BucketMeta | null,
): [Uint8Array, number] {
  if (parent === null) return [root, 0];
  return [parent.childHash, (b & 1) === 1 ? 0 : HASH_BYTES];
}

/** What foldOrder returns when nothing is kept (shared: callers only read it). */
export const NOTHING_KEPT: readonly number[] = [];

/** A tree that checks nothing and keeps nothing: the base of the schemes below. */
export function noTree(): IntegrityTree {
  return {
    root: new Uint8Array(HASH_BYTES),
    trusted: () => undefined,
    checkMeta: () => true,
    checkBucket: () => true,
    loaded: () => {},
    store: () => true,
    sealed: () => {},
    foldOrder: () => NOTHING_KEPT,
    folded: () => {},
  };
}
