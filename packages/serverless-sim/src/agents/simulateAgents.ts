// LLM-agent sessions on the shared engine. A session arrives, is admitted to a node once the
// node has memory for it (FIFO per node), gets a sandbox (created under the node's creation
// lock, or repurposed from the node's pool), has its VM memory restored (snapshot resume or
// mm-template), gets its browser (its own, or a context in the node's shared one), then runs its
// steps and gives everything back. The engine is the one containers run on: this module only
// builds the agent workload and platform, runs it, and reports in agent terms.
import { createRecorder, createRng, type Summary } from '@paperlab/stats';
import { Simulator } from '../engine/simulator.js';
import { type FunctionProfile, FunctionTable } from '../functionProfile.js';
import { clusterDefaults } from '../parameters.js';
import type { AgentPlatform, AgentPlatformCosts } from './agentPlatform.js';
import { AgentSandboxPlatform } from './agentSandboxPlatform.js';
import { AgentSessionWorkload } from './agentSessionWorkload.js';
import {
  type AgentArrivals,
  type AgentProfile,
  type AgentStepModel,
  defaultAgentProfiles,
  defaultAgentSteps,
  validateAgentWorkload,
} from './agentWorkload.js';

export interface AgentSimulationConfig {
  platform: AgentPlatform;
  arrivals: AgentArrivals;
  /** Sessions arrive during [0, durationMs); the run continues until all have finished. */
  durationMs: number;
  seed: number | string;
  nodes?: number;
  nodeMemoryMb?: number;
  profiles?: readonly AgentProfile[];
  steps?: AgentStepModel;
  /** Each node's storage bandwidth, MiB per ms (default `storage.mbPerMs`). */
  storageMbPerMs?: number;
}

export interface AgentMemoryResult {
  /** Time-weighted over [0, durationMs), MiB. */
  localAvgMb: number;
  localPeakMb: number;
  poolAvgMb: number;
  poolPeakMb: number;
  totalAvgMb: number;
  totalPeakMb: number;
  /** Local memory left once every session has ended (shared browsers, host file pages,
   * parked sandboxes), MiB. */
  localEndMb: number;
}

export interface AgentSimulationResult {
  platform: string;
  sessions: number;
  /** Arrival to sandbox ready (memory admission wait + creation + restore + browser), ms. */
  startupMs: Summary;
  /** Arrival to last step done, ms. */
  sessionMs: Summary;
  memory: AgentMemoryResult;
  counts: {
    created: number;
    repurposed: number;
    browserLaunches: number;
    browserContexts: number;
    poolPlacements: number;
    poolRejections: number;
    /** Sessions that waited for memory on their node. */
    memoryWaits: number;
  };
}

function checkPositive(name: string, v: number, integer = false): void {
  if (!(v > 0) || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new RangeError(
      `${name} must be a finite ${integer ? 'integer' : 'number'} > 0, got ${v}`,
    );
  }
}

function checkCosts(c: AgentPlatformCosts): void {
  for (const [k, v] of Object.entries(c)) {
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
      throw new RangeError(`platform.costs.${k} must be a finite number >= 0, got ${String(v)}`);
    }
  }
  checkPositive('platform.costs.poolCapacityMb', c.poolCapacityMb);
  checkPositive('platform.costs.pteCopyMbPerMs', c.pteCopyMbPerMs);
  if (!Number.isInteger(c.maxPooledPerNode)) {
    throw new RangeError(
      `platform.costs.maxPooledPerNode must be an integer >= 0, got ${c.maxPooledPerNode}`,
    );
  }
}

/** An agent profile as a function of the engine (its costs come from the agent platform). */
function asFunction(p: AgentProfile): FunctionProfile {
  return {
    name: p.name,
    tenant: 'agents',
    runtime: 'native',
    imageMb: 0,
    memoryMb: p.anonTouchedMb,
    touchedFraction: 1,
    readOnlyFraction: 1 - p.writtenShare,
    fileCacheMb: p.fileMb,
    initMs: 0,
    exec: { kind: 'fixed', ms: 0 },
  };
}

export function simulateAgents(config: AgentSimulationConfig): AgentSimulationResult {
  const P = config.platform;
  const profiles = config.profiles ?? defaultAgentProfiles();
  const steps = config.steps ?? defaultAgentSteps();
  const nodes = config.nodes ?? 1;
  const nodeMemoryMb = config.nodeMemoryMb ?? clusterDefaults.memoryMbPerNode;
  checkPositive('durationMs', config.durationMs);
  if (!(config.durationMs <= 1e12)) {
    throw new RangeError(`durationMs must be at most 1e12, got ${config.durationMs}`);
  }
  checkCosts(P.costs);
  checkPositive('nodes', nodes, true);
  checkPositive('nodeMemoryMb', nodeMemoryMb);
  validateAgentWorkload(profiles, steps, config.arrivals);
  const names = new Set(profiles.map((p) => p.name));
  if (names.size !== profiles.length) throw new RangeError('profiles must have unique names');

  const platform = new AgentSandboxPlatform(P, profiles);
  for (let i = 0; i < profiles.length; i++) {
    const need = platform.worstNeedMb(i);
    if (need > nodeMemoryMb) {
      throw new RangeError(
        `nodeMemoryMb must hold at least one session: profile '${profiles[i]!.name}' needs ${need} MiB, got ${nodeMemoryMb}`,
      );
    }
  }
  const horizon = config.durationMs;
  const startup = createRecorder();
  const session = createRecorder();
  let memoryWaits = 0;
  const sim = new Simulator({
    functions: new FunctionTable(profiles.map(asFunction)),
    platform,
    workload: new AgentSessionWorkload(config.seed, config.arrivals, profiles, steps, horizon),
    rng: createRng(config.seed).fork('agent-engine'),
    nodes,
    // Sessions wait for memory, not for cores: their steps mostly wait on an LLM.
    coresPerNode: 2 ** 30,
    memoryMbPerNode: nodeMemoryMb,
    placement: 'least-loaded',
    sampleIntervalMs: horizon / 100,
    ...(config.storageMbPerMs !== undefined ? { storageMbPerMs: config.storageMbPerMs } : {}),
    onRecord: (r) => {
      // Start-up as the user sees it: arrival to sandbox ready, memory wait included.
      startup.add(r.queueMs + r.startupMs);
      session.add(r.endMs - r.arrivalMs);
      if (r.queueMs > 0) memoryWaits++;
    },
  });
  // Averages are over the arrival window; read them when the clock reaches its end.
  sim.runUntil(horizon);
  const h = sim.memory.levels(horizon);
  sim.run();
  const end = sim.memory.levels(sim.simulatedMs);
  return {
    platform: P.name,
    sessions: sim.arrivalCount,
    startupMs: startup.summary(),
    sessionMs: session.summary(),
    memory: {
      localAvgMb: h.local.average,
      localPeakMb: h.local.peak,
      poolAvgMb: h.shared.average,
      poolPeakMb: h.shared.peak,
      totalAvgMb: h.total.average,
      totalPeakMb: h.total.peak,
      localEndMb: end.local.current,
    },
    counts: { ...platform.counts, memoryWaits },
  };
}
