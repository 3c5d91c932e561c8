import { HASH_BYTES, TAG_BYTES } from './parameters.js';

/** Marks an unused real-block entry in bucket metadata. */
export const EMPTY_ADDR = 0xffffffff;
/** Marks a real entry without a replica. */
export const NO_REPLICA = 0xffff;

/**
 * Byte layout of one bucket's metadata plaintext (little-endian). Designed up front with room
 * for IRO: child hashes (integrity tree), per-slot MACs (RIT), and a replica table (Secure
 * Replication). Sections that a configuration does not use have length 0.
 *
 *   0  u16 count        reads since the bucket was last written (Ring ORAM)
 *   2  u16 flags        reserved
 *   4  u32 nonce lo     nonce base of this write generation: slot s is sealed under (s, base)
 *   8  u32 nonce hi
 *  12  valid bitmap     ceil(W/8) bytes, 1 = slot not read since the last write
 *   .  Z × entry        u32 addr (EMPTY = none), u32 leaf, u16 slot
 *   .  2 × hash         child hashes (left, right) when an integrity tree is on
 *   .  W × tag          per-slot MAC (Poly1305 tag) when tags live in metadata (RIT)
 *   .  Z × replica      u16 slot of entry i's replica, 0xFFFF = none (Secure Replication)
 */
export interface MetaLayout {
  Z: number;
  W: number;
  validOffset: number;
  entriesOffset: number;
  hashOffset: number;
  hashBytes: number;
  tagsOffset: number;
  tagBytes: number;
  replicaOffset: number;
  replicaEntries: number;
  plainBytes: number;
}

export function metaLayout(
  Z: number,
  S: number,
  opts: { tree: boolean; tagsInMeta: boolean; replicaEntries: number },
): MetaLayout {
  const W = Z + S;
  const validOffset = 12;
  const entriesOffset = validOffset + Math.ceil(W / 8);
  const hashOffset = entriesOffset + 10 * Z;
  const hashBytes = opts.tree ? 2 * HASH_BYTES : 0;
  const tagsOffset = hashOffset + hashBytes;
  const tagBytes = opts.tagsInMeta ? W * TAG_BYTES : 0;
  const replicaOffset = tagsOffset + tagBytes;
  const plainBytes = replicaOffset + 2 * opts.replicaEntries;
  return {
    Z,
    W,
    validOffset,
    entriesOffset,
    hashOffset,
    hashBytes,
    tagsOffset,
    tagBytes,
    replicaOffset,
    replicaEntries: opts.replicaEntries,
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
    this.plainStored = this.stored.subarray(Math.min(4, metaBytes));
    this.plainStoredView = new DataView(
      this.stored.buffer,
      this.plainStored.byteOffset,
      this.plainStored.byteLength,
    );
    this.slotData = new Uint8Array(slotDataBytes);
  }

  copyFrom(o: BucketMeta): void {
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
  v.setUint16(0, m.count, true);
  v.setUint16(2, 0, true);
  v.setUint32(4, m.nonceLo, true);
  v.setUint32(8, m.nonceHi, true);
  const W = layout.W;
  // The bitmap a byte at a time, without a branch per slot (valid holds only 0 and 1).
  const valid = m.valid;
  for (let o = layout.validOffset, s0 = 0; o < layout.entriesOffset; o++, s0 += 8) {
    const end = Math.min(s0 + 8, W);
    let byte = 0;
    for (let s = s0; s < end; s++) byte |= valid[s]! << (s - s0);
    plain[o] = byte;
  }
  let o = layout.entriesOffset;
  for (let i = 0; i < layout.Z; i++, o += 10) {
    v.setUint32(o, m.addr[i]!, true);
    v.setUint32(o + 4, m.leaf[i]!, true);
    v.setUint16(o + 8, m.slot[i]!, true);
  }
  if (layout.hashBytes > 0) plain.set(m.childHash, layout.hashOffset);
  if (layout.tagBytes > 0) plain.set(m.tags, layout.tagsOffset);
  o = layout.replicaOffset;
  for (let i = 0; i < layout.replicaEntries; i++, o += 2) v.setUint16(o, m.replicaSlot[i]!, true);
}

/** Parses plain (v a DataView over it) into m; false if a field is out of range. */
export function decodeMeta(
  layout: MetaLayout,
  plain: Uint8Array,
  v: DataView,
  m: BucketMeta,
): boolean {
  const W = layout.W;
  m.count = v.getUint16(0, true);
  m.nonceLo = v.getUint32(4, true);
  m.nonceHi = v.getUint32(8, true);
  for (let s = 0; s < W; s++) {
    m.valid[s] = (plain[layout.validOffset + (s >>> 3)]! >>> (s & 7)) & 1;
  }
  let o = layout.entriesOffset;
  for (let i = 0; i < layout.Z; i++, o += 10) {
    m.addr[i] = v.getUint32(o, true);
    m.leaf[i] = v.getUint32(o + 4, true);
    const s = v.getUint16(o + 8, true);
    if (s >= W) return false;
    m.slot[i] = s;
  }
  if (layout.hashBytes > 0)
    m.childHash.set(plain.subarray(layout.hashOffset, layout.hashOffset + layout.hashBytes));
  if (layout.tagBytes > 0)
    m.tags.set(plain.subarray(layout.tagsOffset, layout.tagsOffset + layout.tagBytes));
  o = layout.replicaOffset;
  for (let i = 0; i < layout.replicaEntries; i++, o += 2) {
    const r = v.getUint16(o, true);
    if (r !== NO_REPLICA && r >= W) return false;
    m.replicaSlot[i] = r;
  }
  return m.count <= W;
}

export { TAG_BYTES };
