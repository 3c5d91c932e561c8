import { checkOptionNames, createRng, type OptionNames, type Rng } from '@paperlab/stats';
import { checkBooleanOption } from '../checkOptions.js';
import type { IntegrityMode } from '../oram.js';
import { createRingOram, type RingOram, type RingOramOptions } from '../ringOram.js';
import { createMemoryStorage } from '../storage.js';
import { createFaultyStorage, type FaultyStorage } from './faultyStorage.js';

/** What happened in one fault scenario. Every logical read ends in exactly one outcome. */
export interface ScenarioSummary {
  scenario: string;
  /** Fresh ORAMs the scenario ran; a trial stops at its first refused access. */
  trials: number;
  /** Faults injected (flipped bits, stuck cells, killed channels). */
  faultsInjected: number;
  /** ECP entries that patched stuck cells (write-verify allocations). */
  correctedByEcp: number;
  /** Reads served from a replica or the metadata mirror after the primary failed. */
  repairedFromReplica: number;
  /** Logical reads that returned the right data. */
  readsCorrect: number;
  /** Accesses refused with an error (IntegrityError, ChannelFailedError, …): detected, not repaired. */
  detectedUnrecoverable: number;
  /** Logical reads that returned wrong data without an error. Must be 0. */
  silentCorruptions: number;
  /** Error names seen, with counts (for the report). */
  errors: Record<string, number>;
  /** The first few error messages, which name the failing location. */
  messages: string[];
}

export interface FaultCampaignOptions {
  seed?: number | string;
  /** Logical blocks; default 128. */
  capacity?: number;
  /** Bytes per block; default 64. */
  blockSize?: number;
  /** Memory channels; default 2. */
  channels?: number;
  /** n of ECP-n; default 6. */
  ecpEntries?: number;
  /** Integrity mode; default 'rit+must' (IRO). */
  integrity?: IntegrityMode;
  /** Mirror metadata on two channels; default true (IRO). */
  mirrorMetadata?: boolean;
  /** Secure Replication of real blocks on another channel; default true (IRO). */
  replication?: boolean;
  /** Extra Ring ORAM options (e.g. Z, S, A, or Secure Replication once available). */
  ring?: Partial<RingOramOptions>;
  /** Random accesses after the faults, before the final read-back; default 200. */
  accesses?: number;
  /** Trials (fresh ORAMs) per random scenario; default 3. */
  trials?: number;
  /**
   * Also run the double fault 'n + 1 stuck cells per line + channel 0 lost' (beyond what
   * replication promises to survive: it must end detected-unrecoverable or correct, never
   * wrong and never an internal error); default false.
   */
  combined?: boolean;
}

export interface FaultCampaignResult {
  scenarios: ScenarioSummary[];
  total: Omit<ScenarioSummary, 'scenario' | 'errors' | 'messages' | 'trials'>;
  ecpBitsPerLine: number;
  ecpBitsPerBucket: number;
  metaBytes: number;
}

interface Harness {
  oram: RingOram;
  storage: FaultyStorage;
  model: Map<number, Uint8Array>;
  rng: Rng;
  summary: ScenarioSummary;
}

function checkInt(name: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], got ${v}`);
  }
  return v;
}

const CAMPAIGN_OPTIONS: OptionNames<FaultCampaignOptions> = {
  seed: true,
  capacity: true,
  blockSize: true,
  channels: true,
  ecpEntries: true,
  integrity: true,
  mirrorMetadata: true,
  replication: true,
  ring: true,
  accesses: true,
  trials: true,
  combined: true,
};

/**
 * Fault campaigns against the IRO configuration of the Ring ORAM (integrity rit+must, mirrored
 * metadata, Secure Replication, ECP-n by default), each on a fresh ORAM whose
 * memory is a FaultyStorage, every logical read checked against a Map model:
 *  - 'channel loss c': every block written, channel c killed, every block read back;
 *  - 'stuck cells ≤ n': n cells of each of many lines wear out (keeping their last value, as a
 *    cell does when it fails on a write); later writes are write-verified and patched by ECP;
 *  - 'stuck cells n + 1': one more than ECP can patch in some lines: the line is refused, the
 *    MAC rejects it, and the read must fail loudly or be repaired, never return wrong data;
 *  - 'transient flips': random stored bits flip, at most one per bucket; the MAC must catch every
 *    one that is read, and the replica or the metadata mirror repairs it.
 */
export function runFaultCampaign(options: FaultCampaignOptions = {}): FaultCampaignResult {
  checkOptionNames('runFaultCampaign', options, CAMPAIGN_OPTIONS);
  const seed = options.seed ?? 'fault-campaign';
  const capacity = checkInt('capacity', options.capacity ?? 128, 2, 1 << 16);
  const blockSize = checkInt('blockSize', options.blockSize ?? 64, 1, 1 << 16);
  const channels = checkInt('channels', options.channels ?? 2, 1, 64);
  const ecpEntries = checkInt('ecpEntries', options.ecpEntries ?? 6, 1, 64);
  const accesses = checkInt('accesses', options.accesses ?? 200, 0, 1_000_000);
  const trials = checkInt('trials', options.trials ?? 3, 1, 10_000);
  const integrity = options.integrity ?? 'rit+must';
  const mirrorMetadata = options.mirrorMetadata ?? true;
  const replication = options.replication ?? true;
  const combined = checkBooleanOption('combined', options.combined, false);
  const root = createRng(seed);

  const oramOptions = (rng: Rng): RingOramOptions => ({
    ...options.ring,
    capacity,
    blockSize,
    integrity,
    mirrorMetadata,
    replication,
    channels,
    rng: rng.fork('oram'),
    key: rng.fork('key').fillBytes(new Uint8Array(32)),
  });
  // The memory shape follows from the ORAM's options: learn it from a probe instance.
  const probe = createRingOram(oramOptions(root.fork('probe')));
  const shape = {
    bucketCount: probe.storage.bucketCount,
    slotsPerBucket: probe.storage.slotsPerBucket,
    slotBytes: probe.storage.slotBytes,
    metaBytes: probe.storage.metaBytes,
  };

  const harness = (
    scenario: string,
    trial: number,
    onUncorrectable: 'throw' | 'raw',
    summary: ScenarioSummary,
  ): Harness => {
    const rng = root.fork(`${scenario} #${trial}`);
    const storage = createFaultyStorage(createMemoryStorage(shape), {
      channels,
      ecpEntries,
      rng: rng.fork('faults'),
      onUncorrectable,
    });
    const oram = createRingOram({ ...oramOptions(rng), storage });
    const model = new Map<number, Uint8Array>();
    return { oram, storage, model, rng: rng.fork('workload'), summary };
  };

  // Returns false once an error stopped the trial: the ORAM is not promised to stay usable
  // after a refused access, so a trial ends at its first detected failure.
  const readChecked = (h: Harness, addr: number): boolean => {
    const want = h.model.get(addr) ?? new Uint8Array(blockSize);
    try {
      const got = h.oram.read(addr);
      let same = got.length === want.length;
      for (let i = 0; same && i < want.length; i++) same = got[i] === want[i];
      if (same) h.summary.readsCorrect++;
      else h.summary.silentCorruptions++;
      return true;
    } catch (e) {
      detected(h, e);
      return false;
    }
  };

  const detected = (h: Harness, e: unknown): void => {
    h.summary.detectedUnrecoverable++;
    const name = e instanceof Error ? e.name : 'unknown';
    h.summary.errors[name] = (h.summary.errors[name] ?? 0) + 1;
    if (h.summary.messages.length < 3)
      h.summary.messages.push(e instanceof Error ? e.message : String(e));
  };

  const writeAll = (h: Harness): void => {
    for (let a = 0; a < capacity; a++) {
      const data = h.rng.fillBytes(new Uint8Array(blockSize));
      h.oram.write(a, data);
      h.model.set(a, data);
    }
  };

  const mix = (h: Harness, n: number): boolean => {
    for (let i = 0; i < n; i++) {
      const a = h.rng.int(0, capacity - 1);
      if (h.rng.bernoulli(0.5)) {
        const data = h.rng.fillBytes(new Uint8Array(blockSize));
        try {
          h.oram.write(a, data);
          h.model.set(a, data);
        } catch (e) {
          // A write is a full access (it reads a path first): a refused one is detected too.
          detected(h, e);
          return false;
        }
      } else if (!readChecked(h, a)) return false;
    }
    return true;
  };

  const finish = (h: Harness, ok: boolean): void => {
    for (let a = 0; ok && a < capacity; a++) ok = readChecked(h, a);
    const c = h.oram.counters;
    h.summary.repairedFromReplica += c.replicaRecoveries + c.mirrorRecoveries;
    h.summary.correctedByEcp += h.storage.stats.ecpEntriesAllocated;
  };

  // Wear-out: the cell keeps the value it holds now, so nothing changes until a later write
  // wants the other value; write-verify then sees it.
  const wearOut = (
    h: Harness,
    cellsPerLine: number,
    lines: number,
    onePerBucket: boolean,
  ): void => {
    const lineBits = 512;
    const buf = new Uint8Array(Math.max(shape.slotBytes, shape.metaBytes));
    const used = new Set<string>();
    for (let k = 0; k < lines; k++) {
      const loc = h.storage.randomLocation();
      const bits = (loc.slot === 'meta' ? shape.metaBytes : shape.slotBytes) * 8;
      const lineStart = Math.floor(loc.bit / lineBits) * lineBits;
      // Each chosen line gets exactly `cellsPerLine` stuck cells: never pick a line twice.
      const key = `${loc.bucket}/${loc.slot}/${loc.copy ?? 0}/${lineStart}`;
      if (used.has(key) || (onePerBucket && used.has(`${loc.bucket}`))) continue;
      used.add(key);
      used.add(`${loc.bucket}`);
      const lineLen = Math.min(lineBits, bits - lineStart);
      const cells = new Set<number>();
      while (cells.size < Math.min(cellsPerLine, lineLen))
        cells.add(lineStart + h.rng.int(0, lineLen - 1));
      const view = buf.subarray(0, bits / 8);
      try {
        if (loc.slot === 'meta') h.storage.readMeta(loc.bucket, view, loc.copy ?? 0);
        else h.storage.readSlot(loc.bucket, loc.slot, view);
      } catch {
        continue; // a line already refused: skip it
      }
      for (const bit of cells) {
        const current = (view[bit >>> 3]! >>> (bit & 7)) & 1;
        h.storage.stickCell({ ...loc, bit }, current as 0 | 1);
        h.summary.faultsInjected++;
      }
    }
  };

  const scenario = (
    name: string,
    trialCount: number,
    onUncorrectable: 'throw' | 'raw',
    inject: (h: Harness) => void,
  ): ScenarioSummary => {
    const summary: ScenarioSummary = {
      scenario: name,
      trials: trialCount,
      faultsInjected: 0,
      correctedByEcp: 0,
      repairedFromReplica: 0,
      readsCorrect: 0,
      detectedUnrecoverable: 0,
      silentCorruptions: 0,
      errors: {},
      messages: [],
    };
    for (let t = 0; t < trialCount; t++) {
      const h = harness(name, t, onUncorrectable, summary);
      writeAll(h);
      let ok = mix(h, accesses >> 1);
      if (ok) {
        inject(h);
        ok = mix(h, accesses);
      }
      finish(h, ok);
    }
    return summary;
  };

  const scenarios: ScenarioSummary[] = [];
  for (let c = 0; c < channels; c++) {
    scenarios.push(
      scenario(`channel ${c} lost`, 1, 'throw', (h) => {
        h.storage.killChannel(c);
        h.summary.faultsInjected++;
      }),
    );
  }
  scenarios.push(
    scenario(`${ecpEntries} stuck cells per line`, trials, 'raw', (h) =>
      wearOut(h, ecpEntries, 2 * shape.bucketCount, false),
    ),
  );
  scenarios.push(
    scenario(`${ecpEntries + 1} stuck cells per line`, trials, 'raw', (h) =>
      wearOut(h, ecpEntries + 1, Math.max(4, shape.bucketCount >> 2), true),
    ),
  );
  if (combined) {
    scenarios.push(
      scenario(`${ecpEntries + 1} stuck cells per line + channel 0 lost`, trials, 'raw', (h) => {
        wearOut(h, ecpEntries + 1, Math.max(4, shape.bucketCount >> 2), true);
        h.storage.killChannel(0);
        h.summary.faultsInjected++;
      }),
    );
  }
  scenarios.push(
    // One flip per bucket at most: a block and its replica (or a metadata block and its
    // mirror) both hit is a double fault, outside what replication promises to survive.
    scenario('transient bit flips', trials, 'raw', (h) => {
      const flips = Math.max(8, shape.bucketCount >> 2);
      const hit = new Set<number>();
      for (let i = 0; i < 4 * flips && hit.size < flips; i++) {
        const loc = h.storage.randomLocation();
        if (hit.has(loc.bucket)) continue;
        hit.add(loc.bucket);
        h.storage.flipBit(loc);
        h.summary.faultsInjected++;
      }
    }),
  );

  const total = {
    faultsInjected: 0,
    correctedByEcp: 0,
    repairedFromReplica: 0,
    readsCorrect: 0,
    detectedUnrecoverable: 0,
    silentCorruptions: 0,
  };
  for (const s of scenarios)
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += s[k];
  const sizing = createFaultyStorage(createMemoryStorage(shape), {
    channels,
    ecpEntries,
    rng: root.fork('sizing'),
  });
  return {
    scenarios,
    total,
    ecpBitsPerLine: sizing.ecpBitsPerLine,
    ecpBitsPerBucket: sizing.ecpBitsPerBucket,
    metaBytes: shape.metaBytes,
  };
}
