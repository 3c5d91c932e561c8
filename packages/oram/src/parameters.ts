/**
 * Every tunable of @paperlab/oram with its source:
 * - lit: Ring ORAM (Ren et al., USENIX Security 2015; ePrint 2014/997) or Path ORAM
 *   (Stefanov et al., CCS 2013);
 * - paper: IRO's abstract (see packages/oram/README.md);
 * - ours: a choice made in this package, with the reason.
 */

/** A Ring ORAM parameter set: Z real slots, S dummy slots per bucket, evict every A accesses. */
export interface RingParameters {
  Z: number;
  S: number;
  A: number;
}

/**
 * Named parameter sets.
 * - `teaching` (ours): Z = 4, A = 3, S = 5. Small buckets keep traces readable; S ≥ A as Ring
 *   ORAM requires, S = A + 2 leaves room for a few extra dummy reads before an early reshuffle.
 *   (Ring ORAM's tables pair Z = 4 with A = 3; we did not have the table at hand to check S.)
 * - `largeBucket` (lit, via public Ring ORAM simulator code): Z = 33, A = 48, S = 63, the
 *   bandwidth-optimised setting for secure processors.
 */
export const RING_PARAMETER_SETS = {
  teaching: { Z: 4, S: 5, A: 3 },
  largeBucket: { Z: 33, S: 63, A: 48 },
} as const satisfies Record<string, RingParameters>;

export type RingParameterSetName = keyof typeof RING_PARAMETER_SETS;

/** Default Ring ORAM parameters: the teaching set (ours). */
export const DEFAULT_RING_PARAMETERS: RingParameters = RING_PARAMETER_SETS.teaching;

/** Path ORAM bucket size Z = 4: the value Path ORAM's paper proves a small stash for (lit). */
export const DEFAULT_PATH_Z = 4;

/**
 * Default tree height: L = max(1, ⌈log2(N / Z)⌉ + 1), so the tree has about 4N real slots
 * (~25 % utilisation). For Z = 4 this is the usual Path ORAM sizing, L = ⌈log2 N⌉ − 1 (lit);
 * generalising it by Z (ours) keeps large-bucket Ring ORAM trees from being oversized, which
 * matters for the bandwidth comparison.
 */
export function defaultLevels(capacity: number, Z = 4): number {
  return Math.max(1, Math.ceil(Math.log2(capacity / Z)) + 1);
}

/**
 * Memory channels C of the Ring ORAM (ours): 2, IRO's evaluated setting. The bucket/slot ->
 * channel mapping is `channelOf` in src/channels.ts: slot s of a bucket at tree level l is on
 * channel (l + s) mod C and metadata copy k (0 primary, 1 mirror) on (l + k) mod C, i.e.
 * slot-interleaved within each bucket and rotated by level (not one channel per level).
 */
export const DEFAULT_CHANNELS = 2;

/**
 * Ring ORAM metadata decryption cache (ours): for buckets in the top 12 levels (4095 buckets,
 * about (metaBytes + plain bytes) x 4095 ≈ 0.5-1 MB of client memory) the client keeps the
 * sealed bytes it last wrote and their plaintext. A metadata read still goes to memory (the
 * trace is unchanged); if the bytes are exactly the ones the client sealed, the plaintext is
 * reused instead of an AEAD open (equality with the client's own last write is a stronger
 * check than the MAC: it also proves freshness). Any other bytes take the normal AEAD path.
 */
export const META_CACHE_LEVELS = 12;

/** Largest capacity accepted (ours): leaves are 32-bit integers in the metadata. */
export const MAX_CAPACITY = 2 ** 26;
/** Largest block (ours): keeps one bucket's slots well inside a typed array. */
export const MAX_BLOCK_SIZE = 1 << 20;
/** Deepest tree (ours): leaves stay 32-bit; storage size is checked separately. */
export const MAX_LEVELS = 30;

/** Bytes of a truncated tree hash / MAC (ours): 128 bits, the Poly1305 tag size. */
export const HASH_BYTES = 16;
/** ChaCha20-Poly1305 tag (lit: RFC 8439). */
export const TAG_BYTES = 16;
/** ChaCha20-Poly1305 nonce (lit: RFC 8439). */
export const NONCE_BYTES = 12;
/** Bytes of the 256-bit key (lit: RFC 8439). */
export const KEY_BYTES = 32;
/**
 * Messages of at least this many bytes are authenticated through a digest when the cipher
 * provider has one (`KeystreamCipher.digest`; `nodeAes`: native SHA-256): the tag is Poly1305
 * over (head, SHA-256(message)) instead of over the message (ours; README "Encryption"). The
 * crossover measured with bench/macCost.ts on these machines (18:14 UTC, load 7, indicative):
 * 64 B Poly1305 in JavaScript 0.61 µs against SHA-256 + call 1.15 µs; 256 B 1.16 against
 * 0.97 µs; 4 KiB 15.3 against 3.2 µs. So 64-B blocks and metadata keep direct Poly1305.
 */
export const DIGEST_MIN_BYTES = 256;
/**
 * Most keystream blocks the nonce reservoir generates in one call (ours): 128 KiB. The ORAM
 * asks for about one eviction path (650 KiB at 2^16 × 4 KiB); node:crypto returns each call's
 * output in a fresh buffer, and measured per byte a 128-KiB AES-256-CTR call cost 0.65 ns/B
 * against 0.86 ns/B at 650 KiB (median of 5 interleaved rounds, 18:40 UTC, load 8.8:
 * allocation and first touch of the larger buffer). Calls stay few: three 4-KiB bucket writes
 * per call.
 */
export const RESERVOIR_MAX_BLOCKS = 2048;
/** Metadata format version; bump when the layout changes so old stores fail loudly. */
export const META_FORMAT_VERSION = 1;

/**
 * MAC failures a Ring ORAM with replication or mirrored metadata recovers from in one session
 * before it fails closed (ours). Transient faults and tampering look the same to the client;
 * each recovered failure may show the server which slot of one bucket was real (the replica
 * read follows the failed one), so recovery is bounded. 64 leaves room for the transient-flip
 * rates the reliability tests inject (about one failure per 5 reads of a flipped block) while
 * capping an adversary's probes; a dead channel is not counted (it is avoided, not retried).
 */
export const MAX_RECOVERED_MAC_FAILURES = 64;

/**
 * Busy polling while a remote round trip is in flight (src/remote/spinWait.ts), in
 * microseconds: the client after it sent an awaited READ, the server after it answered a
 * message. On by default (ours), 1 ms: on a VM whose idle vCPUs halt, a process that sleeps
 * between the messages of a round trip is woken through the host, which cost 1.5x the
 * throughput through `paperlab-oram serve` on loopback (`bench:remote`, README). A spin that
 * does not pay (preempted, or run out before anything arrived: a round trip longer than 1 ms,
 * a server whose clients are slow) backs off up to 1 s, so where spinning cannot help it
 * costs at most about 1 ms of CPU per second. 0 turns it off (a battery, a shared core).
 */
export const DEFAULT_CLIENT_SPIN_MICROS = 1000;
export const DEFAULT_SERVER_SPIN_MICROS = 1000;

/**
 * Group commit delay of `paperlab-oram serve` with fsync on, in milliseconds: the first WRITE
 * that finds no fdatasync pending waits this long (a timer) for others to share it, as
 * PostgreSQL's `commit_delay` and MySQL's `binlog_group_commit_sync_delay` do. No access waits
 * for an acknowledgement (writes are pipelined), only `flush()` and the durable driver's
 * commits, so the delay costs them about 1 ms each, and it saves fdatasyncs: with one per
 * event-loop turn instead, serve with fsync on ran 1,828–2,070 accesses/s one call at a time,
 * with this delay 2,645–2,926 (`bench:remote`, 2026-12-04; README).
 */
export const SERVER_COMMIT_DELAY_MS = 1;
