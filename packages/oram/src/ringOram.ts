import { BucketMeta, EMPTY_ADDR } from './bucketMeta.js';
import { copyBytes, words, zeroBytes } from './core/copyBytes.js';
import { EvictionPlanner } from './core/evictionPlanner.js';
import { OramShell, type Steps } from './core/oramShell.js';
import { PositionMap } from './core/positionMap.js';
import {
  type RingConfig,
  type RingGeometry,
  type RingOramOptions,
  resolveRingConfig,
  ringGeometry,
} from './core/ringConfig.js';
import { Stash } from './core/stash.js';
import { type OramStrategies, uniformStrategies } from './core/strategies.js';
import { bucketOnPath, commonDepth, evictionLeaf } from './core/treeGeometry.js';
import {
  CipherSuite,
  createChecksumSuite,
  createCipherSuite,
  equalBytes,
  restoreCipherCounters,
  saveCipherCounters,
  treeHash,
} from './crypto/cipherSuite.js';
import { RingSealer } from './crypto/ringSealer.js';
import { DataLossError } from './dataLossError.js';
import type { IntegrityScheme, IntegrityTree } from './integrity/integrityScheme.js';
import { IntegrityError } from './integrityError.js';
import {
  type IntegrityMode,
  type Oram,
  type OramCounters,
  type OramInspection,
  zeroCounters,
} from './oram.js';
import { HASH_BYTES, KEY_BYTES, type RingParameters } from './parameters.js';
import {
  createCryptoRandom,
  type RandomSource,
  randomBytes,
  randomU32,
  secretStream,
} from './randomSource.js';
import { ChannelHealth } from './reliability/channelHealth.js';
import { DummyCandidates } from './reliability/dummyCandidates.js';
import { failClosedMeta, type MetaRecovery } from './reliability/metaRecovery.js';
import { MirrorRecovery } from './reliability/mirrorRecovery.js';
import { ReplicaRecovery } from './reliability/replicaRecovery.js';
import { failClosedSlots, type SlotRecovery } from './reliability/slotRecovery.js';
import { bytesU32, packState, section, u32Bytes, unpackState } from './stateCodec.js';
import { type OramStorage, UnreadableLocationError } from './storage/oramStorage.js';
import { type Phase, PhysicalIo, type PlannedBatch } from './storage/physicalIo.js';
import { type AnyStorage, resolveStorage } from './storage/resolveStorage.js';
import { META_SLOT } from './storage/storageProtocol.js';

export type { RingOramOptions } from './core/ringConfig.js';
export { ringStorageShape } from './core/ringConfig.js';

export interface RingOram extends Oram {
  readonly kind: 'ring';
  readonly parameters: Readonly<RingParameters>;
  readonly integrity: IntegrityMode;
  /** The storage passed in, or the in-memory default (which also speaks the per-location protocol). */
  readonly storage: OramStorage;
  readonly treeTopLevels: number;
  readonly xorTrick: boolean;
  readonly mirrorMetadata: boolean;
  readonly replication: boolean;
  readonly channels: number;
  /** Bytes of one stored slot and one stored metadata block. */
  readonly slotBytes: number;
  readonly metaBytes: number;
}

/** Options of createAsyncRingOram: the same, with a storage that may answer asynchronously. */
export interface AsyncRingOramOptions extends Omit<RingOramOptions, 'storage'> {
  storage?: AnyStorage;
}

/**
 * A Ring ORAM over an asynchronous storage: the same algorithm, options, errors, trace and
 * fail-closed behaviour as `createRingOram`; every operation returns a Promise. Calls may be
 * made concurrently: they are queued and run one access at a time in call order.
 */
export interface AsyncRingOram {
  readonly kind: 'ring';
  readonly capacity: number;
  readonly blockSize: number;
  readonly levels: number;
  readonly bucketCount: number;
  readonly parameters: Readonly<RingParameters>;
  readonly integrity: IntegrityMode;
  readonly storage: AnyStorage;
  readonly slotBytes: number;
  readonly metaBytes: number;
  read(addr: number): Promise<Uint8Array>;
  write(addr: number, data: Uint8Array): Promise<void>;
  readonly counters: OramCounters;
  inspect(): Promise<OramInspection>;
  audit(): Promise<void>;
  exportState(): Promise<Uint8Array>;
}

/** Creates a Ring ORAM (Ren et al. 2015) over untrusted storage. */
export function createRingOram(options: RingOramOptions): RingOram {
  const o = new RingOramImpl(options, 'sync', uniformStrategies);
  o.initialize();
  return o as RingOram;
}

/** Creates a Ring ORAM whose storage may be remote (see AsyncRingOram). */
export async function createAsyncRingOram(options: AsyncRingOramOptions): Promise<AsyncRingOram> {
  const o = new RingOramImpl(options as RingOramOptions, 'async', uniformStrategies);
  await o.initializeAsync();
  return asyncFacade(o);
}

/**
 * @internal For src/insecureRingOram.ts only (not re-exported by index.ts or node.ts): a Ring
 * ORAM whose leaf remapping or dummy choice is replaced, so the security tests can show that
 * they reject a broken one.
 */
export function createRingOramWithStrategies(
  options: RingOramOptions,
  strategies: (rng: RandomSource, leaves: number) => OramStrategies,
): RingOram {
  const o = new RingOramImpl(options, 'sync', strategies);
  o.initialize();
  return o as RingOram;
}

function asyncFacade(o: RingOramImpl): AsyncRingOram {
  return {
    kind: 'ring',
    capacity: o.capacity,
    blockSize: o.blockSize,
    levels: o.levels,
    bucketCount: o.bucketCount,
    parameters: o.parameters,
    integrity: o.integrity,
    storage: o.givenStorage,
    slotBytes: o.slotBytes,
    metaBytes: o.metaBytes,
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

/**
 * Module-local copies of hot imported bindings (a dev build may turn an imported binding into
 * a getter call; these are read in per-slot loops).
 */
const EMPTY = EMPTY_ADDR;
const onPath = bucketOnPath;

/** Slot codes of a bucket read plan: 0 not read, 1 dummy, 2 real, 3 real through its replica. */
const DUMMY = 1;
const REAL = 2;
const VIA_REPLICA = 3;

class RingOramImpl extends OramShell {
  readonly kind = 'ring' as const;
  readonly capacity: number;
  readonly blockSize: number;
  readonly levels: number;
  readonly bucketCount: number;
  readonly parameters: Readonly<RingParameters>;
  readonly integrity: IntegrityMode;
  readonly storage: OramStorage;
  readonly givenStorage: AnyStorage;
  readonly treeTopLevels: number;
  readonly xorTrick: boolean;
  readonly mirrorMetadata: boolean;
  readonly replication: boolean;
  readonly channels: number;
  readonly slotBytes: number;
  readonly metaBytes: number;

  protected readonly io: PhysicalIo;
  protected readonly suite: CipherSuite;
  private readonly cfg: RingConfig;
  private readonly Z: number;
  private readonly S: number;
  private readonly A: number;
  private readonly W: number;
  private readonly L: number;
  private readonly topBuckets: number;
  private readonly scheme: IntegrityScheme;
  private readonly tree: IntegrityTree;
  private readonly sealer: RingSealer;
  private readonly rng: RandomSource;
  /** Key, nonce session prefixes and state nonces: secretStream(rng). */
  private readonly secrets: RandomSource;
  private readonly strategies: OramStrategies;
  protected readonly positions: PositionMap;
  private readonly stash: Stash;
  private readonly planner: EvictionPlanner;
  /** Where a slot or metadata read or write failed (src/reliability/): replicas, mirror. */
  private readonly slots: SlotRecovery;
  private readonly metas: MetaRecovery;
  private readonly health: ChannelHealth;
  private readonly dummies: DummyCandidates;
  private round = 0;
  private G = 0;
  /** During audit() verified metadata is not kept (MUST) and no mirror is repaired. */
  private auditing = false;

  private readonly pathMeta: BucketMeta[];
  private readonly evictMeta: BucketMeta[];
  private readonly auxMeta: BucketMeta;
  private readonly holder: BucketMeta;

  private readonly metaBatch: PlannedBatch;
  private readonly slotBatch: PlannedBatch;
  /** The slots named to a fetch-ahead storage for this access's EarlyReshuffle. */
  private readonly hintBatch: PlannedBatch;
  private readonly writeBatch: PlannedBatch;

  /** What loadMetas loads: bucket, holder and parent (null = the root hash) of each entry. */
  private readonly ldBuckets: Int32Array;
  private readonly ldMetas: BucketMeta[];
  private readonly ldParents: (BucketMeta | null)[];
  private readonly ldLoc: Int32Array;
  private readonly levelList: Int32Array;

  private readonly blockBuf: Uint8Array;
  private readonly blockBuf32: Uint32Array;
  private readonly dummyBuf: Uint8Array;
  private readonly xorAcc: Uint8Array;
  private readonly xorAcc32: Uint32Array;
  private readonly hashIn: Uint8Array;
  private readonly perm: Uint16Array;
  private readonly cand: Uint16Array;
  private readonly isReal: Uint8Array;
  private readonly role: Int32Array;
  /** Per level: the slot ReadPath read, its location in the batch, the real entry found. */
  private readonly chosen: Int32Array;
  private readonly chosenLoc: Int32Array;
  /** Bucket read plans, W codes per level, and the first location of each level. */
  private readonly plan: Uint8Array;
  private readonly planBase: Int32Array;
  /** EvictPath's plan made before ReadPath's slot read (planEvictionAhead), and whether set. */
  private readonly aheadPlan: Uint8Array;
  private evictPlanned = false;
  /** Whether planEvictionAhead may run in this configuration (no draws in any recovery). */
  private readonly canPlanAhead: boolean;
  private readonly peekBatch: PlannedBatch;
  /** The next queued access's metadata reads, named ahead (prefetchNextAccess). */
  private readonly nextBatch: PlannedBatch;
  private readonly peekLoc: Int32Array;
  private readonly keepAddrs: Uint32Array[];
  private readonly keepCounts: Int32Array;

  constructor(
    options: RingOramOptions,
    mode: 'sync' | 'async',
    makeStrategies: (rng: RandomSource, leaves: number) => OramStrategies,
  ) {
    const cfg = resolveRingConfig(options);
    const geo: RingGeometry = ringGeometry(cfg);
    super();
    const state = options.state;
    this.cfg = cfg;
    this.capacity = cfg.capacity;
    this.blockSize = cfg.blockSize;
    this.Z = cfg.Z;
    this.S = cfg.S;
    this.A = cfg.A;
    this.W = geo.W;
    this.L = cfg.levels;
    this.levels = cfg.levels;
    this.bucketCount = geo.bucketCount;
    this.parameters = Object.freeze({ Z: cfg.Z, S: cfg.S, A: cfg.A });
    this.integrity = cfg.integrity;
    this.scheme = cfg.scheme;
    this.treeTopLevels = cfg.treeTopLevels;
    this.xorTrick = cfg.xorTrick;
    this.mirrorMetadata = cfg.mirrorMetadata;
    this.replication = cfg.replication;
    this.channels = cfg.channels;
    this.slotBytes = geo.slotBytes;
    this.metaBytes = geo.metaBytes;
    const leaves = 2 ** cfg.levels;

    let key = options.key;
    this.rng = options.rng ?? createCryptoRandom();
    this.secrets = secretStream(this.rng);
    if (cfg.encrypt) {
      if (key === undefined) {
        if (state !== undefined) throw new TypeError('key is required to open a saved state');
        // From the rng: the CSPRNG by default; a seeded rng (tests) gives a reproducible key.
        key = randomBytes(this.secrets, KEY_BYTES);
      }
    } else key = undefined;
    const genBlocks = Math.ceil((this.W * (cfg.blockSize + 16)) / 64);
    const metaBlocks = CipherSuite.blocksFor(geo.layout.plainBytes);
    // The reservoir holds about one eviction path of keystream (see nonceAllocator.ts).
    const reservoir = (cfg.levels + 1) * (genBlocks + 2 * metaBlocks);
    this.suite = geo.checksum
      ? createChecksumSuite(reservoir)
      : createCipherSuite(key, options.cipher, reservoir);
    const shape = {
      bucketCount: this.bucketCount,
      slotsPerBucket: this.W,
      slotBytes: this.slotBytes,
      metaBytes: this.metaBytes,
    };
    if (state !== undefined && options.storage === undefined) {
      throw new TypeError(
        'storage is required with state: the state describes the tree kept in that storage',
      );
    }
    const resolved = resolveStorage(options.storage, shape, mode, () => {
      const bytes = this.bucketCount * this.W * this.slotBytes;
      return new RangeError(
        `capacity ${cfg.capacity} x blockSize ${cfg.blockSize} needs ${bytes} B of tree storage, more than the in-memory limit; lower capacity or blockSize, or pass a file storage`,
      );
    });
    this.givenStorage = resolved.given;
    this.storage = resolved.given as OramStorage;
    this.topBuckets = 2 ** cfg.treeTopLevels - 1;
    const L1 = cfg.levels + 1;
    const W = this.W;
    this.io = new PhysicalIo(
      shape,
      resolved.sync,
      resolved.async,
      this.topBuckets,
      options.observer,
      cfg.mirrorMetadata,
      zeroCounters(),
      L1 * (W + 2),
    );
    const modeCode = this.scheme.id | (cfg.encrypt ? 0x10 : 0);
    this.sealer = new RingSealer(
      this.suite,
      geo.layout,
      cfg.blockSize,
      this.metaBytes,
      modeCode,
      this.scheme.tagsInMeta,
      this.topBuckets,
      cfg.levels,
    );
    const slotDataBytes = this.scheme.readsWholeBucket ? W * this.slotBytes : 0;
    const newMeta = (): BucketMeta => new BucketMeta(geo.layout, this.metaBytes, slotDataBytes);
    this.hashIn = new Uint8Array(this.metaBytes + slotDataBytes);
    const io = this.io;
    const wholeBucket = this.scheme.readsWholeBucket;
    this.tree = this.scheme.create({
      topBuckets: this.topBuckets,
      newMeta,
      hash: (m, out, off) => {
        if (!io.silent) io.c.hashComputations++;
        if (wholeBucket) {
          this.hashIn.set(m.stored, 0);
          this.hashIn.set(m.slotData, this.metaBytes);
          treeHash(this.hashIn, out, off);
        } else treeHash(m.stored, out, off);
      },
    });
    this.strategies = makeStrategies(this.rng, leaves);
    this.health = new ChannelHealth(cfg.channels);
    this.dummies = new DummyCandidates(W, cfg.Z, this.health);

    this.pathMeta = Array.from({ length: L1 }, newMeta);
    this.evictMeta = Array.from({ length: L1 }, newMeta);
    this.auxMeta = newMeta();
    this.holder = newMeta();
    const sb = this.slotBytes;
    const mb = this.metaBytes;
    this.metaBatch = io.createBatch(L1, L1 * mb);
    this.slotBatch = io.createBatch(L1 * W, L1 * W * sb);
    this.hintBatch = io.createBatch(L1 * cfg.Z, L1 * cfg.Z * sb);
    this.writeBatch = io.createBatch(L1 * (W + 2), L1 * (W * sb + 2 * mb));
    this.slots = cfg.replication
      ? new ReplicaRecovery(
          io,
          this.health,
          this.dummies,
          this.strategies,
          {
            openReal: (b, m, s, batch, k) => this.openReal(b, m, s, batch, k),
            recovered: (l, addr) => this.recovered(l, addr),
          },
          { L: cfg.levels, W, Z: cfg.Z, slotBytes: sb, channels: cfg.channels },
          this.rng,
        )
      : failClosedSlots;
    this.metas = cfg.mirrorMetadata
      ? new MirrorRecovery(
          io,
          this.health,
          { takeMeta: (batch, k, b, m, parent) => this.takeMeta(batch, k, b, m, parent) },
          this.topBuckets,
          mb,
          L1,
        )
      : failClosedMeta;
    this.ldBuckets = new Int32Array(L1);
    this.ldMetas = new Array<BucketMeta>(L1).fill(this.auxMeta);
    this.ldParents = new Array<BucketMeta | null>(L1).fill(null);
    this.ldLoc = new Int32Array(L1);
    this.levelList = new Int32Array(L1);

    this.blockBuf = new Uint8Array(cfg.blockSize);
    this.blockBuf32 = words(this.blockBuf);
    this.dummyBuf = new Uint8Array(this.sealer.genBlocks * 64);
    this.xorAcc = new Uint8Array(sb);
    this.xorAcc32 = words(this.xorAcc);
    this.perm = new Uint16Array(W);
    this.cand = new Uint16Array(W);
    this.isReal = new Uint8Array(W);
    this.role = new Int32Array(W);
    this.chosen = new Int32Array(L1);
    this.chosenLoc = new Int32Array(L1);
    this.plan = new Uint8Array(L1 * W);
    this.planBase = new Int32Array(L1);
    this.aheadPlan = new Uint8Array(L1 * W);
    this.canPlanAhead =
      io.async?.peek !== undefined &&
      io.async.prefetch !== undefined &&
      !cfg.replication &&
      !cfg.mirrorMetadata &&
      !this.scheme.readsWholeBucket;
    this.peekBatch = io.createBatch(L1, L1 * mb);
    this.nextBatch = io.createBatch(2 * L1, 2 * L1 * mb);
    this.peekLoc = new Int32Array(L1);
    this.keepAddrs = Array.from({ length: L1 }, () => new Uint32Array(cfg.Z));
    this.keepCounts = new Int32Array(L1);
    this.planner = new EvictionPlanner(cfg.levels, cfg.Z);

    this.positions = new PositionMap(cfg.capacity);
    this.stash = new Stash(cfg.capacity, cfg.blockSize);
    // A fresh random session prefix on creation and on every reopen (nonceAllocator.ts).
    if (this.suite.enabled) this.suite.nonces.start(randomU32(this.secrets), 0);
    if (state !== undefined) this.restore(state);
    else this.positions.randomize(this.rng, leaves);
    this.fresh = state === undefined;
  }

  protected fresh: boolean;

  // ---------------------------------------------------------------- access (Ren et al., Alg. 1)

  protected *accessSteps(a: number, data: Uint8Array | undefined): Steps<Uint8Array> {
    this.evictPlanned = false;
    const pos = this.positions;
    const x = pos.leaf[a]!;
    const newLeaf = this.strategies.remapLeaf(x);
    pos.leaf[a] = newLeaf;
    if (this.round + 1 === this.A && this.io.async?.prefetch !== undefined)
      this.prefetchEviction(x);
    const found = yield* this.readPath(x, a, newLeaf);
    let i = this.stash.find(a);
    if (i < 0 && pos.written[a] === 1) throw new DataLossError(a, x);
    if (found && i < 0) throw new Error(`internal error: block ${a} read but not stashed`);
    let result: Uint8Array;
    if (data !== undefined) {
      if (i < 0) {
        i = this.stash.addZero(a, newLeaf);
        pos.markWritten(a);
      }
      this.stash.data.set(data, i * this.blockSize);
      result = data;
    } else {
      const bs = this.blockSize;
      result = i >= 0 ? this.stash.data.slice(i * bs, (i + 1) * bs) : new Uint8Array(bs);
    }
    if (i >= 0) this.stash.leaf[i] = newLeaf;
    const c = this.io.c;
    c.accesses++;
    let evictLeaf = -1;
    if (++this.round === this.A) {
      this.round = 0;
      evictLeaf = yield* this.evictPath();
    }
    // The generator objects below exist only when there is I/O to do (each costs an allocation).
    const n = this.reshuffleLevels(x, evictLeaf);
    if (n > 0) yield* this.earlyReshuffle(x, n);
    if (evictLeaf >= 0) {
      const order = this.tree.foldOrder();
      if (order.length > 0) yield* this.fold(order);
    }
    c.stashSize = this.stash.size;
    if (this.stash.size > c.maxStashSize) c.maxStashSize = this.stash.size;
    return result;
  }

  /**
   * ReadPath: the metadata of every bucket on the path (one batch), then exactly one slot per
   * bucket (one batch): the block where it is, a uniformly random valid dummy elsewhere.
   */
  private *readPath(x: number, a: number, newLeaf: number): Steps<boolean> {
    const L = this.L;
    const metas = this.pathMeta;
    this.setPathLoad(x, metas);
    yield* this.loadMetas(L + 1, 'online');
    let realLevel = -1;
    let realEntry = -1;
    let via = false;
    for (let l = 0; l <= L; l++) {
      const b = onPath(x, l, L);
      const m = metas[l]!;
      const e = realLevel >= 0 ? -1 : m.findLive(a);
      if (e >= 0) {
        realLevel = l;
        realEntry = e;
        via = this.slots.viaReplica(b, m, e);
        this.chosen[l] = via ? m.replicaSlot[e]! : m.slot[e]!;
      } else this.chosen[l] = this.randomValidDummy(b, m);
    }
    const io = this.io;
    const batch = io.begin(this.slotBatch, 'read');
    for (let l = 0; l <= L; l++) {
      const b = onPath(x, l, L);
      const s = this.chosen[l]!;
      if (this.scheme.readsWholeBucket) {
        this.planBase[l] = batch.count;
        for (let t = 0; t < this.W; t++) io.addSlot(batch, b, t, t === s ? 'online' : 'integrity');
        this.chosenLoc[l] = this.planBase[l]! + s;
      } else this.chosenLoc[l] = io.addSlot(batch, b, s, 'online');
    }
    if (this.canPlanAhead && this.round + 1 === this.A && this.health.count === 0)
      this.planEvictionAhead(x);
    if (io.async?.prefetch !== undefined) this.prefetchReshuffle(x);
    if (io.async?.prefetchNext !== undefined) this.prefetchNextAccess();
    yield batch;
    if (this.scheme.readsWholeBucket) this.checkWholeBuckets(x, metas, batch, L + 1, null);

    if (this.xorTrick) this.xorResult(x, a, newLeaf, batch, realLevel, realEntry);
    const c = io.c;
    const slots = this.slots;
    slots.beginPath();
    for (let l = 0; l <= L; l++) {
      if (this.xorTrick) break;
      if (!io.silent) c.onlineBlocks++;
      const b = onPath(x, l, L);
      const m = metas[l]!;
      const k = this.chosenLoc[l]!;
      if (l === realLevel) {
        this.checkFresh(b, m, realEntry, x);
        const err = this.openReal(b, m, this.chosen[l]!, batch, k);
        if (err === undefined) {
          if (via) c.replicaRecoveries++;
          this.stash.addFrom(a, newLeaf, this.blockBuf, this.blockBuf32);
        } else slots.realFailed(m, realEntry, via, err);
      } else {
        const f = batch.failures[k];
        if (f !== undefined) slots.pathDummyFailed(b, this.chosen[l]!, f);
      }
    }
    for (let l = 0; l <= L; l++) {
      const m = metas[l]!;
      m.valid[this.chosen[l]!] = 0;
      m.count++;
    }
    // A failed read (with a copy left) costs one more slot at every level (replicaRecovery.ts).
    const extraRead = slots.pathFailed
      ? yield* slots.recoverPath(x, a, metas, realLevel, realEntry, via)
      : -1;
    if (realLevel >= 0) {
      // Both copies are spent: neither may be read again before the bucket is rewritten.
      const m = metas[realLevel]!;
      m.valid[m.slot[realEntry]!] = 0;
      if (extraRead >= 0) m.valid[extraRead] = 0;
    }
    // The updated metadata goes back leaf first, so each parent carries its child's new hash.
    const wb = io.begin(this.writeBatch, 'write');
    for (let l = L; l >= 0; l--) {
      this.storeMeta(wb, onPath(x, l, L), metas[l]!, 'online', l === 0 ? null : metas[l - 1]!);
    }
    if (wb.count > 0) {
      yield wb;
      this.checkWrites(wb);
    }
    return realLevel >= 0;
  }

  /** XOR trick: the client cancels every dummy it can recompute; the real ciphertext remains. */
  private xorResult(
    x: number,
    a: number,
    newLeaf: number,
    batch: PlannedBatch,
    realLevel: number,
    realEntry: number,
  ): void {
    const L = this.L;
    const acc = this.xorAcc;
    const sb = this.slotBytes;
    acc.fill(0);
    for (let l = 0; l <= L; l++) {
      const k = this.chosenLoc[l]!;
      const f = batch.failures[k];
      if (f !== undefined) throw f;
      const off = batch.offsets[k]!;
      for (let i = 0; i < sb; i++) acc[i]! ^= batch.data[off + i]!;
    }
    this.io.c.onlineBlocks++;
    for (let l = 0; l <= L; l++) {
      if (l === realLevel) continue;
      this.sealer.generationKeystream(onPath(x, l, L), this.pathMeta[l]!, this.dummyBuf);
      const off = this.chosen[l]! * this.sealer.stride;
      for (let i = 0; i < sb; i++) acc[i]! ^= this.dummyBuf[off + i]!;
    }
    if (realLevel >= 0) {
      const m = this.pathMeta[realLevel]!;
      const b = onPath(x, realLevel, L);
      this.checkFresh(b, m, realEntry, x);
      this.sealer.openSlot(
        b,
        m,
        m.slot[realEntry]!,
        acc,
        this.xorAcc32,
        0,
        this.blockBuf,
        this.blockBuf32,
        0,
      );
      this.stash.addFrom(a, newLeaf, this.blockBuf, this.blockBuf32);
    }
  }

  /** EvictPath on the next leaf in reverse-lexicographic order; returns that leaf. */
  private *evictPath(): Steps<number> {
    const L = this.L;
    const leafE = evictionLeaf(this.G, L);
    this.G++;
    this.io.c.evictions++;
    const metas = this.evictMeta;
    this.setPathLoad(leafE, metas);
    yield* this.loadMetas(L + 1, 'evict');
    for (let l = 0; l <= L; l++) this.levelList[l] = l;
    yield* this.readBuckets(leafE, metas, L + 1, 'evict', false);
    this.planner.plan(this.stash, leafE);
    const wb = this.io.begin(this.writeBatch, 'write');
    for (let l = L; l >= 0; l--) {
      const b = onPath(leafE, l, L);
      const m = metas[l]!;
      this.writeBucket(wb, b, m, this.planner.addrs[l]!, this.planner.counts[l]!, 'evict');
      this.storeMeta(wb, b, m, 'evict', l === 0 ? null : metas[l - 1]!);
    }
    yield wb;
    this.checkWrites(wb);
    return leafE;
  }

  /**
   * Names to an asynchronous storage that fetches ahead (AsyncBatchedStorage.prefetch) the
   * metadata this access's EvictPath will read below the levels its path shares with path x.
   * ReadPath does not touch those buckets, so they hold the same bytes now as when EvictPath
   * reads them. Only the transport changes: no draw, no trace; the reads are traced when run.
   */
  private prefetchEviction(x: number): void {
    const L = this.L;
    const leafE = evictionLeaf(this.G, L);
    const io = this.io;
    const batch = io.begin(this.metaBatch, 'read');
    for (let l = commonDepth(x, leafE, L) + 1; l <= L; l++) {
      const b = onPath(leafE, l, L);
      if (this.tree.trusted(b) !== undefined) continue;
      io.addMeta(batch, b, this.metas.firstCopy(b), 'evict');
    }
    io.prefetch(batch);
  }

  /**
   * Names to a storage that fetches across accesses (AsyncBatchedStorage.prefetchNext), before
   * ReadPath's slot read, the metadata the next queued access will read first: its path, whose
   * leaf is final now (this access remapped its own block before reading). The path is what
   * that access will show the server anyway, uniformly random and independent of this one, so
   * naming it early tells the server nothing it would not see a moment later. The storage
   * answers the next access's read with what this access wrote where it overlaps (the top of
   * the path, the eviction path), so the bytes are those the server would return then. No
   * draw, no trace: the reads are traced when they run.
   */
  private prefetchNextAccess(): void {
    const y = this.nextQueuedLeaf();
    if (y < 0) return;
    const L = this.L;
    const io = this.io;
    // A bucket the client trusts now is not read by the next access, unless this access evicts:
    // an eviction may end the trust (MUST folds its subtree back to the server).
    const keepsTrust = this.round + 1 !== this.A;
    const batch = io.begin(this.nextBatch, 'read');
    for (let l = 0; l <= L; l++) {
      const b = onPath(y, l, L);
      if (keepsTrust && this.tree.trusted(b) !== undefined) continue;
      io.addMeta(batch, b, this.metas.firstCopy(b), 'online');
    }
    // When the next access evicts, the metadata its prefetchEviction will name too, so that its
    // EvictPath can still be planned before its slot read (planEvictionAhead).
    if (((this.round + 1) % this.A) + 1 === this.A) {
      const leafE = evictionLeaf(this.round + 1 === this.A ? this.G + 1 : this.G, L);
      for (let l = commonDepth(y, leafE, L) + 1; l <= L; l++) {
        const b = onPath(leafE, l, L);
        if (keepsTrust && this.tree.trusted(b) !== undefined) continue;
        io.addMeta(batch, b, this.metas.firstCopy(b), 'evict');
      }
    }
    io.prefetch(batch, true);
  }

  /**
   * Names to a fetch-ahead storage, before ReadPath's slot read, the slots this access's
   * EarlyReshuffle will read, so they travel with that read. A bucket of path x is reshuffled
   * once ReadPath brings its count to S, unless this access's EvictPath rewrites it first (the
   * levels the two paths share). It then reads Z slots: every valid real, padded with random
   * valid dummies (Ren et al. 2015, Alg. 1); with at most Z valid slots left (W - S = Z at
   * count S) that is every valid slot, so the positions follow from the metadata with no draw.
   * ReadPath invalidates only the slot it reads now, and nothing writes these slots before the
   * reshuffle reads them. Not with replication (its recovery reads spend more slots) nor whole
   * bucket reads (ReadPath reads those slots itself). No draw, no trace: the reads are traced
   * when they run.
   */
  private prefetchReshuffle(x: number): void {
    if (this.replication || this.scheme.readsWholeBucket) return;
    const L = this.L;
    const W = this.W;
    const first = this.round + 1 === this.A ? commonDepth(x, evictionLeaf(this.G, L), L) + 1 : 0;
    const io = this.io;
    const batch = io.begin(this.hintBatch, 'read');
    for (let l = first; l <= L; l++) {
      const m = this.pathMeta[l]!;
      if (m.count + 1 < this.S) continue;
      const read = this.chosen[l]!;
      let valid = 0;
      for (let s = 0; s < W; s++) if (s !== read && m.valid[s] === 1) valid++;
      if (valid > this.Z) continue;
      const b = onPath(x, l, L);
      for (let s = 0; s < W; s++)
        if (s !== read && m.valid[s] === 1) io.addSlot(batch, b, s, 'reshuffle');
    }
    if (batch.count > 0) io.prefetch(batch);
  }

  /**
   * Plans, before ReadPath's slot read, the slot reads of this access's EvictPath (Z slots of
   * every bucket on the eviction path: each valid real, padded with random valid dummies; Ren
   * et al. 2015, Alg. 1) and names them to the fetch-ahead storage, so they travel with that
   * read instead of costing a round trip of their own. The plan needs the eviction path's
   * metadata as EvictPath will load it: below the levels it shares with path x, the bytes
   * fetched ahead with ReadPath's metadata read (AsyncBatchedStorage.peek), verified and opened
   * as loadMetas does; on the shared levels, ReadPath's metadata with the slots ReadPath is
   * about to spend marked invalid. The dummies are drawn here from the same generator and in
   * the same order as EvictPath would draw them, and nothing draws in between (ReadPath has
   * drawn its dummies; the rest of the access draws nothing before EvictPath), so the trace and
   * every later draw are those of the unplanned access. EvictPath checks the plan against the
   * metadata it loads (takePlannedBucket) and fails closed on a difference. When a peeked
   * metadata is missing or does not verify, nothing is planned and EvictPath plans as usual.
   * Not with replication or a mirror (their recoveries read and draw more) nor with an avoided
   * channel, nor when whole buckets are read.
   */
  private planEvictionAhead(x: number): void {
    const L = this.L;
    const W = this.W;
    const io = this.io;
    const leafE = evictionLeaf(this.G, L);
    const shared = commonDepth(x, leafE, L);
    const metas = this.evictMeta;
    // ReadPath spends chosen[l] at every level: at the real's level that is the real's slot
    // (no replica to read it through here), so no other slot changes.
    for (let l = 0; l <= shared; l++) {
      const m = metas[l]!;
      m.copyFrom(this.pathMeta[l]!);
      m.valid[this.chosen[l]!] = 0;
    }
    const pb = io.begin(this.peekBatch, 'read');
    for (let l = shared + 1; l <= L; l++) {
      const b = onPath(leafE, l, L);
      const t = this.tree.trusted(b);
      if (t !== undefined) {
        metas[l]!.copyFrom(t);
        this.peekLoc[l] = -1;
      } else this.peekLoc[l] = io.addMeta(pb, b, 0, 'evict');
    }
    if (pb.count > 0 && !io.peek(pb)) return;
    // Verified as loadMetas will verify them again; not counted (silent): EvictPath's load is.
    const wasSilent = io.silent;
    io.silent = true;
    let verified = true;
    try {
      for (let l = shared + 1; l <= L && verified; l++) {
        const k = this.peekLoc[l]!;
        if (k < 0) continue;
        const b = onPath(leafE, l, L);
        const m = metas[l]!;
        copyBytes(m.stored, m.stored32, 0, pb.data, pb.data32, pb.offsets[k]!, this.metaBytes);
        verified = this.tree.checkMeta(b, m, metas[l - 1]!) && this.sealer.openMeta(b, m);
      }
    } finally {
      io.silent = wasSilent;
    }
    if (!verified) return;
    const plan = this.aheadPlan;
    const hints = io.begin(this.hintBatch, 'read');
    for (let l = 0; l <= L; l++) {
      const b = onPath(leafE, l, L);
      this.planBucket(b, metas[l]!, plan, l * W);
      for (let s = 0; s < W; s++) if (plan[l * W + s] !== 0) io.addSlot(hints, b, s, 'evict');
    }
    io.prefetch(hints);
    this.evictPlanned = true;
  }

  /**
   * EvictPath's plan for bucket b from planEvictionAhead, checked against the metadata m that
   * EvictPath loaded: the same live reals, and dummies that are valid, hold no real, and number
   * min(Z - reals, valid dummies) as planBucket draws them. A difference means the metadata
   * changed between the two loads, which an honest storage never does: fail closed.
   */
  private takePlannedBucket(b: number, m: BucketMeta, at: number): void {
    const W = this.W;
    const ahead = this.aheadPlan;
    const isReal = this.isReal;
    for (let s = 0; s < W; s++) isReal[s] = 0;
    let reals = 0;
    let ok = true;
    for (let i = 0; i < this.Z; i++) {
      if (m.addr[i] === EMPTY) continue;
      const slot = m.slot[i]!;
      isReal[slot] = 1;
      if (m.valid[slot] !== 1) continue;
      if (ahead[at + slot] !== REAL) ok = false;
      reals++;
    }
    let marked = 0;
    let dummies = 0;
    let candidates = 0;
    for (let s = 0; s < W; s++) {
      const code = ahead[at + s]!;
      const dummy = m.valid[s] === 1 && isReal[s] === 0;
      if (dummy) candidates++;
      if (code === REAL) marked++;
      else if (code === DUMMY) {
        if (!dummy) ok = false;
        dummies++;
      } else if (code !== 0) ok = false;
      this.plan[at + s] = code;
    }
    if (!ok || marked !== reals || dummies !== Math.min(this.Z - reals, candidates))
      throw new IntegrityError(
        b,
        'meta',
        'the eviction metadata differs from the copy its slot reads were planned from',
      );
  }

  /**
   * EarlyReshuffle on the read path: every bucket read S times since its last write is read
   * (Z slots) and rewritten. With an integrity tree the rewritten bucket's hash changes, so its
   * ancestors' metadata is rewritten too ('integrity' phase) unless the scheme keeps it.
   */
  private reshuffleLevels(x: number, evictLeaf: number): number {
    const L = this.L;
    const metas = this.pathMeta;
    if (evictLeaf >= 0) {
      const shared = commonDepth(x, evictLeaf, L);
      for (let l = 0; l <= shared; l++) metas[l]!.copyFrom(this.evictMeta[l]!);
    }
    let n = 0;
    for (let l = 0; l <= L; l++) {
      this.keepCounts[l] = -1;
      if (metas[l]!.count >= this.S) {
        this.ldBuckets[n] = onPath(x, l, L);
        this.ldMetas[n] = metas[l]!;
        this.ldParents[n] = l === 0 ? null : metas[l - 1]!;
        this.levelList[n++] = l;
      }
    }
    return n;
  }

  /** EarlyReshuffle of the n levels reshuffleLevels listed. */
  private *earlyReshuffle(x: number, n: number): Steps<void> {
    const L = this.L;
    const metas = this.pathMeta;
    const deepest = this.levelList[n - 1]!;
    yield* this.loadMetas(n, 'reshuffle');
    yield* this.readBuckets(x, metas, n, 'reshuffle', true);
    const wb = this.io.begin(this.writeBatch, 'write');
    const c = this.io.c;
    for (let l = deepest; l >= 0; l--) {
      const b = onPath(x, l, L);
      const m = metas[l]!;
      const parent = l === 0 ? null : metas[l - 1]!;
      const k = this.keepCounts[l]!;
      if (k >= 0) {
        c.earlyReshuffles++;
        this.writeBucket(wb, b, m, this.keepAddrs[l]!, k, 'reshuffle');
        this.storeMeta(wb, b, m, 'reshuffle', parent);
      } else if (this.scheme.childHashes) this.storeMeta(wb, b, m, 'integrity', parent);
    }
    if (wb.count > 0) {
      yield wb;
      this.checkWrites(wb);
    }
  }

  /** Writes the metadata the scheme kept since the last eviction (MUST's fold), deepest first. */
  private *fold(order: readonly number[]): Steps<void> {
    const wb = this.io.begin(this.writeBatch, 'write');
    for (const b of order) {
      const m = this.tree.trusted(b)!;
      this.sealer.sealMeta(b, m);
      this.tree.sealed(b, m, null);
      this.addMetaWrite(wb, b, m, 'evict');
    }
    this.tree.folded();
    yield wb;
    this.checkWrites(wb);
  }

  // ---------------------------------------------------------------- buckets

  /** Fills the load list with the whole path to `leaf` (parents are the level above). */
  private setPathLoad(leaf: number, metas: BucketMeta[]): void {
    for (let l = 0; l <= this.L; l++) {
      this.ldBuckets[l] = onPath(leaf, l, this.L);
      this.ldMetas[l] = metas[l]!;
      this.ldParents[l] = l === 0 ? null : metas[l - 1]!;
    }
  }

  /**
   * ReadBucket for the levels levelList[0 .. n) of the path to `leaf`, in one batch: exactly Z
   * slots per bucket (every live real, padded with random valid dummies) in ascending slot
   * order, the reals moved to the stash. With `keep`, their addresses are recorded so the same
   * blocks are written back (EarlyReshuffle); keepCounts[l] gets their number.
   */
  private *readBuckets(
    leaf: number,
    metas: BucketMeta[],
    n: number,
    phase: Phase,
    keep: boolean,
  ): Steps<void> {
    const L = this.L;
    const W = this.W;
    const io = this.io;
    const whole = this.scheme.readsWholeBucket;
    const planned = phase === 'evict' && this.evictPlanned;
    this.evictPlanned = false;
    const batch = io.begin(this.slotBatch, 'read');
    for (let j = 0; j < n; j++) {
      const l = this.levelList[j]!;
      const b = onPath(leaf, l, L);
      if (planned) this.takePlannedBucket(b, metas[l]!, l * W);
      else this.planBucket(b, metas[l]!, this.plan, l * W);
      this.planBase[l] = batch.count;
      for (let s = 0; s < W; s++) {
        const code = this.plan[l * W + s]!;
        if (whole) io.addSlot(batch, b, s, code !== 0 ? phase : 'integrity');
        else if (code !== 0) io.addSlot(batch, b, s, phase);
      }
    }
    yield batch;
    // The reals' bytes, fetched in parallel before they are opened one by one.
    for (let j = 0; j < n; j++) {
      const l = this.levelList[j]!;
      let k = this.planBase[l]!;
      for (let s = 0; s < W; s++) {
        const code = this.plan[l * W + s]!;
        if (code >= REAL) io.warm(batch, k);
        if (code !== 0 || whole) k++;
      }
    }
    if (this.suite.enabled) {
      // The keystream of every real this batch opens, in one cipher call.
      this.suite.prefetchBegin();
      for (let j = 0; j < n; j++) {
        const l = this.levelList[j]!;
        const b = onPath(leaf, l, L);
        for (let s = 0; s < W; s++)
          if (this.plan[l * W + s]! >= REAL) this.sealer.prefetchSlot(b, metas[l]!, s);
      }
      this.suite.prefetchRun();
    }
    const slots = this.slots;
    for (let j = 0; j < n; j++) {
      const l = this.levelList[j]!;
      const b = onPath(leaf, l, L);
      const m = metas[l]!;
      if (whole)
        this.checkWholeBucket(b, m, batch, this.planBase[l]!, l === 0 ? null : metas[l - 1]!);
      let k = this.planBase[l]!;
      let kept = 0;
      for (let s = 0; s < W; s++) {
        const code = this.plan[l * W + s]!;
        if (code === 0) {
          if (whole) k++;
          continue;
        }
        const loc = k++;
        if (code === DUMMY) {
          const f = batch.failures[loc];
          if (f !== undefined) slots.dummyFailed(f);
          continue;
        }
        const e = code === VIA_REPLICA ? m.findReplicaEntry(s) : m.findSlotEntry2(s);
        const addr = m.addr[e]!;
        this.checkFresh(b, m, e, this.positions.leaf[addr]!);
        const err = this.openReal(b, m, s, batch, loc);
        if (err === undefined) {
          if (code === VIA_REPLICA) io.c.replicaRecoveries++;
          this.stash.addFrom(addr, this.positions.leaf[addr]!, this.blockBuf, this.blockBuf32);
          if (keep) this.keepAddrs[l]![kept++] = addr;
          continue;
        }
        slots.bucketRealFailed(l, m, e, code === VIA_REPLICA, err);
      }
      this.keepCounts[l] = keep ? kept : -1;
    }
    // The other copies of reals whose read failed, in one more batch.
    if (slots.pending > 0) yield* slots.recoverBuckets(leaf, metas, phase);
  }

  /** Chooses the Z slots a bucket read reads into plan[at .. at + W). */
  private planBucket(b: number, m: BucketMeta, plan: Uint8Array, at: number): void {
    const W = this.W;
    const isReal = this.isReal;
    let reals = 0;
    let n = 0;
    if (W <= 32 && this.health.count === 0) {
      // The common case: the slots holding reals (or their replicas) as a bit mask, which
      // spares clearing and filling isReal. Same plan and candidates, in the same order.
      for (let s = 0; s < W; s++) plan[at + s] = 0;
      let real = 0;
      for (let i = 0; i < this.Z; i++) {
        if (m.addr[i] === EMPTY) continue;
        const slot = m.slot[i]!;
        real |= 1 << slot;
        if (m.valid[slot] !== 1) continue;
        if (this.slots.viaReplica(b, m, i)) {
          plan[at + m.replicaSlot[i]!] = VIA_REPLICA;
          real |= 1 << m.replicaSlot[i]!;
        } else plan[at + slot] = REAL;
        reals++;
      }
      for (let s = 0; s < W; s++)
        if (m.valid[s] === 1 && ((real >>> s) & 1) === 0) this.cand[n++] = s;
      this.padWithDummies(plan, at, reals, n);
      return;
    }
    // Loops, not fill(): W entries, and fill() is a call each.
    for (let s = 0; s < W; s++) {
      plan[at + s] = 0;
      isReal[s] = 0;
    }
    for (let i = 0; i < this.Z; i++) {
      if (m.addr[i] === EMPTY) continue;
      isReal[m.slot[i]!] = 1;
      if (m.valid[m.slot[i]!] !== 1) continue;
      if (this.slots.viaReplica(b, m, i)) {
        // Read this real through its replica, never its avoided primary.
        plan[at + m.replicaSlot[i]!] = VIA_REPLICA;
        isReal[m.replicaSlot[i]!] = 1;
      } else plan[at + m.slot[i]!] = REAL;
      reals++;
    }
    const avoiding = this.health.count > 0;
    for (let s = 0; s < W; s++) {
      if (m.valid[s] === 1 && isReal[s] === 0 && !(avoiding && this.health.isAvoided(b, s)))
        this.cand[n++] = s;
    }
    if (avoiding && n < this.Z - reals) {
      // Not enough dummies on trusted channels: pad with avoided ones (their reads may fail).
      for (let s = 0; s < W; s++) {
        if (m.valid[s] === 1 && isReal[s] === 0 && this.health.isAvoided(b, s)) this.cand[n++] = s;
      }
    }
    this.padWithDummies(plan, at, reals, n);
  }

  /** Marks Z - reals of the n candidates cand[0 .. n) as dummies, uniformly (partial shuffle). */
  private padWithDummies(plan: Uint8Array, at: number, reals: number, n: number): void {
    let pad = this.Z - reals;
    if (pad > n) pad = n;
    for (let k = 0; k < pad; k++) {
      const j = this.rng.int(k, n - 1);
      const t = this.cand[j]!;
      this.cand[j] = this.cand[k]!;
      this.cand[k] = t;
      plan[at + t] = DUMMY;
    }
  }

  /**
   * WriteBucket: a fresh nonce generation, a fresh random permutation, the given stash blocks
   * sealed into random slots (and their replicas), keystream dummies everywhere else, count 0,
   * all slots valid. Slots go out in index order, so reals and dummies look alike in the trace.
   */
  private writeBucket(
    wb: PlannedBatch,
    b: number,
    m: BucketMeta,
    addrs: Uint32Array,
    k: number,
    phase: Phase,
  ): void {
    const W = this.W;
    const ko = this.sealer.reserveBucket(b, m);
    m.count = 0;
    // Loops, not fill(): these arrays have a few entries and fill() is a call each.
    const valid = m.valid;
    const perm = this.perm;
    const role = this.role;
    for (let i = 0; i < W; i++) {
      valid[i] = 1;
      perm[i] = i;
      role[i] = 0;
    }
    for (let i = 0; i < this.Z; i++) {
      m.addr[i] = EMPTY;
      m.leaf[i] = 0;
      m.slot[i] = 0;
    }
    if (m.tags.length > 0) m.tags.fill(0);
    for (let i = 0; i < k; i++) {
      const j = this.rng.int(i, W - 1);
      const t = perm[j]!;
      perm[j] = perm[i]!;
      perm[i] = t;
    }
    const st = this.stash;
    for (let i = 0; i < k; i++) {
      m.addr[i] = addrs[i]!;
      m.leaf[i] = st.leaf[st.find(addrs[i]!)]!;
      m.slot[i] = perm[i]!;
    }
    // What each slot holds: entry i + 1 for a real, -(i + 1) for entry i's replica, 0 dummy.
    for (let i = 0; i < k; i++) role[m.slot[i]!] = i + 1;
    this.slots.placeReplicas(b, m, k, role);
    const sb = this.slotBytes;
    const sealed = this.sealer.sealed(b);
    const io = this.io;
    const bs = this.blockSize;
    const first = wb.count;
    if (!sealed) {
      // Unsealed: zero every slot, in one native fill when the W locations are one run of
      // bytes (always, for the in-memory storage and word-sized slots), then the reals over it.
      for (let s = 0; s < W; s++) io.addSlot(wb, b, s, phase);
      const o0 = wb.offsets[first]!;
      if (wb.offsets[first + W - 1]! === o0 + (W - 1) * sb) wb.data.fill(0, o0, o0 + W * sb);
      else for (let s = 0; s < W; s++) zeroBytes(wb.data, wb.data32, wb.offsets[first + s]!, sb);
    }
    for (let s = 0; s < W; s++) {
      const loc = sealed ? io.addSlot(wb, b, s, phase) : first + s;
      const off = wb.offsets[loc]!;
      const r = role[s]!;
      if (r !== 0) {
        // A replica is sealed exactly like a real block in its slot: same size, own pad.
        const si = st.find(addrs[(r > 0 ? r : -r) - 1]!);
        this.sealer.sealSlot(b, m, s, st.data, st.data32, si * bs, wb.data, wb.data32, off, ko, sb);
        if (r < 0 && !io.silent) io.c.replicaWrites++;
      } else if (sealed) this.sealer.dummyInto(ko, s, wb.data, wb.data32, off, sb);
      if (this.scheme.readsWholeBucket) {
        const sd = m.slotData;
        for (let j = 0, o = s * sb; j < sb; j++) sd[o + j] = wb.data[off + j]!;
      }
    }
    for (let i = 0; i < k; i++) st.remove(st.find(addrs[i]!));
  }

  /** Seals bucket b's metadata into the write batch, unless the scheme keeps it (MUST). */
  private storeMeta(
    wb: PlannedBatch,
    b: number,
    m: BucketMeta,
    phase: Phase,
    parent: BucketMeta | null,
  ): void {
    if (!this.tree.store(b, m)) return;
    this.sealer.sealMeta(b, m);
    this.tree.sealed(b, m, parent);
    this.addMetaWrite(wb, b, m, phase);
  }

  /** Adds a metadata write: both copies when mirrored (cached levels have no mirror). */
  private addMetaWrite(wb: PlannedBatch, b: number, m: BucketMeta, phase: Phase): void {
    const io = this.io;
    const copies = this.metas.copies(b);
    const n = this.metaBytes;
    for (let copy = 0; copy < copies; copy++) {
      const loc = io.addMeta(wb, b, copy as 0 | 1, phase);
      copyBytes(wb.data, wb.data32, wb.offsets[loc]!, m.stored, m.stored32, 0, n);
    }
  }

  /** After a write batch: a failed location may be tolerated by replication or the mirror. */
  private checkWrites(wb: PlannedBatch): void {
    if (wb.failed === 0) return;
    for (let i = 0; i < wb.count; i++) {
      const f = wb.failures[i];
      if (f === undefined) continue;
      if (wb.slots[i] !== META_SLOT) this.slots.writeFailed(f);
      else this.metas.writeFailed(wb, i, f);
    }
  }

  // ---------------------------------------------------------------- metadata

  /**
   * Loads and verifies the metadata of ldBuckets[0 .. n) into ldMetas, in one batch; entries
   * go from the root down, so a parent is verified before its child. A trusted copy (MUST)
   * is used without a read. With a mirror, a failed or unreadable copy falls back to the other
   * copy (one more batch for that bucket) and copy 0 is repaired.
   */
  private *loadMetas(n: number, phase: Phase): Steps<void> {
    const io = this.io;
    const batch = io.begin(this.metaBatch, 'read');
    const loc = this.ldLoc;
    for (let i = 0; i < n; i++) {
      const b = this.ldBuckets[i]!;
      const t = this.tree.trusted(b);
      if (t !== undefined) {
        const m = this.ldMetas[i]!;
        if (t !== m) m.copyFrom(t);
        loc[i] = -1;
        continue;
      }
      loc[i] = io.addMeta(batch, b, this.metas.firstCopy(b), phase);
    }
    if (batch.count === 0) return;
    yield batch;
    for (let k = 0; k < batch.count; k++) io.warm(batch, k);
    if (this.suite.enabled) {
      // The keystream of every metadata block this batch opens, in one cipher call.
      this.suite.prefetchBegin();
      for (let k = 0; k < batch.count; k++) {
        if (batch.failures[k] === undefined)
          this.sealer.prefetchMeta(batch.buckets[k]!, batch.data, batch.offsets[k]!);
      }
      this.suite.prefetchRun();
    }
    const metas = this.metas;
    metas.beginLoad();
    for (let i = 0; i < n; i++) {
      const k = loc[i]!;
      if (k < 0) continue;
      const b = this.ldBuckets[i]!;
      const m = this.ldMetas[i]!;
      const parent = this.ldParents[i]!;
      let copy = batch.copies[k] as 0 | 1;
      const failure = this.takeMeta(batch, k, b, m, parent);
      if (failure !== undefined) copy = yield* metas.fallback(b, m, parent, failure, copy, phase);
      if (!this.auditing) {
        metas.loaded(b, m, copy);
        this.tree.loaded(b, m);
      }
    }
    if (metas.repairs > 0) yield* metas.flushRepairs();
  }

  /** Copies location k into m.stored and verifies it; returns the failure, if any. */
  private takeMeta(
    batch: PlannedBatch,
    k: number,
    b: number,
    m: BucketMeta,
    parent: BucketMeta | null,
  ): Error | undefined {
    const f = batch.failures[k];
    if (f !== undefined) {
      if (f instanceof UnreadableLocationError) return f;
      throw f;
    }
    copyBytes(m.stored, m.stored32, 0, batch.data, batch.data32, batch.offsets[k]!, this.metaBytes);
    if (this.tree.checkMeta(b, m, parent) && this.sealer.openMeta(b, m)) return undefined;
    return new IntegrityError(b, 'meta', 'metadata MAC, format or tree hash does not verify');
  }

  /** Merkle baseline: every slot of each bucket read is in the batch; checks the bucket hashes. */
  private checkWholeBuckets(
    leaf: number,
    metas: BucketMeta[],
    batch: PlannedBatch,
    n: number,
    list: Int32Array | null,
  ): void {
    for (let j = 0; j < n; j++) {
      const l = list === null ? j : list[j]!;
      const b = onPath(leaf, l, this.L);
      this.checkWholeBucket(b, metas[l]!, batch, this.planBase[l]!, l === 0 ? null : metas[l - 1]!);
    }
  }

  private checkWholeBucket(
    b: number,
    m: BucketMeta,
    batch: PlannedBatch,
    base: number,
    parent: BucketMeta | null,
  ): void {
    const sb = this.slotBytes;
    const sd = m.slotData;
    for (let s = 0; s < this.W; s++) {
      const f = batch.failures[base + s];
      if (f !== undefined) throw f;
      const off = batch.offsets[base + s]!;
      for (let j = 0, o = s * sb; j < sb; j++) sd[o + j] = batch.data[off + j]!;
    }
    if (!this.tree.checkBucket(b, m, parent)) {
      throw new IntegrityError(b, 'meta', 'bucket hash does not match the Merkle tree');
    }
  }

  // ---------------------------------------------------------------- reals, dummies, recovery

  /**
   * Opens slot s (the real of entry e, or its replica) from location k of a batch into
   * blockBuf. Returns the failure (unreadable location, MAC) instead of throwing it, so the
   * caller can apply the fallback rules; any other error is thrown.
   */
  private openReal(
    b: number,
    m: BucketMeta,
    s: number,
    batch: PlannedBatch,
    k: number,
  ): Error | undefined {
    const f = batch.failures[k];
    if (f !== undefined) return f;
    try {
      this.sealer.openSlot(
        b,
        m,
        s,
        batch.data,
        batch.data32,
        batch.offsets[k]!,
        this.blockBuf,
        this.blockBuf32,
        0,
      );
      return undefined;
    } catch (e) {
      if (e instanceof IntegrityError) return e;
      throw e;
    }
  }

  /**
   * A real entry must name a block the client wrote, on the leaf the client holds for it, and
   * not already in the stash: otherwise it is an older copy brought back by a replay (which
   * integrity 'none' cannot refuse at the metadata) or a corrupted entry.
   */
  private checkFresh(b: number, m: BucketMeta, e: number, leaf: number): void {
    const addr = m.addr[e]!;
    if (
      addr >= this.capacity ||
      this.positions.written[addr] !== 1 ||
      m.leaf[e] !== leaf ||
      this.stash.find(addr) >= 0
    ) {
      throw new IntegrityError(
        b,
        m.slot[e]!,
        `stale or impossible entry for block ${addr} (replayed or corrupted bucket)`,
      );
    }
  }

  /** ReadPath's dummy: a uniformly random valid one (off avoided channels when possible). */
  private randomValidDummy(b: number, m: BucketMeta): number {
    const n = this.dummies.collect(b, m);
    if (n === 0)
      throw new Error('internal error: no valid dummy left in a bucket (count exceeded S)');
    return this.strategies.chooseDummy(this.dummies.cand, n);
  }

  /** Puts the block in blockBuf into the stash as addr; keeps it for level l's rewrite. */
  private recovered(l: number, addr: number): void {
    this.stash.addFrom(addr, this.positions.leaf[addr]!, this.blockBuf, this.blockBuf32);
    if (l >= 0 && this.keepCounts[l]! >= 0) this.keepAddrs[l]![this.keepCounts[l]!++] = addr;
  }

  // ---------------------------------------------------------------- init, audit, inspect, state

  protected *initSteps(): Steps<void> {
    const io = this.io;
    io.silent = true;
    try {
      const m = this.auxMeta;
      const H = HASH_BYTES;
      const hashes = this.scheme.childHashes ? new Uint8Array(this.bucketCount * H) : undefined;
      // Several buckets per batch, so a remote store is filled in few round trips.
      const perBatch = Math.max(1, this.L + 1);
      let wb = io.begin(this.writeBatch, 'write');
      let inBatch = 0;
      const empty = this.keepAddrs[0]!;
      for (let b = this.bucketCount - 1; b >= 0; b--) {
        m.childHash.fill(0);
        if (hashes !== undefined && 2 * b + 2 < this.bucketCount) {
          m.childHash.set(hashes.subarray((2 * b + 1) * H, (2 * b + 3) * H), 0);
        }
        this.writeBucket(wb, b, m, empty, 0, 'evict');
        this.sealer.sealMeta(b, m);
        if (hashes !== undefined) this.hashBucket(m, hashes, b * H);
        this.addMetaWrite(wb, b, m, 'evict');
        if (++inBatch === perBatch || b === 0) {
          yield wb;
          this.checkWrites(wb);
          wb = io.begin(this.writeBatch, 'write');
          inBatch = 0;
        }
      }
      if (hashes !== undefined) this.tree.root.set(hashes.subarray(0, H));
    } finally {
      io.silent = false;
    }
  }

  private hashBucket(m: BucketMeta, out: Uint8Array, off: number): void {
    if (this.scheme.readsWholeBucket) {
      this.hashIn.set(m.stored, 0);
      this.hashIn.set(m.slotData, this.metaBytes);
      treeHash(this.hashIn, out, off);
    } else treeHash(m.stored, out, off);
  }

  /**
   * Reads and verifies every stored byte the client can check; never writes (no fold, no
   * mirror repair): under MUST the trusted copy of a bucket updated since the last fold is
   * what is checked, as every access does.
   */
  protected *auditSteps(): Steps<void> {
    this.auditing = true;
    try {
      yield* this.auditTree();
    } finally {
      this.auditing = false;
    }
  }

  private *auditTree(): Steps<void> {
    const H = HASH_BYTES;
    const m = this.auxMeta;
    const expected = new Uint8Array(this.bucketCount * H);
    expected.set(this.tree.root, 0);
    const holder = this.holder;
    const sb = this.slotBytes;
    const io = this.io;
    const W = this.W;
    for (let b = 0; b < this.bucketCount; b++) {
      // The parent's expected child hash is staged in a holder (checkMeta reads childHash).
      holder.childHash.set(expected.subarray(b * H, (b + 1) * H), (b & 1) === 1 ? 0 : H);
      this.ldBuckets[0] = b;
      this.ldMetas[0] = m;
      this.ldParents[0] = b === 0 ? null : holder;
      yield* this.loadMetas(1, 'integrity');
      if (this.metas.mirrored(b) && this.tree.trusted(b) === undefined)
        yield* this.metas.auditCopy(b, m);
      if (2 * b + 2 < this.bucketCount) {
        expected.set(m.childHash.subarray(0, 2 * H), (2 * b + 1) * H);
      }
      const batch = io.begin(this.slotBatch, 'read');
      for (let s = 0; s < W; s++) io.addSlot(batch, b, s, 'integrity');
      yield batch;
      if (this.scheme.readsWholeBucket)
        this.checkWholeBucket(b, m, batch, 0, b === 0 ? null : holder);
      this.sealer.generationKeystream(b, m, this.dummyBuf);
      for (let s = 0; s < W; s++) {
        const f = batch.failures[s];
        if (f !== undefined) throw f;
        const off = batch.offsets[s]!;
        if (m.findSlotEntry2(s) >= 0 || (this.replication && m.findReplicaEntry(s) >= 0)) {
          this.sealer.openSlot(
            b,
            m,
            s,
            batch.data,
            batch.data32,
            off,
            this.blockBuf,
            this.blockBuf32,
            0,
          );
        } else if (!equalBytes(batch.data, off, this.dummyBuf, s * this.sealer.stride, sb)) {
          throw new IntegrityError(b, s, 'dummy slot does not match its keystream');
        }
      }
    }
  }

  protected *inspectSteps(): Steps<OramInspection> {
    const io = this.io;
    const prevSilent = io.silent;
    const saved = saveCipherCounters(this.suite);
    io.silent = true;
    let blocksInTree = 0;
    let maxReals = 0;
    let maxCount = 0;
    const m = this.auxMeta;
    try {
      for (let b = 0; b < this.bucketCount; b++) {
        const t = this.tree.trusted(b);
        if (t !== undefined) m.copyFrom(t);
        else {
          const mb = io.begin(this.metaBatch, 'read');
          const k = io.addMeta(mb, b, 0, 'integrity');
          yield mb;
          const f = mb.failures[k];
          if (f !== undefined) throw f;
          m.stored.set(mb.data.subarray(mb.offsets[k]!, mb.offsets[k]! + this.metaBytes));
          if (!this.sealer.openMeta(b, m))
            throw new IntegrityError(b, 'meta', 'metadata does not open');
        }
        const live = m.liveCount();
        blocksInTree += live;
        if (live > maxReals) maxReals = live;
        if (m.count > maxCount) maxCount = m.count;
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
      maxBucketCount: maxCount,
    };
  }

  protected *exportSteps(): Steps<Uint8Array> {
    const order = this.tree.foldOrder();
    if (order.length > 0) yield* this.fold(order);
    const st = this.stash;
    const cfg = this.cfg;
    const header = {
      kind: 'ring',
      capacity: this.capacity,
      blockSize: this.blockSize,
      levels: this.L,
      Z: this.Z,
      S: this.S,
      A: this.A,
      treeTopLevels: this.treeTopLevels,
      integrity: this.integrity,
      xorTrick: this.xorTrick,
      mirrorMetadata: this.mirrorMetadata,
      replication: this.replication,
      channels: cfg.channels,
      round: this.round,
      G: this.G,
      nonceLo: this.suite.nonces.lo,
      writtenCount: this.positions.writtenCount,
      stashSize: st.size,
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
        rootHash: this.tree.root,
        top: this.readTop(),
      },
      this.secrets,
    );
  }

  /** The cached top levels (client memory): every slot then the metadata of each bucket. */
  private readTop(): Uint8Array {
    const top = new Uint8Array(this.topBuckets * (this.W * this.slotBytes + this.metaBytes));
    const t = this.io.top;
    let o = 0;
    for (let b = 0; b < this.topBuckets; b++) {
      for (let s = 0; s < this.W; s++, o += this.slotBytes)
        t!.readSlot(b, s, top.subarray(o, o + this.slotBytes));
      t!.readMeta(b, top.subarray(o, o + this.metaBytes));
      o += this.metaBytes;
    }
    return top;
  }

  private restore(state: Uint8Array): void {
    const cfg = this.cfg;
    const unpacked = unpackState(this.suite, state);
    const { header } = unpacked;
    if (header.kind !== 'ring')
      throw new TypeError(`state is for a ${String(header.kind)} ORAM, not a ring ORAM`);
    for (const k of [
      'capacity',
      'blockSize',
      'levels',
      'Z',
      'S',
      'A',
      'treeTopLevels',
      'integrity',
      'xorTrick',
      'mirrorMetadata',
      'replication',
      'channels',
    ] as const) {
      if (header[k] !== cfg[k]) {
        throw new RangeError(
          `${k} must match the saved state (${String(header[k])}), got ${String(cfg[k])}`,
        );
      }
    }
    this.positions.leaf.set(bytesU32(section(unpacked, 'pos', 4 * this.capacity)));
    this.positions.written.set(section(unpacked, 'written', this.capacity));
    const addrs = bytesU32(section(unpacked, 'stashAddr'));
    const leaves = bytesU32(section(unpacked, 'stashLeaf'));
    const data = section(unpacked, 'stashData');
    for (let i = 0; i < addrs.length; i++)
      this.stash.add(addrs[i]!, leaves[i]!, data, i * this.blockSize);
    this.tree.root.set(section(unpacked, 'rootHash'));
    const top = section(unpacked, 'top');
    const t = this.io.top;
    let o = 0;
    for (let b = 0; b < this.topBuckets; b++) {
      for (let s = 0; s < this.W; s++, o += this.slotBytes)
        t!.writeSlot(b, s, top.subarray(o, o + this.slotBytes));
      t!.writeMeta(b, top.subarray(o, o + this.metaBytes));
      o += this.metaBytes;
    }
    this.round = header.round as number;
    this.G = header.G as number;
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
