import type { Rng } from '@paperlab/stats';
import { type ChannelMapping, channelOf as defaultChannelOf } from '../channels.js';
import { ChannelFailedError, type OramStorage, UnreadableLocationError } from '../storage.js';
import { createEcpTable, type EcpTable, getBit, setBit } from './ecpTable.js';

/** A location in the memory: a slot, or a metadata copy of a bucket. */
export interface FaultLocation {
  bucket: number;
  slot: number | 'meta';
  /** Metadata copy (0 primary, 1 mirror); ignored for slots. */
  copy?: 0 | 1;
  /** Bit index inside the slot or metadata block. */
  bit: number;
}

/** Raised when a line holds more stuck cells at a wrong value than its ECP entries can patch. */
export class UncorrectableLineError extends UnreadableLocationError {
  readonly bucket: number;
  readonly slot: number | 'meta';
  readonly line: number;
  constructor(bucket: number, slot: number | 'meta', line: number) {
    super(
      `line ${line} of bucket ${bucket}, slot ${slot} has more stuck cells than its ECP entries can correct`,
    );
    this.name = 'UncorrectableLineError';
    this.bucket = bucket;
    this.slot = slot;
    this.line = line;
  }
}

export interface FaultStats {
  /** Transient bit flips injected. */
  transientFlips: number;
  /** Permanent stuck-at cells injected. */
  stuckCells: number;
  /** ECP entries allocated by write-verify. */
  ecpEntriesAllocated: number;
  /** Reads in which ECP patched at least one cell. */
  ecpCorrectedReads: number;
  /** Writes that needed more than n entries in some line (the line is then refused on read). */
  uncorrectableWrites: number;
  /** Reads refused with UncorrectableLineError. */
  uncorrectableReads: number;
  /** Channels killed. */
  channelsKilled: number;
  /** Reads or writes refused with ChannelFailedError. */
  channelFailedAccesses: number;
}

export interface FaultyStorageOptions {
  /** Number of memory channels (C). */
  channels: number;
  /** Location → channel; default: the package's `channelOf` (slot s of a bucket at level l on
   * channel (l + s) mod C, metadata copy k on (l + k) mod C). */
  channelOf?: ChannelMapping;
  /** n of ECP-n per 512-bit line. */
  ecpEntries: number;
  /** Picks random fault locations; fork one per consumer. */
  rng: Rng;
  /**
   * What a read of an uncorrectable line does: 'throw' an UncorrectableLineError (default), or
   * return the raw cells uncorrected ('raw') so the MAC above rejects them and the ORAM can fall
   * back to a replica. Either way the line is counted in `uncorrectableReads`.
   */
  onUncorrectable?: 'throw' | 'raw';
}

/**
 * Untrusted memory with faults. Wraps any OramStorage and models each slot and metadata copy as
 * 512-bit lines (the last one possibly shorter) with:
 *  - transient flips: a stored bit changes until the next write of that location;
 *  - stuck-at cells: a cell keeps its value forever; write-verify finds it and ECP-n patches it
 *    on every later read; a line needing more than n entries is refused (UncorrectableLineError),
 *    never returned miscorrected;
 *  - channel loss: every read or write to a killed channel throws ChannelFailedError.
 * A cell that sticks after the last write returns its stuck value until the next write, like a
 * transient flip: only the MAC above can notice it. The ECP bits themselves are assumed fault-free
 * (they sit in the bucket metadata line, which IRO mirrors on two channels).
 */
export interface FaultyStorage extends OramStorage {
  readonly channels: number;
  readonly stats: FaultStats;
  /** ECP bits per 512-bit line: n × 10 + 1. */
  readonly ecpBitsPerLine: number;
  /** ECP bits per bucket, packed back to back into its metadata (all slots and both copies). */
  readonly ecpBitsPerBucket: number;
  /** 512-bit lines per bucket covered by ECP. */
  readonly linesPerBucket: number;
  killChannel(channel: number): void;
  isChannelAlive(channel: number): boolean;
  /** The channel holding a location. */
  channelOfLocation(bucket: number, slot: number | 'meta', copy?: 0 | 1): number;
  /** Flips one stored bit (transient). */
  flipBit(location: FaultLocation): void;
  /** Makes one cell stuck at `value` from now on. */
  stickCell(location: FaultLocation, value: 0 | 1): void;
  /** A uniformly random bit of a uniformly random slot or metadata copy of a live channel. */
  randomLocation(options?: { metadata?: boolean }): FaultLocation;
}

const LINE_BITS = 512;

export function createFaultyStorage(
  inner: OramStorage,
  options: FaultyStorageOptions,
): FaultyStorage {
  const { channels, ecpEntries, rng } = options;
  if (!Number.isInteger(channels) || channels < 1 || channels > 64) {
    throw new RangeError(`channels must be an integer in [1, 64], got ${channels}`);
  }
  const channelOf = options.channelOf ?? defaultChannelOf;
  const mode = options.onUncorrectable ?? 'throw';
  if (mode !== 'throw' && mode !== 'raw') {
    throw new RangeError(`onUncorrectable must be 'throw' or 'raw', got ${String(mode)}`);
  }
  const rawOnUncorrectable = mode === 'raw';
  const { bucketCount, slotsPerBucket, slotBytes, metaBytes } = inner;
  const linesPerSlot = Math.ceil((slotBytes * 8) / LINE_BITS);
  const linesPerMeta = Math.ceil((metaBytes * 8) / LINE_BITS);
  const linesPerBucket = slotsPerBucket * linesPerSlot + 2 * linesPerMeta;
  const ecp: EcpTable = createEcpTable(bucketCount * linesPerBucket, ecpEntries, LINE_BITS);
  const dead = new Uint8Array(channels);
  // Sparse fault state, keyed by global line index: stuck cells (cell → value) and lines whose
  // last write was uncorrectable. `faultyBuckets` lets the hot path skip healthy buckets.
  const stuck = new Map<number, Map<number, number>>();
  const uncorrectable = new Set<number>();
  const faultyBuckets = new Set<number>();
  const stats: FaultStats = {
    transientFlips: 0,
    stuckCells: 0,
    ecpEntriesAllocated: 0,
    ecpCorrectedReads: 0,
    uncorrectableWrites: 0,
    uncorrectableReads: 0,
    channelsKilled: 0,
    channelFailedAccesses: 0,
  };
  const slotBuf = new Uint8Array(slotBytes);
  const metaBuf = new Uint8Array(metaBytes);

  const firstLine = (bucket: number, slot: number | 'meta', copy: 0 | 1): number =>
    bucket * linesPerBucket +
    (slot === 'meta' ? slotsPerBucket * linesPerSlot + copy * linesPerMeta : slot * linesPerSlot);

  // Validates before any state changes, then refuses locations on a dead channel.
  const check = (bucket: number, slot: number | 'meta', copy: 0 | 1, data?: Uint8Array): void => {
    if (!(Number.isInteger(bucket) && bucket >= 0 && bucket < bucketCount)) {
      throw new RangeError(`bucket must be an integer in [0, ${bucketCount - 1}], got ${bucket}`);
    }
    if (slot !== 'meta' && !(Number.isInteger(slot) && slot >= 0 && slot < slotsPerBucket)) {
      throw new RangeError(`slot must be an integer in [0, ${slotsPerBucket - 1}], got ${slot}`);
    }
    if (copy !== 0 && copy !== 1) throw new RangeError(`copy must be 0 or 1, got ${copy}`);
    const size = slot === 'meta' ? metaBytes : slotBytes;
    if (data !== undefined && data.length !== size) {
      throw new RangeError(
        `${slot === 'meta' ? 'metadata' : 'slot data'} must be ${size} bytes, got ${data.length}`,
      );
    }
    const c = channelOf(bucket, slot, copy, channels);
    if (dead[c]) {
      stats.channelFailedAccesses++;
      throw new ChannelFailedError(c, bucket, slot);
    }
  };

  // Applies stuck cells to data being written, write-verifies with ECP; data is not modified.
  const writeCells = (
    bucket: number,
    slot: number | 'meta',
    copy: 0 | 1,
    data: Uint8Array,
    buf: Uint8Array,
  ): Uint8Array => {
    if (!faultyBuckets.has(bucket)) return data;
    buf.set(data);
    const first = firstLine(bucket, slot, copy);
    const lines = slot === 'meta' ? linesPerMeta : linesPerSlot;
    const bits = data.length * 8;
    for (let j = 0; j < lines; j++) {
      const line = first + j;
      const cells = stuck.get(line);
      if (cells === undefined) continue;
      for (const [cell, v] of cells) setBit(buf, j * LINE_BITS + cell, v);
      const len = Math.min(LINE_BITS, bits - j * LINE_BITS);
      const added = ecp.writeVerify(line, data, buf, j * LINE_BITS, len);
      if (added < 0) {
        uncorrectable.add(line);
        stats.uncorrectableWrites++;
      } else {
        uncorrectable.delete(line);
        stats.ecpEntriesAllocated += added;
      }
    }
    return buf;
  };

  const readCells = (bucket: number, slot: number | 'meta', copy: 0 | 1, out: Uint8Array): void => {
    if (!faultyBuckets.has(bucket)) return;
    const first = firstLine(bucket, slot, copy);
    const lines = slot === 'meta' ? linesPerMeta : linesPerSlot;
    const bits = (slot === 'meta' ? metaBytes : slotBytes) * 8;
    let patched = false;
    for (let j = 0; j < lines; j++) {
      const line = first + j;
      if (uncorrectable.has(line)) {
        stats.uncorrectableReads++;
        if (rawOnUncorrectable) return;
        throw new UncorrectableLineError(bucket, slot, j);
      }
      if (stuck.has(line)) {
        const len = Math.min(LINE_BITS, bits - j * LINE_BITS);
        if (ecp.correct(line, out, j * LINE_BITS, len) > 0) patched = true;
      }
    }
    if (patched) stats.ecpCorrectedReads++;
  };

  const checkLocation = (loc: FaultLocation): void => {
    if (!Number.isInteger(loc.bucket) || loc.bucket < 0 || loc.bucket >= bucketCount) {
      throw new RangeError(
        `bucket must be an integer in [0, ${bucketCount - 1}], got ${loc.bucket}`,
      );
    }
    const bits = loc.slot === 'meta' ? metaBytes * 8 : slotBytes * 8;
    if (
      loc.slot !== 'meta' &&
      !(Number.isInteger(loc.slot) && loc.slot >= 0 && loc.slot < slotsPerBucket)
    ) {
      throw new RangeError(
        `slot must be 'meta' or an integer in [0, ${slotsPerBucket - 1}], got ${loc.slot}`,
      );
    }
    if (!Number.isInteger(loc.bit) || loc.bit < 0 || loc.bit >= bits) {
      throw new RangeError(`bit must be an integer in [0, ${bits - 1}], got ${loc.bit}`);
    }
  };

  // Edits the raw stored cells, bypassing ECP (a fault acts on the device, not through it).
  const editRaw = (loc: FaultLocation, edit: (buf: Uint8Array) => void): void => {
    const copy = loc.copy ?? 0;
    if (loc.slot === 'meta') {
      inner.readMeta(loc.bucket, metaBuf, copy);
      edit(metaBuf);
      inner.writeMeta(loc.bucket, metaBuf, copy);
    } else {
      inner.readSlot(loc.bucket, loc.slot, slotBuf);
      edit(slotBuf);
      inner.writeSlot(loc.bucket, loc.slot, slotBuf);
    }
  };

  return {
    bucketCount,
    slotsPerBucket,
    slotBytes,
    metaBytes,
    channels,
    stats,
    ecpBitsPerLine: ecp.bitsPerLine,
    ecpBitsPerBucket: ecp.bitsPerLine * linesPerBucket,
    linesPerBucket,
    readSlot(bucket, slot, out) {
      check(bucket, slot, 0);
      inner.readSlot(bucket, slot, out);
      readCells(bucket, slot, 0, out);
    },
    writeSlot(bucket, slot, data) {
      check(bucket, slot, 0, data);
      inner.writeSlot(bucket, slot, writeCells(bucket, slot, 0, data, slotBuf));
    },
    readMeta(bucket, out, copy = 0) {
      check(bucket, 'meta', copy);
      inner.readMeta(bucket, out, copy);
      readCells(bucket, 'meta', copy, out);
    },
    writeMeta(bucket, data, copy = 0) {
      check(bucket, 'meta', copy, data);
      inner.writeMeta(bucket, writeCells(bucket, 'meta', copy, data, metaBuf), copy);
    },
    close() {
      inner.close?.();
    },
    killChannel(channel) {
      if (!Number.isInteger(channel) || channel < 0 || channel >= channels) {
        throw new RangeError(`channel must be an integer in [0, ${channels - 1}], got ${channel}`);
      }
      if (!dead[channel]) stats.channelsKilled++;
      dead[channel] = 1;
    },
    isChannelAlive(channel) {
      return dead[channel] === 0;
    },
    channelOfLocation(bucket, slot, copy = 0) {
      return channelOf(bucket, slot, copy, channels);
    },
    flipBit(loc) {
      checkLocation(loc);
      editRaw(loc, (buf) => setBit(buf, loc.bit, getBit(buf, loc.bit) ^ 1));
      stats.transientFlips++;
    },
    stickCell(loc, value) {
      checkLocation(loc);
      if (value !== 0 && value !== 1) throw new RangeError(`value must be 0 or 1, got ${value}`);
      const line = firstLine(loc.bucket, loc.slot, loc.copy ?? 0) + Math.floor(loc.bit / LINE_BITS);
      let cells = stuck.get(line);
      if (cells === undefined) {
        cells = new Map();
        stuck.set(line, cells);
      }
      if (!cells.has(loc.bit % LINE_BITS)) stats.stuckCells++;
      cells.set(loc.bit % LINE_BITS, value);
      faultyBuckets.add(loc.bucket);
      // From now on the cell reads as `value`, until write-verify gives it an ECP entry.
      editRaw(loc, (buf) => setBit(buf, loc.bit, value));
    },
    randomLocation(opts = {}) {
      for (let attempt = 0; attempt < 1000; attempt++) {
        const bucket = rng.int(0, bucketCount - 1);
        const isMeta =
          opts.metadata ?? rng.bernoulli(metaBytes / (metaBytes + slotsPerBucket * slotBytes));
        const slot: number | 'meta' = isMeta ? 'meta' : rng.int(0, slotsPerBucket - 1);
        const copy: 0 | 1 = isMeta && rng.bernoulli(0.5) ? 1 : 0;
        if (dead[channelOf(bucket, slot, copy, channels)]) continue;
        const bit = rng.int(0, (isMeta ? metaBytes : slotBytes) * 8 - 1);
        return { bucket, slot, copy, bit };
      }
      throw new RangeError('randomLocation: every channel is dead');
    },
  };
}
