import { type MetaLayout, metaLayout } from '../bucketMeta.js';
import { checkBooleanOption, checkOptions, RING_OPTION_NAMES } from '../checkOptions.js';
import { META_HEADER } from '../crypto/ringSealer.js';
import type { IntegrityScheme } from '../integrity/integrityScheme.js';
import { integritySchemeNamed, integritySchemeNames } from '../integrity/registry.js';
import { type CommonOramOptions, checkInt, type IntegrityMode } from '../oram.js';
import {
  DEFAULT_CHANNELS,
  DEFAULT_RING_PARAMETERS,
  defaultLevels,
  MAX_BLOCK_SIZE,
  MAX_CAPACITY,
  MAX_LEVELS,
  RING_PARAMETER_SETS,
  type RingParameterSetName,
  type RingParameters,
  TAG_BYTES,
} from '../parameters.js';
import type { StorageShape } from '../storage/oramStorage.js';

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

export interface RingConfig {
  capacity: number;
  blockSize: number;
  levels: number;
  Z: number;
  S: number;
  A: number;
  treeTopLevels: number;
  encrypt: boolean;
  integrity: IntegrityMode;
  scheme: IntegrityScheme;
  xorTrick: boolean;
  mirrorMetadata: boolean;
  replication: boolean;
  channels: number;
}

export function resolveRingConfig(o: RingOramOptions): RingConfig {
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
  const encrypt = checkBooleanOption('encrypt', o.encrypt, true);
  const integrity = o.integrity ?? 'none';
  const scheme = integritySchemeNamed(integrity);
  if (scheme === undefined) {
    throw new RangeError(
      `integrity must be one of ${integritySchemeNames().join(', ')}, got ${String(integrity)}`,
    );
  }
  if (scheme.needsKey && !encrypt) {
    throw new RangeError(`integrity '${integrity}' needs encrypt: true (MACs are keyed)`);
  }
  const xorTrick = checkBooleanOption('xorTrick', o.xorTrick, false);
  const mirrorMetadata = checkBooleanOption('mirrorMetadata', o.mirrorMetadata, false);
  const replication = checkBooleanOption('replication', o.replication, false);
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
    if (scheme.refusesReplication !== undefined) throw new RangeError(scheme.refusesReplication);
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
    scheme,
    xorTrick,
    mirrorMetadata,
  };
}

/** Byte sizes of a Ring ORAM's stored slot and metadata block, and the metadata layout. */
export interface RingGeometry {
  levels: number;
  bucketCount: number;
  W: number;
  slotBytes: number;
  metaBytes: number;
  layout: MetaLayout;
  /** Whether slots and metadata carry tags (encryption, or the checksum of encrypt: false). */
  tagged: boolean;
  /** Without a key, copies a fallback may pick (replicas, the mirror) still carry a checksum. */
  checksum: boolean;
}

export function ringGeometry(cfg: RingConfig): RingGeometry {
  const checksum = !cfg.encrypt && (cfg.replication || cfg.mirrorMetadata);
  const tagged = cfg.encrypt || checksum;
  const tagBytes = tagged ? TAG_BYTES : 0;
  const s = cfg.scheme;
  const layout = metaLayout(cfg.Z, cfg.S, {
    tree: s.childHashes,
    tagsInMeta: s.tagsInMeta,
    replicaEntries: cfg.replication ? cfg.Z : 0,
  });
  return {
    levels: cfg.levels,
    bucketCount: 2 ** (cfg.levels + 1) - 1,
    W: cfg.Z + cfg.S,
    slotBytes: cfg.blockSize + (s.tagsInMeta ? 0 : tagBytes),
    metaBytes: META_HEADER + (tagged ? 8 + layout.plainBytes + TAG_BYTES : layout.plainBytes),
    layout,
    tagged,
    checksum,
  };
}

/**
 * The storage shape a Ring ORAM with these options needs (bucket count, slots per bucket, slot
 * and metadata bytes), without building one: for creating a server's or a file's store.
 */
export function ringStorageShape(options: RingOramOptions): StorageShape {
  const g = ringGeometry(resolveRingConfig(options));
  return {
    bucketCount: g.bucketCount,
    slotsPerBucket: g.W,
    slotBytes: g.slotBytes,
    metaBytes: g.metaBytes,
  };
}
