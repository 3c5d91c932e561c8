/**
 * What a cipher provider supplies: a counter-mode keystream from one long-lived keyed object.
 * Position (hi, lo) names one 64-byte keystream block: stream hi (the client's 32-bit nonce
 * session), block lo (its 32-bit counter). Every ORAM write takes fresh, contiguous positions
 * from the client's counter (nonceAllocator.ts), so a whole bucket, or the metadata of a whole
 * path, is one call. Providers keep no counters (the suite's counting decorator does).
 */
export interface KeystreamCipher {
  /**
   * Writes `blocks` × 64 bytes of keystream of stream `hi`, blocks lo, lo + 1, …, into
   * out[off..]. The caller guarantees lo + blocks ≤ 2^32 (no wrap inside one call).
   */
  fill(hi: number, lo: number, blocks: number, out: Uint8Array, off: number): void;
  /**
   * Optional: the keystreams of n runs in one call, run i being `runs[3i + 2]` blocks of stream
   * `runs[3i]` from block `runs[3i + 1]`, written one after another from out[off..] (each run
   * as `fill` would write it; no run wraps). For a provider whose every call has a fixed cost
   * (node:crypto builds a Buffer per call), the openings of a whole batch cost one call.
   * Without it the suite calls `fill` once per run.
   */
  fillRuns?(runs: Uint32Array, n: number, out: Uint8Array, off: number): void;
  /**
   * Optional: the keystream `fill` would write, in a new buffer the caller keeps (for a
   * provider whose cipher returns a fresh buffer anyway, as node:crypto's `update` does: the
   * nonce reservoir then takes it without a copy). Same guarantee on lo + blocks.
   */
  generate?(hi: number, lo: number, blocks: number): Uint8Array;
  /**
   * Optional: a collision-resistant 32-byte digest (SHA-256) of msg[off..off + len) into
   * out[outOff..+32). When present, the suite authenticates every message of at least
   * DIGEST_MIN_BYTES as Poly1305 over (head, digest) — for a provider whose digest is native
   * and much faster per byte than Poly1305 in JavaScript (node:crypto with SHA extensions).
   * Unkeyed: the key is in the Poly1305 r and pad, as for the other messages.
   */
  digest?(msg: Uint8Array, off: number, len: number, out: Uint8Array, outOff: number): void;
}

/**
 * A cipher the ORAM can use (option `cipher`): `chacha20Poly1305` (the default, @noble/ciphers,
 * browser-safe) or `nodeAes` from `@paperlab/oram/node` (AES-256 through node:crypto). Both
 * authenticate with Poly1305 (crypto/poly1305.ts); `nodeAes` digests long messages first
 * (`KeystreamCipher.digest`). A store and its state reopen only with the
 * provider that wrote them: the key check is derived from `name`.
 */
export interface CipherProvider {
  readonly name: string;
  /**
   * Names this provider had in earlier stored formats, each with what changed: a state written
   * under one of them is refused with a message saying so (its key check matches the retired
   * name's), instead of a WrongKeyError. Subkeys are labelled with `name`, so nothing written
   * under a retired name can be read by mistake.
   */
  readonly retired?: readonly RetiredFormat[];
  /** The keystream for one 32-byte subkey (derived by the suite for this provider). */
  create(key: Uint8Array): KeystreamCipher;
}

/** An earlier stored format of a provider (see CipherProvider.retired). */
export interface RetiredFormat {
  readonly name: string;
  /** What the earlier format did differently, for the refusal message. */
  readonly change: string;
}

/** Bytes of one keystream position. */
export const KEYSTREAM_BLOCK = 64;
