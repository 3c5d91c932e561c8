import { checkOptionNames, type OptionNames, type Rng } from '@paperlab/stats';
import { channelOf } from '../channels.js';
import { bitReverse, bucketOnPath, commonDepth } from '../core/treeGeometry.js';

// A metadata-only Ring ORAM (Ren et al., USENIX Security 2015): the real position map, stash,
// per-bucket count / valid bits / real entries and EvictPath / EarlyReshuffle schedule, but no
// payload bytes, keys or ciphertexts. It exists because a hardware-scale tree (24 levels,
// 2^24 − 1 buckets of 64-byte slots) cannot be held by the functional, encrypted ORAM in
// memory, while the timing model only needs which bucket, which slot, real or dummy.
// Buckets are materialised lazily on first touch, so memory grows with the buckets the run
// visits, not with the tree. test/timingSequence.test.ts checks its physical access sequence
// event for event against the functional ORAM's trace on small trees.

/** One slot read of ReadPath. */
export interface PathRead {
  bucket: number;
  level: number;
  slot: number;
  /** The requested block was in this slot. */
  real: boolean;
  /** Secure Replication: the slot of the block's other valid copy (replica, or the primary when the replica was read), or −1. */
  replicaSlot: number;
}

/** A bucket read (Z slots) and rewritten (Z + S slots) by EvictPath or EarlyReshuffle. */
export interface BucketRewrite {
  bucket: number;
  level: number;
  /** The Z slots read, ascending. */
  readSlots: number[];
  /** How many of them held live real blocks. */
  realsRead: number;
  /** Real blocks written back into the bucket. */
  realsWritten: number;
  /** Replicas written (Secure Replication), one per real that found a slot on another channel. */
  replicasWritten: number;
}

export interface SequenceAccess {
  addr: number;
  /** Leaf of the path ReadPath read (the block's leaf before the access). */
  leaf: number;
  /** ReadPath: one slot per level, root (level 0) first. */
  path: PathRead[];
  /** EvictPath of this access (every A-th access), root first, or null. */
  evict: { leaf: number; buckets: BucketRewrite[] } | null;
  /** EarlyReshuffle: buckets of the read path rewritten because count reached S, root first. */
  reshuffles: BucketRewrite[];
  /** Blocks in the stash after the access. */
  stashSize: number;
}

export interface RingOramSequenceOptions {
  /** L: the tree has levels 0..L and 2^L leaves. Integer in [1, 30]. */
  levels: number;
  Z: number;
  S: number;
  A: number;
  /** Logical blocks N, at most Z · 2^L (each leaf bucket holds ⌈N / 2^L⌉ ≤ Z at the start). */
  capacity: number;
  /** Memory channels (for replica placement: a replica sits on another channel). */
  channels: number;
  /** Secure Replication: every real block written also gets a replica in a dummy slot. */
  replication: boolean;
  rng: Rng;
  /**
   * The tree is full from the start (ours): block a sits in the leaf bucket of leaf
   * pos(a) = π(a) mod 2^L, π a keyed permutation of [0, N) (a 4-round Feistel network with
   * cycle-walking), so every leaf bucket starts with ⌈N / 2^L⌉ or ⌊N / 2^L⌋ blocks. This is how
   * a hardware ORAM would be initialised; without it every first access misses an empty tree.
   * Tests may pass `initialLeaf` instead and `initiallyEmpty` (blocks enter on first access).
   */
  initialLeaf?: (addr: number) => number;
  initiallyEmpty?: boolean;
  /** Source of the fresh leaf of each access (default: uniform from rng). */
  newLeaf?: () => number;
}

interface Bucket {
  count: number;
  valid: Uint8Array;
  addrs: number[];
  slots: number[];
  replicas: number[];
}

/** A keyed bijection of [0, n): Feistel over the next even bit width, cycle-walking into range. */
function keyedPermutation(
  n: number,
  rng: Rng,
): { forward(x: number): number; inverse(y: number): number } {
  let bits = Math.max(2, Math.ceil(Math.log2(Math.max(2, n))));
  if (bits % 2 === 1) bits++;
  const half = bits / 2;
  const mask = (1 << half) - 1;
  const keys = [0, 1, 2, 3].map(() => rng.int(0, 0x7fffffff));
  const f = (x: number, k: number): number => {
    let h = Math.imul(x ^ k, 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca77);
    h ^= h >>> 13;
    return h & mask;
  };
  const enc = (x: number): number => {
    let l = x >>> half;
    let r = x & mask;
    for (const k of keys) {
      const t = r;
      r = l ^ f(r, k);
      l = t;
    }
    return ((l << half) | r) >>> 0;
  };
  const dec = (y: number): number => {
    let l = y >>> half;
    let r = y & mask;
    for (let i = keys.length - 1; i >= 0; i--) {
      const t = l;
      l = r ^ f(l, keys[i]!);
      r = t;
    }
    return ((l << half) | r) >>> 0;
  };
  return {
    forward(x) {
      let y = enc(x);
      while (y >= n) y = enc(y);
      return y;
    },
    inverse(y) {
      let x = dec(y);
      while (x >= n) x = dec(x);
      return x;
    },
  };
}

function checkInt(name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], got ${v}`);
  }
}

export type ChannelPicker = (bucket: number, level: number, channels: readonly number[]) => number;

export interface RingOramSequence {
  readonly levels: number;
  readonly bucketCount: number;
  /**
   * Runs one logical access to block `addr` and returns what the memory saw, structured.
   * `pickChannel` (hypothesis H2) chooses, per ReadPath level, among the channels the read can
   * go to: the real block's primary or valid replica, else the channels holding a valid dummy;
   * the slot is then that copy, or a uniform valid dummy on the chosen channel.
   */
  access(addr: number, pickChannel?: ChannelPicker): SequenceAccess;
  /** Live real blocks in the buckets touched so far, and in untouched leaf buckets. */
  blocksInTree(): number;
  readonly stashSize: number;
  /** Largest number of live reals any touched bucket holds (≤ Z). */
  maxRealsPerBucket(): number;
}

const SEQUENCE_OPTIONS: OptionNames<RingOramSequenceOptions> = {
  levels: true,
  Z: true,
  S: true,
  A: true,
  capacity: true,
  channels: true,
  replication: true,
  rng: true,
  initialLeaf: true,
  initiallyEmpty: true,
  newLeaf: true,
};

/** Creates the metadata-only Ring ORAM; see the module comment. */
export function createRingOramSequence(options: RingOramSequenceOptions): RingOramSequence {
  checkOptionNames('createRingOramSequence', options, SEQUENCE_OPTIONS);
  if (typeof options.rng?.fork !== 'function')
    throw new TypeError('rng must be an Rng from @paperlab/stats (createRng(seed))');
  const { levels: L, Z, S, A, capacity: N, channels, replication, rng } = options;
  checkInt('levels', L, 1, 30);
  checkInt('Z', Z, 1, 64);
  checkInt('S', S, 1, 256);
  checkInt('A', A, 1, S);
  checkInt('channels', channels, 1, 64);
  const leaves = 2 ** L;
  checkInt('capacity', N, 1, Math.min(Z * leaves, 2 ** 31));
  if (replication && channels < 2) throw new RangeError('channels must be >= 2 for replication');
  if (replication && S < Z) throw new RangeError(`S must be >= Z (${Z}) for replication, got ${S}`);
  const W = Z + S;
  const bucketCount = 2 ** (L + 1) - 1;
  const empty = options.initiallyEmpty === true;
  const perm =
    options.initialLeaf === undefined ? keyedPermutation(N, rng.fork('placement')) : null;
  const initialLeaf = options.initialLeaf ?? ((a: number) => perm!.forward(a) % leaves);
  const newLeaf = options.newLeaf ?? (() => rng.int(0, leaves - 1));
  const pos = new Map<number, number>();
  const stash = new Map<number, number>(); // addr → leaf, in insertion order
  const buckets = new Map<number, Bucket>();
  /** Blocks never touched, still in their initial leaf buckets (those buckets untouched). */
  let untouchedInitial = empty ? 0 : N;
  const leafOf = (a: number): number => pos.get(a) ?? initialLeaf(a);

  function fresh(): Bucket {
    return { count: 0, valid: new Uint8Array(W).fill(1), addrs: [], slots: [], replicas: [] };
  }

  /** First touch: an inner bucket is empty; a leaf bucket holds its initial blocks. */
  function bucketAt(b: number, level: number): Bucket {
    let k = buckets.get(b);
    if (k !== undefined) return k;
    k = fresh();
    if (!empty && level === L && perm !== null) {
      const j = b - (leaves - 1);
      const addrs: number[] = [];
      for (let v = j; v < N; v += leaves) addrs.push(perm.inverse(v));
      place(k, b, addrs);
      untouchedInitial -= addrs.length;
    }
    buckets.set(b, k);
    return k;
  }

  const orderBuf = new Uint16Array(W);
  const usedBuf = new Uint8Array(W);
  /** WriteBucket: reals into random slots, replicas into free slots on another channel. */
  function place(k: Bucket, b: number, addrs: number[]): number {
    k.count = 0;
    k.valid.fill(1);
    const order = orderBuf;
    for (let i = 0; i < W; i++) order[i] = i;
    for (let i = 0; i < addrs.length; i++) {
      const j = rng.int(i, W - 1);
      const t = order[j]!;
      order[j] = order[i]!;
      order[i] = t;
    }
    k.addrs = addrs.slice();
    k.slots = Array.from(order.subarray(0, addrs.length));
    k.replicas = addrs.map(() => -1);
    let replicas = 0;
    if (replication) {
      const used = usedBuf;
      used.fill(0);
      for (const s of k.slots) used[s] = 1;
      for (let i = 0; i < addrs.length; i++) {
        const home = channelOf(b, k.slots[i]!, 0, channels);
        const free: number[] = [];
        for (let s = 0; s < W; s++)
          if (used[s] === 0 && channelOf(b, s, 0, channels) !== home) free.push(s);
        if (free.length === 0) continue;
        const s = free[rng.int(0, free.length - 1)]!;
        used[s] = 1;
        k.replicas[i] = s;
        replicas++;
      }
    }
    return replicas;
  }

  const realSlot = new Uint8Array(W);
  function validDummies(k: Bucket): number[] {
    const out: number[] = [];
    realSlot.fill(0);
    for (const s of k.slots) realSlot[s] = 1;
    for (let s = 0; s < W; s++) if (k.valid[s] === 1 && realSlot[s] === 0) out.push(s);
    return out;
  }

  /** ReadBucket: every live real plus random valid dummies, Z slots, reals to the stash. */
  function readBucketZ(k: Bucket): { slots: number[]; reals: number[] } {
    const chosen: number[] = [];
    const reals: number[] = [];
    for (let i = 0; i < k.addrs.length; i++) {
      chosen.push(k.slots[i]!);
      reals.push(k.addrs[i]!);
    }
    const cand = validDummies(k);
    const pad = Math.min(Z - reals.length, cand.length);
    for (let i = 0; i < pad; i++) {
      const j = rng.int(i, cand.length - 1);
      const t = cand[j]!;
      cand[j] = cand[i]!;
      cand[i] = t;
      chosen.push(t);
    }
    for (const a of reals) stash.set(a, leafOf(a));
    k.addrs = [];
    k.slots = [];
    k.replicas = [];
    chosen.sort((p, q) => p - q);
    return { slots: chosen, reals };
  }

  let round = 0;
  let G = 0;

  function evictPath(): { leaf: number; buckets: BucketRewrite[] } {
    const e = bitReverse(G % leaves, L);
    G++;
    const out: BucketRewrite[] = [];
    for (let l = 0; l <= L; l++) {
      const b = bucketOnPath(e, l, L);
      const r = readBucketZ(bucketAt(b, l));
      out.push({
        bucket: b,
        level: l,
        readSlots: r.slots,
        realsRead: r.reals.length,
        realsWritten: 0,
        replicasWritten: 0,
      });
    }
    // Deepest level first: a block may live at any level down to its common depth with e.
    const byDepth: number[][] = Array.from({ length: L + 1 }, () => []);
    for (const [a, leaf] of stash) byDepth[commonDepth(leaf, e, L)]!.push(a);
    const pool: number[] = [];
    for (let l = L; l >= 0; l--) {
      for (const a of byDepth[l]!) pool.push(a);
      const here: number[] = [];
      while (here.length < Z && pool.length > 0) here.push(pool.pop()!);
      const b = out[l]!.bucket;
      out[l]!.replicasWritten = place(buckets.get(b)!, b, here);
      out[l]!.realsWritten = here.length;
      for (const a of here) stash.delete(a);
    }
    return { leaf: e, buckets: out };
  }

  return {
    levels: L,
    bucketCount,
    get stashSize() {
      return stash.size;
    },
    blocksInTree() {
      let n = untouchedInitial;
      for (const k of buckets.values()) n += k.addrs.length;
      return n;
    },
    maxRealsPerBucket() {
      let m = 0;
      for (const k of buckets.values()) if (k.addrs.length > m) m = k.addrs.length;
      return m;
    },
    access(addr, pickChannel) {
      checkInt('addr', addr, 0, N - 1);
      const x = leafOf(addr);
      const next = newLeaf();
      checkInt('newLeaf()', next, 0, leaves - 1);
      pos.set(addr, next);
      const path: PathRead[] = [];
      let found = false;
      for (let l = 0; l <= L; l++) {
        const b = bucketOnPath(x, l, L);
        const k = bucketAt(b, l);
        const e = found ? -1 : k.addrs.indexOf(addr);
        let slot: number;
        let replicaSlot = -1;
        if (e >= 0) {
          slot = k.slots[e]!;
          const r = k.replicas[e]!;
          if (r >= 0 && k.valid[r] === 1) replicaSlot = r;
          if (pickChannel !== undefined && replicaSlot >= 0) {
            const home = channelOf(b, slot, 0, channels);
            const other = channelOf(b, replicaSlot, 0, channels);
            if (pickChannel(b, l, [home, other]) === other) {
              // Served from the replica: the primary stays valid (stale, a dummy from now on).
              const t = slot;
              slot = replicaSlot;
              replicaSlot = t;
            }
          } else if (pickChannel !== undefined)
            pickChannel(b, l, [channelOf(b, slot, 0, channels)]);
          k.addrs.splice(e, 1);
          k.slots.splice(e, 1);
          k.replicas.splice(e, 1);
          found = true;
        } else {
          let cand = validDummies(k);
          if (cand.length === 0)
            throw new Error('internal error: no valid dummy (count exceeded S)');
          if (pickChannel !== undefined) {
            const on = [...new Set(cand.map((s) => channelOf(b, s, 0, channels)))].sort(
              (p, q) => p - q,
            );
            const c = pickChannel(b, l, on);
            const there = cand.filter((s) => channelOf(b, s, 0, channels) === c);
            if (there.length > 0) cand = there;
          }
          slot = cand[rng.int(0, cand.length - 1)]!;
        }
        k.valid[slot] = 0;
        k.count++;
        path.push({ bucket: b, level: l, slot, real: e >= 0, replicaSlot });
      }
      stash.delete(addr);
      // The block (found or new) is in the stash, mapped to its fresh leaf. A block never
      // written in an initially empty tree enters here too (it is written by this access).
      stash.set(addr, next);
      round++;
      let evict: SequenceAccess['evict'] = null;
      if (round === A) {
        round = 0;
        evict = evictPath();
      }
      const reshuffles: BucketRewrite[] = [];
      for (let l = 0; l <= L; l++) {
        const b = bucketOnPath(x, l, L);
        const k = buckets.get(b)!;
        if (k.count < S) continue;
        const r = readBucketZ(k);
        reshuffles.push({
          bucket: b,
          level: l,
          readSlots: r.slots,
          realsRead: r.reals.length,
          realsWritten: 0,
          replicasWritten: 0,
        });
        const rw = reshuffles[reshuffles.length - 1]!;
        rw.replicasWritten = place(k, b, r.reals);
        rw.realsWritten = r.reals.length;
        for (const a of r.reals) stash.delete(a);
      }
      return { addr, leaf: x, path, evict, reshuffles, stashSize: stash.size };
    },
  };
}
