/**
 * The physical trace: every read or write the untrusted memory sees, in order. Security tests,
 * the timing model and the docs' visualiser all consume this one stream, so it carries exactly
 * what an observer of the memory bus learns (location and size) and nothing secret.
 */
export interface TraceEvent {
  op: 'read' | 'write';
  /** Bucket index in heap order: root 0, children of b are 2b+1 and 2b+2. */
  bucket: number;
  /** Slot index inside the bucket, or 'meta' for the bucket's metadata block. */
  slot: number | 'meta';
  /** Bytes moved over the bus (ciphertext size, including nonce/tag overhead). */
  bytes: number;
  /** Tree level of the bucket, 0 = root. */
  level: number;
  /** Which part of the algorithm caused the access (timing model and tests group by it). */
  phase: 'online' | 'evict' | 'reshuffle' | 'integrity';
  /** For metadata only: which mirror copy (IRO mirrored channel); absent means copy 0. */
  copy?: 0 | 1;
}

export type Observer = (event: TraceEvent) => void;
