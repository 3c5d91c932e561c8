import {
  BucketMeta,
  decodeMeta,
  EMPTY_ADDR,
  encodeMeta,
  type MetaLayout,
  metaLayout,
  NO_REPLICA,
} from './bucketMeta.js';
import { channelOf, levelOfBucket } from './channels.js';
import { checkOptions, RING_OPTION_NAMES } from './checkOptions.js';
import {
  CipherSuite,
  createChecksumSuite,
  createCipherSuite,
  equalBytes,
  HEAD_META,
  KIND_META,
  KIND_SLOT,
  restoreCipherCounters,
  saveCipherCounters,
  treeHash,
} from './crypto/cipherSuite.js';
import { DataLossError } from './dataLossError.js';
import { IntegrityError } from './integrityError.js';
import {
  type CommonOramOptions,
  checkAddr,
  checkData,
  checkInt,
  type IntegrityMode,
  type Oram,
  type OramCounters,
  type OramInspection,
  zeroCounters,
} from './oram.js';
import { FailureLatch } from './oramFailedError.js';
import {
  DEFAULT_CHANNELS,
  DEFAULT_RING_PARAMETERS,
  defaultLevels,
  HASH_BYTES,
  KEY_BYTES,
  MAX_BLOCK_SIZE,
  MAX_CAPACITY,
  MAX_LEVELS,
  MAX_RECOVERED_MAC_FAILURES,
  META_CACHE_LEVELS,
  META_FORMAT_VERSION,
  RING_PARAMETER_SETS,
  type RingParameterSetName,
  type RingParameters,
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
  ChannelFailedError,
  createMemoryStorage,
  type OramStorage,
  type StorageShape,
  UnreadableLocationError,
  validateStorageShape,
} from './storage.js';
import type { Observer, TraceEvent } from './trace.js';
import { bitReverse, bucketOnPath, commonDepth } from './treeGeometry.js';

export interface RingOramOptions extends CommonOramOptions {
  /** Real slots per bucket, integer in [1, 4096]; default from parameterSet. */
  Z?: number;
  /** Dummy slots per bucket, integer in [A, 4096]; default from parameterSet. */
  S?: number;
  /** Evict one path every A accesses, integer in [1, S]; default from parameterSet. */
  A?: number;
  /** Named (Z, S, A); default 'teaching'. Explicit Z/S/A override it. */
  parameterSet?: RingParameterSetName;
  /** Ring ORAM's XOR trick: ReadPath transfers one block (the XOR of the L+1 read slots). */
  xorTrick?: boolean;
  /** Integrity mode (needs encryption unless 'none'); default 'none'. */
  integrity?: IntegrityMode;
  /** Write every metadata block to two channels (IRO mirrored channel); default false. */
  mirrorMetadata?: boolean;
  /**
   * Secure Replication (IRO; mechanism ours): every real block also gets a sealed replica in a
   * dummy slot of its bucket on another memory channel; reads fall back to it when the
   * primary's channel is dead or its MAC fails. Needs S >= Z and channels >= 2; default false.
   */
  replication?: boolean;
  /** Memory channels C for the channel mapping (channelOf); integer in [1, 64], default 2. */
  channels?: number;
}

/**
 * Deliberately broken variants, only so the security tests can show they fail: 'reuseLeaf'
 * never remaps a block's leaf; 'firstDummy' reads the lowest valid dummy instead of a
 * uniformly random one. Not on the public options type and not reachable from the package's
 * entry points: only `src/insecureRingOram.ts` (imported by tests) can select one.
 */
export type InsecureVariant = 'reuseLeaf' | 'firstDummy';

export interface RingOram extends Oram {
  readonly kind: 'ring';
  readonly parameters: Readonly<RingParameters>;
  readonly integrity: IntegrityMode;
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

const INTEGRITY_MODES: readonly IntegrityMode[] = ['none', 'merkle', 'rit', 'rit+must'];
const META_HEADER = 4;

interface RingConfig {
  capacity: number;
  blockSize: number;
  levels: number;
  Z: number;
  S: number;
  A: number;
  treeTopLevels: number;
  encrypt: boolean;
  integrity: IntegrityMode;
  xorTrick: boolean;
  mirrorMetadata: boolean;
  replication: boolean;
  channels: number;
}

function resolveConfig(o: RingOramOptions): RingConfig {
  checkOptions(o, RING_OPTION_NAMES, 'createRingOram');
  const capacity = checkInt('capacity', o.capacity, 1, MAX_CAPACITY);
  const blockSize = checkInt('blockSize', o.blockSize, 1, MAX_BLOCK_SIZE);
  let base: RingParameters = DEFAULT_RING_PARAMETERS;
  if (o.parameterSet !== undefined) {
    // Own names only: '__proto__' or 'toString' must not pick up Object.prototype.
    const name = o.parameterSet as string;
    const set = Object.hasOwn(RING_PARAMETER_SETS, name)
      ? (RING_PARAMETER_SETS as Record<string, RingParameters>)[name]
      : undefined;
    if (set === undefined) {
      throw new RangeError(
        `parameterSet must be one of ${Object.keys(RING_PARAMETER_SETS).join(', ')}, got ${String(o.parameterSet)}`,
      );
    }
    base = set;
  }
  const Z = checkInt('Z', o.Z ?? base.Z, 1, 4096);
  const S = checkInt('S', o.S ?? base.S, 1, 4096);
  const A = checkInt('A', o.A ?? base.A, 1, 4096);
  if (S < A)
    throw new RangeError(
      `S must be >= A (${A}) so a bucket is not reshuffled more often than evicted, got ${S}`,
    );
  if (Z + S > 65535) throw new RangeError(`Z + S must be at most 65535, got ${Z + S}`);
  const levels = checkInt('levels', o.levels ?? defaultLevels(capacity, Z), 1, MAX_LEVELS);
  if (capacity > Z * 2 ** levels) {
    throw new RangeError(
      `capacity must be at most Z * 2^levels = ${Z * 2 ** levels} for this tree, got ${capacity}`,
    );
  }
  const treeTopLevels = checkInt('treeTopLevels', o.treeTopLevels ?? 0, 0, levels);
  const encrypt = o.encrypt ?? true;
  if (typeof encrypt !== 'boolean')
    throw new TypeError(`encrypt must be a boolean, got ${typeof encrypt}`);
  const integrity = o.integrity ?? 'none';
  if (!INTEGRITY_MODES.includes(integrity)) {
    throw new RangeError(
      `integrity must be one of ${INTEGRITY_MODES.join(', ')}, got ${String(integrity)}`,
    );
  }
  if (integrity !== 'none' && !encrypt) {
    throw new RangeError(`integrity '${integrity}' needs encrypt: true (MACs are keyed)`);
  }
  const xorTrick = o.xorTrick ?? false;
  if (typeof xorTrick !== 'boolean')
    throw new TypeError(`xorTrick must be a boolean, got ${typeof xorTrick}`);
  const mirrorMetadata = o.mirrorMetadata ?? false;
  if (typeof mirrorMetadata !== 'boolean') {
    throw new TypeError(`mirrorMetadata must be a boolean, got ${typeof mirrorMetadata}`);
  }
  const replication = o.replication ?? false;
  if (typeof replication !== 'boolean') {
    throw new TypeError(`replication must be a boolean, got ${typeof replication}`);
  }
  const channels = checkInt('channels', o.channels ?? DEFAULT_CHANNELS, 1, 64);
  if (replication) {
    if (channels < 2)
      throw new RangeError(`channels must be >= 2 for replication, got ${channels}`);
    if (S < Z) {
      throw new RangeError(
        `S must be >= Z (${Z}) for replication, so every real block has a dummy slot for its replica, got ${S}`,
      );
    }
    if (xorTrick) {
      throw new RangeError(
        'xorTrick cannot be combined with replication: a replica read as a dummy cannot be recomputed by the client',
      );
    }
    if (integrity === 'merkle') {
      throw new RangeError(
        "integrity 'merkle' hashes whole buckets and cannot skip a dead channel; use 'rit' or 'rit+must' with replication",
      );
    }
  }
  return {
    replication,
    channels,
    capacity,
    blockSize,
    levels,
    Z,
    S,
    A,
    treeTopLevels,
    encrypt,
    integrity,
    xorTrick,
    mirrorMetadata,
  };
}

/** Creates a Ring ORAM (Ren et al. 2015) over untrusted storage. */
export function createRingOram(options: RingOramOptions): RingOram {
  return new RingOramImpl(options, undefined);
}

/** @internal For src/insecureRingOram.ts only (not re-exported by index.ts or node.ts). */
export function createRingOramWithVariant(
  options: RingOramOptions,
  variant: InsecureVariant,
): RingOram {
  return new RingOramImpl(options, variant);
}

class RingOramImpl implements RingOram {
  readonly kind = 'ring' as const;
  readonly capacity: number;
  readonly blockSize: number;
  readonly levels: number;
  readonly bucketCount: number;
  readonly parameters: Readonly<RingParameters>;
  readonly integrity: IntegrityMode;
  readonly storage: OramStorage;
  readonly treeTopLevels: number;
  readonly xorTrick: boolean;
  readonly mirrorMetadata: boolean;
  readonly replication: boolean;
  readonly channels: number;
  readonly slotBytes: number;
  readonly metaBytes: number;

  private readonly Z: number;
  private readonly S: number;
  private readonly A: number;
  private readonly W: number;
  private readonly L: number;
  private readonly leaves: number;
  private readonly topBuckets: number;
  private readonly top: OramStorage | undefined;
  private readonly layout: MetaLayout;
  private readonly suite: CipherSuite;
  private readonly rng: RandomSource;
  /** Key, nonce session prefixes and state nonces: secretStream(rng). */
  private readonly secrets: RandomSource;
  private readonly observer: Observer | undefined;
  private readonly tree: boolean;
  private readonly merkle: boolean;
  private readonly must: boolean;
  private readonly tagsInMeta: boolean;
  private readonly modeCode: number;

  private readonly pos: Uint32Array;
  private readonly written: Uint8Array;
  private writtenCount = 0;
  private readonly stash: Stash;
  private round = 0;
  private G = 0;
  private readonly rootHash = new Uint8Array(HASH_BYTES);
  private c: OramCounters = zeroCounters();
  private silent = false;
  /** During audit() verified metadata is not copied into MUST's trusted state. */
  private auditing = false;
  private readonly insecure: InsecureVariant | undefined;

  /** Metadata decryption cache (see META_CACHE_LEVELS): last sealed bytes and plaintext. */
  private readonly cacheBuckets: number;
  private readonly cacheStored: Uint8Array;
  private readonly cachePlain: Uint8Array;
  private readonly cacheValid: Uint8Array;

  private readonly pathMeta: BucketMeta[];
  private readonly evictMeta: BucketMeta[];
  private readonly auxMeta: BucketMeta;
  /** MUST: trusted copies of metadata updated since the last fold (the minimal updated subtree). */
  private readonly trusted = new Map<number, BucketMeta>();
  private readonly metaPool: BucketMeta[] = [];

  private readonly plain: Uint8Array;
  private readonly plainView: DataView;
  /** Bytes of a slot's keystream region: the block, then its tag pad (16). */
  private readonly stride: number;
  /** Keystream positions of one bucket write (all W slot regions) and of one metadata seal. */
  private readonly genBlocks: number;
  private readonly metaBlocks: number;
  private readonly slotKs: Uint8Array;
  /** The whole keystream of one write generation (hi, lo), reused while it is the same one. */
  private readonly genKs: Uint8Array;
  private genKsHi = -1;
  private genKsLo = -1;
  /**
   * Channels the client no longer reads when it has a choice (dead, or caught lying by a MAC):
   * recovery then reads the replica or mirror INSTEAD of the avoided location, so every
   * ReadPath still reads one slot per bucket and the trace keeps its shape (README).
   */
  private readonly avoided: Uint8Array;
  private avoidedCount = 0;
  /** MAC failures recovered from a replica or mirror in this session (bounded). */
  private readonly macFailures: string[] = [];
  /** The extra slot readReal read after a failed primary, or -1. */
  private extraRead = -1;
  private readonly slotBuf: Uint8Array;
  private readonly sealedBuf: Uint8Array;
  private readonly blockBuf: Uint8Array;
  private readonly dummyBuf: Uint8Array;
  private readonly xorAcc: Uint8Array;
  private readonly hashIn: Uint8Array;
  private readonly perm: Uint16Array;
  private readonly cand: Uint16Array;
  private readonly isReal: Uint8Array;
  private readonly chosen: Uint8Array;
  private readonly levelAddrs: Uint32Array[];
  private readonly levelCounts: Int32Array;
  private readonly xorChosen: Int32Array;
  private readonly replicaOwner: Int16Array;
  private readonly slotRole: Int32Array;
  private readonly zeroSlot: Uint8Array;
  private readonly replicaSeen: Uint8Array;
  private readonly replicaHome: Int32Array;
  private readonly pool: number[] = [];
  private readonly depthHead: Int32Array;
  private depthNext: Int32Array;

  constructor(options: RingOramOptions, insecure: InsecureVariant | undefined) {
    checkOptions(options, RING_OPTION_NAMES, 'createRingOram');
    const state = options.state;
    const cfg = resolveConfig(options);
    this.capacity = cfg.capacity;
    this.blockSize = cfg.blockSize;
    this.Z = cfg.Z;
    this.S = cfg.S;
    this.A = cfg.A;
    this.W = cfg.Z + cfg.S;
    this.L = cfg.levels;
    this.levels = cfg.levels;
    this.leaves = 2 ** cfg.levels;
    this.bucketCount = 2 ** (cfg.levels + 1) - 1;
    this.parameters = Object.freeze({ Z: cfg.Z, S: cfg.S, A: cfg.A });
    this.integrity = cfg.integrity;
    this.treeTopLevels = cfg.treeTopLevels;
    this.xorTrick = cfg.xorTrick;
    this.mirrorMetadata = cfg.mirrorMetadata;
    this.replication = cfg.replication;
    this.channels = cfg.channels;
    this.tree = cfg.integrity !== 'none';
    this.merkle = cfg.integrity === 'merkle';
    this.must = cfg.integrity === 'rit+must';
    this.tagsInMeta = cfg.integrity === 'rit' || cfg.integrity === 'rit+must';
    this.modeCode = INTEGRITY_MODES.indexOf(cfg.integrity) | (cfg.encrypt ? 0x10 : 0);

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
    // Without a key, copies that a fallback may pick (replicas, the metadata mirror) still carry
    // a checksum, so a faulty one is detected instead of returned (createChecksumSuite).
    const checksum = !cfg.encrypt && (cfg.replication || cfg.mirrorMetadata);
    const tagged = cfg.encrypt || checksum;
    const tagBytes = tagged ? TAG_BYTES : 0;
    this.stride = cfg.blockSize + TAG_BYTES;
    this.genBlocks = Math.ceil(((cfg.Z + cfg.S) * this.stride) / 64);
    this.slotBytes = cfg.blockSize + (this.tagsInMeta ? 0 : tagBytes);
    this.layout = metaLayout(cfg.Z, cfg.S, {
      tree: this.tree,
      tagsInMeta: this.tagsInMeta,
      replicaEntries: cfg.replication ? cfg.Z : 0,
    });
    this.metaBytes =
      META_HEADER + (tagged ? 8 + this.layout.plainBytes + TAG_BYTES : this.layout.plainBytes);
    this.metaBlocks = CipherSuite.blocksFor(this.layout.plainBytes);
    // The reservoir holds about one eviction path of keystream (see nonceAllocator.ts).
    const reservoir = (cfg.levels + 1) * (this.genBlocks + 2 * this.metaBlocks);
    this.suite = checksum
      ? createChecksumSuite(reservoir)
      : createCipherSuite(key, options.cipher, reservoir);
    this.slotKs = new Uint8Array((Math.ceil(this.stride / 64) + 1) * 64);
    this.genKs = new Uint8Array(this.genBlocks * 64);
    this.avoided = new Uint8Array(cfg.channels);
    const shape: StorageShape = {
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
    if (options.storage !== undefined) {
      assertStorageShape(options.storage, shape);
      this.storage = options.storage;
    } else {
      try {
        validateStorageShape(shape);
      } catch {
        const bytes = this.bucketCount * this.W * this.slotBytes;
        throw new RangeError(
          `capacity ${cfg.capacity} x blockSize ${cfg.blockSize} needs ${bytes} B of tree storage, more than the in-memory limit; lower capacity or blockSize, or pass a file storage`,
        );
      }
      this.storage = createMemoryStorage(shape);
    }
    this.topBuckets = 2 ** cfg.treeTopLevels - 1;
    this.top =
      this.topBuckets > 0
        ? createMemoryStorage({ ...shape, bucketCount: this.topBuckets })
        : undefined;
    this.observer = options.observer;
    this.insecure = insecure;

    const slotDataBytes = this.merkle ? this.W * this.slotBytes : 0;
    const newMeta = (): BucketMeta => new BucketMeta(this.layout, this.metaBytes, slotDataBytes);
    this.pathMeta = Array.from({ length: this.L + 1 }, newMeta);
    this.evictMeta = Array.from({ length: this.L + 1 }, newMeta);
    this.auxMeta = newMeta();
    this.metaPool.length = 0;
    this.plain = new Uint8Array(this.layout.plainBytes);
    this.cacheBuckets = this.suite.enabled
      ? 2 ** Math.min(cfg.levels + 1, META_CACHE_LEVELS) - 1
      : 0;
    this.cacheStored = new Uint8Array(this.cacheBuckets * this.metaBytes);
    this.cachePlain = new Uint8Array(this.cacheBuckets * this.layout.plainBytes);
    this.cacheValid = new Uint8Array(this.cacheBuckets);
    this.plainView = new DataView(this.plain.buffer);
    this.slotBuf = new Uint8Array(this.slotBytes);
    this.sealedBuf = new Uint8Array(cfg.blockSize + tagBytes);
    this.blockBuf = new Uint8Array(cfg.blockSize);
    this.dummyBuf = new Uint8Array(this.genBlocks * 64);
    this.xorAcc = new Uint8Array(this.slotBytes);
    this.hashIn = new Uint8Array(this.metaBytes + slotDataBytes);
    this.perm = new Uint16Array(this.W);
    this.cand = new Uint16Array(this.W);
    this.isReal = new Uint8Array(this.W);
    this.chosen = new Uint8Array(this.W);
    this.levelAddrs = Array.from({ length: this.L + 1 }, () => new Uint32Array(this.Z));
    this.levelCounts = new Int32Array(this.L + 1);
    this.xorChosen = new Int32Array(this.L + 1);
    this.replicaOwner = new Int16Array(this.W);
    this.slotRole = new Int32Array(this.W);
    this.zeroSlot = new Uint8Array(this.slotBytes);
    this.replicaSeen = new Uint8Array(this.W);
    this.replicaHome = new Int32Array(this.Z);
    this.depthHead = new Int32Array(this.L + 1);
    this.depthNext = new Int32Array(64);

    this.pos = new Uint32Array(cfg.capacity);
    this.written = new Uint8Array(cfg.capacity);
    this.stash = new Stash(cfg.capacity, cfg.blockSize);
    // A fresh random session prefix on creation and on every reopen (nonceAllocator.ts).
    if (this.suite.enabled) this.suite.nonces.start(randomU32(this.secrets), 0);
    if (state !== undefined) {
      this.restore(state, cfg);
    } else {
      for (let a = 0; a < cfg.capacity; a++) this.pos[a] = this.rng.int(0, this.leaves - 1);
      this.initializeTree();
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

  // ---------------------------------------------------------------- access

  private access(a: number, data: Uint8Array | undefined): Uint8Array {
    const x = this.pos[a]!;
    const newLeaf = this.insecure === 'reuseLeaf' ? x : this.rng.int(0, this.leaves - 1);
    this.pos[a] = newLeaf;
    const found = this.readPath(x, a, newLeaf);
    let i = this.stash.find(a);
    if (i < 0 && this.written[a] === 1) {
      throw new DataLossError(a, x);
    }
    if (found && i < 0) throw new Error(`internal error: block ${a} read but not stashed`);
    let result: Uint8Array;
    if (data !== undefined) {
      if (i < 0) {
        i = this.stash.addZero(a, newLeaf);
        this.written[a] = 1;
        this.writtenCount++;
      }
      this.stash.block(i).set(data);
      result = data;
    } else {
      result = i >= 0 ? this.stash.block(i).slice() : new Uint8Array(this.blockSize);
    }
    if (i >= 0) this.stash.leaf[i] = newLeaf;
    this.c.accesses++;
    this.round++;
    let evictLeaf = -1;
    if (this.round === this.A) {
      this.round = 0;
      evictLeaf = this.evictPath();
    }
    this.earlyReshuffle(x, evictLeaf);
    if (this.must && evictLeaf >= 0) this.fold();
    this.c.stashSize = this.stash.size;
    if (this.stash.size > this.c.maxStashSize) this.c.maxStashSize = this.stash.size;
    return result;
  }

  private readPath(x: number, a: number, newLeaf: number): boolean {
    const L = this.L;
    let found = false;
    let realLevel = -1;
    const xor = this.xorTrick;
    if (xor) this.xorAcc.fill(0);
    for (let l = 0; l <= L; l++) {
      const b = bucketOnPath(x, l, L);
      const m = this.pathMeta[l]!;
      this.loadMeta(b, l, m, 'online', l === 0 ? null : this.pathMeta[l - 1]!);
      const e = found ? -1 : m.findLive(a);
      let s = e >= 0 ? m.slot[e]! : this.randomValidDummy(b, m);
      const viaReplica = e >= 0 && this.replicaInstead(b, m, e);
      if (viaReplica) s = m.replicaSlot[e]!;
      if (this.merkle)
        this.merkleReadAll(b, l, m, 'online', s, l === 0 ? null : this.pathMeta[l - 1]!);
      if (xor) this.fetchSlot(b, l, m, s, this.slotBuf, 'online');
      if (xor) {
        const acc = this.xorAcc;
        const sb = this.slotBuf;
        for (let k = 0; k < acc.length; k++) acc[k]! ^= sb[k]!;
        this.xorChosen[l] = e >= 0 ? -1 : s;
        if (e >= 0) realLevel = l;
      } else {
        if (!this.silent) this.c.onlineBlocks++;
        if (e >= 0) {
          this.checkFresh(b, m, e, x);
          this.readReal(b, l, m, e, 'online', this.blockBuf, viaReplica);
          this.stash.add(a, newLeaf, this.blockBuf, 0);
        } else this.readDummy(b, l, m, s, 'online');
      }
      if (e >= 0) {
        found = true;
        // Both copies are spent: neither may be read again before the bucket is rewritten.
        m.valid[m.slot[e]!] = 0;
        if (this.extraRead >= 0) m.valid[this.extraRead] = 0;
        this.extraRead = -1;
      }
      m.valid[s] = 0;
      m.count++;
    }
    if (xor) {
      this.c.onlineBlocks++;
      // The client cancels every dummy it can recompute; what remains is the real ciphertext.
      for (let l = 0; l <= L; l++) {
        const s = this.xorChosen[l]!;
        if (s < 0) continue;
        const m = this.pathMeta[l]!;
        this.genKeystream(bucketOnPath(x, l, L), m, this.dummyBuf);
        const off = s * this.stride;
        const acc = this.xorAcc;
        for (let k = 0; k < acc.length; k++) acc[k]! ^= this.dummyBuf[off + k]!;
      }
      if (realLevel >= 0) {
        const m = this.pathMeta[realLevel]!;
        const b = bucketOnPath(x, realLevel, L);
        const e = m.findSlotEntry(a);
        this.checkFresh(b, m, e, x);
        this.openSlot(b, m, m.slot[e]!, this.xorAcc, this.blockBuf);
        this.stash.add(a, newLeaf, this.blockBuf, 0);
      }
    }
    // Write the updated metadata back, leaf first so each parent carries its child's new hash.
    for (let l = L; l >= 0; l--) {
      this.storeMeta(
        bucketOnPath(x, l, L),
        l,
        this.pathMeta[l]!,
        'online',
        l === 0 ? null : this.pathMeta[l - 1]!,
      );
    }
    return found;
  }

  /** EvictPath on the next leaf in reverse-lexicographic order; returns that leaf. */
  private evictPath(): number {
    const L = this.L;
    const leafE = bitReverse(this.G % this.leaves, L);
    this.G++;
    this.c.evictions++;
    for (let l = 0; l <= L; l++) {
      const b = bucketOnPath(leafE, l, L);
      const m = this.evictMeta[l]!;
      this.loadMeta(b, l, m, 'evict', l === 0 ? null : this.evictMeta[l - 1]!);
      this.readBucketZ(b, l, m, 'evict', l === 0 ? null : this.evictMeta[l - 1]!, null);
    }
    this.assignStash(leafE);
    for (let l = L; l >= 0; l--) {
      const b = bucketOnPath(leafE, l, L);
      const m = this.evictMeta[l]!;
      this.writeBucket(b, l, m, this.levelAddrs[l]!, this.levelCounts[l]!, 'evict');
      this.storeMeta(b, l, m, 'evict', l === 0 ? null : this.evictMeta[l - 1]!);
    }
    return leafE;
  }

  /**
   * EarlyReshuffle on the read path: every bucket read S times since its last write is read
   * (Z slots) and rewritten. With an integrity tree the rewritten bucket's hash changes, so its
   * ancestors' metadata is rewritten too ('integrity' phase) unless MUST defers it.
   */
  private earlyReshuffle(x: number, evictLeaf: number): void {
    const L = this.L;
    if (evictLeaf >= 0) {
      const shared = commonDepth(x, evictLeaf, L);
      for (let l = 0; l <= shared; l++) this.pathMeta[l]!.copyFrom(this.evictMeta[l]!);
    }
    let deepest = -1;
    for (let l = 0; l <= L; l++) {
      this.levelCounts[l] = -1;
      if (this.pathMeta[l]!.count >= this.S) deepest = l;
    }
    if (deepest < 0) return;
    for (let l = 0; l <= deepest; l++) {
      const m = this.pathMeta[l]!;
      if (m.count < this.S) continue;
      const b = bucketOnPath(x, l, L);
      this.loadMeta(b, l, m, 'reshuffle', l === 0 ? null : this.pathMeta[l - 1]!);
      this.readBucketZ(
        b,
        l,
        m,
        'reshuffle',
        l === 0 ? null : this.pathMeta[l - 1]!,
        this.levelAddrs[l]!,
      );
    }
    for (let l = deepest; l >= 0; l--) {
      const b = bucketOnPath(x, l, L);
      const m = this.pathMeta[l]!;
      const parent = l === 0 ? null : this.pathMeta[l - 1]!;
      const n = this.levelCounts[l]!;
      if (n >= 0) {
        this.c.earlyReshuffles++;
        this.writeBucket(b, l, m, this.levelAddrs[l]!, n, 'reshuffle');
        this.storeMeta(b, l, m, 'reshuffle', parent);
      } else if (this.tree) {
        this.storeMeta(b, l, m, 'integrity', parent);
      }
    }
  }

  // ---------------------------------------------------------------- buckets

  /**
   * ReadBucket: reads exactly Z slots (every live real, padded with random valid dummies) in
   * ascending slot order, moving the reals to the stash. With `keep`, records the addresses so
   * the same blocks are written back (EarlyReshuffle); levelCounts[l] gets their number.
   */
  private readBucketZ(
    b: number,
    l: number,
    m: BucketMeta,
    phase: TraceEvent['phase'],
    parent: BucketMeta | null,
    keep: Uint32Array | null,
  ): void {
    const W = this.W;
    const chosen = this.chosen;
    chosen.fill(0);
    const isReal = this.isReal;
    isReal.fill(0);
    let reals = 0;
    for (let i = 0; i < this.Z; i++) {
      if (m.addr[i] !== EMPTY_ADDR) {
        isReal[m.slot[i]!] = 1;
        if (m.valid[m.slot[i]!] === 1) {
          if (this.replicaInstead(b, m, i)) {
            // Read this real through its replica (3), never its avoided primary.
            chosen[m.replicaSlot[i]!] = 3;
            isReal[m.replicaSlot[i]!] = 1;
          } else chosen[m.slot[i]!] = 2;
          reals++;
        }
      }
    }
    let n = 0;
    for (let s = 0; s < W; s++) {
      if (m.valid[s] === 1 && isReal[s] === 0 && !this.isAvoided(b, s)) this.cand[n++] = s;
    }
    if (this.avoidedCount > 0 && n < this.Z - reals) {
      // Not enough dummies on trusted channels: pad with avoided ones (their reads may fail).
      for (let s = 0; s < W; s++) {
        if (m.valid[s] === 1 && isReal[s] === 0 && this.isAvoided(b, s)) this.cand[n++] = s;
      }
    }
    let pad = this.Z - reals;
    if (pad > n) pad = n;
    for (let k = 0; k < pad; k++) {
      const j = this.rng.int(k, n - 1);
      const t = this.cand[j]!;
      this.cand[j] = this.cand[k]!;
      this.cand[k] = t;
      chosen[t] = 1;
    }
    if (this.merkle) this.merkleReadAll(b, l, m, phase, -1, parent);
    if (reals > 1 && this.sealed(b) && m.nonceLo + this.genBlocks <= 0x100000000) {
      // Several reals of one write generation: one keystream call for all of them.
      this.suite.keystream(m.nonceHi, m.nonceLo, this.genBlocks, this.genKs, 0);
      this.genKsHi = m.nonceHi;
      this.genKsLo = m.nonceLo;
    }
    let kept = 0;
    for (let s = 0; s < W; s++) {
      if (chosen[s] === 0) continue;
      if (chosen[s]! >= 2) {
        const e = chosen[s] === 3 ? m.findReplicaEntry(s) : m.findSlotEntry2(s);
        const addr = m.addr[e]!;
        this.checkFresh(b, m, e, this.pos[addr]!);
        this.readReal(b, l, m, e, phase, this.blockBuf, chosen[s] === 3);
        this.extraRead = -1;
        this.stash.add(addr, this.pos[addr]!, this.blockBuf, 0);
        if (keep !== null) keep[kept++] = addr;
      } else this.readDummy(b, l, m, s, phase);
    }
    if (keep !== null) this.levelCounts[l] = kept;
  }

  /** Picks up to Z stash blocks per level of the eviction path, deepest level first. */
  private assignStash(leafE: number): void {
    const L = this.L;
    const st = this.stash;
    if (this.depthNext.length < st.size) this.depthNext = new Int32Array(st.size * 2);
    this.depthHead.fill(-1);
    for (let i = 0; i < st.size; i++) {
      const d = commonDepth(st.leaf[i]!, leafE, L);
      this.depthNext[i] = this.depthHead[d]!;
      this.depthHead[d] = i;
    }
    const pool = this.pool;
    pool.length = 0;
    for (let l = L; l >= 0; l--) {
      for (let i = this.depthHead[l]!; i >= 0; i = this.depthNext[i]!) pool.push(st.addr[i]!);
      let k = 0;
      const out = this.levelAddrs[l]!;
      while (k < this.Z && pool.length > 0) out[k++] = pool.pop()!;
      this.levelCounts[l] = k;
    }
  }

  /**
   * WriteBucket: a fresh nonce generation, a fresh random permutation, the given stash blocks
   * sealed into random slots, keystream dummies everywhere else, count 0, all slots valid.
   * Slots are written in index order so reals and dummies are indistinguishable in the trace.
   */
  private writeBucket(
    b: number,
    l: number,
    m: BucketMeta,
    addrs: Uint32Array,
    k: number,
    phase: TraceEvent['phase'],
  ): void {
    const W = this.W;
    const enc = this.sealed(b);
    let ko = 0;
    if (enc) {
      // One reservation covers every slot of this write: dummies are its keystream.
      ko = this.suite.nonces.reserve(this.genBlocks);
      m.nonceLo = this.suite.nonces.lastLo;
      m.nonceHi = this.suite.nonces.lastHi;
    } else {
      m.nonceLo = 0;
      m.nonceHi = 0;
    }
    m.count = 0;
    m.valid.fill(1);
    m.addr.fill(EMPTY_ADDR);
    m.leaf.fill(0);
    m.slot.fill(0);
    if (m.tags.length > 0) m.tags.fill(0);
    const perm = this.perm;
    for (let i = 0; i < W; i++) perm[i] = i;
    for (let i = 0; i < k; i++) {
      const j = this.rng.int(i, W - 1);
      const t = perm[j]!;
      perm[j] = perm[i]!;
      perm[i] = t;
    }
    const isReal = this.isReal;
    isReal.fill(0);
    for (let i = 0; i < k; i++) {
      const addr = addrs[i]!;
      const si = this.stash.find(addr);
      m.addr[i] = addr;
      m.leaf[i] = this.stash.leaf[si]!;
      m.slot[i] = perm[i]!;
      isReal[perm[i]!] = i + 1;
    }
    if (this.replication) this.placeReplicas(b, m, k);
    // What each slot holds: entry i + 1 for a real, -(i + 1) for entry i's replica, 0 dummy.
    const role = this.slotRole;
    role.fill(0);
    for (let i = 0; i < k; i++) {
      role[m.slot[i]!] = i + 1;
      if (this.replication && m.replicaSlot[i] !== NO_REPLICA) role[m.replicaSlot[i]!] = -(i + 1);
    }
    const ks = this.suite.nonces.ks;
    const sb = this.slotBytes;
    const stride = this.stride;
    const small = sb <= 256;
    for (let s = 0; s < W; s++) {
      const r = role[s]!;
      let bytes: Uint8Array;
      if (r !== 0) {
        // A replica is sealed exactly like a real block in its slot: same size, fresh nonce.
        const data = this.stash.block(this.stash.find(addrs[(r > 0 ? r : -r) - 1]!));
        bytes = this.slotBuf;
        this.sealSlot(b, m, s, data, bytes, ko);
        if (r < 0 && !this.silent) this.c.replicaWrites++;
      } else if (!enc) bytes = this.zeroSlot;
      else if (small) {
        // Small slots: a copy loop is cheaper than allocating a subarray view per slot.
        bytes = this.slotBuf;
        const off = ko + s * stride;
        for (let j = 0; j < sb; j++) bytes[j] = ks[off + j]!;
      } else bytes = ks.subarray(ko + s * stride, ko + s * stride + sb);
      if (this.merkle) m.slotData.set(bytes, s * sb);
      this.writeSlotP(b, l, s, bytes, phase);
    }
    for (let i = 0; i < k; i++) this.stash.remove(this.stash.find(addrs[i]!));
  }

  /**
   * Secure Replication (ours): gives each of the k reals a free slot of the same bucket on
   * another channel. A greedy choice can paint itself into a corner (all free slots left on
   * the channel of the last real), so this is a bipartite matching (Kuhn's augmenting paths,
   * candidates in random order): every real gets a replica whenever any assignment exists,
   * which S >= Z and C >= 2 guarantee for the level-rotated slot mapping.
   */
  private placeReplicas(b: number, m: BucketMeta, k: number): void {
    const W = this.W;
    const isRealSlot = this.chosen;
    isRealSlot.fill(0);
    for (let i = 0; i < k; i++) isRealSlot[m.slot[i]!] = 1;
    const owner = this.replicaOwner;
    owner.fill(-1);
    m.replicaSlot.fill(NO_REPLICA);
    const order = this.cand;
    for (let s = 0; s < W; s++) order[s] = s;
    for (let s = W - 1; s > 0; s--) {
      const j = this.rng.int(0, s);
      const t = order[j]!;
      order[j] = order[s]!;
      order[s] = t;
    }
    const home = this.replicaHome;
    for (let i = 0; i < k; i++) home[i] = channelOf(b, m.slot[i]!, 0, this.channels);
    const seen = this.replicaSeen;
    const tryAssign = (i: number): boolean => {
      for (let t = 0; t < W; t++) {
        const s = order[t]!;
        if (isRealSlot[s] === 1 || seen[s] === 1 || channelOf(b, s, 0, this.channels) === home[i])
          continue;
        seen[s] = 1;
        if (owner[s] === -1 || tryAssign(owner[s]!)) {
          owner[s] = i;
          return true;
        }
      }
      return false;
    };
    for (let i = 0; i < k; i++) {
      seen.fill(0);
      tryAssign(i);
    }
    for (let s = 0; s < W; s++) if (owner[s]! >= 0) m.replicaSlot[owner[s]!] = s;
  }

  /**
   * Reads and opens real entry e of bucket b: from its replica when `viaReplica` (the primary's
   * channel is avoided), else from the primary. With replication, a location the storage
   * cannot return or a MAC failure on the primary falls back to the replica (also MAC-checked;
   * extraRead names it); the original error is rethrown if there is no usable replica, so wrong
   * data is never returned. A MAC failure marks its channel avoided and counts towards the
   * bound after which the ORAM fails closed (MAX_RECOVERED_MAC_FAILURES).
   */
  private readReal(
    b: number,
    l: number,
    m: BucketMeta,
    e: number,
    phase: TraceEvent['phase'],
    out: Uint8Array,
    viaReplica = false,
  ): void {
    const s = m.slot[e]!;
    this.extraRead = -1;
    if (viaReplica) {
      // The replica stands in for the avoided primary; if it fails too, the primary (whose
      // fault may have been one line, not the channel) is the fallback.
      const r = m.replicaSlot[e]!;
      try {
        this.readSlotP(b, l, r, this.slotBuf, phase);
        this.openSlot(b, m, r, this.slotBuf, out);
        if (!this.silent) this.c.replicaRecoveries++;
        return;
      } catch (err) {
        if (!(err instanceof UnreadableLocationError || err instanceof IntegrityError)) throw err;
        try {
          this.fetchSlot(b, l, m, s, this.slotBuf, phase);
          this.openSlot(b, m, s, this.slotBuf, out);
        } catch (err2) {
          if (err2 instanceof UnreadableLocationError || err2 instanceof IntegrityError) throw err;
          throw err2;
        }
        if (err instanceof IntegrityError) this.noteMacFailure(b, r);
        this.extraRead = s;
        return;
      }
    }
    let failure: unknown;
    try {
      this.fetchSlot(b, l, m, s, this.slotBuf, phase);
      this.openSlot(b, m, s, this.slotBuf, out);
      return;
    } catch (err) {
      if (
        !this.replication ||
        !(err instanceof UnreadableLocationError || err instanceof IntegrityError)
      )
        throw err;
      failure = err;
    }
    const r = m.replicaSlot[e]!;
    if (r === NO_REPLICA) throw failure;
    try {
      this.readSlotP(b, l, r, this.slotBuf, phase);
      this.openSlot(b, m, r, this.slotBuf, out);
    } catch (err) {
      if (err instanceof UnreadableLocationError || err instanceof IntegrityError) throw failure;
      throw err;
    }
    if (failure instanceof IntegrityError) this.noteMacFailure(b, s);
    this.extraRead = r;
    if (!this.silent) this.c.replicaRecoveries++;
  }

  /** Whether real entry e is to be read through its replica (primary avoided, replica not). */
  private replicaInstead(b: number, m: BucketMeta, e: number): boolean {
    if (!this.replication || this.avoidedCount === 0) return false;
    const r = m.replicaSlot[e]!;
    return r !== NO_REPLICA && this.isAvoided(b, m.slot[e]!) && !this.isAvoided(b, r);
  }

  private isAvoided(b: number, s: number | 'meta', copy: 0 | 1 = 0): boolean {
    return this.avoidedCount > 0 && this.avoided[channelOf(b, s, copy, this.channels)] === 1;
  }

  private avoid(channel: number): void {
    if (channel < 0 || channel >= this.channels || this.avoided[channel] === 1) return;
    this.avoided[channel] = 1;
    this.avoidedCount++;
  }

  /**
   * A MAC failure was recovered from a copy. Faults and tampering look alike to the client, so
   * the location's channel is avoided from now on, and after MAX_RECOVERED_MAC_FAILURES the
   * ORAM stops recovering: an adversary must not get unbounded probes of which slot is real.
   */
  private noteMacFailure(b: number, s: number | 'meta'): void {
    this.avoid(channelOf(b, s, 0, this.channels));
    this.macFailures.push(`bucket ${b} slot ${s}`);
    if (this.macFailures.length > MAX_RECOVERED_MAC_FAILURES) {
      const list = this.macFailures.slice(0, 5).join(', ');
      throw new IntegrityError(
        b,
        s,
        `${this.macFailures.length} MAC failures in this session (${list}${this.macFailures.length > 5 ? ', …' : ''}), more than the ${MAX_RECOVERED_MAC_FAILURES} recovered from replicas or the mirror: refusing to recover again (tampering, or memory failing beyond its fault model)`,
      );
    }
  }

  /**
   * A real entry must name a block the client wrote, on the leaf the client holds for it, and
   * not already in the stash: otherwise it is an older copy brought back by a replay (which
   * integrity 'none' cannot refuse at the metadata) or a corrupted entry. Refusing it here
   * keeps a stale copy from overwriting the current block or being stashed twice.
   */
  private checkFresh(b: number, m: BucketMeta, e: number, leaf: number): void {
    const addr = m.addr[e]!;
    if (
      addr >= this.capacity ||
      this.written[addr] !== 1 ||
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

  /** Reads a dummy slot; its content is never used, so a dead channel does not matter. */
  private readDummy(
    b: number,
    l: number,
    m: BucketMeta,
    s: number,
    phase: TraceEvent['phase'],
  ): void {
    try {
      this.fetchSlot(b, l, m, s, this.slotBuf, phase);
    } catch (err) {
      if (!(err instanceof UnreadableLocationError)) throw err;
      if (this.replication && err instanceof ChannelFailedError) this.avoid(err.channel);
    }
  }

  private randomValidDummy(b: number, m: BucketMeta): number {
    const isReal = this.isReal;
    isReal.fill(0);
    for (let i = 0; i < this.Z; i++) if (m.addr[i] !== EMPTY_ADDR) isReal[m.slot[i]!] = 1;
    let n = 0;
    for (let s = 0; s < this.W; s++) {
      if (m.valid[s] === 1 && isReal[s] === 0 && !this.isAvoided(b, s)) this.cand[n++] = s;
    }
    if (n === 0 && this.avoidedCount > 0) {
      for (let s = 0; s < this.W; s++) if (m.valid[s] === 1 && isReal[s] === 0) this.cand[n++] = s;
    }
    if (n === 0)
      throw new Error('internal error: no valid dummy left in a bucket (count exceeded S)');
    if (this.insecure === 'firstDummy') return this.cand[0]!;
    return this.cand[this.rng.int(0, n - 1)]!;
  }

  // ---------------------------------------------------------------- crypto

  /** Whether bucket b is sealed: encryption on and b not in the client's cached top levels. */
  private sealed(b: number): boolean {
    return this.suite.enabled && b >= this.topBuckets;
  }

  /** The whole keystream of m's write generation (its dummies' content) into out. */
  private genKeystream(b: number, m: BucketMeta, out: Uint8Array): void {
    if (!this.sealed(b) || m.nonceLo + this.genBlocks > 0x100000000) {
      out.fill(0);
      return;
    }
    this.suite.keystream(m.nonceHi, m.nonceLo, this.genBlocks, out, 0);
  }

  /**
   * Seals a real block (or its replica) into slot s of the write generation whose keystream
   * starts at nonces.ks[ko]: out = data XOR slot keystream, tag = Poly1305 over (bucket, slot,
   * ciphertext) plus the slot's pad, kept after the ciphertext or, under RIT, in the metadata.
   */
  private sealSlot(
    b: number,
    m: BucketMeta,
    s: number,
    data: Uint8Array,
    out: Uint8Array,
    ko: number,
  ): void {
    const bs = this.blockSize;
    if (!this.sealed(b)) {
      out.set(data);
      if (out.length > bs) out.fill(0, bs);
      return;
    }
    const ks = this.suite.nonces.ks;
    const at = ko + s * this.stride;
    for (let i = 0; i < bs; i++) out[i] = data[i]! ^ ks[at + i]!;
    if (this.tagsInMeta)
      this.suite.mac(b, s, KIND_SLOT, out, 0, bs, ks, at + bs, m.tags, s * TAG_BYTES);
    else this.suite.mac(b, s, KIND_SLOT, out, 0, bs, ks, at + bs, out, bs);
  }

  private openSlot(b: number, m: BucketMeta, s: number, stored: Uint8Array, out: Uint8Array): void {
    const bs = this.blockSize;
    if (!this.sealed(b)) {
      out.set(stored.subarray(0, bs));
      return;
    }
    // Only the blocks covering slot s's region of its generation's keystream.
    const from = s * this.stride;
    const first = Math.floor(from / 64);
    const blocks = Math.floor((from + this.stride - 1) / 64) - first + 1;
    if (m.nonceLo + first + blocks > 0x100000000) {
      throw new IntegrityError(b, s, 'slot MAC does not verify');
    }
    let ks = this.slotKs;
    let o = from - first * 64;
    if (m.nonceHi === this.genKsHi && m.nonceLo === this.genKsLo) {
      ks = this.genKs;
      o = from;
    } else this.suite.keystream(m.nonceHi, m.nonceLo + first, blocks, ks, 0);
    const ok = this.tagsInMeta
      ? this.suite.verify(b, s, KIND_SLOT, stored, 0, bs, ks, o + bs, m.tags, s * TAG_BYTES)
      : this.suite.verify(b, s, KIND_SLOT, stored, 0, bs, ks, o + bs, stored, bs);
    if (!ok) throw new IntegrityError(b, s, 'slot MAC does not verify');
    for (let i = 0; i < bs; i++) out[i] = stored[i]! ^ ks[o + i]!;
  }

  /**
   * Encodes and seals m into m.stored: header, the position of this seal, the metadata XOR
   * keystream, and a Poly1305 tag over all of it headed by the bucket index. Cached top-level
   * buckets never leave the client, so they are stored unsealed.
   */
  private sealMeta(b: number, m: BucketMeta): void {
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
    );
    if (b < this.cacheBuckets) {
      this.cacheStored.set(st.subarray(0, this.metaBytes), b * this.metaBytes);
      this.cachePlain.set(this.plain, b * this.plain.length);
      this.cacheValid[b] = 1;
    }
  }

  /** Whether m.stored is byte for byte what this client last sealed for bucket b. */
  private cachedMeta(b: number, st: Uint8Array): boolean {
    if (b >= this.cacheBuckets || this.cacheValid[b] !== 1) return false;
    const c = this.cacheStored;
    const n = this.metaBytes;
    let diff = 0;
    for (let i = 0, o = b * n; i < n; i++, o++) diff |= st[i]! ^ c[o]!;
    return diff === 0;
  }

  /** Opens m.stored into m; false if the format, MAC or fields are wrong. */
  private openMeta(b: number, m: BucketMeta): boolean {
    const st = m.stored;
    if (st[0] !== META_FORMAT_VERSION || st[1] !== this.modeCode) return false;
    if (!this.sealed(b)) return decodeMeta(this.layout, m.plainStored, m.plainStoredView, m);
    if (this.cachedMeta(b, st)) {
      const pb = this.plain.length;
      this.plain.set(this.cachePlain.subarray(b * pb, (b + 1) * pb));
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
      )
    ) {
      return false;
    }
    return decodeMeta(this.layout, this.plain, this.plainView, m);
  }

  private hashOf(m: BucketMeta, out: Uint8Array, off: number): void {
    if (!this.silent) this.c.hashComputations++;
    if (this.merkle) {
      this.hashIn.set(m.stored, 0);
      this.hashIn.set(m.slotData, this.metaBytes);
      treeHash(this.hashIn, out, off);
    } else {
      treeHash(m.stored, out, off);
    }
  }

  // ---------------------------------------------------------------- metadata I/O + integrity

  private expectedHash(b: number, parent: BucketMeta | null): [Uint8Array, number] {
    if (parent === null) return [this.rootHash, 0];
    return [parent.childHash, (b & 1) === 1 ? 0 : HASH_BYTES];
  }

  /** Whether bucket b must be checked against the tree (not in trusted client memory). */
  private untrusted(b: number): boolean {
    return b >= this.topBuckets;
  }

  /**
   * Loads and verifies bucket b's metadata into m. Under MUST a trusted copy wins. With a
   * mirror, a failed or unreadable primary falls back to copy 1 and repairs copy 0.
   */
  private loadMeta(
    b: number,
    l: number,
    m: BucketMeta,
    phase: TraceEvent['phase'],
    parent: BucketMeta | null,
  ): void {
    if (this.must) {
      const t = this.trusted.get(b);
      if (t !== undefined) {
        if (t !== m) m.copyFrom(t);
        return;
      }
    }
    const copies = this.mirrorMetadata && this.untrusted(b) ? 2 : 1;
    let failure: unknown;
    // Copy 0 on an avoided channel is not even tried: the mirror is read instead, as always.
    const first = copies === 2 && this.isAvoided(b, 'meta', 0) ? 1 : 0;
    for (let k = 0; k < copies; k++) {
      const copy = (first + k) % copies;
      try {
        this.readMetaP(b, l, m.stored, phase, copy as 0 | 1);
      } catch (e) {
        if (e instanceof UnreadableLocationError) {
          if (copies === 2 && e instanceof ChannelFailedError) this.avoid(e.channel);
          failure = e;
          continue;
        }
        throw e;
      }
      if (this.verifyMeta(b, m, parent)) {
        if (k === 1 && failure instanceof IntegrityError) this.noteMacFailure(b, 'meta');
        if (copy === 1 && !this.auditing) {
          this.c.mirrorRecoveries++;
          try {
            this.writeMetaCopy(b, l, m.stored, 'integrity', 0);
          } catch (e) {
            if (!(e instanceof ChannelFailedError)) throw e;
          }
        }
        if (this.must && !this.auditing) this.trustedSet(b, m);
        return;
      }
      failure = new IntegrityError(b, 'meta', 'metadata MAC, format or tree hash does not verify');
    }
    throw failure;
  }

  private verifyMeta(b: number, m: BucketMeta, parent: BucketMeta | null): boolean {
    if (this.tree && !this.merkle && this.untrusted(b)) {
      const [exp, off] = this.expectedHash(b, parent);
      const h = this.sealedBuf;
      this.hashOf(m, h, 0);
      if (!equalBytes(h, 0, exp, off, HASH_BYTES)) return false;
    }
    return this.openMeta(b, m);
  }

  /** Merkle baseline: reads every slot of the bucket and checks the whole-bucket hash. */
  private merkleReadAll(
    b: number,
    l: number,
    m: BucketMeta,
    phase: TraceEvent['phase'],
    used: number,
    parent: BucketMeta | null,
  ): void {
    const sb = this.slotBytes;
    for (let s = 0; s < this.W; s++) {
      const p = s === used || (used === -1 && this.chosen[s] !== 0) ? phase : 'integrity';
      this.readSlotP(b, l, s, m.slotData.subarray(s * sb, (s + 1) * sb), p);
    }
    if (!this.untrusted(b)) return;
    const [exp, off] = this.expectedHash(b, parent);
    this.hashOf(m, this.sealedBuf, 0);
    if (!equalBytes(this.sealedBuf, 0, exp, off, HASH_BYTES)) {
      throw new IntegrityError(b, 'meta', 'bucket hash does not match the Merkle tree');
    }
  }

  /** Gets slot s of bucket b: from the bytes already read (Merkle) or from memory. */
  private fetchSlot(
    b: number,
    l: number,
    m: BucketMeta,
    s: number,
    out: Uint8Array,
    phase: TraceEvent['phase'],
  ): void {
    if (this.merkle) {
      out.set(m.slotData.subarray(s * this.slotBytes, (s + 1) * this.slotBytes));
      return;
    }
    this.readSlotP(b, l, s, out, phase);
  }

  /** Seals and writes bucket b's metadata, or under MUST keeps it trusted until the fold. */
  private storeMeta(
    b: number,
    l: number,
    m: BucketMeta,
    phase: TraceEvent['phase'],
    parent: BucketMeta | null,
  ): void {
    if (this.must) {
      this.trustedSet(b, m);
      return;
    }
    this.sealMeta(b, m);
    if (this.tree && this.untrusted(b)) {
      const [exp, off] = this.expectedHash(b, parent);
      this.hashOf(m, exp, off);
    }
    this.writeMetaP(b, l, m.stored, phase);
  }

  private trustedSet(b: number, m: BucketMeta): void {
    let t = this.trusted.get(b);
    if (t === undefined) {
      t =
        this.metaPool.pop() ??
        new BucketMeta(this.layout, this.metaBytes, this.merkle ? this.W * this.slotBytes : 0);
      this.trusted.set(b, t);
    }
    if (t !== m) t.copyFrom(m);
  }

  /**
   * MUST's fold: the updated subtree (closed under parents) is sealed and hashed bottom-up
   * once, each node's hash going into its parent, then written and dropped from trusted state.
   */
  private fold(): void {
    if (this.trusted.size === 0) return;
    const keys = [...this.trusted.keys()].sort((p, q) => q - p);
    for (const b of keys) {
      const m = this.trusted.get(b)!;
      this.sealMeta(b, m);
      if (this.untrusted(b)) {
        if (b === 0) this.hashOf(m, this.rootHash, 0);
        else {
          const parent = this.trusted.get((b - 1) >>> 1);
          if (parent === undefined)
            throw new Error(`internal error: MUST subtree not closed at bucket ${b}`);
          this.hashOf(m, parent.childHash, (b & 1) === 1 ? 0 : HASH_BYTES);
        }
      }
      this.writeMetaP(b, levelOfBucket(b), m.stored, 'evict');
    }
    for (const m of this.trusted.values()) this.metaPool.push(m);
    this.trusted.clear();
  }

  // ---------------------------------------------------------------- physical I/O

  private emit(
    op: 'read' | 'write',
    bucket: number,
    slot: number | 'meta',
    bytes: number,
    level: number,
    phase: TraceEvent['phase'],
    copy?: 0 | 1,
  ): void {
    const ev: TraceEvent = { op, bucket, slot, bytes, level, phase };
    if (copy !== undefined && this.mirrorMetadata) ev.copy = copy;
    this.observer!(ev);
  }

  private readSlotP(
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
    try {
      this.storage.readSlot(b, s, out);
    } catch (err) {
      // The server saw the request even though its channel did not answer.
      if (!this.silent && this.observer) this.emit('read', b, s, this.slotBytes, l, phase);
      throw err;
    }
    if (this.silent) return;
    this.c.slotReads++;
    if (phase === 'integrity') this.c.integritySlotReads++;
    if (this.observer) this.emit('read', b, s, this.slotBytes, l, phase);
  }

  private writeSlotP(
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
    try {
      this.storage.writeSlot(b, s, data);
    } catch (err) {
      // With replication a slot on a dead channel is simply lost: the other copy survives.
      if (!(this.replication && err instanceof ChannelFailedError)) throw err;
      this.avoid(err.channel);
    }
    if (this.silent) return;
    this.c.slotWrites++;
    if (this.observer) this.emit('write', b, s, this.slotBytes, l, phase);
  }

  private readMetaP(
    b: number,
    l: number,
    out: Uint8Array,
    phase: TraceEvent['phase'],
    copy: 0 | 1,
  ): void {
    if (b < this.topBuckets) {
      this.top!.readMeta(b, out);
      return;
    }
    this.storage.readMeta(b, out, copy);
    if (this.silent) return;
    this.c.metaReads++;
    if (phase === 'integrity') this.c.integrityMetaReads++;
    if (this.observer) this.emit('read', b, 'meta', this.metaBytes, l, phase, copy);
  }

  private writeMetaCopy(
    b: number,
    l: number,
    data: Uint8Array,
    phase: TraceEvent['phase'],
    copy: 0 | 1,
  ): void {
    this.storage.writeMeta(b, data, copy);
    if (this.silent) return;
    this.c.metaWrites++;
    if (phase === 'integrity') this.c.integrityMetaWrites++;
    if (this.observer) this.emit('write', b, 'meta', this.metaBytes, l, phase, copy);
  }

  /** Writes metadata (both copies when mirrored; one dead channel is tolerated then). */
  private writeMetaP(b: number, l: number, data: Uint8Array, phase: TraceEvent['phase']): void {
    if (b < this.topBuckets) {
      this.top!.writeMeta(b, data);
      return;
    }
    if (!this.mirrorMetadata) {
      this.writeMetaCopy(b, l, data, phase, 0);
      return;
    }
    let ok = 0;
    let failure: unknown;
    for (const copy of [0, 1] as const) {
      try {
        this.writeMetaCopy(b, l, data, phase, copy);
        ok++;
      } catch (e) {
        if (!(e instanceof ChannelFailedError)) throw e;
        failure = e;
      }
    }
    if (ok === 0) throw failure;
  }

  // ---------------------------------------------------------------- init, audit, inspect, state

  private initializeTree(): void {
    this.silent = true;
    const m = this.auxMeta;
    const hashes = this.tree ? new Uint8Array(this.bucketCount * HASH_BYTES) : undefined;
    for (let b = this.bucketCount - 1; b >= 0; b--) {
      const l = levelOfBucket(b);
      m.childHash.fill(0);
      if (hashes !== undefined && 2 * b + 2 < this.bucketCount) {
        m.childHash.set(hashes.subarray((2 * b + 1) * HASH_BYTES, (2 * b + 2) * HASH_BYTES), 0);
        m.childHash.set(
          hashes.subarray((2 * b + 2) * HASH_BYTES, (2 * b + 3) * HASH_BYTES),
          HASH_BYTES,
        );
      }
      this.writeBucket(b, l, m, this.levelAddrs[0]!, 0, 'evict');
      this.sealMeta(b, m);
      if (hashes !== undefined) this.hashOf(m, hashes, b * HASH_BYTES);
      this.writeMetaP(b, l, m.stored, 'evict');
    }
    if (hashes !== undefined) this.rootHash.set(hashes.subarray(0, HASH_BYTES));
    this.silent = false;
  }

  /**
   * Reads and verifies; never writes (no MUST fold, no mirror repair): under MUST the trusted
   * copy of a bucket updated since the last fold is what is checked, as every access does.
   */
  audit(): void {
    this.latch.check();
    this.auditing = true;
    try {
      this.auditTree();
    } finally {
      this.auditing = false;
    }
  }

  private auditTree(): void {
    const m = this.auxMeta;
    const expected = new Uint8Array(this.bucketCount * HASH_BYTES);
    expected.set(this.rootHash, 0);
    const holder = this.evictMeta[0]!;
    const sb = this.slotBytes;
    for (let b = 0; b < this.bucketCount; b++) {
      const l = levelOfBucket(b);
      // expectedHash() reads the parent's childHash: stage the expected value there.
      holder.childHash.set(
        expected.subarray(b * HASH_BYTES, (b + 1) * HASH_BYTES),
        (b & 1) === 1 ? 0 : HASH_BYTES,
      );
      const parent = b === 0 ? null : holder;
      if (b === 0) this.rootHash.set(expected.subarray(0, HASH_BYTES));
      this.loadMeta(b, l, m, 'integrity', parent);
      if (this.mirrorMetadata && this.untrusted(b) && !(this.must && this.trusted.has(b))) {
        this.readMetaP(b, l, this.hashIn.subarray(0, this.metaBytes), 'integrity', 1);
        if (!equalBytes(this.hashIn, 0, m.stored, 0, this.metaBytes)) {
          throw new IntegrityError(b, 'meta', 'mirror copy differs from the verified primary');
        }
      }
      if (2 * b + 2 < this.bucketCount) {
        expected.set(m.childHash.subarray(0, HASH_BYTES), (2 * b + 1) * HASH_BYTES);
        expected.set(m.childHash.subarray(HASH_BYTES, 2 * HASH_BYTES), (2 * b + 2) * HASH_BYTES);
      }
      if (this.merkle) {
        this.chosen.fill(0);
        this.merkleReadAll(b, l, m, 'integrity', -2, parent);
      }
      this.genKeystream(b, m, this.dummyBuf);
      for (let s = 0; s < this.W; s++) {
        this.fetchSlot(b, l, m, s, this.slotBuf, 'integrity');
        const e = m.findSlotEntry2(s);
        if (e >= 0 || (this.replication && m.findReplicaEntry(s) >= 0)) {
          this.openSlot(b, m, s, this.slotBuf, this.blockBuf);
        } else if (!equalBytes(this.slotBuf, 0, this.dummyBuf, s * this.stride, sb)) {
          throw new IntegrityError(b, s, 'dummy slot does not match its keystream');
        }
      }
    }
  }

  inspect(): OramInspection {
    this.latch.check();
    const prevSilent = this.silent;
    const saved = saveCipherCounters(this.suite);
    this.silent = true;
    let blocksInTree = 0;
    let maxReals = 0;
    let maxCount = 0;
    const m = this.auxMeta;
    try {
      for (let b = 0; b < this.bucketCount; b++) {
        const t = this.must ? this.trusted.get(b) : undefined;
        if (t !== undefined) m.copyFrom(t);
        else {
          if (b < this.topBuckets) this.top!.readMeta(b, m.stored);
          else this.storage.readMeta(b, m.stored, 0);
          if (!this.openMeta(b, m)) throw new IntegrityError(b, 'meta', 'metadata does not open');
        }
        const live = m.liveCount();
        blocksInTree += live;
        if (live > maxReals) maxReals = live;
        if (m.count > maxCount) maxCount = m.count;
      }
    } finally {
      this.silent = prevSilent;
      restoreCipherCounters(this.suite, saved);
    }
    return {
      stashSize: this.stash.size,
      blocksInTree,
      blocksWritten: this.writtenCount,
      maxRealsPerBucket: maxReals,
      maxBucketCount: maxCount,
    };
  }

  exportState(): Uint8Array {
    this.latch.check();
    if (this.must) this.fold();
    const st = this.stash;
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
      channels: this.channels,
      round: this.round,
      G: this.G,
      nonceLo: this.suite.nonces.lo,
      writtenCount: this.writtenCount,
      stashSize: st.size,
      counters: this.counters,
    };
    const top = new Uint8Array(this.topBuckets * (this.W * this.slotBytes + this.metaBytes));
    let o = 0;
    for (let b = 0; b < this.topBuckets; b++) {
      for (let s = 0; s < this.W; s++, o += this.slotBytes)
        this.top!.readSlot(b, s, top.subarray(o, o + this.slotBytes));
      this.top!.readMeta(b, top.subarray(o, o + this.metaBytes));
      o += this.metaBytes;
    }
    return packState(
      this.suite,
      header,
      {
        pos: u32Bytes(this.pos),
        written: this.written,
        stashAddr: u32Bytes(st.addr.subarray(0, st.size)),
        stashLeaf: u32Bytes(st.leaf.subarray(0, st.size)),
        stashData: st.data.subarray(0, st.size * this.blockSize),
        rootHash: this.rootHash,
        top,
      },
      this.secrets,
    );
  }

  private restore(state: Uint8Array, cfg: RingConfig): void {
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
    this.pos.set(bytesU32(section(unpacked, 'pos', 4 * this.capacity)));
    this.written.set(section(unpacked, 'written', this.capacity));
    const addrs = bytesU32(section(unpacked, 'stashAddr'));
    const leaves = bytesU32(section(unpacked, 'stashLeaf'));
    const data = section(unpacked, 'stashData');
    for (let i = 0; i < addrs.length; i++)
      this.stash.add(addrs[i]!, leaves[i]!, data, i * this.blockSize);
    this.rootHash.set(section(unpacked, 'rootHash'));
    const top = section(unpacked, 'top');
    let o = 0;
    for (let b = 0; b < this.topBuckets; b++) {
      for (let s = 0; s < this.W; s++, o += this.slotBytes)
        this.top!.writeSlot(b, s, top.subarray(o, o + this.slotBytes));
      this.top!.writeMeta(b, top.subarray(o, o + this.metaBytes));
      o += this.metaBytes;
    }
    this.round = header.round as number;
    this.G = header.G as number;
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

function writeU32(a: Uint8Array, o: number, v: number): void {
  a[o] = v & 255;
  a[o + 1] = (v >>> 8) & 255;
  a[o + 2] = (v >>> 16) & 255;
  a[o + 3] = (v >>> 24) & 255;
}

function readU32(a: Uint8Array, o: number): number {
  return (a[o]! | (a[o + 1]! << 8) | (a[o + 2]! << 16) | (a[o + 3]! << 24)) >>> 0;
}
