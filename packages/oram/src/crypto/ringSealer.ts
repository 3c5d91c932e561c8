import { type BucketMeta, decodeMeta, encodeMeta, type MetaLayout } from '../bucketMeta.js';
import { copyBytes, words, xorBytes, zeroBytes } from '../core/copyBytes.js';
import { IntegrityError } from '../integrityError.js';
import { META_CACHE_LEVELS, META_FORMAT_VERSION, TAG_BYTES } from '../parameters.js';
import { type CipherSuite, HEAD_META, KIND_META, KIND_SLOT } from './cipherSuite.js';

/** Bytes in front of a sealed metadata block: format version, scheme code, two zero bytes. */
export const META_HEADER = 4;

/**
 * Ring ORAM's sealing of slots and metadata (format 2; see README "Encryption"). A bucket
 * write reserves one run of keystream positions for all W slot regions (block + 16-byte pad
 * each): a dummy slot is its region's keystream, a real slot is block XOR keystream with a
 * Poly1305 tag (after the ciphertext, or in the metadata under RIT). Metadata is sealed at its
 * own fresh positions, stored in clear in front of the ciphertext. Cached top-level buckets
 * never leave the client and are stored unsealed.
 */
export class RingSealer {
  /** Bytes of a slot's keystream region: the block, then its tag pad. */
  readonly stride: number;
  /** Keystream blocks of one bucket write (all W slot regions) and of one metadata seal. */
  readonly genBlocks: number;
  readonly metaBlocks: number;
  private readonly plain: Uint8Array;
  private readonly plain32: Uint32Array;
  private readonly plainView: DataView;
  /** Metadata decryption cache (META_CACHE_LEVELS): last sealed bytes and plaintext. */
  private readonly cacheBuckets: number;
  private readonly cacheStored: Uint8Array;
  private readonly cacheStored32: Uint32Array;
  private readonly cachePlain: Uint8Array;
  private readonly cachePlain32: Uint32Array;
  private readonly cacheValid: Uint8Array;
  private readonly storedStride: number;
  private readonly plainStride: number;

  constructor(
    readonly suite: CipherSuite,
    private readonly layout: MetaLayout,
    private readonly blockSize: number,
    private readonly metaBytes: number,
    /** Stored in byte 1 of every metadata block: the integrity scheme's id | 0x10 if encrypted. */
    private readonly modeCode: number,
    private readonly tagsInMeta: boolean,
    private readonly topBuckets: number,
    levels: number,
  ) {
    this.stride = blockSize + TAG_BYTES;
    this.genBlocks = Math.ceil((layout.W * this.stride) / 64);
    this.metaBlocks = suiteBlocks(layout.plainBytes);
    this.plain = new Uint8Array(layout.plainBytes);
    this.plain32 = words(this.plain);
    this.plainView = new DataView(this.plain.buffer);
    this.cacheBuckets = suite.enabled ? 2 ** Math.min(levels + 1, META_CACHE_LEVELS) - 1 : 0;
    // Cache entries start on 4-byte boundaries (word copies and compares).
    this.storedStride = (metaBytes + 3) & ~3;
    this.plainStride = (layout.plainBytes + 3) & ~3;
    this.cacheStored = new Uint8Array(this.cacheBuckets * this.storedStride);
    this.cacheStored32 = words(this.cacheStored);
    this.cachePlain = new Uint8Array(this.cacheBuckets * this.plainStride);
    this.cachePlain32 = words(this.cachePlain);
    this.cacheValid = new Uint8Array(this.cacheBuckets);
  }

  /** Whether bucket b is sealed: encryption on and b not in the client's cached top levels. */
  sealed(b: number): boolean {
    return this.suite.enabled && b >= this.topBuckets;
  }

  /** Reserves the positions of a bucket write; returns the offset of their keystream. */
  reserveBucket(b: number, m: BucketMeta): number {
    if (!this.sealed(b)) {
      m.nonceLo = 0;
      m.nonceHi = 0;
      return 0;
    }
    const nonces = this.suite.nonces;
    const ko = nonces.reserve(this.genBlocks);
    m.nonceLo = nonces.lastLo;
    m.nonceHi = nonces.lastHi;
    return ko;
  }

  /** Keystream of the reservation (from reserveBucket) for slot s, as a dummy's content. */
  dummyInto(
    ko: number,
    s: number,
    out: Uint8Array,
    out32: Uint32Array,
    off: number,
    n: number,
  ): void {
    const nonces = this.suite.nonces;
    copyBytes(out, out32, off, nonces.ks, nonces.ks32, ko + s * this.stride, n);
  }

  /**
   * Seals a real block (or its replica) into slot s of the write whose keystream starts at
   * nonces.ks[ko]: out = data XOR keystream, tag over (bucket, slot, ciphertext) plus the pad.
   */
  sealSlot(
    b: number,
    m: BucketMeta,
    s: number,
    data: Uint8Array,
    data32: Uint32Array,
    dataOff: number,
    out: Uint8Array,
    out32: Uint32Array,
    off: number,
    ko: number,
    slotBytes: number,
  ): void {
    const bs = this.blockSize;
    if (!this.sealed(b)) {
      copyBytes(out, out32, off, data, data32, dataOff, bs);
      if (slotBytes > bs) zeroBytes(out, out32, off + bs, slotBytes - bs);
      return;
    }
    const nonces = this.suite.nonces;
    const ks = nonces.ks;
    const at = ko + s * this.stride;
    xorBytes(out, out32, off, data, data32, dataOff, ks, nonces.ks32, at, bs);
    if (this.tagsInMeta)
      this.suite.mac(b, s, KIND_SLOT, out, off, bs, ks, at + bs, m.tags, s * TAG_BYTES, out32);
    else this.suite.mac(b, s, KIND_SLOT, out, off, bs, ks, at + bs, out, off + bs, out32);
  }

  /**
   * Adds the keystream that opening slot s of m will need to the suite's prefetch table, so
   * the reals of a whole bucket-read batch open with one cipher call (CipherSuite.prefetch*).
   */
  prefetchSlot(b: number, m: BucketMeta, s: number): void {
    if (!this.sealed(b)) return;
    const from = s * this.stride;
    const first = Math.floor(from / 64);
    const blocks = Math.floor((from + this.stride - 1) / 64) - first + 1;
    this.suite.prefetchAdd(m.nonceHi, m.nonceLo + first, blocks);
  }

  /**
   * The same for the sealed metadata at data[off..] of bucket b (its position is stored in
   * clear in front of it), unless the decryption cache will know its plaintext. A position
   * forged by the server only makes the client generate keystream it never uses.
   */
  prefetchMeta(b: number, data: Uint8Array, off: number): void {
    if (!this.sealed(b) || (b < this.cacheBuckets && this.cacheValid[b] === 1)) return;
    this.suite.prefetchAdd(readU32(data, off + 8), readU32(data, off + 4), this.metaBlocks);
  }

  /** The whole keystream of m's write generation (its dummies' content) into out. */
  generationKeystream(b: number, m: BucketMeta, out: Uint8Array): void {
    if (!this.sealed(b) || m.nonceLo + this.genBlocks > 0x100000000) {
      out.fill(0);
      return;
    }
    this.suite.keystream(m.nonceHi, m.nonceLo, this.genBlocks, out, 0);
  }

  /** Opens slot s of bucket b from stored[off..] into out; IntegrityError if its tag fails. */
  openSlot(
    b: number,
    m: BucketMeta,
    s: number,
    stored: Uint8Array,
    stored32: Uint32Array,
    off: number,
    out: Uint8Array,
    out32: Uint32Array,
    outOff: number,
  ): void {
    const bs = this.blockSize;
    if (!this.sealed(b)) {
      copyBytes(out, out32, outOff, stored, stored32, off, bs);
      return;
    }
    // Only the keystream blocks covering slot s's region of its generation.
    const from = s * this.stride;
    const first = Math.floor(from / 64);
    const blocks = Math.floor((from + this.stride - 1) / 64) - first + 1;
    if (m.nonceLo + first + blocks > 0x100000000) {
      throw new IntegrityError(b, s, 'slot MAC does not verify');
    }
    const suite = this.suite;
    const o = suite.streamAt(m.nonceHi, m.nonceLo + first, blocks) + from - first * 64;
    const ks = suite.ks;
    const ks32 = suite.ks32;
    const ok = this.tagsInMeta
      ? suite.verify(b, s, KIND_SLOT, stored, off, bs, ks, o + bs, m.tags, s * TAG_BYTES, stored32)
      : suite.verify(b, s, KIND_SLOT, stored, off, bs, ks, o + bs, stored, off + bs, stored32);
    if (!ok) throw new IntegrityError(b, s, 'slot MAC does not verify');
    xorBytes(out, out32, outOff, stored, stored32, off, ks, ks32, o, bs);
  }

  /** Encodes and seals m into m.stored (header, position, ciphertext, tag over all of it). */
  sealMeta(b: number, m: BucketMeta): void {
    const st = m.stored;
    st[0] = META_FORMAT_VERSION;
    st[1] = this.modeCode;
    st[2] = 0;
    st[3] = 0;
    if (!this.sealed(b)) {
      encodeMeta(this.layout, m, m.plainStored, m.plainStoredView);
      return;
    }
    encodeMeta(this.layout, m, this.plain, this.plainView);
    const nonces = this.suite.nonces;
    const ko = nonces.reserve(this.metaBlocks);
    writeU32(st, 4, nonces.lastLo);
    writeU32(st, 8, nonces.lastHi);
    this.suite.sealAfterPrefix(
      b,
      HEAD_META,
      KIND_META,
      this.plain,
      this.plain.length,
      st,
      0,
      META_HEADER + 8,
      ko,
      this.plain32,
      m.stored32,
    );
    if (b < this.cacheBuckets) {
      const n = this.metaBytes;
      const pb = this.plain.length;
      const so = b * this.storedStride;
      copyBytes(this.cacheStored, this.cacheStored32, so, st, m.stored32, 0, n);
      const po = b * this.plainStride;
      copyBytes(this.cachePlain, this.cachePlain32, po, this.plain, this.plain32, 0, pb);
      this.cacheValid[b] = 1;
    }
  }

  /** Opens m.stored into m; false if the format, MAC or fields are wrong. */
  openMeta(b: number, m: BucketMeta): boolean {
    const st = m.stored;
    if (st[0] !== META_FORMAT_VERSION || st[1] !== this.modeCode) return false;
    if (!this.sealed(b)) return decodeMeta(this.layout, m.plainStored, m.plainStoredView, m);
    if (this.cachedMeta(b, st, m.stored32)) {
      // Byte for byte what this client last sealed for b: its plaintext is known.
      const pb = this.plain.length;
      const po = b * this.plainStride;
      copyBytes(this.plain, this.plain32, 0, this.cachePlain, this.cachePlain32, po, pb);
      return decodeMeta(this.layout, this.plain, this.plainView, m);
    }
    if (
      !this.suite.openAt(
        b,
        HEAD_META,
        KIND_META,
        readU32(st, 8),
        readU32(st, 4),
        st,
        0,
        META_HEADER + 8,
        this.plain.length,
        this.plain,
        m.stored32,
        this.plain32,
      )
    ) {
      return false;
    }
    return decodeMeta(this.layout, this.plain, this.plainView, m);
  }

  private cachedMeta(b: number, st: Uint8Array, st32: Uint32Array): boolean {
    if (b >= this.cacheBuckets || this.cacheValid[b] !== 1) return false;
    const c = this.cacheStored;
    const c32 = this.cacheStored32;
    const n = this.metaBytes;
    const base = b * this.storedStride;
    const k = n >>> 2;
    let diff = 0;
    for (let j = 0, w = base >>> 2; j < k; j++, w++) diff |= st32[j]! ^ c32[w]!;
    for (let i = k << 2; i < n; i++) diff |= st[i]! ^ c[base + i]!;
    return diff === 0;
  }
}

function suiteBlocks(n: number): number {
  return Math.ceil((TAG_BYTES + n) / 64);
}

function writeU32(a: Uint8Array, o: number, v: number): void {
  a[o] = v & 255;
  a[o + 1] = (v >>> 8) & 255;
  a[o + 2] = (v >>> 16) & 255;
  a[o + 3] = (v >>> 24) & 255;
}

function readU32(a: Uint8Array, o: number): number {
  return (a[o]! | (a[o + 1]! << 8) | (a[o + 2]! << 16) | (a[o + 3]! << 24)) >>> 0;
}
