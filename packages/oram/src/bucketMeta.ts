import { HASH_BYTES, TAG_BYTES } from './parameters.js';

/** Marks an unused real-block entry in bucket metadata. */
export const EMPTY_ADDR = 0xffffffff;
/** Marks a real entry without a replica. */
export const NO_REPLICA = 0xffff;

/**
 * Byte layout of one bucket's metadata plaintext (little-endian, format 2). Designed up front
 * with room for IRO: child hashes (integrity tree), per-slot MACs (RIT), and a replica table
 * (Secure Replication). Sections that a configuration does not use have length 0.
 *
 * Two parts. The *body* changes only when the bucket is written (eviction, reshuffle) and is
 * encrypted; the *clear part* is what every ReadPath changes — the count and which slots were
 * read, both of which the server sees anyway in the trace, and the children's hashes, which
 * are hashes of bytes it stores — so ReadPath re-authenticates the clear part without
 * re-sealing the body (README "Encryption").
 *
 *   body
 *   0  u32 nonce lo     nonce base of this write generation: slot s is sealed under (s, base)
 *   4  u32 nonce hi
 *   8  Z × entry        u32 addr (EMPTY = none), u32 leaf, u16 slot
 *   .  W × tag          per-slot MAC (Poly1305 tag) when tags live in metadata (RIT)
 *   .  Z × replica      u16 slot of entry i's replica, 0xFFFF = none (Secure Replication)
 *   clear part (from clearOffset)
 *   +0 u16 count        reads since the bucket was last written (Ring ORAM)
 *   +2 u16 flags        reserved
 *   +4 valid bitmap     ceil(W/8) bytes, 1 = slot not read since the last write
 *   .  2 × hash         child hashes (left, right) when an integrity tree is on
 */
export interface MetaLayout {
  Z: number;
  W: number;
  entriesOffset: number;
  tagsOffset: number;
  tagBytes: number;
  replicaOffset: number;
  replicaEntries: number;
  /** Start of the clear part (= the body's length); the count is its first field. */
  clearOffset: number;
  validOffset: number;
  hashOffset: number;
  hashBytes: number;
  /** Bytes of the clear part. */
  clearBytes: number;
  plainBytes: number;
}

export function metaLayout(
  Z: number,
  S: number,
  opts: { tree: boolean; tagsInMeta: boolean; replicaEntries: number },
): MetaLayout {
  const W = Z + S;
  const entriesOffset = 8;
  const tagsOffset = entriesOffset + 10 * Z;
  const tagBytes = opts.tagsInMeta ? W * TAG_BYTES : 0;
  const replicaOffset = tagsOffset + tagBytes;
  const clearOffset = replicaOffset + 2 * opts.replicaEntries;
  const validOffset = clearOffset + 4;
  const hashOffset = validOffset + Math.ceil(W / 8);
  const hashBytes = opts.tree ? 2 * HASH_BYTES : 0;
  const plainBytes = hashOffset + hashBytes;
  return {
    Z,
    W,
    entriesOffset,
    tagsOffset,
    tagBytes,
    replicaOffset,
    replicaEntries: opts.replicaEntries,
    clearOffset,
    validOffset,
    hashOffset,
    hashBytes,
    clearBytes: plainBytes - clearOffset,
    plainBytes,
  };
}

/** Decoded metadata of one bucket, reused across accesses (no allocation per access). */
export class BucketMeta {
  count = 0;
  nonceLo = 0;
  nonceHi = 0;
  readonly valid: Uint8Array;
  readonly addr: Uint32Array;
  readonly leaf: Uint32Array;
  readonly slot: Uint16Array;
  readonly childHash: Uint8Array;
  readonly tags: Uint8Array;
  /** Secure Replication: slot holding a replica of real entry i, or NO_REPLICA. */
  readonly replicaSlot: Uint16Array;
  /** The raw stored metadata (ciphertext) this was decoded from or encoded to. */
  readonly stored: Uint8Array;
  /** A 32-bit view of `stored` (whole words), for word copies. */
  readonly stored32: Uint32Array;
  /** A DataView over all of `stored` (the clear part is written in place). */
  readonly storedView: DataView;
  /**
   * Whether `stored` holds this metadata's body as sealed or opened (RingSealer): then a write
   * that changed only the clear part re-authenticates that part and keeps the body's bytes.
   * Cleared whenever a new write generation is reserved or `stored` is overwritten unverified.
   */
  bodySealed = false;
  /** Merkle baseline only: the bucket's slot ciphertexts, hashed with the metadata. */
  readonly slotData: Uint8Array;
  /** Unencrypted mode: the plaintext part of `stored` after its 4-byte header, and a view. */
  readonly plainStored: Uint8Array;
  readonly plainStoredView: DataView;

  constructor(layout: MetaLayout, metaBytes: number, slotDataBytes: number) {
    this.valid = new Uint8Array(layout.W);
    this.addr = new Uint32Array(layout.Z);
    this.leaf = new Uint32Array(layout.Z);
    this.slot = new Uint16Array(layout.Z);
    this.childHash = new Uint8Array(2 * HASH_BYTES);
    this.tags = new Uint8Array(layout.tagBytes);
    this.replicaSlot = new Uint16Array(layout.replicaEntries);
    this.stored = new Uint8Array(metaBytes);
    this.stored32 = new Uint32Array(this.stored.buffer, 0, metaBytes >>> 2);
    this.storedView = new DataView(this.stored.buffer);
    this.plainStored = this.stored.subarray(Math.min(4, metaBytes));
    this.plainStoredView = new DataView(
      this.stored.buffer,
      this.plainStored.byteOffset,
      this.plainStored.byteLength,
    );
    this.slotData = new Uint8Array(slotDataBytes);
  }

  copyFrom(o: BucketMeta): void {
    this.bodySealed = o.bodySealed;
    this.count = o.count;
    this.nonceLo = o.nonceLo;
    this.nonceHi = o.nonceHi;
    this.valid.set(o.valid);
    this.addr.set(o.addr);
    this.leaf.set(o.leaf);
    this.slot.set(o.slot);
    this.childHash.set(o.childHash);
    this.tags.set(o.tags);
    this.replicaSlot.set(o.replicaSlot);
    this.stored.set(o.stored);
    this.slotData.set(o.slotData);
  }

  /** An empty, freshly written bucket: no reals, every slot valid. */
  reset(): void {
    this.bodySealed = false;
    this.count = 0;
    this.valid.fill(1);
    this.addr.fill(EMPTY_ADDR);
    this.leaf.fill(0);
    this.slot.fill(0);
    this.childHash.fill(0);
    this.tags.fill(0);
    this.replicaSlot.fill(NO_REPLICA);
  }

  /** Index of the live real entry holding addr, or -1. */
  findLive(addr: number): number {
    const a = this.addr;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === addr && this.valid[this.slot[i]!] === 1) return i;
    }
    return -1;
  }

  /** Entry index whose addr is a (live or not), or -1. */
  findSlotEntry(addr: number): number {
    return this.addr.indexOf(addr);
  }

  /** Entry index whose replica was written into slot s, or -1. */
  findReplicaEntry(s: number): number {
    const r = this.replicaSlot;
    for (let i = 0; i < r.length; i++) if (r[i] === s && this.addr[i] !== EMPTY_ADDR) return i;
    return -1;
  }

  /** Entry index of a real block written into slot s (live or not), or -1. */
  findSlotEntry2(s: number): number {
    for (let i = 0; i < this.addr.length; i++) {
      if (this.addr[i] !== EMPTY_ADDR && this.slot[i] === s) return i;
    }
    return -1;
  }

  /** Number of live real blocks. */
  liveCount(): number {
    let n = 0;
    for (let i = 0; i < this.addr.length; i++) {
      if (this.addr[i] !== EMPTY_ADDR && this.valid[this.slot[i]!] === 1) n++;
    }
    return n;
  }
}

/** Serialises m into plain (layout.plainBytes); v is a DataView over exactly plain. */
export function encodeMeta(
  layout: MetaLayout,
  m: BucketMeta,
  plain: Uint8Array,
  v: DataView,
): void {
  v.setUint32(0, m.nonceLo, true);
  v.setUint32(4, m.nonceHi, true);
  let o = layout.entriesOffset;
  for (let i = 0; i < layout.Z; i++, o += 10) {
    v.setUint32(o, m.addr[i]!, true);
    v.setUint32(o + 4, m.leaf[i]!, true);
    v.setUint16(o + 8, m.slot[i]!, true);
  }
  if (layout.tagBytes > 0) plain.set(m.tags, layout.tagsOffset);
  o = layout.replicaOffset;
  for (let i = 0; i < layout.replicaEntries; i++, o += 2) v.setUint16(o, m.replicaSlot[i]!, true);
  encodeClear(layout, m, plain, v, 0);
}

/**
 * Serialises m's clear part (count, flags, bitmap, child hashes) into out at base +
 * layout.clearOffset; v is a DataView over exactly out.
 */
export function encodeClear(
  layout: MetaLayout,
  m: BucketMeta,
  out: Uint8Array,
  v: DataView,
  base: number,
): void {
  const c = base + layout.clearOffset;
  v.setUint16(c, m.count, true);
  v.setUint16(c + 2, 0, true);
  const W = layout.W;
  // The bitmap a byte at a time, without a branch per slot (valid holds only 0 and 1).
  const valid = m.valid;
  const end = base + layout.hashOffset;
  for (let o = base + layout.validOffset, s0 = 0; o < end; o++, s0 += 8) {
    const e = Math.min(s0 + 8, W);
    let byte = 0;
    for (let s = s0; s < e; s++) byte |= valid[s]! << (s - s0);
    out[o] = byte;
  }
  if (layout.hashBytes > 0) out.set(m.childHash, end);
}

/** Parses plain (v a DataView over it) into m; false if a field is out of range. */
export function decodeMeta(
  layout: MetaLayout,
  plain: Uint8Array,
  v: DataView,
  m: BucketMeta,
): boolean {
  return decodeBody(layout, plain, v, m) && decodeClear(layout, plain, v, 0, m);
}

/** Parses the body part of plain into m; false if a field is out of range. */
export function decodeBody(
  layout: MetaLayout,
  plain: Uint8Array,
  v: DataView,
  m: BucketMeta,
): boolean {
  const W = layout.W;
  m.nonceLo = v.getUint32(0, true);
  m.nonceHi = v.getUint32(4, true);
  let o = layout.entriesOffset;
  for (let i = 0; i < layout.Z; i++, o += 10) {
    m.addr[i] = v.getUint32(o, true);
    m.leaf[i] = v.getUint32(o + 4, true);
    const s = v.getUint16(o + 8, true);
    if (s >= W) return false;
    m.slot[i] = s;
  }
  if (layout.tagBytes > 0)
    m.tags.set(plain.subarray(layout.tagsOffset, layout.tagsOffset + layout.tagBytes));
  o = layout.replicaOffset;
  for (let i = 0; i < layout.replicaEntries; i++, o += 2) {
    const r = v.getUint16(o, true);
    if (r !== NO_REPLICA && r >= W) return false;
    m.replicaSlot[i] = r;
  }
  return true;
}

/** Parses the clear part at base + layout.clearOffset of buf into m; false if out of range. */
export function decodeClear(
  layout: MetaLayout,
  buf: Uint8Array,
  v: DataView,
  base: number,
  m: BucketMeta,
): boolean {
  const W = layout.W;
  m.count = v.getUint16(base + layout.clearOffset, true);
  const vo = base + layout.validOffset;
  for (let s = 0; s < W; s++) m.valid[s] = (buf[vo + (s >>> 3)]! >>> (s & 7)) & 1;
  if (layout.hashBytes > 0) {
    const h = base + layout.hashOffset;
    m.childHash.set(buf.subarray(h, h + layout.hashBytes));
  }
  return m.count <= W;
}

export { TAG_BYTES };
