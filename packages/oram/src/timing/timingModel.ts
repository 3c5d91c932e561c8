import { checkOptionNames, type OptionNames } from '@paperlab/stats';
import { type ChannelMapping, channelOf as defaultChannelOf } from '../channels.js';
import type { TraceEvent } from '../trace.js';
import { type CryptoUnitPool, createCryptoUnitPool } from './cryptoUnitPool.js';
import { createDramModel, type DramModel, type DramStats } from './dramModel.js';
import {
  resolveTimingParameters,
  type TimingOverrides,
  type TimingParameters,
} from './timingParameters.js';

/**
 * A trace event with the crypto work tied to it (optional): `mac` — this online slot read's MAC
 * is checked when it arrives; `digest` — this online metadata read is checked against its
 * parent's digest when it arrives. Events without the flags take the counts of CryptoWork.
 */
export interface TimedEvent extends TraceEvent {
  mac?: boolean;
  digest?: boolean;
}

/** The memory layout the trace addresses: needed to place slots in rows and banks. */
export interface TimingShape {
  bucketCount: number;
  slotsPerBucket: number;
  slotBytes: number;
  metaBytes: number;
}

/**
 * The crypto work of one access beyond what the trace shows, e.g. from the ORAM's integrity
 * counters. Each count is a number of operations; `macBytes`/`hashBytes` is the input size of one.
 */
export interface CryptoWork {
  /** MACs checked on the critical path: the i-th is issued when the i-th online slot read arrives. */
  onlineMacs?: number;
  /** Hashes checking the read path's metadata: the i-th starts when the i-th metadata read arrives. */
  onlineHashes?: number;
  /** MACs of written slots, issued once the background reads are in. */
  backgroundMacs?: number;
  /** Tree updates after the MACs: a dependent chain (a parent digest needs its child's). */
  backgroundHashes?: number;
  /**
   * Digests nothing in this access waits for (checks of metadata read in the background, a
   * MUST block written out whose digest goes into a parent kept on chip): issued with the
   * background MACs, they only occupy units; the controller is free when they are done.
   */
  independentHashes?: number;
  /** Input bytes of one MAC; default: the slot size. */
  macBytes?: number;
  /** Input bytes of one hash; default: the metadata size. */
  hashBytes?: number;
}

export interface AccessTiming {
  /** When the controller started this access. */
  start: number;
  /** When the requested block was available to the CPU. */
  onlineDone: number;
  /** When the controller was free again (eviction, reshuffle, integrity writes done). */
  done: number;
}

export interface TimingStats {
  accesses: number;
  dram: DramStats;
  macs: number;
  hashes: number;
  /** Cycles crypto operations (MACs, and tree digests on the 'aes-gcm' engine) waited for a unit. */
  macQueueingCycles: number;
  /** Events served by the on-chip tree top (no DRAM access). */
  cachedEvents: number;
}

/**
 * A trace-driven timing model of an ORAM controller (ours; the paper's simulator is unknown).
 * Accesses are serialised: one starts when the CPU has issued its miss and the previous one has
 * finished its background work. Inside an access:
 *  1. online reads of metadata and of 'integrity' phase data are issued together at the start;
 *  2. each metadata read starts one of `onlineHashes` checks when it arrives;
 *  3. slot reads are issued when the path's metadata has arrived (and been checked, if
 *     `verifyMetadataBeforeSlotReads`), each one starting one of `onlineMacs` when it arrives;
 *     the CPU gets its block when all of these are done;
 *  4. background reads (evict / reshuffle) are issued at once; when they are in, written slots
 *     get their MACs (and independent digests start); slot writes wait for the MACs; then the
 *     tree digests are updated level by level, leaf to root (one round per metadata level
 *     written, the nodes of a level in parallel); every metadata write, ReadPath's write-back
 *     included, waits for them (metadata holds the MACs and digests).
 * Accesses to the top `treeTopCachedLevels` levels cost no DRAM time. Confidentiality pads
 * (AES-CTR) are assumed precomputed from counters and hidden, in every design alike.
 */
export interface TimingModel {
  readonly parameters: TimingParameters;
  /** Times one access given its physical events and crypto work. */
  access(events: readonly TimedEvent[], crypto?: CryptoWork): AccessTiming;
  /** An observer collecting events for the next `endAccess`. */
  readonly observe: (event: TraceEvent) => void;
  /** Times the events collected by `observe` as one access. */
  endAccess(crypto?: CryptoWork): AccessTiming;
  /** The CPU works this many cycles after the last access returned its block. */
  compute(cycles: number): void;
  /** Cycles from time 0 until both the CPU and the controller are idle. */
  readonly elapsed: number;
  readonly stats: TimingStats;
  reset(): void;
}

export interface TimingModelOptions {
  parameters?: TimingOverrides;
  shape: TimingShape;
  /**
   * Default: the package's `channelOf`: slot s of a bucket at level l on channel (l + s) mod C,
   * metadata copy k on (l + k) mod C (slot-interleaved, rotated by level).
   */
  channelOf?: ChannelMapping;
}

const MODEL_OPTIONS: OptionNames<TimingModelOptions> = {
  parameters: true,
  shape: true,
  channelOf: true,
};

function checkShape(shape: TimingShape): void {
  if (shape === null || typeof shape !== 'object')
    throw new TypeError(
      `shape must be an object { bucketCount, slotsPerBucket, slotBytes, metaBytes }, got ${String(shape)}`,
    );
  const fields: [keyof TimingShape, number][] = [
    ['bucketCount', 1 << 30],
    ['slotsPerBucket', 1 << 16],
    ['slotBytes', 1 << 24],
    ['metaBytes', 1 << 24],
  ];
  for (const [name, hi] of fields) {
    const v = shape[name];
    if (!Number.isInteger(v) || v < 1 || v > hi) {
      throw new RangeError(`shape.${name} must be an integer in [1, ${hi}], got ${v}`);
    }
  }
}

export function createTimingModel(options: TimingModelOptions): TimingModel {
  checkOptionNames('createTimingModel', options, MODEL_OPTIONS);
  const parameters = resolveTimingParameters(options.parameters);
  checkShape(options.shape);
  if (options.channelOf !== undefined && typeof options.channelOf !== 'function')
    throw new TypeError(`channelOf must be a function, got ${typeof options.channelOf}`);
  const { slotsPerBucket, slotBytes, metaBytes, bucketCount } = options.shape;
  const channelOf = options.channelOf ?? defaultChannelOf;
  const channels = parameters.channels;
  const lineBytes = parameters.dram.burstBytes;
  // Metadata first, padded to whole bursts, then the slots: one bucket is contiguous.
  const metaStride = Math.ceil(metaBytes / lineBytes) * lineBytes;
  const bucketStride = metaStride + slotsPerBucket * slotBytes;
  const mirrorBase = bucketCount * bucketStride;
  const dram: DramModel = createDramModel(parameters.dram, channels, parameters.cpuClockMhz);
  const aes: CryptoUnitPool = createCryptoUnitPool(
    parameters.aesGcm.units,
    parameters.aesGcm.latency,
    parameters.aesGcm.initiationInterval,
  );
  const dedicatedHash = parameters.hash.engine === 'dedicated';
  const hash: CryptoUnitPool = dedicatedHash
    ? createCryptoUnitPool(parameters.hash.units, parameters.hash.latency, parameters.hash.latency)
    : aes;
  let hashOps = 0;
  const cachedLevels = parameters.treeTopCachedLevels;
  let cpuTime = 0;
  let controllerFree = 0;
  let accesses = 0;
  let cachedEvents = 0;
  let pending: TraceEvent[] = [];

  function issue(event: TraceEvent, time: number): number {
    if (event.level < cachedLevels) {
      cachedEvents++;
      return time;
    }
    const channel = channelOf(event.bucket, event.slot, event.copy ?? 0, channels);
    let address = event.bucket * bucketStride;
    if (event.slot === 'meta') {
      if (event.copy === 1) address += mirrorBase;
    } else address += metaStride + event.slot * slotBytes;
    return dram.request(time, channel, address, event.bytes, event.op === 'write');
  }

  function access(events: readonly TimedEvent[], crypto: CryptoWork = {}): AccessTiming {
    const onlineMacs = crypto.onlineMacs ?? 0;
    const onlineHashes = crypto.onlineHashes ?? 0;
    const backgroundMacs = crypto.backgroundMacs ?? 0;
    const backgroundHashes = crypto.backgroundHashes ?? 0;
    const independentHashes = crypto.independentHashes ?? 0;
    for (const [name, v] of [
      ['independentHashes', independentHashes],
      ['onlineMacs', onlineMacs],
      ['onlineHashes', onlineHashes],
      ['backgroundMacs', backgroundMacs],
      ['backgroundHashes', backgroundHashes],
    ] as const) {
      if (!Number.isInteger(v) || v < 0) {
        throw new RangeError(`crypto.${name} must be a non-negative integer, got ${v}`);
      }
    }
    // Validate every event before touching any state: a rejected access changes nothing.
    for (const e of events) {
      if (!(Number.isInteger(e.bucket) && e.bucket >= 0 && e.bucket < bucketCount)) {
        throw new RangeError(
          `event.bucket must be an integer in [0, ${bucketCount - 1}], got ${e.bucket}`,
        );
      }
      if (
        e.slot !== 'meta' &&
        !(Number.isInteger(e.slot) && e.slot >= 0 && e.slot < slotsPerBucket)
      ) {
        throw new RangeError(
          `event.slot must be 'meta' or an integer in [0, ${slotsPerBucket - 1}], got ${e.slot}`,
        );
      }
      if (!(Number.isInteger(e.bytes) && e.bytes >= 1)) {
        throw new RangeError(`event.bytes must be an integer >= 1, got ${e.bytes}`);
      }
    }
    const macBlocks = Math.ceil((crypto.macBytes ?? slotBytes) / 16);
    // A dedicated engine eats 64-byte blocks; a GMAC on an AES-GCM unit eats 16-byte blocks.
    const hashBlocks = Math.ceil((crypto.hashBytes ?? metaBytes) / (dedicatedHash ? 64 : 16));
    hashOps += onlineHashes + backgroundHashes + independentHashes;
    const start = Math.max(cpuTime, controllerFree);

    // Stage 1–2: online metadata and integrity reads, with their hash checks.
    let metaIn = start;
    let metaChecked = start;
    let hashesLeft = onlineHashes;
    for (const e of events) {
      if (
        e.op !== 'read' ||
        !(e.phase === 'integrity' || (e.phase === 'online' && e.slot === 'meta'))
      )
        continue;
      const t = issue(e, start);
      if (t > metaIn) metaIn = t;
      if (e.slot === 'meta' && (e.digest ?? hashesLeft > 0)) {
        if (e.digest === undefined) hashesLeft--;
        else hashOps++;
        const h = hash.submit(t, hashBlocks);
        if (h > metaChecked) metaChecked = h;
      }
    }
    for (; hashesLeft > 0; hashesLeft--) {
      const h = hash.submit(metaIn, hashBlocks);
      if (h > metaChecked) metaChecked = h;
    }
    const slotIssue = parameters.verifyMetadataBeforeSlotReads
      ? Math.max(metaIn, metaChecked)
      : metaIn;

    // Stage 3: online slot reads and their MAC checks.
    let onlineDone = Math.max(metaIn, metaChecked);
    let macsLeft = onlineMacs;
    let lastSlotIn = slotIssue;
    for (const e of events) {
      if (e.phase !== 'online' || e.slot === 'meta') continue;
      const t = issue(e, slotIssue);
      if (t > lastSlotIn) lastSlotIn = t;
      if (t > onlineDone) onlineDone = t;
      if (e.op === 'read' && (e.mac ?? macsLeft > 0)) {
        if (e.mac === undefined) macsLeft--;
        const m = aes.submit(t, macBlocks);
        if (m > onlineDone) onlineDone = m;
      }
    }
    for (; macsLeft > 0; macsLeft--) {
      const m = aes.submit(lastSlotIn, macBlocks);
      if (m > onlineDone) onlineDone = m;
    }

    // Stage 4: background reads, MACs of written slots, hash chain, writes.
    let readsIn = onlineDone;
    for (const e of events) {
      if (e.op !== 'read' || e.phase === 'online' || e.phase === 'integrity') continue;
      const t = issue(e, onlineDone);
      if (t > readsIn) readsIn = t;
    }
    let macsDone = readsIn;
    for (let i = 0; i < backgroundMacs; i++) {
      const m = aes.submit(readsIn, macBlocks);
      if (m > macsDone) macsDone = m;
    }
    let sideDone = readsIn;
    for (let i = 0; i < independentHashes; i++) {
      const h = hash.submit(readsIn, hashBlocks);
      if (h > sideDone) sideDone = h;
    }
    // Tree updates go level by level, leaf to root: a parent's digest needs its children's, but
    // the nodes of one level are independent. The levels are those of the metadata written.
    let levels = 0;
    let seen = 0;
    for (const e of events) {
      if (e.op === 'write' && e.slot === 'meta' && e.level < 31 && !(seen & (1 << e.level))) {
        seen |= 1 << e.level;
        levels++;
      }
    }
    levels = Math.max(1, Math.min(levels, backgroundHashes));
    let chain = macsDone;
    for (let k = 0, left = backgroundHashes; k < levels; k++) {
      const here = Math.ceil(left / (levels - k));
      left -= here;
      let levelDone = chain;
      for (let i = 0; i < here; i++) {
        const h = hash.submit(chain, hashBlocks);
        if (h > levelDone) levelDone = h;
      }
      chain = levelDone;
    }
    // A write carries what was computed for it: metadata its digests (and the MACs it holds),
    // a slot its MAC where the MAC travels with the line. Without crypto both are readsIn.
    let done = Math.max(onlineDone, chain, sideDone);
    for (const e of events) {
      if (e.op !== 'write') continue;
      const t = issue(e, e.slot === 'meta' ? chain : macsDone);
      if (t > done) done = t;
    }

    cpuTime = onlineDone;
    controllerFree = done;
    accesses++;
    return { start, onlineDone, done };
  }

  const model: TimingModel = {
    parameters,
    access,
    observe: (event) => {
      pending.push(event);
    },
    endAccess(crypto) {
      const events = pending;
      pending = [];
      return access(events, crypto);
    },
    compute(cycles) {
      if (typeof cycles !== 'number' || !(cycles >= 0) || !Number.isFinite(cycles)) {
        throw new RangeError(`cycles must be a finite number >= 0, got ${cycles}`);
      }
      cpuTime += cycles;
    },
    get elapsed() {
      return Math.max(cpuTime, controllerFree);
    },
    get stats() {
      return {
        accesses,
        dram: { ...dram.stats },
        macs: dedicatedHash ? aes.operations : aes.operations - hashOps,
        hashes: hashOps,
        macQueueingCycles: aes.queueingCycles,
        cachedEvents,
      };
    },
    reset() {
      dram.reset();
      aes.reset();
      hash.reset();
      hashOps = 0;
      cpuTime = 0;
      controllerFree = 0;
      accesses = 0;
      cachedEvents = 0;
      pending = [];
    },
  };
  return model;
}
