import type { ChannelMapping } from '../channels.js';
import {
  type CryptoWork,
  createTimingModel,
  type TimedEvent,
  type TimingShape,
  type TimingStats,
} from './timingModel.js';
import {
  computeCyclesPerMiss,
  resolveTimingParameters,
  type TimingOverrides,
  type WorkloadProfile,
} from './timingParameters.js';

/** One recorded ORAM access: its physical events and the crypto work its integrity mode did. */
export interface RecordedAccess {
  events: TimedEvent[];
  /** MAC computations (computed or checked) during the access. */
  macs: number;
  /** Hash computations during the access. */
  hashes: number;
  /** The crypto work as the design states it (per-event flags + background counts); else derived. */
  work?: CryptoWork;
}

/** The recorded accesses of one design (e.g. Ring ORAM without integrity, or IRO). */
export interface DesignTrace {
  name: string;
  shape: TimingShape;
  accesses: RecordedAccess[];
  /** Input bytes of one MAC; default the slot size. */
  macBytes?: number;
  /** Input bytes of one hash; default the metadata size (a Merkle tree over buckets hashes more). */
  hashBytes?: number;
}

/**
 * Splits an access's MAC and hash counts into the timing model's critical-path and background
 * work (ours): checks happen as data arrives — one MAC per slot read of ReadPath and one hash
 * per metadata read below the cached tree top — and every remaining computation is update work
 * (MACs of written slots, digests up the tree) done in the background.
 */
export function cryptoWorkOf(access: RecordedAccess, cachedLevels: number): CryptoWork {
  if (access.work !== undefined) return { ...access.work };
  let slotReads = 0;
  let metaReads = 0;
  for (const e of access.events) {
    if (e.op !== 'read' || e.phase !== 'online' || e.level < cachedLevels) continue;
    if (e.slot === 'meta') metaReads++;
    else slotReads++;
  }
  const onlineMacs = Math.min(access.macs, slotReads);
  const onlineHashes = Math.min(access.hashes, metaReads);
  return {
    onlineMacs,
    onlineHashes,
    backgroundMacs: access.macs - onlineMacs,
    backgroundHashes: access.hashes - onlineHashes,
  };
}

export interface ReplayOptions {
  parameters?: TimingOverrides;
  profile: WorkloadProfile;
  channelOf?: ChannelMapping;
  /**
   * Which crypto work to time (default both): switching one off isolates what the rest of the
   * design (e.g. its larger metadata) costs, to explain where an overhead comes from.
   */
  include?: { macs?: boolean; hashes?: boolean };
}

export interface ReplayResult {
  /** Processor cycles to run the workload: CPU work between misses plus ORAM stalls. */
  cycles: number;
  stats: TimingStats;
}

/** Runs a recorded design trace through the timing model under one workload profile. */
export function replayTrace(trace: DesignTrace, options: ReplayOptions): ReplayResult {
  const parameters = resolveTimingParameters(options.parameters);
  const model = createTimingModel({
    parameters,
    shape: trace.shape,
    ...(options.channelOf ? { channelOf: options.channelOf } : {}),
  });
  const gap = computeCyclesPerMiss(options.profile);
  const cached = parameters.treeTopCachedLevels;
  const withMacs = options.include?.macs ?? true;
  const withHashes = options.include?.hashes ?? true;
  for (const access of trace.accesses) {
    const work = cryptoWorkOf(access, cached);
    if (!withMacs) {
      work.onlineMacs = 0;
      work.backgroundMacs = 0;
    }
    if (!withHashes) {
      work.onlineHashes = 0;
      work.backgroundHashes = 0;
    }
    if (trace.macBytes !== undefined) work.macBytes = trace.macBytes;
    if (trace.hashBytes !== undefined) work.hashBytes = trace.hashBytes;
    const events =
      withMacs && withHashes
        ? access.events
        : access.events.map((e) => ({
            ...e,
            ...(withMacs ? {} : { mac: false }),
            ...(withHashes ? {} : { digest: false }),
          }));
    model.access(events, work);
    model.compute(gap);
  }
  return { cycles: model.elapsed, stats: model.stats };
}

/**
 * The AES-GCM unit count at which no crypto operation of the trace ever waits for a unit: its
 * busiest access's MACs plus tree digests (digests run on the same units by default).
 */
export function enoughMacUnits(trace: DesignTrace): number {
  let most = 1;
  for (const a of trace.accesses) if (a.macs + a.hashes > most) most = a.macs + a.hashes;
  return most;
}

export interface DesignComparison {
  perProfile: { profile: string; baselineCycles: number; candidateCycles: number; ratio: number }[];
  /** Mean over profiles of candidate / baseline − 1 (e.g. 0.0754 = +7.54 %). */
  meanOverhead: number;
}

/** Execution time of `candidate` normalised to `baseline`, per profile and averaged. */
export function compareDesigns(
  baseline: DesignTrace,
  candidate: DesignTrace,
  options: {
    parameters?: TimingOverrides;
    profiles: readonly WorkloadProfile[];
    channelOf?: ChannelMapping;
  },
): DesignComparison {
  if (options.profiles.length === 0) throw new RangeError('profiles must not be empty');
  const perProfile = options.profiles.map((profile) => {
    const common = {
      profile,
      ...(options.parameters ? { parameters: options.parameters } : {}),
      ...(options.channelOf ? { channelOf: options.channelOf } : {}),
    };
    const baselineCycles = replayTrace(baseline, common).cycles;
    const candidateCycles = replayTrace(candidate, common).cycles;
    return {
      profile: profile.name,
      baselineCycles,
      candidateCycles,
      ratio: candidateCycles / baselineCycles,
    };
  });
  const meanOverhead = perProfile.reduce((s, p) => s + p.ratio, 0) / perProfile.length - 1;
  return { perProfile, meanOverhead };
}
