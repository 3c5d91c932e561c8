import { EMPTY_ADDR } from './bucketMeta.js';
import { checkBooleanOption, checkOptions, PATH_OPTION_NAMES } from './checkOptions.js';
import { EvictionPlanner } from './core/evictionPlanner.js';
import { OramShell, type Steps } from './core/oramShell.js';
import { PositionMap } from './core/positionMap.js';
import { Stash } from './core/stash.js';
import { type OramStrategies, uniformStrategies } from './core/strategies.js';
import { bucketOnPath } from './core/treeGeometry.js';
import {
  CipherSuite,
  createCipherSuite,
  KIND_SLOT,
  restoreCipherCounters,
  saveCipherCounters,
} from './crypto/cipherSuite.js';
import { DataLossError } from './dataLossError.js';
import { IntegrityError } from './integrityError.js';
import {
  type CommonOramOptions,
  checkInt,
  type Oram,
  type OramCounters,
  type OramInspection,
  zeroCounters,
} from './oram.js';
import {
  DEFAULT_PATH_Z,
  defaultLevels,
  KEY_BYTES,
  MAX_BLOCK_SIZE,
  MAX_CAPACITY,
  MAX_LEVELS,
  TAG_BYTES,
} from './parameters.js';
import {
  createCryptoRandom,
  type RandomSource,
  randomBytes,
  randomU32,
  secretStream,
} from './randomSource.js';
import { bytesU32, packState, section, u32Bytes, unpackState } from './stateCodec.js';
import type { OramStorage, StorageShape } from './storage/oramStorage.js';
import { PhysicalIo, type PlannedBatch } from './storage/physicalIo.js';
import { type AnyStorage, resolveStorage } from './storage/resolveStorage.js';

export interface PathOramOptions extends CommonOramOptions {
  /** Slots per bucket, integer in [1, 4096]; default 4 (lit: Path ORAM). */
  Z?: number;
}

export interface PathOram extends Oram {
  readonly kind: 'path';
  readonly Z: number;
  readonly storage: OramStorage;
  readonly treeTopLevels: number;
  readonly slotBytes: number;
}

/** Options of createAsyncPathOram: the same, with a storage that may answer asynchronously. */
export interface AsyncPathOramOptions extends Omit<PathOramOptions, 'storage'> {
  storage?: AnyStorage;
}

/** Path ORAM over an asynchronous storage (see AsyncRingOram for the contract). */
export interface AsyncPathOram {
  readonly kind: 'path';
  readonly capacity: number;
  readonly blockSize: number;
  readonly levels: number;
  readonly bucketCount: number;
  readonly Z: number;
  readonly slotBytes: number;
  readonly storage: AnyStorage;
  read(addr: number): Promise<Uint8Array>;
  write(addr: number, data: Uint8Array): Promise<void>;
  readonly counters: OramCounters;
  inspect(): Promise<OramInspection>;
  audit(): Promise<void>;
  exportState(): Promise<Uint8Array>;
}

/** Header of a Path ORAM slot plaintext: u32 addr (EMPTY = dummy), u32 leaf. */
const HEADER = 8;
/** Stored nonce in front of each sealed slot: u32 lo, u32 hi. */
const NONCE_FIELD = 8;

/**
 * Path ORAM (Stefanov et al., CCS 2013), the baseline Ring ORAM is measured against: every
 * access reads and rewrites the whole path, Z slots per bucket, each slot one AEAD call. There
 * is no separate metadata: address and leaf ride inside each sealed slot.
 */
export function createPathOram(options: PathOramOptions): PathOram {
  const o = new PathOramImpl(options, 'sync', uniformStrategies);
  o.initialize();
  return o;
}

/** Creates a Path ORAM whose storage may be remote (see AsyncPathOram). */
export async function createAsyncPathOram(options: AsyncPathOramOptions): Promise<AsyncPathOram> {
  const o = new PathOramImpl(options as PathOramOptions, 'async', uniformStrategies);
  await o.initializeAsync();
  return {
    kind: 'path',
    capacity: o.capacity,
    blockSize: o.blockSize,
    levels: o.levels,
    bucketCount: o.bucketCount,
    Z: o.Z,
    slotBytes: o.slotBytes,
    storage: o.givenStorage,
    read: (addr) => o.readAsync(addr),
    write: (addr, data) => o.writeAsync(addr, data),
    get counters() {
      return o.counters;
    },
    inspect: () => o.inspectAsync(),
    audit: () => o.auditAsync(),
    exportState: () => o.exportStateAsync(),
  };
}

/** The storage shape a Path ORAM with these options needs, without building one. */
export function pathStorageShape(options: PathOramOptions): StorageShape {
  const g = pathGeometry(options);
  return { bucketCount: g.bucketCount, slotsPerBucket: g.Z, slotBytes: g.slotBytes, metaBytes: 0 };
}

function pathGeometry(o: PathOramOptions) {
  checkOptions(o, PATH_OPTION_NAMES, 'createPathOram');
  const capacity = checkInt('capacity', o.capacity, 1, MAX_CAPACITY);
  const blockSize = checkInt('blockSize', o.blockSize, 1, MAX_BLOCK_SIZE);
  const Z = checkInt('Z', o.Z ?? DEFAULT_PATH_Z, 1, 4096);
  const L = checkInt('levels', o.levels ?? defaultLevels(capacity, Z), 1, MAX_LEVELS);
  if (capacity > Z * 2 ** L) {
    throw new RangeError(
      `capacity must be at most Z * 2^levels = ${Z * 2 ** L} for this tree, got ${capacity}`,
    );
  }
  const treeTopLevels = checkInt('treeTopLevels', o.treeTopLevels ?? 0, 0, L);
  const encrypt = checkBooleanOption('encrypt', o.encrypt, true);
  const slotBytes = encrypt ? NONCE_FIELD + HEADER + blockSize + TAG_BYTES : HEADER + blockSize;
  return {
    capacity,
    blockSize,
    Z,
    L,
    treeTopLevels,
    encrypt,
    slotBytes,
    bucketCount: 2 ** (L + 1) - 1,
  };
}

class PathOramImpl extends OramShell {
  readonly kind = 'path' as const;
  readonly capacity: number;
  readonly blockSize: number;
  readonly levels: number;
  readonly bucketCount: number;
  readonly Z: number;
  readonly storage: OramStorage;
  readonly givenStorage: AnyStorage;
  readonly treeTopLevels: number;
  readonly slotBytes: number;

  protected readonly io: PhysicalIo;
  protected readonly suite: CipherSuite;
  private readonly L: number;
  private readonly topBuckets: number;
  private readonly rng: RandomSource;
  /** Key, nonce session prefixes and state nonces: secretStream(rng). */
  private readonly secrets: RandomSource;
  private readonly strategies: OramStrategies;
  protected readonly positions: PositionMap;
  private readonly stash: Stash;
  private readonly planner: EvictionPlanner;
  /** The block being accessed and its old leaf (for the stale-copy check in takeSlot). */
  private accessAddr = -1;
  private accessLeaf = 0;
  private readonly plainBuf: Uint8Array;
  private readonly readBatch: PlannedBatch;
  /** The next queued access's path, named ahead (prefetchNextAccess). */
  private readonly nextBatch: PlannedBatch;
  private readonly writeBatch: PlannedBatch;
  protected readonly fresh: boolean;

  constructor(
    o: PathOramOptions,
    mode: 'sync' | 'async',
    makeStrategies: (rng: RandomSource, leaves: number) => OramStrategies,
  ) {
    const g = pathGeometry(o);
    super();
    this.capacity = g.capacity;
    this.blockSize = g.blockSize;
    this.Z = g.Z;
    this.L = g.L;
    this.levels = g.L;
    this.treeTopLevels = g.treeTopLevels;
    this.rng = o.rng ?? createCryptoRandom();
    this.secrets = secretStream(this.rng);
    let key = o.key;
    if (g.encrypt && key === undefined) {
      if (o.state !== undefined) throw new TypeError('key is required to open a saved state');
      // From the rng: the CSPRNG by default; a seeded rng (tests) gives a reproducible key.
      key = randomBytes(this.secrets, KEY_BYTES);
    }
    const leaves = 2 ** this.L;
    // The reservoir holds the keystream of about one path write (see nonceAllocator.ts).
    this.suite = createCipherSuite(
      g.encrypt ? key : undefined,
      o.cipher,
      (this.L + 1) * this.Z * CipherSuite.blocksFor(HEADER + this.blockSize),
    );
    this.bucketCount = g.bucketCount;
    this.slotBytes = g.slotBytes;
    const shape: StorageShape = {
      bucketCount: this.bucketCount,
      slotsPerBucket: this.Z,
      slotBytes: this.slotBytes,
      metaBytes: 0,
    };
    if (o.state !== undefined && o.storage === undefined) {
      throw new TypeError(
        'storage is required with state: the state describes the tree kept in that storage',
      );
    }
    const resolved = resolveStorage(
      o.storage,
      shape,
      mode,
      () =>
        new RangeError(
          `capacity ${this.capacity} x blockSize ${this.blockSize} needs ${this.bucketCount * this.Z * this.slotBytes} B of tree storage, more than the in-memory limit; lower capacity or blockSize, or pass a file storage`,
        ),
    );
    this.givenStorage = resolved.given;
    this.storage = resolved.given as OramStorage;
    this.topBuckets = 2 ** this.treeTopLevels - 1;
    const perPath = (this.L + 1) * this.Z;
    this.io = new PhysicalIo(
      shape,
      resolved.sync,
      resolved.async,
      this.topBuckets,
      o.observer,
      false,
      zeroCounters(),
      perPath,
    );
    this.readBatch = this.io.createBatch(perPath, perPath * this.slotBytes);
    this.nextBatch = this.io.createBatch(perPath, perPath * this.slotBytes);
    this.writeBatch = this.io.createBatch(perPath, perPath * this.slotBytes);
    this.strategies = makeStrategies(this.rng, leaves);
    this.positions = new PositionMap(this.capacity);
    this.stash = new Stash(this.capacity, this.blockSize);
    this.planner = new EvictionPlanner(this.L, this.Z);
    this.plainBuf = new Uint8Array(HEADER + this.blockSize);
    // Nonce = (slot, counter, session): a fresh random 32-bit session prefix from the rng on
    // creation and on every reopen (the counter continues from the state); see cipherSuite.ts.
    if (this.suite.enabled) this.suite.nonces.start(randomU32(this.secrets), 0);
    this.fresh = o.state === undefined;
    if (o.state !== undefined) this.restore(o.state);
    else this.positions.randomize(this.rng, leaves);
  }

  /**
   * Names to a storage that fetches across accesses (AsyncBatchedStorage.prefetchNext) the path
   * the next queued access will read, whose leaf is final now (this access has remapped its
   * block): it goes with this access's read, or, when this access's own path came ahead and
   * its read sends nothing, in a READ of its own (createRemoteStorage); the next access then
   * reads it without a request of its own. The path is uniformly random and
   * independent of this access, and the server sees it read a moment later anyway. No draw, no
   * trace: the read is traced when it runs.
   */
  private prefetchNextAccess(): void {
    const y = this.nextQueuedLeaf();
    if (y < 0) return;
    const L = this.L;
    const io = this.io;
    const batch = io.begin(this.nextBatch, 'read');
    for (let l = 0; l <= L; l++) {
      const b = bucketOnPath(y, l, L);
      for (let s = 0; s < this.Z; s++) io.addSlot(batch, b, s, 'online');
    }
    io.prefetch(batch, true);
  }

  /** Path ORAM's access: read the whole path (one batch), update the stash, write it back. */
  protected *accessSteps(a: number, data: Uint8Array | undefined): Steps<Uint8Array> {
    const L = this.L;
    const pos = this.positions;
    const x = pos.leaf[a]!;
    const newLeaf = this.strategies.remapLeaf(x);
    pos.leaf[a] = newLeaf;
    this.accessAddr = a;
    this.accessLeaf = x;
    const io = this.io;
    const rb = io.begin(this.readBatch, 'read');
    for (let l = 0; l <= L; l++) {
      const b = bucketOnPath(x, l, L);
      for (let s = 0; s < this.Z; s++) io.addSlot(rb, b, s, 'online');
    }
    if (io.async?.prefetchNext !== undefined) this.prefetchNextAccess();
    yield rb;
    if (this.suite.enabled) {
      // The keystream of every slot of the path, in one cipher call (positions in clear).
      const u = this.suite;
      const blocks = CipherSuite.blocksFor(this.plainBuf.length);
      u.prefetchBegin();
      for (let k = 0; k < rb.count; k++) {
        const off = rb.offsets[k]!;
        if (rb.failures[k] === undefined && this.sealed(rb.buckets[k]!))
          u.prefetchAdd(readU32(rb.data, off + 4), readU32(rb.data, off), blocks);
      }
      u.prefetchRun();
    }
    for (let k = 0; k < rb.count; k++) this.takeSlot(rb, k);
    let i = this.stash.find(a);
    if (i < 0 && pos.written[a] === 1) throw new DataLossError(a, x);
    let result: Uint8Array;
    if (data !== undefined) {
      if (i < 0) {
        i = this.stash.addZero(a, newLeaf);
        pos.markWritten(a);
      }
      this.stash.block(i).set(data);
      result = data;
    } else result = i >= 0 ? this.stash.block(i).slice() : new Uint8Array(this.blockSize);
    if (i >= 0) this.stash.leaf[i] = newLeaf;
    yield* this.writePath(x);
    const c = io.c;
    c.accesses++;
    c.onlineBlocks += (L + 1) * this.Z;
    c.stashSize = this.stash.size;
    if (this.stash.size > c.maxStashSize) c.maxStashSize = this.stash.size;
    return result;
  }

  /** Greedy write-back, deepest level first (EvictionPlanner), leaf bucket first on the wire. */
  private *writePath(x: number): Steps<void> {
    const L = this.L;
    this.planner.plan(this.stash, x);
    const wb = this.io.begin(this.writeBatch, 'write');
    for (let l = L; l >= 0; l--) {
      const b = bucketOnPath(x, l, L);
      const take = this.planner.addrs[l]!;
      const n = this.planner.counts[l]!;
      for (let s = 0; s < this.Z; s++) this.putSlot(wb, b, s, s < n ? take[s]! : -1);
    }
    yield wb;
    if (wb.failed > 0) throw wb.failures.find((f) => f !== undefined);
  }

  /** Opens location k of a read batch and moves its block (if a real one) to the stash. */
  private takeSlot(batch: PlannedBatch, k: number): void {
    const f = batch.failures[k];
    if (f !== undefined) throw f;
    const b = batch.buckets[k]!;
    const s = batch.slots[k]!;
    const plain = this.plainBuf;
    const off = batch.offsets[k]!;
    if (this.sealed(b)) {
      if (!this.openSlot(b, s, batch.data, off, plain))
        throw new IntegrityError(b, s, 'slot MAC does not verify');
    } else for (let i = 0; i < plain.length; i++) plain[i] = batch.data[off + i]!;
    const addr = readU32(plain, 0);
    if (addr === EMPTY_ADDR) return;
    if (addr >= this.capacity || this.stash.find(addr) >= 0)
      throw new IntegrityError(b, s, 'slot holds an impossible address');
    // A live block sits on the leaf the client holds for it (the accessed block on its old
    // leaf): anything else is an older copy brought back by a replay.
    const leaf = readU32(plain, 4);
    const want = addr === this.accessAddr ? this.accessLeaf : this.positions.leaf[addr]!;
    if (this.positions.written[addr] !== 1 || leaf !== want)
      throw new IntegrityError(b, s, `stale copy of block ${addr} (replayed memory)`);
    this.stash.add(addr, leaf, plain, HEADER);
  }

  /** Adds slot s of bucket b with stash block `addr` (removed from the stash), -1 a dummy. */
  private putSlot(wb: PlannedBatch, b: number, s: number, addr: number): void {
    const plain = this.plainBuf;
    if (addr < 0) {
      plain.fill(0);
      writeU32(plain, 0, EMPTY_ADDR);
    } else {
      const i = this.stash.find(addr);
      writeU32(plain, 0, addr);
      writeU32(plain, 4, this.stash.leaf[i]!);
      plain.set(this.stash.block(i), HEADER);
      this.stash.remove(i);
    }
    const loc = this.io.addSlot(wb, b, s, 'evict');
    const off = wb.offsets[loc]!;
    const out = wb.data;
    if (this.sealed(b)) {
      // Fresh positions from the client's counter; (lo, hi) in front, then ciphertext + tag.
      const nonces = this.suite.nonces;
      const ko = nonces.reserve(CipherSuite.blocksFor(plain.length));
      writeU32(out, off, nonces.lastLo);
      writeU32(out, off + 4, nonces.lastHi);
      this.suite.sealAfterPrefix(
        b,
        s,
        KIND_SLOT,
        plain,
        plain.length,
        out,
        off,
        off + NONCE_FIELD,
        ko,
      );
    } else {
      out.set(plain, off);
      out.fill(0, off + plain.length, off + this.slotBytes);
    }
  }

  /** Cached top levels never leave the client: stored unsealed. */
  private sealed(b: number): boolean {
    return this.suite.enabled && b >= this.topBuckets;
  }

  private openSlot(b: number, s: number, buf: Uint8Array, off: number, plain: Uint8Array): boolean {
    return this.suite.openAt(
      b,
      s,
      KIND_SLOT,
      readU32(buf, off + 4),
      readU32(buf, off),
      buf,
      off,
      off + NONCE_FIELD,
      plain.length,
      plain,
    );
  }

  protected *initSteps(): Steps<void> {
    const io = this.io;
    io.silent = true;
    try {
      // One path's worth of buckets per batch, so a remote store is filled in few round trips.
      const perBatch = this.L + 1;
      for (let b0 = 0; b0 < this.bucketCount; b0 += perBatch) {
        const wb = io.begin(this.writeBatch, 'write');
        for (let b = b0; b < Math.min(this.bucketCount, b0 + perBatch); b++) {
          for (let s = 0; s < this.Z; s++) this.putSlot(wb, b, s, -1);
        }
        yield wb;
        if (wb.failed > 0) throw wb.failures.find((f) => f !== undefined);
      }
    } finally {
      io.silent = false;
    }
  }

  /** Opens every slot (AEAD); Path ORAM has no freshness tree, so replay is out of its scope. */
  protected *auditSteps(): Steps<void> {
    const io = this.io;
    for (let b = 0; b < this.bucketCount; b++) {
      const rb = io.begin(this.readBatch, 'read');
      for (let s = 0; s < this.Z; s++) io.addSlot(rb, b, s, 'integrity');
      yield rb;
      for (let s = 0; s < this.Z; s++) {
        const f = rb.failures[s];
        if (f !== undefined) throw f;
        if (!this.sealed(b)) continue;
        if (!this.openSlot(b, s, rb.data, rb.offsets[s]!, this.plainBuf)) {
          throw new IntegrityError(b, s, 'slot MAC does not verify');
        }
      }
    }
  }

  protected *inspectSteps(): Steps<OramInspection> {
    const io = this.io;
    const saved = saveCipherCounters(this.suite);
    const prevSilent = io.silent;
    io.silent = true;
    let blocksInTree = 0;
    let maxReals = 0;
    const plain = this.plainBuf;
    try {
      for (let b = 0; b < this.bucketCount; b++) {
        const rb = io.begin(this.readBatch, 'read');
        for (let s = 0; s < this.Z; s++) io.addSlot(rb, b, s, 'integrity');
        yield rb;
        let reals = 0;
        for (let s = 0; s < this.Z; s++) {
          const f = rb.failures[s];
          if (f !== undefined) throw f;
          const off = rb.offsets[s]!;
          if (this.sealed(b)) {
            if (!this.openSlot(b, s, rb.data, off, plain)) {
              throw new IntegrityError(b, s, 'slot MAC does not verify');
            }
          } else plain.set(rb.data.subarray(off, off + plain.length));
          if (readU32(plain, 0) !== EMPTY_ADDR) reals++;
        }
        blocksInTree += reals;
        if (reals > maxReals) maxReals = reals;
      }
    } finally {
      io.silent = prevSilent;
      restoreCipherCounters(this.suite, saved);
    }
    return {
      stashSize: this.stash.size,
      blocksInTree,
      blocksWritten: this.positions.writtenCount,
      maxRealsPerBucket: maxReals,
      maxBucketCount: 0,
    };
  }

  // biome-ignore lint/correctness/useYield: exporting needs no physical I/O in Path ORAM
  protected *exportSteps(): Steps<Uint8Array> {
    const st = this.stash;
    const top = new Uint8Array(this.topBuckets * this.Z * this.slotBytes);
    const t = this.io.top;
    let o = 0;
    for (let b = 0; b < this.topBuckets; b++) {
      for (let s = 0; s < this.Z; s++, o += this.slotBytes)
        t!.readSlot(b, s, top.subarray(o, o + this.slotBytes));
    }
    const header = {
      kind: 'path',
      capacity: this.capacity,
      blockSize: this.blockSize,
      levels: this.L,
      Z: this.Z,
      treeTopLevels: this.treeTopLevels,
      nonceLo: this.suite.nonces.lo,
      writtenCount: this.positions.writtenCount,
      counters: this.counters,
    };
    return packState(
      this.suite,
      header,
      {
        pos: u32Bytes(this.positions.leaf),
        written: this.positions.written,
        stashAddr: u32Bytes(st.addr.subarray(0, st.size)),
        stashLeaf: u32Bytes(st.leaf.subarray(0, st.size)),
        stashData: st.data.subarray(0, st.size * this.blockSize),
        top,
      },
      this.secrets,
    );
  }

  private restore(state: Uint8Array): void {
    const unpacked = unpackState(this.suite, state);
    const { header } = unpacked;
    if (header.kind !== 'path')
      throw new TypeError(`state is for a ${String(header.kind)} ORAM, not a path ORAM`);
    const mine: Record<string, number> = {
      capacity: this.capacity,
      blockSize: this.blockSize,
      levels: this.L,
      Z: this.Z,
      treeTopLevels: this.treeTopLevels,
    };
    for (const [k, v] of Object.entries(mine)) {
      if (header[k] !== v)
        throw new RangeError(`${k} must match the saved state (${String(header[k])}), got ${v}`);
    }
    this.positions.leaf.set(bytesU32(section(unpacked, 'pos', 4 * this.capacity)));
    this.positions.written.set(section(unpacked, 'written', this.capacity));
    const addrs = bytesU32(section(unpacked, 'stashAddr'));
    const leaves = bytesU32(section(unpacked, 'stashLeaf'));
    const data = section(unpacked, 'stashData');
    for (let i = 0; i < addrs.length; i++)
      this.stash.add(addrs[i]!, leaves[i]!, data, i * this.blockSize);
    const top = section(unpacked, 'top');
    const t = this.io.top;
    let o = 0;
    for (let b = 0; b < this.topBuckets; b++) {
      for (let s = 0; s < this.Z; s++, o += this.slotBytes)
        t!.writeSlot(b, s, top.subarray(o, o + this.slotBytes));
    }
    if (this.suite.enabled) this.suite.nonces.start(this.suite.nonces.hi, header.nonceLo as number);
    this.positions.writtenCount = header.writtenCount as number;
    this.io.c = { ...(header.counters as OramCounters) };
    restoreCipherCounters(this.suite, [
      this.io.c.keystreamCalls,
      this.io.c.keystreamBytes,
      this.io.c.aeadCalls,
      this.io.c.aeadBytes,
    ]);
  }
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
