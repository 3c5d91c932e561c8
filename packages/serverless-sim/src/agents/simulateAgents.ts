// Discrete-event simulation of LLM-agent sessions on a cluster of microVM hosts. A session
// arrives, is admitted to a node once the node has memory for it (FIFO per node), gets a
// sandbox (created, serialised per node, or repurposed from the node's pool), has its VM memory
// restored (snapshot resume or mm-template), gets its browser (its own, or a context in the
// node's shared one), then runs its steps and gives everything back.
//
// Every session's steps are drawn at its arrival from a substream that does not depend on the
// platform, so two platforms run with one seed see the very same sessions (common random
// numbers): their differences are the mechanisms', not sampling noise.
import { createGauge, createRecorder, createRng, type Summary } from '@paperlab/stats';
import { EventQueue } from '../eventQueue.js';
import { MemoryPool, PoolAcquire, type PoolAcquireResult } from '../memoryPool.js';
import { clusterDefaults, mmTemplate, PAGES_PER_MB } from '../parameters.js';
import { trenvFaultCost, trenvPrivatePages } from '../platforms/trenvFaultCost.js';
import type { AgentPlatform, AgentPlatformCosts } from './agentPlatform.js';
import {
  type AgentArrivals,
  type AgentProfile,
  type AgentStepModel,
  defaultAgentProfiles,
  defaultAgentSteps,
  nextArrivalMs,
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

const EV_ARRIVAL = 0;
const EV_STEP = 1;

function growF(a: Float64Array, n: number): Float64Array {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
function growI(a: Int32Array, n: number): Int32Array {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
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
  checkPositive('platform.costs.templateLoadMbPerMs', c.templateLoadMbPerMs);
  checkPositive('platform.costs.pteCopyMbPerMs', c.pteCopyMbPerMs);
  if (!Number.isInteger(c.maxPooledPerNode)) {
    throw new RangeError(
      `platform.costs.maxPooledPerNode must be an integer >= 0, got ${c.maxPooledPerNode}`,
    );
  }
}

export function simulateAgents(config: AgentSimulationConfig): AgentSimulationResult {
  const P = config.platform;
  const c = P.costs;
  const profiles = config.profiles ?? defaultAgentProfiles();
  const steps = config.steps ?? defaultAgentSteps();
  const nodeCount = config.nodes ?? 1;
  const nodeMemoryMb = config.nodeMemoryMb ?? clusterDefaults.memoryMbPerNode;
  checkPositive('durationMs', config.durationMs);
  checkCosts(c);
  checkPositive('nodes', nodeCount, true);
  checkPositive('nodeMemoryMb', nodeMemoryMb);
  validateAgentWorkload(profiles, steps, config.arrivals);
  const np = profiles.length;

  // Per-profile memory and fault figures for this platform (MiB, ms).
  const perSandboxBrowser = P.browser === 'per-sandbox';
  const templateMb = new Float64Array(np);
  const snapshotPrivateMb = new Float64Array(np);
  const templatePrivateMb = new Float64Array(np);
  const uffdMs = new Float64Array(np);
  const cxlMs = new Float64Array(np);
  const attachMs = new Float64Array(np);
  for (let i = 0; i < np; i++) {
    const p = profiles[i]!;
    // A browser captured running in the snapshot is part of the VM image; its heap is all written.
    const browserInImage = p.usesBrowser && perSandboxBrowser && P.browserStart === 'snapshot';
    const imageMb = p.anonTouchedMb + (browserInImage ? c.browserMb : 0);
    const written = p.writtenShare * p.anonTouchedMb + (browserInImage ? c.browserMb : 0);
    const guestFile = P.pageCacheBypass ? 0 : p.fileMb;
    let browserPrivate = 0;
    if (p.usesBrowser) {
      if (!perSandboxBrowser) browserPrivate = c.contextMb;
      else if (P.browserStart === 'cold') browserPrivate = c.browserMb;
    }
    templateMb[i] = imageMb;
    // userfaultfd copies every touched page into the VM's own memory.
    snapshotPrivateMb[i] = imageMb + guestFile + browserPrivate;
    const touchedPages = imageMb * PAGES_PER_MB;
    const writtenPages = written * PAGES_PER_MB;
    templatePrivateMb[i] =
      trenvPrivatePages(P.tier, touchedPages, writtenPages) / PAGES_PER_MB +
      guestFile +
      browserPrivate;
    uffdMs[i] = (touchedPages * c.uffdFaultUs) / 1000;
    cxlMs[i] = trenvFaultCost(P.tier, touchedPages, writtenPages, c);
    attachMs[i] =
      c.attachBaseMs +
      (touchedPages * mmTemplate.pteBytesPerPage) / (1024 * 1024) / c.pteCopyMbPerMs;
  }
  const weights = new Float64Array(np);
  for (let i = 0; i < np; i++) weights[i] = profiles[i]!.weight;

  // Node state.
  const nodeUsed = new Float64Array(nodeCount);
  const serialFreeAt = new Float64Array(nodeCount);
  const pooled = new Int32Array(nodeCount);
  const browserReadyAt = new Float64Array(nodeCount).fill(Number.NaN);
  const profileSeen = new Uint8Array(nodeCount * np);
  const queues: number[][] = Array.from({ length: nodeCount }, () => []);
  const queueHead = new Int32Array(nodeCount);

  // Session state, grown as sessions arrive.
  let cap = 256;
  let arrival: Float64Array = new Float64Array(cap);
  let sProfile: Int32Array = new Int32Array(cap);
  let sNode: Int32Array = new Int32Array(cap);
  let sPrivate: Float64Array = new Float64Array(cap);
  let sPool: Int32Array = new Int32Array(cap).fill(-1); // PoolAcquire result, -1 = undecided
  let sFree: Int32Array = new Int32Array(cap); // free-list links of recycled slots
  let sStepCount: Int32Array = new Int32Array(cap);
  let sStepIdx: Int32Array = new Int32Array(cap);
  let sExtraMs: Float64Array = new Float64Array(cap);
  // Step durations of the session in slot s: stepDur[s * stride + k].
  const stride = 2 * steps.maxToolSteps;
  let stepDur: Float64Array = new Float64Array(cap * stride);
  let freeHead = -1;
  let used = 0;
  let sessions = 0;
  // Bounded-memory latency recorders: exact quantiles up to 65 536 sessions, then within 1 %.
  const startup = createRecorder();
  const sessionLat = createRecorder();

  const root = createRng(config.seed);
  const arrivalRng = root.fork('agent-arrivals');
  const sessionRng = root.fork('agent-sessions');
  const pool = new MemoryPool(c.poolCapacityMb, np);
  const local = createGauge(0);
  const poolGauge = createGauge(0);
  const total = createGauge(0);
  const counts = {
    created: 0,
    repurposed: 0,
    browserLaunches: 0,
    browserContexts: 0,
    poolPlacements: 0,
    poolRejections: 0,
    memoryWaits: 0,
  };
  let atHorizon: AgentMemoryResult | undefined;

  const addLocal = (node: number, mb: number, t: number): void => {
    nodeUsed[node] = nodeUsed[node]! + mb;
    local.add(t, mb);
    total.add(t, mb);
  };
  const setPool = (t: number): void => {
    const delta = pool.usedMb - poolGauge.current;
    if (delta !== 0) {
      poolGauge.add(t, delta);
      total.add(t, delta);
    }
  };

  const sample = (lat: { medianMs: number; p99Ms: number }): number =>
    sessionRng.lognormalFromMedianP99(lat.medianMs, lat.p99Ms);

  // Memory private to session `s` for its life, given its pool outcome.
  const privateOf = (s: number): number => {
    const p = sProfile[s]!;
    return sPool[s] === PoolAcquire.rejected || P.restore === 'snapshot-resume'
      ? snapshotPrivateMb[p]!
      : templatePrivateMb[p]!;
  };
  // Memory that admitting `s` on `node` adds for good: the host's copy of the profile's file
  // pages (once per node) and the shared browser (once per node).
  const sharedExtra = (s: number, node: number): number => {
    const p = sProfile[s]!;
    const prof = profiles[p]!;
    let mb = 0;
    if (profileSeen[node * np + p] === 0) mb += prof.fileMb;
    if (prof.usesBrowser && !perSandboxBrowser && Number.isNaN(browserReadyAt[node]!)) {
      mb += c.sharedBrowserBaseMb;
    }
    return mb;
  };
  // Net memory admitting `s` on `node` takes now (a repurposed sandbox's parked memory is reused).
  const need = (s: number, node: number): number =>
    privateOf(s) +
    sharedExtra(s, node) -
    (P.sandboxPool && pooled[node]! > 0 ? c.pooledSandboxMb : 0);

  const decidePool = (s: number, t: number): void => {
    if (P.restore !== 'mm-template' || sPool[s] !== -1) return;
    const p = sProfile[s]!;
    const r: PoolAcquireResult = pool.acquire(p, templateMb[p]!);
    sPool[s] = r;
    if (r === PoolAcquire.placed) counts.poolPlacements++;
    if (r === PoolAcquire.rejected) counts.poolRejections++;
    setPool(t);
  };

  const admit = (s: number, node: number, t: number, mb: number): void => {
    const p = sProfile[s]!;
    const prof = profiles[p]!;
    addLocal(node, mb, t);
    sPrivate[s] = privateOf(s);
    let ready: number;
    if (P.sandboxPool && pooled[node]! > 0) {
      pooled[node] = pooled[node]! - 1;
      counts.repurposed++;
      ready = t + c.repurposeMs;
    } else {
      counts.created++;
      const start = Math.max(t, serialFreeAt[node]!);
      serialFreeAt[node] = start + c.createSerialMs;
      ready = serialFreeAt[node]! + (P.restore === 'snapshot-resume' ? 0 : c.createParallelMs);
    }
    const seen = profileSeen[node * np + p] === 1;
    if (P.restore === 'mm-template' && sPool[s] !== PoolAcquire.rejected) {
      ready += attachMs[p]!;
      if (sPool[s] === PoolAcquire.placed) ready += templateMb[p]! / c.templateLoadMbPerMs;
      sExtraMs[s] = cxlMs[p]!;
    } else {
      ready += seen ? c.resumeHotMs : c.resumeColdMs;
      sExtraMs[s] = uffdMs[p]!;
    }
    profileSeen[node * np + p] = 1;
    if (prof.usesBrowser) {
      if (!perSandboxBrowser) {
        if (Number.isNaN(browserReadyAt[node]!)) {
          browserReadyAt[node] = t + c.browserLaunchMs;
          counts.browserLaunches++;
        }
        counts.browserContexts++;
        ready = Math.max(ready, browserReadyAt[node]!) + c.contextCreateMs;
      } else if (P.browserStart === 'cold') {
        counts.browserLaunches++;
        ready += c.browserLaunchMs;
      }
    }
    startup.add(ready - arrival[s]!);
    q.push(ready + stepDur[s * stride]! + sExtraMs[s]!, 0, EV_STEP, s);
  };

  const tryAdmit = (node: number, t: number): void => {
    const queue = queues[node]!;
    while (queueHead[node]! < queue.length) {
      const s = queue[queueHead[node]!]!;
      decidePool(s, t);
      const mb = need(s, node);
      if (nodeUsed[node]! + mb > nodeMemoryMb) {
        if (nodeUsed[node]! === 0) {
          throw new RangeError(
            `nodeMemoryMb must hold at least one session: profile '${profiles[sProfile[s]!]!.name}' needs ${mb} MiB, got ${nodeMemoryMb}`,
          );
        }
        return;
      }
      queueHead[node] = queueHead[node]! + 1;
      admit(s, node, t, mb);
    }
    queue.length = 0;
    queueHead[node] = 0;
  };

  const q = new EventQueue();
  const horizon = config.durationMs;
  const first = nextArrivalMs(config.arrivals, 0, arrivalRng);
  if (first < horizon) q.push(first, 1, EV_ARRIVAL, 0);
  let horizonPending = true;
  const snapshotHorizon = (): void => {
    atHorizon = {
      localAvgMb: local.average(horizon),
      localPeakMb: local.peak,
      poolAvgMb: poolGauge.average(horizon),
      poolPeakMb: poolGauge.peak,
      totalAvgMb: total.average(horizon),
      totalPeakMb: total.peak,
      localEndMb: Number.NaN,
    };
  };

  while (q.pop()) {
    const t = q.time;
    if (horizonPending && t >= horizon) {
      horizonPending = false;
      snapshotHorizon();
    }
    if (q.kind === EV_ARRIVAL) {
      sessions++;
      let s: number;
      if (freeHead !== -1) {
        s = freeHead;
        freeHead = sFree[s]!;
      } else {
        s = used++;
        if (s >= cap) {
          cap *= 2;
          arrival = growF(arrival, cap);
          sProfile = growI(sProfile, cap);
          sNode = growI(sNode, cap);
          sPrivate = growF(sPrivate, cap);
          sPool = growI(sPool, cap);
          sFree = growI(sFree, cap);
          sStepCount = growI(sStepCount, cap);
          sStepIdx = growI(sStepIdx, cap);
          sExtraMs = growF(sExtraMs, cap);
          stepDur = growF(stepDur, cap * stride);
        }
      }
      arrival[s] = t;
      sPool[s] = -1;
      sStepIdx[s] = 0;
      const p = sessionRng.weightedIndex(weights);
      sProfile[s] = p;
      const tools = sessionRng.int(steps.minToolSteps, steps.maxToolSteps);
      sStepCount[s] = 2 * tools;
      for (let k = 0; k < tools; k++) {
        stepDur[s * stride + 2 * k] = sample(steps.llm);
        stepDur[s * stride + 2 * k + 1] = sample(
          profiles[p]!.usesBrowser ? steps.browserNav : steps.codeRun,
        );
      }
      // Least-loaded node, counting memory already promised to waiting sessions as busy.
      let node = 0;
      for (let n = 1; n < nodeCount; n++) {
        const wn = queues[n]!.length - queueHead[n]!;
        const wb = queues[node]!.length - queueHead[node]!;
        if (wn < wb || (wn === wb && nodeUsed[n]! < nodeUsed[node]!)) node = n;
      }
      sNode[s] = node;
      const queue = queues[node]!;
      queue.push(s);
      tryAdmit(node, t);
      // tryAdmit empties the queue once everyone is in, so a non-empty one ends with `s`.
      if (queue.length > 0) counts.memoryWaits++;
      const next = nextArrivalMs(config.arrivals, t, arrivalRng);
      if (next < horizon) q.push(next, 1, EV_ARRIVAL, 0);
    } else {
      const s = q.arg;
      const idx = sStepIdx[s]! + 1;
      sStepIdx[s] = idx;
      if (idx < sStepCount[s]!) {
        q.push(t + stepDur[s * stride + idx]!, 0, EV_STEP, s);
        continue;
      }
      // Session over: free its memory, recycle or destroy its sandbox, unpin its template.
      const node = sNode[s]!;
      sessionLat.add(t - arrival[s]!);
      addLocal(node, -sPrivate[s]!, t);
      if (P.sandboxPool && pooled[node]! < c.maxPooledPerNode) {
        pooled[node] = pooled[node]! + 1;
        addLocal(node, c.pooledSandboxMb, t);
      }
      if (sPool[s] === PoolAcquire.hit || sPool[s] === PoolAcquire.placed)
        pool.release(sProfile[s]!);
      tryAdmit(node, t);
    }
  }
  if (horizonPending) snapshotHorizon();
  atHorizon!.localEndMb = local.current;

  return {
    platform: P.name,
    sessions,
    startupMs: startup.summary(),
    sessionMs: sessionLat.summary(),
    memory: atHorizon!,
    counts,
  };
}
