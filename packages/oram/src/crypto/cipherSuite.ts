import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { words, xorBytes } from '../core/copyBytes.js';
import { DIGEST_MIN_BYTES, KEY_BYTES, TAG_BYTES } from '../parameters.js';
import { chacha20Poly1305 } from './chacha20Keystream.js';
import {
  type CountedKeystream,
  countingKeystream,
  type KeystreamCounts,
} from './countingKeystream.js';
import type { CipherProvider, RetiredFormat } from './keystreamCipher.js';
import { NonceAllocator } from './nonceAllocator.js';
import { Poly1305 } from './poly1305.js';

/**
 * The ORAM's cryptography, built once per key (ours; see README "Security argument").
 *
 * - One keystream object per key (the provider's), one Poly1305 r per key. Nothing is set up
 *   per message; the access path allocates nothing here.
 * - Encryption is counter mode: ciphertext = plaintext XOR keystream at fresh positions taken
 *   from the client's counter (nonceAllocator.ts). A dummy slot IS keystream, so a real slot
 *   and the dummy it could have been are indistinguishable.
 * - Authentication is Poly1305 with a fixed r and a one-time pad s per message (Poly1305-AES's
 *   construction); the pad is 16 bytes of keystream at the message's own position, and the
 *   MACed text begins with a 16-byte head naming the message's place (bucket, slot, kind), so a
 *   ciphertext moved to another place, or checked under another position, does not verify.
 * - With a provider that has a native digest (`nodeAes`), a message of at least
 *   DIGEST_MIN_BYTES is authenticated as Poly1305_r(head' || SHA-256(message)) + pad, head'
 *   ending in "sha2" instead of "oram" (hash-then-MAC: a forgery needs a SHA-256 collision or
 *   a Poly1305 forgery). Same pad, same place in the head, same tag size and position.
 */
export class CipherSuite {
  /** Whether messages carry tags (and a keystream, zero without a key) — see createChecksumSuite. */
  readonly enabled: boolean;
  /** Whether there is a secret key: data encrypted, tags are MACs, the state is sealed. */
  readonly confidential: boolean;
  /** Authentication tag bytes of a sealed message (0 when disabled). */
  readonly tagBytes: number;
  /** 16 bytes derived from the key and the provider name, stored beside persisted state. */
  readonly keyCheck: Uint8Array;
  readonly providerName: string;
  /** Calls into the keystream cipher and the bytes they produced (counting decorator). */
  readonly stream: KeystreamCounts;
  /** Authenticated messages (MACs computed or verified) and the bytes they covered. */
  macs = 0;
  macBytes = 0;
  readonly nonces: NonceAllocator;
  private readonly cipher: CountedKeystream | undefined;
  private readonly poly: Poly1305 | undefined;
  /** The provider's digest for messages of at least DIGEST_MIN_BYTES (undefined: none). */
  private readonly digest: CountedKeystream['digest'];
  /** The digest of the message being MACed, with its word view (Poly1305's word loads). */
  private readonly dig = new Uint8Array(32);
  private readonly dig32 = words(this.dig);
  /** The key checks of the provider's retired names, computed on first need (rare). */
  private readonly retiredChecks: (() => [RetiredFormat, Uint8Array][]) | undefined;
  private readonly stateKey: Uint8Array | undefined;
  private scratch = new Uint8Array(256);
  private scratch32 = words(this.scratch);
  /**
   * Keystream fetched ahead for openings (see `prefetch`): runs (hi, lo, blocks) and where
   * each starts in `pfBuf`. Keystream is a pure function of the key and position, so an entry
   * never goes stale; the table is only replaced by the next prefetch.
   */
  private pfRuns = new Uint32Array(3 * 32);
  private pfAt = new Int32Array(32);
  private pfCount = 0;
  private pfBlocks = 0;
  private pfNext = 0;
  private pfBuf = new Uint8Array(64 * 64);
  private pfBuf32 = words(this.pfBuf);
  /** The buffer holding the keystream `streamAt` located last, and its word view. */
  ks: Uint8Array = this.scratch;
  ks32: Uint32Array = this.scratch32;

  constructor(
    key: Uint8Array | undefined,
    provider: CipherProvider,
    reservoirBlocks: number,
    checksumOnly = false,
  ) {
    this.providerName = provider.name;
    this.confidential = key !== undefined && !checksumOnly;
    if (checksumOnly) {
      // No key: a zero keystream (data stays in the clear) and Poly1305 under a public r.
      this.enabled = true;
      this.tagBytes = TAG_BYTES;
      this.keyCheck = new Uint8Array(16);
      const counted = countingKeystream({
        fill: (_h, _l, n, out, off) => out.fill(0, off, off + n * 64),
      });
      this.cipher = counted.cipher;
      this.stream = counted.counts;
      this.poly = new Poly1305(CHECKSUM_R);
      this.nonces = new NonceAllocator(this.cipher, reservoirBlocks);
      this.digest = undefined;
      this.retiredChecks = undefined;
      return;
    }
    if (key === undefined) {
      this.enabled = false;
      this.tagBytes = 0;
      this.keyCheck = new Uint8Array(16);
      this.stream = { calls: 0, bytes: 0 };
      this.nonces = new NonceAllocator({ fill() {} }, 0);
      this.digest = undefined;
      this.retiredChecks = undefined;
      return;
    }
    this.enabled = true;
    this.tagBytes = TAG_BYTES;
    const label = provider === chacha20Poly1305 ? '' : `${provider.name} `;
    const counted = countingKeystream(provider.create(subkey(key, `${label}keystream`)));
    this.cipher = counted.cipher;
    this.stream = counted.counts;
    this.poly = new Poly1305(subkey(key, `${label}poly1305 r`));
    this.stateKey = subkey(key, `${label}state`);
    this.keyCheck = subkey(key, `${label}check`).subarray(0, 16);
    this.nonces = new NonceAllocator(this.cipher, reservoirBlocks);
    this.digest = this.cipher.digest;
    const retired = provider.retired ?? [];
    this.retiredChecks = () =>
      retired.map((r) => [r, subkey(key, `${r.name} check`).subarray(0, 16)]);
  }

  /**
   * The retired format of this provider whose key check is check[off..+16), if any: a state
   * written by an earlier version of the provider under this key (see CipherProvider.retired).
   */
  retiredFormat(check: Uint8Array, off: number): RetiredFormat | undefined {
    if (this.retiredChecks === undefined) return undefined;
    for (const [r, c] of this.retiredChecks()) if (equalBytes(check, off, c, 0, 16)) return r;
    return undefined;
  }

  /** Keystream of existing positions (hi, lo …) into out[off..]: for opening what was sealed. */
  keystream(hi: number, lo: number, blocks: number, out: Uint8Array, off: number): void {
    this.cipher!.fill(hi, lo, blocks, out, off);
  }

  /** Starts a new prefetch table (the old entries are dropped). */
  prefetchBegin(): void {
    this.pfCount = 0;
    this.pfBlocks = 0;
    this.pfNext = 0;
  }

  /** Adds the run (hi, lo … lo + blocks - 1) to the table, unless it would wrap (never opens). */
  prefetchAdd(hi: number, lo: number, blocks: number): void {
    if (lo + blocks > 0x100000000) return;
    const i = this.pfCount++;
    if (3 * this.pfCount > this.pfRuns.length) {
      const runs = new Uint32Array(2 * this.pfRuns.length);
      runs.set(this.pfRuns);
      this.pfRuns = runs;
      const at = new Int32Array(2 * this.pfAt.length);
      at.set(this.pfAt);
      this.pfAt = at;
    }
    this.pfRuns[3 * i] = hi;
    this.pfRuns[3 * i + 1] = lo;
    this.pfRuns[3 * i + 2] = blocks;
    this.pfAt[i] = this.pfBlocks * 64;
    this.pfBlocks += blocks;
  }

  /**
   * Generates every run added since prefetchBegin in one cipher call (the openings of a
   * batch). Openings then find their keystream with `streamAt`.
   */
  prefetchRun(): void {
    if (this.pfCount === 0) return;
    if (this.pfBuf.length < this.pfBlocks * 64) {
      this.pfBuf = new Uint8Array(Math.max(this.pfBlocks * 64, 2 * this.pfBuf.length));
      this.pfBuf32 = words(this.pfBuf);
    }
    this.cipher!.fillRuns(this.pfRuns, this.pfCount, this.pfBuf, 0);
  }

  /**
   * The keystream of positions (hi, lo … lo + blocks - 1): sets `ks`/`ks32` to the buffer
   * holding it and returns its offset there (4-aligned). A prefetched run is used as it is
   * (openings come in the order they were added, so the next entry is tried first); any other
   * is generated now into the suite's scratch. The caller guarantees lo + blocks ≤ 2^32.
   */
  streamAt(hi: number, lo: number, blocks: number): number {
    const n = this.pfCount;
    const runs = this.pfRuns;
    for (let t = 0, i = this.pfNext; t < n; t++, i++) {
      if (i === n) i = 0;
      if (runs[3 * i] === hi && runs[3 * i + 1] === lo && runs[3 * i + 2]! >= blocks) {
        this.pfNext = i + 1;
        this.ks = this.pfBuf;
        this.ks32 = this.pfBuf32;
        return this.pfAt[i]!;
      }
    }
    const ks = this.scratchOf(blocks * 64);
    this.cipher!.fill(hi, lo, blocks, ks, 0);
    this.ks = ks;
    this.ks32 = this.scratch32;
    return 0;
  }

  /** A scratch buffer of at least n bytes, owned by the suite (reused; grows once). */
  scratchOf(n: number): Uint8Array {
    if (this.scratch.length < n) {
      this.scratch = new Uint8Array(n);
      this.scratch32 = words(this.scratch);
    }
    return this.scratch;
  }

  /** out[outOff..+16) = Poly1305_r(head(h0, h1, h2) || msg[off..+len)) + pad[padOff..+16). */
  mac(
    h0: number,
    h1: number,
    h2: number,
    msg: Uint8Array,
    off: number,
    len: number,
    pad: Uint8Array,
    padOff: number,
    out: Uint8Array,
    outOff: number,
    msg32?: Uint32Array,
  ): void {
    this.macs++;
    this.macBytes += len;
    if (this.digest !== undefined && len >= DIGEST_MIN_BYTES) {
      // Hash-then-MAC: Poly1305 over (head, SHA-256(message)), own head word (README).
      const d = this.dig;
      this.digest(msg, off, len, d, 0);
      this.poly!.tag(h0, h1, h2, MAC_HEAD_DIGEST, d, 0, 32, pad, padOff, out, outOff, this.dig32);
      return;
    }
    this.poly!.tag(h0, h1, h2, MAC_HEAD_MAGIC, msg, off, len, pad, padOff, out, outOff, msg32);
  }

  verify(
    h0: number,
    h1: number,
    h2: number,
    msg: Uint8Array,
    off: number,
    len: number,
    pad: Uint8Array,
    padOff: number,
    tag: Uint8Array,
    tagOff: number,
    msg32?: Uint32Array,
  ): boolean {
    this.macs++;
    this.macBytes += len;
    if (this.digest !== undefined && len >= DIGEST_MIN_BYTES) {
      const d = this.dig;
      this.digest(msg, off, len, d, 0);
      return this.poly!.verify(
        h0,
        h1,
        h2,
        MAC_HEAD_DIGEST,
        d,
        0,
        32,
        pad,
        padOff,
        tag,
        tagOff,
        this.dig32,
      );
    }
    return this.poly!.verify(
      h0,
      h1,
      h2,
      MAC_HEAD_MAGIC,
      msg,
      off,
      len,
      pad,
      padOff,
      tag,
      tagOff,
      msg32,
    );
  }

  /** Keystream blocks a sealed message of n plaintext bytes takes (16-byte pad first). */
  static blocksFor(n: number): number {
    return Math.ceil((TAG_BYTES + n) / 64);
  }

  /**
   * Seals plain at fresh positions (nonces.lastHi/lastLo afterwards): out[outOff..+n) =
   * plain XOR keystream[16..], then the tag over (head, prefix, ciphertext), where prefix =
   * out[prefixOff..outOff) (header bytes the caller wants authenticated, e.g. the position).
   * Writes the tag at out[outOff + n]. The caller writes the position into the prefix first
   * through `beforeSeal` — so the position is reserved here and handed back before the MAC.
   */
  sealAfterPrefix(
    h0: number,
    h1: number,
    h2: number,
    plain: Uint8Array,
    n: number,
    out: Uint8Array,
    prefixOff: number,
    outOff: number,
    ksOff: number,
    plain32?: Uint32Array,
    out32?: Uint32Array,
  ): void {
    const nonces = this.nonces;
    const ks = nonces.ks;
    const k0 = ksOff + TAG;
    if (plain32 !== undefined && out32 !== undefined)
      xorBytes(out, out32, outOff, plain, plain32, 0, ks, nonces.ks32, k0, n);
    else for (let i = 0; i < n; i++) out[outOff + i] = plain[i]! ^ ks[k0 + i]!;
    const len = outOff - prefixOff + n;
    this.mac(h0, h1, h2, out, prefixOff, len, ks, ksOff, out, outOff + n, out32);
  }

  /**
   * Opens a message sealed by sealAfterPrefix at position (hi, lo): verifies the tag over
   * sealed[prefixOff .. ctOff + n) and writes the plaintext into plain. False if it fails.
   */
  openAt(
    h0: number,
    h1: number,
    h2: number,
    hi: number,
    lo: number,
    sealed: Uint8Array,
    prefixOff: number,
    ctOff: number,
    n: number,
    plain: Uint8Array,
    sealed32?: Uint32Array,
    plain32?: Uint32Array,
  ): boolean {
    const blocks = CipherSuite.blocksFor(n);
    if (lo + blocks > 0x100000000) return false;
    const o = this.streamAt(hi, lo, blocks);
    const ks = this.ks;
    if (
      !this.verify(
        h0,
        h1,
        h2,
        sealed,
        prefixOff,
        ctOff - prefixOff + n,
        ks,
        o,
        sealed,
        ctOff + n,
        sealed32,
      )
    )
      return false;
    if (sealed32 !== undefined && plain32 !== undefined)
      xorBytes(plain, plain32, 0, sealed, sealed32, ctOff, ks, this.ks32, o + TAG, n);
    else for (let i = 0; i < n; i++) plain[i] = sealed[ctOff + i]! ^ ks[o + TAG + i]!;
    return true;
  }

  /** Encrypts client state under its own subkey (rare: export), with a random nonce. */
  sealState(plain: Uint8Array, nonce: Uint8Array): Uint8Array {
    if (!this.confidential) return plain.slice();
    return chacha20poly1305(this.stateKey!, nonce).encrypt(plain);
  }

  openState(sealed: Uint8Array, nonce: Uint8Array): Uint8Array | undefined {
    if (!this.confidential) return sealed.slice();
    try {
      return chacha20poly1305(this.stateKey!, nonce).decrypt(sealed);
    } catch {
      return undefined;
    }
  }
}

/** A module-local copy: read in byte loops (an imported binding may be a getter in dev builds). */
const TAG = TAG_BYTES;

/** Word 3 of every MAC head (ASCII "oram"): keeps these MACs apart from any other use of r. */
export const MAC_HEAD_MAGIC = 0x6d61726f;
/**
 * Word 3 of the head when the MACed text is a message's digest (ASCII "sha2", ours): a tag over
 * (head, digest) can never be mistaken for a tag over a 32-byte message itself.
 */
export const MAC_HEAD_DIGEST = 0x32616873;
/** Word 1 of the head for a bucket's metadata (slots use their index, < 2^16). */
export const HEAD_META = 0xffffffff;
/** Word 2 of the head: what kind of message (ours). */
export const KIND_SLOT = 1;
export const KIND_META = 2;

const encoder = new TextEncoder();

/**
 * The public Poly1305 r of the checksum suite (ours: the first 16 bytes of SHA-256("paperlab-oram
 * checksum")). Public, so it detects faults (random flips, stuck cells, a dead channel's
 * garbage) with the polynomial-hash bound, not an adversary, who can recompute it.
 */
const CHECKSUM_R = sha256(encoder.encode('paperlab-oram checksum')).subarray(0, 16);

/**
 * For `encrypt: false` with replication or mirrored metadata: without a key there is no MAC, so
 * a flipped replica could be returned silently. This suite keeps data in the clear and appends a
 * Poly1305 checksum under the public r, so the same code paths detect a faulty copy and fall
 * back to the other. A random error passes it with probability about 8⌈len/16⌉/2^106; a
 * deliberate change is not detected (there is no secret).
 */
export function createChecksumSuite(reservoirBlocks: number): CipherSuite {
  return new CipherSuite(undefined, chacha20Poly1305, reservoirBlocks, true);
}

export function subkey(key: Uint8Array, label: string): Uint8Array {
  return hkdf(sha256, key, encoder.encode('paperlab-oram v2'), encoder.encode(label), KEY_BYTES);
}

/** Creates the cipher suite for `key` (32 bytes), or a pass-through suite for `undefined`. */
export function createCipherSuite(
  key: Uint8Array | undefined,
  provider: CipherProvider | undefined,
  reservoirBlocks = 64,
): CipherSuite {
  const p = provider ?? chacha20Poly1305;
  if (provider !== undefined) {
    if (provider === null || typeof provider !== 'object' || typeof provider.create !== 'function')
      throw new TypeError('cipher must be a CipherProvider ({ name, create(key) })');
  }
  if (key !== undefined && (!(key instanceof Uint8Array) || key.length !== KEY_BYTES)) {
    throw new TypeError(`key must be a Uint8Array of ${KEY_BYTES} bytes, got ${describe(key)}`);
  }
  return new CipherSuite(key, p, reservoirBlocks);
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  return value === null ? 'null' : typeof value;
}

/** Truncated SHA-256 (16 bytes) of data into out; the tree hash of this package (ours). */
export function treeHash(data: Uint8Array, out: Uint8Array, outOffset = 0): void {
  const digest = sha256(data);
  out.set(digest.subarray(0, 16), outOffset);
}

/** Comparison of two byte ranges without an early exit (timing is out of scope in JS anyway). */
export function equalBytes(
  a: Uint8Array,
  aOff: number,
  b: Uint8Array,
  bOff: number,
  n: number,
): boolean {
  let diff = 0;
  for (let i = 0; i < n; i++) diff |= a[aOff + i]! ^ b[bOff + i]!;
  return diff === 0;
}

/** Snapshot of a suite's counters, so client-only work (inspect) is not counted. */
export function saveCipherCounters(u: CipherSuite): number[] {
  return [u.stream.calls, u.stream.bytes, u.macs, u.macBytes];
}

export function restoreCipherCounters(u: CipherSuite, saved: number[]): void {
  u.stream.calls = saved[0]!;
  u.stream.bytes = saved[1]!;
  u.macs = saved[2]!;
  u.macBytes = saved[3]!;
}

export type { CipherProvider };
export { chacha20Poly1305 };
