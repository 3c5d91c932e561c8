import { channelOf } from '../channels.js';
import { bucketOnPath } from '../core/treeGeometry.js';
import type { TraceEvent } from '../trace.js';
import type { DesignVariant } from './designVariants.js';
import { metadataLayout, validateVariant } from './designVariants.js';
import type { ChannelPicker, SequenceAccess } from './ringOramSequence.js';
import type { CryptoWork, TimedEvent, TimingShape } from './timingModel.js';
import type { LayoutParameters, TreeParameters } from './timingParameters.js';

/** One access of a design: the memory requests, their crypto work, and the totals. */
export interface ExpandedAccess {
  events: TimedEvent[];
  work: CryptoWork;
  /** MAC computations and checks (slot lines; metadata lines too under Synergy-style MACs). */
  macs: number;
  /** Tree digest computations and checks (RIT, Merkle). */
  hashes: number;
}

export interface DesignExpander {
  readonly variant: DesignVariant;
  readonly shape: TimingShape;
  readonly metaBytes: number;
  /** For H2 variants: the channel picker the sequence generator calls during ReadPath. */
  readonly pickChannel: ChannelPicker | undefined;
  /** Turns one access of the metadata-only Ring ORAM into this design's memory requests. */
  expand(access: SequenceAccess): ExpandedAccess;
}

/**
 * Costs a design on the shared Ring ORAM access sequence (ours, from each mechanism's
 * description in designVariants.ts). Levels below `cachedLevels` are on chip: no requests.
 * Order and phases follow the functional ORAM: ReadPath (metadata, one slot per level, the
 * path's metadata written back leaf first), then EvictPath (metadata + Z slots read per level,
 * Z + S slots and metadata written leaf first), then EarlyReshuffle, then MUST's fold.
 */
export function createDesignExpander(
  variant: DesignVariant,
  tree: TreeParameters,
  layout: LayoutParameters,
  channels: number,
): DesignExpander {
  validateVariant(variant, layout);
  const meta = metadataLayout(variant, tree, layout);
  const metaBytes = meta.bytes;
  const slotBytes = tree.blockBytes;
  const W = tree.Z + tree.S;
  const L = tree.levels;
  const k = tree.cachedLevels;
  const v = variant;
  const tree_ = v.integrity === 'rit' || v.integrity === 'merkle-buckets';
  const synergy = v.integrity === 'ecc-chip-macs';
  const merkle = v.integrity === 'merkle-buckets';
  const must = v.must;
  /** MUST's blocks in least-recently-updated order (Map iteration order). */
  const held = new Map<number, true>();
  let load: number[] = new Array(channels).fill(0);

  const macOnline = (real: boolean): boolean =>
    synergy || (v.integrity === 'rit' && (v.slotMacs === 'every-slot' || real));
  const macRead = (reals: number, n: number): number =>
    synergy ? n : v.integrity !== 'rit' ? 0 : v.slotMacs === 'every-slot' ? n : reals;
  const macWrite = (reals: number, replicas: number): number =>
    synergy
      ? W
      : v.integrity !== 'rit'
        ? 0
        : v.slotMacs === 'every-slot'
          ? W
          : reals + (v.replication ? replicas : 0);

  const pickChannel: ChannelPicker | undefined = v.balanceChannels
    ? (bucket, level, options) => {
        if (level < k) return options[0]!;
        if (!held.has(bucket)) load[channelOf(bucket, 'meta', 0, channels)]!++;
        let best = options[0]!;
        for (const c of options) if (load[c]! < load[best]!) best = c;
        load[best]!++;
        return best;
      }
    : undefined;

  function expand(a: SequenceAccess): ExpandedAccess {
    const events: TimedEvent[] = [];
    let macs = 0;
    let hashes = 0;
    let bgMacs = 0;
    let bgHashes = 0;
    let onlineHashes = 0;
    let sideHashes = 0;
    const ev = (
      op: 'read' | 'write',
      bucket: number,
      slot: number | 'meta',
      level: number,
      phase: TraceEvent['phase'],
      extra: Partial<TimedEvent> = {},
    ): void => {
      events.push({
        op,
        bucket,
        slot,
        bytes: slot === 'meta' ? metaBytes : slotBytes,
        level,
        phase,
        ...extra,
      });
    };
    const writeMeta = (
      bucket: number,
      level: number,
      phase: TraceEvent['phase'],
      mirrored: boolean,
    ): void => {
      if (mirrored) {
        ev('write', bucket, 'meta', level, phase, { copy: 0 });
        ev('write', bucket, 'meta', level, phase, { copy: 1 });
      } else ev('write', bucket, 'meta', level, phase);
      // A new digest for the parent (RIT, Merkle: chained up the path), or the metadata line's
      // own MAC (Synergy: independent of the others).
      if (tree_) {
        bgHashes++;
        hashes++;
      } else if (synergy) {
        bgMacs++;
        macs++;
      }
    };
    /** A MUST block written out; under a bounded MUST its digest goes into a parent on chip. */
    const spill = (bucket: number, phase: TraceEvent['phase'], chained: boolean): void => {
      held.delete(bucket);
      const level = 31 - Math.clz32(bucket + 1);
      const mirrored = v.mirror !== 'none';
      if (chained) {
        writeMeta(bucket, level, phase, mirrored);
        return;
      }
      if (mirrored) {
        ev('write', bucket, 'meta', level, phase, { copy: 0 });
        ev('write', bucket, 'meta', level, phase, { copy: 1 });
      } else ev('write', bucket, 'meta', level, phase);
      sideHashes++;
      hashes++;
    };
    const touch = (bucket: number): void => {
      held.delete(bucket);
      held.set(bucket, true);
      if (typeof must === 'number' && held.size > must) {
        const oldest = held.keys().next().value as number;
        spill(oldest, 'online', false);
      }
    };
    /** A bucket read (Z slots) and rewritten by EvictPath or EarlyReshuffle. */
    const readBucket = (
      bucket: number,
      level: number,
      readSlots: readonly number[],
      realsRead: number,
      phase: 'evict' | 'reshuffle',
    ): void => {
      if (!held.has(bucket)) {
        // Its check waits for nothing but the data: an independent digest (or line MAC).
        ev('read', bucket, 'meta', level, phase);
        if (tree_) {
          sideHashes++;
          hashes++;
        } else if (synergy) {
          bgMacs++;
          macs++;
        }
      }
      if (merkle) {
        // Checking the bucket's hash needs every slot.
        for (let s = 0; s < W; s++) ev('read', bucket, s, level, phase);
      } else for (const s of readSlots) ev('read', bucket, s, level, phase);
      const m = macRead(realsRead, readSlots.length);
      bgMacs += m;
      macs += m;
    };
    const writeBucket = (
      bucket: number,
      level: number,
      realsWritten: number,
      replicasWritten: number,
      phase: 'evict' | 'reshuffle',
    ): void => {
      for (let s = 0; s < W; s++) ev('write', bucket, s, level, phase);
      const m = macWrite(realsWritten, replicasWritten);
      bgMacs += m;
      macs += m;
      held.delete(bucket); // an eviction or reshuffle write absorbs a pending MUST update
      writeMeta(bucket, level, phase, v.mirror === 'all-metadata');
    };

    // ReadPath.
    for (const p of a.path) {
      if (p.level < k) continue;
      if (!held.has(p.bucket)) {
        // RIT checks the metadata against its parent's digest, Synergy the line's MAC; Merkle
        // needs the whole bucket first (counted in onlineHashes, started when all is in).
        ev('read', p.bucket, 'meta', p.level, 'online', { digest: !merkle && (tree_ || synergy) });
        if (synergy) macs++;
        else if (tree_) {
          hashes++;
          if (merkle) onlineHashes++;
        }
      }
      if (merkle) {
        for (let s = 0; s < W; s++) if (s !== p.slot) ev('read', p.bucket, s, p.level, 'integrity');
      }
      const mac = macOnline(p.real);
      ev('read', p.bucket, p.slot, p.level, 'online', { mac });
      if (mac) macs++;
    }
    for (let i = a.path.length - 1; i >= 0; i--) {
      const p = a.path[i]!;
      if (p.level < k) continue;
      if (must === 'none') writeMeta(p.bucket, p.level, 'online', v.mirror === 'all-metadata');
      else touch(p.bucket);
    }

    // EvictPath.
    if (a.evict !== null) {
      const bs = a.evict.buckets;
      for (const b of bs)
        if (b.level >= k) readBucket(b.bucket, b.level, b.readSlots, b.realsRead, 'evict');
      for (let i = bs.length - 1; i >= 0; i--) {
        const b = bs[i]!;
        if (b.level >= k)
          writeBucket(b.bucket, b.level, b.realsWritten, b.replicasWritten, 'evict');
      }
    }

    // EarlyReshuffle; a rewritten bucket changes its ancestors' digests.
    if (a.reshuffles.length > 0) {
      for (const r of a.reshuffles)
        if (r.level >= k) readBucket(r.bucket, r.level, r.readSlots, r.realsRead, 'reshuffle');
      const done = new Set<number>();
      const deepest = a.reshuffles[a.reshuffles.length - 1]!.level;
      for (let l = deepest; l >= k; l--) {
        const r = a.reshuffles.find((x) => x.level === l);
        const bucket = bucketOnPath(a.leaf, l, L);
        if (r !== undefined) {
          writeBucket(r.bucket, r.level, r.realsWritten, r.replicasWritten, 'reshuffle');
          done.add(l);
        } else if (tree_) {
          if (must === 'none') writeMeta(bucket, l, 'integrity', v.mirror === 'all-metadata');
          else touch(bucket);
        }
      }
    }

    // MUST's fold: what ReadPath updated since the last EvictPath goes to memory, leaf first.
    if (must === 'fold-at-eviction' && a.evict !== null) {
      const keys = [...held.keys()].sort((p, q) => q - p);
      for (const b of keys) spill(b, 'evict', true);
    }

    load = new Array(channels).fill(0);
    const work: CryptoWork = {
      onlineHashes,
      backgroundMacs: bgMacs,
      backgroundHashes: bgHashes,
      independentHashes: sideHashes,
      macBytes: slotBytes,
      hashBytes: merkle ? metaBytes + W * slotBytes : metaBytes,
    };
    return { events, work, macs, hashes };
  }

  return {
    variant,
    shape: { bucketCount: 2 ** (L + 1) - 1, slotsPerBucket: W, slotBytes, metaBytes },
    metaBytes,
    pickChannel,
    expand,
  };
}
