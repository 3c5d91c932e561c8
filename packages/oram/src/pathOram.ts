import { EMPTY_ADDR } from './bucketMeta.js';
import { levelOfBucket } from './channels.js';
import { checkOptions, PATH_OPTION_NAMES } from './checkOptions.js';
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
  checkAddr,
  checkData,
  checkInt,
  type Oram,
  type OramCounters,
  type OramInspection,
  zeroCounters,
} from './oram.js';
import { FailureLatch } from './oramFailedError.js';
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
import { Stash } from './stash.js';
import { bytesU32, packState, section, u32Bytes, unpackState } from './stateCodec.js';
import {
  assertStorageShape,
  createMemoryStorage,
  type OramStorage,
  type StorageShape,
  validateStorageShape,
} from './storage.js';
import type { Observer, TraceEvent } from './trace.js';
import { bucketOnPath, commonDepth } from './treeGeometry.js';

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
  return new PathOramImpl(options);
}

class PathOramImpl implements PathOram {
  readonly kind = 'path' as const;
  readonly capacity: number;
  readonly blockSize: number;
  readonly levels: number;
  readonly bucketCount: number;
  readonly Z: number;
  readonly storage: OramStorage;
  readonly treeTopLevels: number;
  readonly slotBytes: number;

  private readonly L: number;
  private readonly leaves: number;
  private readonly topBuckets: number;
  private readonly top: OramStorage | undefined;
  private readonly suite: CipherSuite;
  private readonly rng: RandomSource;
  /** Key, nonce session prefixes and state nonces: secretStream(rng). */
  private readonly secrets: RandomSource;
  private readonly observer: Observer | undefined;
  private readonly pos: Uint32Array;
  private readonly written: Uint8Array;
  private writtenCount = 0;
  private readonly stash: Stash;
  /** The block being accessed and its old leaf (for the stale-copy check in readSlot). */
  private accessAddr = -1;
  private accessLeaf = 0;
  private c: OramCounters = zeroCounters();
  private silent = false;
  private readonly plainBuf: Uint8Array;
  private readonly slotBuf: Uint8Array;
  private readonly depthHead: Int32Array;
  private depthNext = new Int32Array(64);
  private readonly pool: number[] = [];

  constructor(o: PathOramOptions) {
    checkOptions(o, PATH_OPTION_NAMES, 'createPathOram');
    this.capacity = checkInt('capacity', o.capacity, 1, MAX_CAPACITY);
    this.blockSize = checkInt('blockSize', o.blockSize, 1, MAX_BLOCK_SIZE);
    this.Z = checkInt('Z', o.Z ?? DEFAULT_PATH_Z, 1, 4096);
    this.L = checkInt('levels', o.levels ?? defaultLevels(this.capacity, this.Z), 1, MAX_LEVELS);
    if (this.capacity > this.Z * 2 ** this.L) {
      throw new RangeError(
        `capacity must be at most Z * 2^levels = ${this.Z * 2 ** this.L} for this tree, got ${this.capacity}`,
      );
    }
    this.levels = this.L;
    this.treeTopLevels = checkInt('treeTopLevels', o.treeTopLevels ?? 0, 0, this.L);
    const encrypt = o.encrypt ?? true;
    if (typeof encrypt !== 'boolean')
      throw new TypeError(`encrypt must be a boolean, got ${typeof encrypt}`);
    this.rng = o.rng ?? createCryptoRandom();
    this.secrets = secretStream(this.rng);
    let key = o.key;
    if (encrypt && key === undefined) {
      if (o.state !== undefined) throw new TypeError('key is required to open a saved state');
      // From the rng: the CSPRNG by default; a seeded rng (tests) gives a reproducible key.
      key = randomBytes(this.secrets, KEY_BYTES);
    }
    this.leaves = 2 ** this.L;
    // The reservoir holds the keystream of about one path write (see nonceAllocator.ts).
    this.suite = createCipherSuite(
      encrypt ? key : undefined,
      o.cipher,
      (this.L + 1) * this.Z * CipherSuite.blocksFor(HEADER + this.blockSize),
    );
    this.bucketCount = 2 ** (this.L + 1) - 1;
    this.slotBytes = encrypt
      ? NONCE_FIELD + HEADER + this.blockSize + TAG_BYTES
      : HEADER + this.blockSize;
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
    if (o.storage !== undefined) {
      assertStorageShape(o.storage, shape);
      this.storage = o.storage;
    } else {
      try {
        validateStorageShape(shape);
      } catch {
        throw new RangeError(
          `capacity ${this.capacity} x blockSize ${this.blockSize} needs ${this.bucketCount * this.Z * this.slotBytes} B of tree storage, more than the in-memory limit; lower capacity or blockSize, or pass a file storage`,
        );
      }
      this.storage = createMemoryStorage(shape);
    }
    this.topBuckets = 2 ** this.treeTopLevels - 1;
    this.top =
      this.topBuckets > 0
        ? createMemoryStorage({ ...shape, bucketCount: this.topBuckets })
        : undefined;
    this.observer = o.observer;
    this.pos = new Uint32Array(this.capacity);
    this.written = new Uint8Array(this.capacity);
    this.stash = new Stash(this.capacity, this.blockSize);
    this.plainBuf = new Uint8Array(HEADER + this.blockSize);
    this.slotBuf = new Uint8Array(this.slotBytes);
    this.depthHead = new Int32Array(this.L + 1);
    // Nonce = (slot, counter, session): a fresh random 32-bit session prefix from the rng on
    // creation and on every reopen (the counter continues from the state); see cipherSuite.ts.
    if (this.suite.enabled) this.suite.nonces.start(randomU32(this.secrets), 0);
    if (o.state !== undefined) this.restore(o.state);
    else {
      for (let a = 0; a < this.capacity; a++) this.pos[a] = this.rng.int(0, this.leaves - 1);
      this.silent = true;
      for (let b = 0; b < this.bucketCount; b++) {
        for (let s = 0; s < this.Z; s++) this.writeSlot(b, levelOfBucket(b), s, -1);
      }
      this.silent = false;
      restoreCipherCounters(this.suite, [0, 0, 0, 0]);
    }
  }

  get counters(): OramCounters {
    const u = this.suite;
    return {
      ...this.c,
      cipherCalls: u.stream.calls + u.macs,
      aeadCalls: u.macs,
      aeadBytes: u.macBytes,
      keystreamCalls: u.stream.calls,
      keystreamBytes: u.stream.bytes,
      macComputations: u.macs,
    };
  }

  read(addr: number): Uint8Array {
    checkAddr(addr, this.capacity);
    return this.guarded(addr, undefined);
  }

  write(addr: number, data: Uint8Array): void {
    checkAddr(addr, this.capacity);
    checkData(data, this.blockSize);
    this.guarded(addr, data);
  }

  /** Once an access has failed, every later call throws OramFailedError. */
  private readonly latch: FailureLatch = new FailureLatch();

  /** Runs an access; any error escaping it closes the ORAM (see OramFailedError). */
  private guarded(addr: number, data: Uint8Array | undefined): Uint8Array {
    this.latch.check();
    try {
      return this.access(addr, data);
    } catch (e) {
      this.latch.trip(e);
    }
  }

  private access(a: number, data: Uint8Array | undefined): Uint8Array {
    const L = this.L;
    const x = this.pos[a]!;
    const newLeaf = this.rng.int(0, this.leaves - 1);
    this.pos[a] = newLeaf;
    this.accessAddr = a;
    this.accessLeaf = x;
    for (let l = 0; l <= L; l++) {
      const b = bucketOnPath(x, l, L);
      for (let s = 0; s < this.Z; s++) this.readSlot(b, l, s);
    }
    let i = this.stash.find(a);
    if (i < 0 && this.written[a] === 1) throw new DataLossError(a, x);
    let result: Uint8Array;
    if (data !== undefined) {
      if (i < 0) {
        i = this.stash.addZero(a, newLeaf);
        this.written[a] = 1;
        this.writtenCount++;
      }
      this.stash.block(i).set(data);
      result = data;
    } else result = i >= 0 ? this.stash.block(i).slice() : new Uint8Array(this.blockSize);
    if (i >= 0) this.stash.leaf[i] = newLeaf;
    this.writePath(x);
    this.c.accesses++;
    this.c.onlineBlocks += (L + 1) * this.Z;
    this.c.stashSize = this.stash.size;
    if (this.stash.size > this.c.maxStashSize) this.c.maxStashSize = this.stash.size;
    return result;
  }

  /** Greedy write-back, deepest level first: each bucket takes up to Z eligible stash blocks. */
  private writePath(x: number): void {
    const L = this.L;
    const st = this.stash;
    if (this.depthNext.length < st.size) this.depthNext = new Int32Array(st.size * 2);
    this.depthHead.fill(-1);
    for (let i = 0; i < st.size; i++) {
      const d = commonDepth(st.leaf[i]!, x, L);
      this.depthNext[i] = this.depthHead[d]!;
      this.depthHead[d] = i;
    }
    const pool = this.pool;
    pool.length = 0;
    const chosen: number[][] = [];
    for (let l = L; l >= 0; l--) {
      for (let i = this.depthHead[l]!; i >= 0; i = this.depthNext[i]!) pool.push(st.addr[i]!);
      const take: number[] = [];
      while (take.length < this.Z && pool.length > 0) take.push(pool.pop()!);
      chosen[l] = take;
    }
    for (let l = L; l >= 0; l--) {
      const b = bucketOnPath(x, l, L);
      const take = chosen[l]!;
      for (let s = 0; s < this.Z; s++) this.writeSlot(b, l, s, s < take.length ? take[s]! : -1);
    }
  }

  private readSlot(b: number, l: number, s: number): void {
    const buf = this.slotBuf;
    this.physRead(b, l, s, buf, 'online');
    const plain = this.plainBuf;
    if (this.sealed(b)) {
      if (!this.openSlot(b, s, buf, plain))
        throw new IntegrityError(b, s, 'slot MAC does not verify');
    } else plain.set(buf.subarray(0, plain.length));
    const pv = new DataView(plain.buffer, plain.byteOffset, HEADER);
    const addr = pv.getUint32(0, true);
    if (addr === EMPTY_ADDR) return;
    if (addr >= this.capacity || this.stash.find(addr) >= 0)
      throw new IntegrityError(b, s, 'slot holds an impossible address');
    // A live block sits on the leaf the client holds for it (the accessed block on its old
    // leaf): anything else is an older copy brought back by a replay.
    const leaf = pv.getUint32(4, true);
    const want = addr === this.accessAddr ? this.accessLeaf : this.pos[addr]!;
    if (this.written[addr] !== 1 || leaf !== want)
      throw new IntegrityError(b, s, `stale copy of block ${addr} (replayed memory)`);
    this.stash.add(addr, leaf, plain, HEADER);
  }

  /** Writes slot s with stash block `addr` (removed from the stash) or a dummy for -1. */
  private writeSlot(b: number, l: number, s: number, addr: number): void {
    const plain = this.plainBuf;
    const pv = new DataView(plain.buffer, plain.byteOffset, HEADER);
    if (addr < 0) {
      plain.fill(0);
      pv.setUint32(0, EMPTY_ADDR, true);
    } else {
      const i = this.stash.find(addr);
      pv.setUint32(0, addr, true);
      pv.setUint32(4, this.stash.leaf[i]!, true);
      plain.set(this.stash.block(i), HEADER);
      this.stash.remove(i);
    }
    const buf = this.slotBuf;
    if (this.sealed(b)) {
      // Fresh positions from the client's counter; (lo, hi) in front, then ciphertext + tag.
      const nonces = this.suite.nonces;
      const ko = nonces.reserve(CipherSuite.blocksFor(plain.length));
      const v = new DataView(buf.buffer, buf.byteOffset, NONCE_FIELD);
      v.setUint32(0, nonces.lastLo, true);
      v.setUint32(4, nonces.lastHi, true);
      this.suite.sealAfterPrefix(b, s, KIND_SLOT, plain, plain.length, buf, 0, NONCE_FIELD, ko);
    } else {
      buf.set(plain);
      if (buf.length > plain.length) buf.fill(0, plain.length);
    }
    this.physWrite(b, l, s, buf, 'evict');
  }

  /** Cached top levels never leave the client: stored unsealed. */
  private sealed(b: number): boolean {
    return this.suite.enabled && b >= this.topBuckets;
  }

  private openSlot(b: number, s: number, buf: Uint8Array, plain: Uint8Array): boolean {
    const v = new DataView(buf.buffer, buf.byteOffset, NONCE_FIELD);
    return this.suite.openAt(
      b,
      s,
      KIND_SLOT,
      v.getUint32(4, true),
      v.getUint32(0, true),
      buf,
      0,
      NONCE_FIELD,
      plain.length,
      plain,
    );
  }

  private physRead(
    b: number,
    l: number,
    s: number,
    out: Uint8Array,
    phase: TraceEvent['phase'],
  ): void {
    if (b < this.topBuckets) {
      this.top!.readSlot(b, s, out);
      return;
    }
    this.storage.readSlot(b, s, out);
    if (this.silent) return;
    this.c.slotReads++;
    if (phase === 'integrity') this.c.integritySlotReads++;
    this.observer?.({ op: 'read', bucket: b, slot: s, bytes: this.slotBytes, level: l, phase });
  }

  private physWrite(
    b: number,
    l: number,
    s: number,
    data: Uint8Array,
    phase: TraceEvent['phase'],
  ): void {
    if (b < this.topBuckets) {
      this.top!.writeSlot(b, s, data);
      return;
    }
    this.storage.writeSlot(b, s, data);
    if (this.silent) return;
    this.c.slotWrites++;
    this.observer?.({ op: 'write', bucket: b, slot: s, bytes: this.slotBytes, level: l, phase });
  }

  /** Opens every slot (AEAD); Path ORAM has no freshness tree, so replay is out of its scope. */
  audit(): void {
    this.latch.check();
    const buf = this.slotBuf;
    for (let b = 0; b < this.bucketCount; b++) {
      for (let s = 0; s < this.Z; s++) {
        this.physRead(b, levelOfBucket(b), s, buf, 'integrity');
        if (!this.sealed(b)) continue;
        if (!this.openSlot(b, s, buf, this.plainBuf)) {
          throw new IntegrityError(b, s, 'slot MAC does not verify');
        }
      }
    }
  }

  inspect(): OramInspection {
    this.latch.check();
    const saved = saveCipherCounters(this.suite);
    let blocksInTree = 0;
    let maxReals = 0;
    const buf = this.slotBuf;
    const plain = this.plainBuf;
    for (let b = 0; b < this.bucketCount; b++) {
      let reals = 0;
      for (let s = 0; s < this.Z; s++) {
        if (b < this.topBuckets) this.top!.readSlot(b, s, buf);
        else this.storage.readSlot(b, s, buf);
        if (this.sealed(b)) {
          if (!this.openSlot(b, s, buf, plain)) {
            throw new IntegrityError(b, s, 'slot MAC does not verify');
          }
        } else plain.set(buf.subarray(0, plain.length));
        if (new DataView(plain.buffer, plain.byteOffset, 4).getUint32(0, true) !== EMPTY_ADDR)
          reals++;
      }
      blocksInTree += reals;
      if (reals > maxReals) maxReals = reals;
    }
    restoreCipherCounters(this.suite, saved);
    return {
      stashSize: this.stash.size,
      blocksInTree,
      blocksWritten: this.writtenCount,
      maxRealsPerBucket: maxReals,
      maxBucketCount: 0,
    };
  }

  exportState(): Uint8Array {
    this.latch.check();
    const st = this.stash;
    const top = new Uint8Array(this.topBuckets * this.Z * this.slotBytes);
    let o = 0;
    for (let b = 0; b < this.topBuckets; b++) {
      for (let s = 0; s < this.Z; s++, o += this.slotBytes)
        this.top!.readSlot(b, s, top.subarray(o, o + this.slotBytes));
    }
    const header = {
      kind: 'path',
      capacity: this.capacity,
      blockSize: this.blockSize,
      levels: this.L,
      Z: this.Z,
      treeTopLevels: this.treeTopLevels,
      nonceLo: this.suite.nonces.lo,
      writtenCount: this.writtenCount,
      counters: this.counters,
    };
    return packState(
      this.suite,
      header,
      {
        pos: u32Bytes(this.pos),
        written: this.written,
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
    this.pos.set(bytesU32(section(unpacked, 'pos', 4 * this.capacity)));
    this.written.set(section(unpacked, 'written', this.capacity));
    const addrs = bytesU32(section(unpacked, 'stashAddr'));
    const leaves = bytesU32(section(unpacked, 'stashLeaf'));
    const data = section(unpacked, 'stashData');
    for (let i = 0; i < addrs.length; i++)
      this.stash.add(addrs[i]!, leaves[i]!, data, i * this.blockSize);
    const top = section(unpacked, 'top');
    let o = 0;
    for (let b = 0; b < this.topBuckets; b++) {
      for (let s = 0; s < this.Z; s++, o += this.slotBytes)
        this.top!.writeSlot(b, s, top.subarray(o, o + this.slotBytes));
    }
    if (this.suite.enabled) this.suite.nonces.start(this.suite.nonces.hi, header.nonceLo as number);
    this.writtenCount = header.writtenCount as number;
    this.c = { ...(header.counters as OramCounters) };
    restoreCipherCounters(this.suite, [
      this.c.keystreamCalls,
      this.c.keystreamBytes,
      this.c.aeadCalls,
      this.c.aeadBytes,
    ]);
  }
}
