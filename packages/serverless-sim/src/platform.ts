// A platform is a start-path strategy behind one interface. The simulator core owns what every
// platform shares: cores, the per-node queue, warm sandboxes and their keep-alive timers, the
// serialised sandbox-creation lock, memory accounting and the records. A platform decides:
// - on a miss (no idle sandbox of the function on the chosen node): which start path to take
//   and what it costs (`plan`, then `commit` for its own side effects such as popping a pool);
// - when an invocation ends: how long to keep the sandbox warm, or to release it and pre-warm
//   later (`onIdle`);
// - what happens to a released sandbox (`onRelease`: destroy, or return it to a pool).
// All calls pass integers and reuse one plan object, so a platform adds no allocation per
// invocation.
import type { Rng } from '@paperlab/stats';
import type { MemoryAccounting } from './cluster/memoryAccounting.js';
import type { FunctionTable } from './functionProfile.js';

/** Start paths, as small integers on the hot path. Names in {@link startPathNames}. */
export const StartPath = {
  /** An idle initialised sandbox of the same function was reused. */
  warm: 0,
  /** New sandbox, runtime and application initialised from scratch. */
  cold: 1,
  /** New sandbox (or VM), state restored from a snapshot. */
  restore: 2,
  /** A cleaned sandbox of another function was repurposed and its state attached. */
  repurpose: 3,
} as const;
export type StartPathCode = (typeof StartPath)[keyof typeof StartPath];
export const startPathNames = ['warm', 'cold', 'restore', 'repurpose'] as const;
export type StartPathName = (typeof startPathNames)[number];

/**
 * What a miss costs. The core fills defaults with {@link resetPlan}; the platform overwrites
 * what applies. Latencies are in ms, memory in MiB.
 */
export interface StartPlan {
  path: StartPathCode;
  /** Part of sandbox creation serialised per node (kernel locks); 0 when nothing is created. */
  createSerialMs: number;
  /** Part of creation that overlaps with other creations. */
  createParallelMs: number;
  /** After creation: runtime + app init, or restore, or template attach. */
  startupMs: number;
  /** Added to the execution time: lazy faults / remote reads while running. */
  extraExecMs: number;
  /** Memory private to this sandbox for as long as it lives. */
  privateMb: number;
  /**
   * Page-cache memory held once per (node, function) while any sandbox of the function lives on
   * the node, e.g. the image or snapshot file read by every instance.
   */
  nodePageCacheMb: number;
  /**
   * MiB read from the node's storage after creation and before start-up completes (a CRIU image
   * not in the page cache, REAP's working-set prefetch, loading an evicted template): queued on
   * the node's storage bandwidth with every other read.
   */
  readMb: number;
  /** MiB read from the node's storage in the background after creation (FaaSnap's loader): it
   * delays other reads, not this start. */
  backgroundReadMb: number;
  /** Start-up cannot complete before this absolute time (a shared resource still starting, e.g.
   * a node's shared browser), ms; 0 for none. */
  joinAtMs: number;
  /** Added after `joinAtMs` (e.g. a browser context created in the shared browser), ms. */
  joinMs: number;
  /** Memory this start adds to the node that outlives the sandbox (host page cache kept after a
   * VM exits, a shared browser); counted in admission, accounted by the platform in `commit`. */
  retainedMb: number;
  /** Memory this start gives back (a parked sandbox it repurposes); credited in admission,
   * released by the platform in `commit`. */
  reclaimMb: number;
}

export function createPlan(): StartPlan {
  return {
    path: StartPath.cold,
    createSerialMs: 0,
    createParallelMs: 0,
    startupMs: 0,
    extraExecMs: 0,
    privateMb: 0,
    nodePageCacheMb: 0,
    readMb: 0,
    backgroundReadMb: 0,
    joinAtMs: 0,
    joinMs: 0,
    retainedMb: 0,
    reclaimMb: 0,
  };
}

export function resetPlan(plan: StartPlan): void {
  plan.path = StartPath.cold;
  plan.createSerialMs = 0;
  plan.createParallelMs = 0;
  plan.startupMs = 0;
  plan.extraExecMs = 0;
  plan.privateMb = 0;
  plan.nodePageCacheMb = 0;
  plan.readMb = 0;
  plan.backgroundReadMb = 0;
  plan.joinAtMs = 0;
  plan.joinMs = 0;
  plan.retainedMb = 0;
  plan.reclaimMb = 0;
}

/** The StartPlan fields that are durations or sizes: each must be a number >= 0. */
const PLAN_AMOUNTS = [
  'createSerialMs',
  'createParallelMs',
  'startupMs',
  'extraExecMs',
  'privateMb',
  'nodePageCacheMb',
  'readMb',
  'backgroundReadMb',
  'joinAtMs',
  'joinMs',
  'retainedMb',
  'reclaimMb',
] as const;

/**
 * Checks a plan a platform filled in. A negative or NaN amount would not fail where it is
 * used: a negative startupMs is hidden by the join time (max(ready + startupMs, joinAtMs)), a
 * negative creation time reserves the node's lock in the past, NaN memory is never short.
 */
export function checkPlan(plan: StartPlan, platform: string): void {
  for (const k of PLAN_AMOUNTS) {
    const v = plan[k];
    if (!(v >= 0)) {
      throw new RangeError(`platform ${platform}: plan.${k} must be a number >= 0, got ${v}`);
    }
  }
}

/** What to do with a sandbox whose invocation just ended. */
export interface Retention {
  /** Keep the sandbox idle and warm this long (0: release it now). */
  keepAliveMs: number;
  /**
   * If > 0: release the sandbox now, re-create it (as a warm sandbox, paying creation in the
   * background) `prewarmMs` later, and keep that one `keepAliveMs` from its creation.
   */
  prewarmMs: number;
}

/** What the core exposes to a platform. */
export interface PlatformContext {
  readonly functions: FunctionTable;
  readonly nodeCount: number;
  /** The platform's own random substream. */
  readonly rng: Rng;
  /** Memory accounting; platforms add what the core does not track (pools, shared state). */
  readonly memory: MemoryAccounting;
  /** Idle warm sandboxes of `fn` on `node`. */
  idleCount(node: number, fn: number): number;
  /** Live (idle or busy) sandboxes of `fn` on `node`. */
  liveCount(node: number, fn: number): number;
  /** Time until the node's creation lock frees (0 when free), ms. */
  creationBacklogMs(node: number, now: number): number;
  /** Time until the node's storage is idle (0 when idle), ms. */
  storageBacklogMs(node: number, now: number): number;
  /** Page cache the node holds for `fn` now (0 when no sandbox of it lives there), MiB. */
  pageCacheHeldMb(node: number, fn: number): number;
}

export interface Platform {
  readonly name: string;
  /** Called once before a run. A platform instance serves one run. */
  init(ctx: PlatformContext): void;
  /** Every arrival, before placement (e.g. to learn inter-arrival times). Optional. */
  onArrival?(fn: number, now: number): void;
  /** Latency of dispatching to an idle warm sandbox, ms. */
  warmStartMs(fn: number, node: number): number;
  /** Fills `plan` for a miss. Must not change state: the core may not go ahead (no memory). */
  plan(fn: number, node: number, now: number, plan: StartPlan): void;
  /** The core went ahead with `plan` at `now` (e.g. take a sandbox from a pool). */
  commit?(fn: number, node: number, now: number, plan: StartPlan): void;
  /** An invocation of `fn` ended on `node`; fill `out`. */
  onIdle(fn: number, node: number, now: number, out: Retention): void;
  /**
   * A sandbox of `fn` on `node` is released (keep-alive expired, or 0). The core has already
   * freed its private memory; a platform that recycles sandboxes accounts what it keeps.
   */
  onRelease?(fn: number, node: number, now: number): void;
  /** Locality hint for placement: higher means `node` starts `fn` faster. */
  affinity?(fn: number, node: number): number;
  /** Platform-specific counters for the results (e.g. pool hits). */
  stats?(): Record<string, number>;
}

/** A named platform: how to build one from validated options. */
export interface PlatformFactory {
  readonly description: string;
  /** Builds a platform; throws a RangeError naming `platformOptions.<field>` on bad options. */
  create(options?: Record<string, unknown>): Platform;
}
