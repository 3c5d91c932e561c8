import type { CipherProvider } from './crypto/cipherSuite.js';
import type { RandomSource } from './randomSource.js';
import type { OramStorage } from './storage/oramStorage.js';
import type { BatchedStorage } from './storage/storageProtocol.js';
import type { Observer } from './trace.js';

/** Integrity modes of IRO's issue (see README: what is the paper's statement, what is ours). */
export type IntegrityMode = 'none' | 'merkle' | 'rit' | 'rit+must';

/** Physical and algorithmic counters, cumulative since creation (or since the state import). */
export interface OramCounters {
  /** Logical reads + writes served. */
  accesses: number;
  /** Physical slot reads / writes reaching untrusted memory (cached tree-top levels excluded). */
  slotReads: number;
  slotWrites: number;
  /** Physical metadata reads / writes (each mirror copy counts). */
  metaReads: number;
  metaWrites: number;
  /** Blocks transferred by ReadPath: L+1 per access, 1 with the XOR trick. */
  onlineBlocks: number;
  evictions: number;
  earlyReshuffles: number;
  /** Blocks in the stash now, and the maximum seen after any access. */
  stashSize: number;
  maxStashSize: number;
  /** Tree hash computations (integrity tree). */
  hashComputations: number;
  /** MAC computations: every AEAD seal/open computes one Poly1305 tag. */
  macComputations: number;
  /** Memory accesses that exist only because of the integrity mode. */
  integritySlotReads: number;
  integrityMetaReads: number;
  integrityMetaWrites: number;
  /** Cipher invocations (AEAD calls + dummy keystream calls). */
  cipherCalls: number;
  /** AEAD calls and the plaintext bytes they processed. */
  aeadCalls: number;
  aeadBytes: number;
  /** Keystream (dummy slot) calls and bytes. */
  keystreamCalls: number;
  keystreamBytes: number;
  /** Metadata read from the mirror copy after the primary failed (IRO mirrored channel). */
  mirrorRecoveries: number;
  /** Secure Replication: replicas written, and blocks recovered from a replica. */
  replicaWrites: number;
  replicaRecoveries: number;
}

export function zeroCounters(): OramCounters {
  return {
    accesses: 0,
    slotReads: 0,
    slotWrites: 0,
    metaReads: 0,
    metaWrites: 0,
    onlineBlocks: 0,
    evictions: 0,
    earlyReshuffles: 0,
    stashSize: 0,
    maxStashSize: 0,
    hashComputations: 0,
    macComputations: 0,
    integritySlotReads: 0,
    integrityMetaReads: 0,
    integrityMetaWrites: 0,
    cipherCalls: 0,
    aeadCalls: 0,
    aeadBytes: 0,
    keystreamCalls: 0,
    keystreamBytes: 0,
    mirrorRecoveries: 0,
    replicaWrites: 0,
    replicaRecoveries: 0,
  };
}

/** What the client can see of its own tree, for invariant checks (no trace, no counters). */
export interface OramInspection {
  stashSize: number;
  /** Live real blocks in the tree (cached levels included). */
  blocksInTree: number;
  /** Distinct addresses ever written (= stash + tree when the ORAM is correct). */
  blocksWritten: number;
  /** Largest number of live reals in any bucket (≤ Z). */
  maxRealsPerBucket: number;
  /** Largest read count of any bucket (Ring ORAM: ≤ S after every access). */
  maxBucketCount: number;
}

/** The interface both ORAMs implement. */
export interface Oram {
  readonly kind: 'ring' | 'path';
  readonly capacity: number;
  readonly blockSize: number;
  /** L: the tree has levels 0..L and 2^L leaves. */
  readonly levels: number;
  readonly bucketCount: number;
  /** Reads block addr (zeros if never written). */
  read(addr: number): Uint8Array;
  /** Writes block addr; data must be exactly blockSize bytes. */
  write(addr: number, data: Uint8Array): void;
  /** A snapshot of the counters. */
  readonly counters: OramCounters;
  inspect(): OramInspection;
  /**
   * Verifies every stored byte the client can check (metadata, real slots, dummy slots) and
   * throws IntegrityError naming the first bad location. Reported as 'integrity' reads.
   */
  audit(): void;
  /** The client state (position map, stash, counters, trusted hashes), sealed under the key. */
  exportState(): Uint8Array;
}

/** Options shared by both ORAMs. */
export interface CommonOramOptions {
  /** Number of logical blocks N, integer in [1, 2^26]. */
  capacity: number;
  /** Bytes per block, integer in [1, 2^20]. */
  blockSize: number;
  /** Tree height L (levels 0..L); default max(1, ⌈log2 N⌉ − 1). */
  levels?: number;
  /** Top levels kept in client memory (no physical traffic); default 0. */
  treeTopLevels?: number;
  /** 32-byte key; default a fresh random key. Ignored when encrypt is false. */
  key?: Uint8Array;
  /** Encrypt slots and metadata; default true. */
  encrypt?: boolean;
  /**
   * Cipher provider; default `chacha20Poly1305` (ChaCha20 + Poly1305 in JavaScript, Node and
   * browser). Node can pass `nodeAes` (AES-256-CTR through node:crypto, Poly1305 over a native
   * SHA-256 digest for blocks of 256 B and more; exported by @paperlab/oram/node).
   */
  cipher?: CipherProvider;
  /**
   * Untrusted memory, per-location (OramStorage) or batched (BatchedStorage); default an
   * in-memory store of the right shape. An asynchronous storage needs createAsyncRingOram.
   */
  storage?: OramStorage | BatchedStorage;
  /** Receives every physical read/write. */
  observer?: Observer;
  /** Randomness for leaves, dummies and permutations; default the platform CSPRNG. */
  rng?: RandomSource;
  /** A state from exportState(): reopen over the same storage with the same key. */
  state?: Uint8Array;
}

export function checkInt(name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], got ${String(value)}`);
  }
  return value;
}

export function checkAddr(addr: unknown, capacity: number): number {
  if (typeof addr !== 'number' || !Number.isInteger(addr) || addr < 0 || addr >= capacity) {
    throw new RangeError(`addr must be an integer in [0, ${capacity - 1}], got ${String(addr)}`);
  }
  return addr;
}

export function checkData(data: unknown, blockSize: number): Uint8Array {
  if (!(data instanceof Uint8Array)) {
    throw new TypeError(`data must be a Uint8Array of ${blockSize} bytes, got ${typeof data}`);
  }
  if (data.length !== blockSize) {
    throw new RangeError(`data must be ${blockSize} bytes long, got ${data.length}`);
  }
  return data;
}
