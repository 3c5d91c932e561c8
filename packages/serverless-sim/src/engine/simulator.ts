// The discrete-event engine shared by every workload: function invocations and agent sessions
// (an invocation with several steps) run on it alike. State lives in typed arrays indexed by
// small integers (invocation slots, sandbox ids, nodes, (node, function) pairs); events are
// (time, priority, kind, id) in an EventQueue. Arrivals are pulled from the workload one at a
// time and never enter the heap, so a warm invocation costs one heap push and pop (its end) plus
// constant work.
//
// Processes, as state machines:
//   invocation: arrive → placed on a node → (queued while the node has no free core or memory)
//               → started (warm / platform's miss path; creation waits for the node's lock,
//               snapshot reads for its storage) → END event (→ next step's END …) → record.
//   sandbox:    created busy → idle (keep-alive timer) → reused busy … → released (timer
//               fired, or evicted to make room on its node, or kept 0 ms).
//   pre-warm:   PREWARM event re-creates an idle sandbox ahead of a predicted arrival.
// Ties at one time: END before arrivals (cores free first), arrivals before EXPIRE (an arrival
// exactly at expiry still finds its sandbox), PREWARM last.
//
// Control (as in SimPy's Environment): `peek()` is the time of the next event, `step()`
// processes exactly one, `runUntil(t)` processes every event before t, `run()` all of them and
// closes the books. Tests assert state between steps; the docs can animate a run.
import { checkOptionNames, type OptionNames, type Rng } from '@paperlab/stats';
import { CreationLock } from '../cluster/creationLock.js';
import { MemoryAccounting, MemoryKind } from '../cluster/memoryAccounting.js';
import {
  leastLoaded,
  locality,
  type PlacementPolicy,
  placementPolicies,
} from '../cluster/placement.js';
import { StorageBandwidth } from '../cluster/storageBandwidth.js';
import { parseWith } from '../configError.js';
import { MAX_MS, num, oneOf } from '../configFields.js';
import type { FunctionTable } from '../functionProfile.js';
import { storage } from '../parameters.js';
import {
  checkPlan,
  createPlan,
  type Platform,
  type PlatformContext,
  type Retention,
  resetPlan,
  StartPath,
  type StartPlan,
} from '../platform.js';
import { ResultCollector } from '../resultCollector.js';
import { grow, LruSandboxPool, SB_IDLE } from '../sandboxes/sandboxPool.js';
import type { Workload } from '../workload.js';
import { EventQueue } from './eventQueue.js';

export { type PlacementPolicy, placementPolicies } from '../cluster/placement.js';

const K_END = 0;
const K_EXPIRE = 1;
const K_PREWARM = 2;
const P_END = 0;
const P_ARRIVAL = 1;
const P_EXPIRE = 2;
const P_PREWARM = 3;

const NONE = -1;
/** Events between progress callbacks: ~100 updates for a 100k-invocation run in the browser. */
const PROGRESS_EVERY = 1 << 11;

/** One finished invocation. The simulator reuses this object: copy what you keep. */
export interface InvocationRecord {
  /** Sequence number of the arrival (0-based). */
  id: number;
  fn: number;
  node: number;
  path: number;
  arrivalMs: number;
  /** Waiting for a core or memory on the node. */
  queueMs: number;
  /** From dispatch to the start of execution: creation-lock wait, creation, reads, init/restore. */
  startupMs: number;
  /** Execution (every step) including extra lazy-fault time. */
  execMs: number;
  endMs: number;
}

export interface SimulatorOptions {
  functions: FunctionTable;
  platform: Platform;
  workload: Workload;
  rng: Rng;
  nodes: number;
  coresPerNode: number;
  memoryMbPerNode: number;
  placement: PlacementPolicy;
  /** Interval of the time series, ms. */
  sampleIntervalMs: number;
  /** Each node's storage bandwidth, MiB per ms (default `storage.mbPerMs`). */
  storageMbPerMs?: number;
  /** Called for every finished invocation, with a reused object. */
  onRecord?: (record: InvocationRecord) => void;
  /** Called now and then with the fraction done in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /** Stop taking arrivals after this many (default: the whole workload). */
  maxInvocations?: number;
}

const SIMULATOR_OPTIONS: OptionNames<SimulatorOptions> = {
  functions: true,
  platform: true,
  workload: true,
  rng: true,
  nodes: true,
  coresPerNode: true,
  memoryMbPerNode: true,
  placement: true,
  sampleIntervalMs: true,
  storageMbPerMs: true,
  onRecord: true,
  onProgress: true,
  maxInvocations: true,
};

// Wider than the config's ranges (simulateAgents gives 2^30 cores per node), but finite numbers
// of the right kind: NaN nodes made every node index undefined, NaN cores a run where nothing
// started, a string sampleIntervalMs was concatenated onto the clock.
const countField = num(1, 2 ** 30, { int: true });
const memoryField = num(0, Number.MAX_VALUE, { openLow: true });
const intervalField = num(0, MAX_MS, { openLow: true });
const maxInvocationsField = num(1, Number.MAX_SAFE_INTEGER, { int: true });
const placementField = oneOf(placementPolicies);

/** At most this many time-series samples per run (7 arrays of them: ~56 MB at the limit). */
export const MAX_SAMPLES = 1_000_000;

/** Runs one simulation. Use {@link simulate} for the validated, config-driven entry point. */
export class Simulator {
  private readonly fns: FunctionTable;
  private readonly nFn: number;
  private readonly platform: Platform;
  private readonly workload: Workload;
  private readonly execRng: Rng;
  private readonly nodes: number;
  private readonly cores: number;
  private readonly capacityMb: number;
  private readonly placement: PlacementPolicy;
  private readonly q = new EventQueue();
  readonly memory: MemoryAccounting;
  readonly results: ResultCollector;
  /** Warm sandboxes and their eviction order. */
  readonly sandboxes: LruSandboxPool;
  /** The per-node creation lock every start path takes. */
  readonly creation: CreationLock;
  /** The per-node storage every snapshot read contends for. */
  readonly storage: StorageBandwidth;
  private readonly onRecord: ((r: InvocationRecord) => void) | undefined;
  private readonly onProgress: ((f: number) => void) | undefined;
  private readonly onArrival: ((fn: number, now: number) => void) | undefined;
  private readonly maxArrivals: number;
  private readonly affinity: ((fn: number, node: number) => number) | undefined;
  private readonly plan: StartPlan = createPlan();
  private readonly retention: Retention = { keepAliveMs: 0, prewarmMs: 0 };
  private readonly record: InvocationRecord = {
    id: 0,
    fn: 0,
    node: 0,
    path: 0,
    arrivalMs: 0,
    queueMs: 0,
    startupMs: 0,
    execMs: 0,
    endMs: 0,
  };

  // Nodes.
  private readonly busyCores: Int32Array;
  private readonly queueHead: Int32Array;
  private readonly queueTail: Int32Array;
  private readonly queueLen: Int32Array;

  // (node, function) pairs, index node * nFn + fn.
  private readonly heldPageCacheMb: Float64Array;
  private readonly prewarmKeepMs: Float64Array;

  // Invocation slots (in flight or queued), recycled through a free list.
  private invCap = 0;
  private invFree = NONE;
  private invId = new Float64Array(0);
  private invFn = new Int32Array(0);
  private invNode = new Int32Array(0);
  private invSb = new Int32Array(0);
  private invPath = new Uint8Array(0);
  private invArrival = new Float64Array(0);
  private invDispatch = new Float64Array(0);
  private invStartup = new Float64Array(0);
  private invExec = new Float64Array(0);
  private invNext = new Int32Array(0); // free list and node queue links
  // Multi-step arrivals (agent sessions): steps left and their durations, `stride` per slot.
  private readonly stride: number;
  private invStepsLeft = new Int32Array(0);
  private invStepAt = new Int32Array(0);
  private stepMs = new Float64Array(0);

  private arrivals = 0;
  private inFlight = 0;
  private events = 0;
  private now = 0;
  /** Time of the workload's next arrival, already pulled (Infinity when exhausted). */
  private nextArrival = Number.POSITIVE_INFINITY;
  private nextSample = 0;
  private progressAt = PROGRESS_EVERY;
  private finished = false;

  constructor(o: SimulatorOptions) {
    checkOptionNames('Simulator', o, SIMULATOR_OPTIONS);
    parseWith(countField, o.nodes, 'nodes');
    parseWith(countField, o.coresPerNode, 'coresPerNode');
    parseWith(memoryField, o.memoryMbPerNode, 'memoryMbPerNode');
    parseWith(placementField, o.placement, 'placement');
    parseWith(intervalField, o.sampleIntervalMs, 'sampleIntervalMs');
    if (o.maxInvocations !== undefined) {
      parseWith(maxInvocationsField, o.maxInvocations, 'maxInvocations');
    }
    this.fns = o.functions;
    this.nFn = o.functions.count;
    this.platform = o.platform;
    this.workload = o.workload;
    this.execRng = o.rng.fork('exec');
    this.nodes = o.nodes;
    this.cores = o.coresPerNode;
    this.capacityMb = o.memoryMbPerNode;
    this.placement = o.placement;
    this.onRecord = o.onRecord;
    this.onProgress = o.onProgress;
    this.onArrival = o.platform.onArrival?.bind(o.platform);
    this.maxArrivals = o.maxInvocations ?? Number.POSITIVE_INFINITY;
    this.affinity = o.platform.affinity?.bind(o.platform);
    const n = o.nodes;
    const pairs = n * this.nFn;
    if (pairs > 2 ** 30) {
      throw new RangeError(`nodes × functions must be at most 2^30, got ${pairs}`);
    }
    // A horizon of Infinity (a workload of unknown length) still samples at most MAX_SAMPLES
    // times before its last event; the check here catches the common case early.
    const ticks = o.workload.horizonMs / o.sampleIntervalMs;
    if (Number.isFinite(o.workload.horizonMs) && !(ticks <= MAX_SAMPLES)) {
      throw new RangeError(
        `sampleIntervalMs must give at most 10^6 samples over the workload's ${o.workload.horizonMs} ms, got ${o.sampleIntervalMs}`,
      );
    }
    this.busyCores = new Int32Array(n);
    this.queueHead = new Int32Array(n).fill(NONE);
    this.queueTail = new Int32Array(n).fill(NONE);
    this.queueLen = new Int32Array(n);
    this.heldPageCacheMb = new Float64Array(pairs);
    this.prewarmKeepMs = new Float64Array(pairs);
    this.memory = new MemoryAccounting(n, 0);
    this.results = new ResultCollector(o.sampleIntervalMs);
    this.sandboxes = new LruSandboxPool(n, this.nFn);
    this.creation = new CreationLock(n);
    this.storage = new StorageBandwidth(n, o.storageMbPerMs ?? storage.mbPerMs);
    const maxExtra = o.workload.maxExtraSteps ?? 0;
    if (!(Number.isInteger(maxExtra) && maxExtra >= 0 && maxExtra <= 10_000)) {
      throw new RangeError(
        `workload.maxExtraSteps must be an integer in [0, 10000], got ${maxExtra}`,
      );
    }
    this.stride = maxExtra;
    this.growInvocations(1024);
    const sandboxes = this.sandboxes;
    const ctx: PlatformContext = {
      functions: this.fns,
      nodeCount: n,
      rng: o.rng.fork(`platform:${o.platform.name}`),
      memory: this.memory,
      idleCount: (node, fn) => sandboxes.idleCount[node * this.nFn + fn]!,
      liveCount: (node, fn) => sandboxes.liveCount[node * this.nFn + fn]!,
      creationBacklogMs: (node, now) => this.creation.backlogMs(node, now),
      storageBacklogMs: (node, now) => this.storage.backlogMs(node, now),
      pageCacheHeldMb: (node, fn) => this.heldPageCacheMb[node * this.nFn + fn]!,
    };
    this.platform.init(ctx);
    this.workload.start(this.nFn, o.rng.fork('workload'));
    this.nextSample = this.results.nextSampleAt;
    this.nextArrival = this.pull();
  }

  /** Current simulated time, ms. */
  get time(): number {
    return this.now;
  }

  /** Time of the next event (an arrival or a queued event), Infinity when none is left. */
  peek(): number {
    if (this.finished) return Number.POSITIVE_INFINITY;
    const ht = this.q.peekTime();
    const a = this.nextArrival;
    if (a <= ht) return a;
    if (this.inFlight === 0 && a === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
    return ht;
  }

  /**
   * Processes the next event. Returns false (and does nothing) when nothing is left to happen:
   * the workload is exhausted and every invocation has ended.
   */
  step(): boolean {
    if (this.finished) return false;
    const q = this.q;
    const a = this.nextArrival;
    const ht = q.peekTime();
    let t: number;
    if (a < ht || (a === ht && a !== Number.POSITIVE_INFINITY && q.peekPriority() > P_ARRIVAL)) {
      t = a;
      if (t < this.now) {
        throw new RangeError(
          `workload ${this.workload.name} went back in time: ${t} ms after ${this.now} ms`,
        );
      }
      this.now = t;
      this.results.advance(t, this.inFlight, this.sandboxes.live, this.sandboxes.idle);
      if (t >= this.nextSample) this.nextSample = this.sample(t);
      const w = this.workload;
      const fn = w.fn;
      if (!(fn >= 0 && fn < this.nFn)) {
        throw new RangeError(
          `workload ${w.name} produced function id ${fn}, allowed [0, ${this.nFn - 1}]`,
        );
      }
      if (this.onArrival !== undefined) this.onArrival(fn, t);
      this.arrive(t, fn, w.durationMs);
      this.nextArrival = this.pull();
    } else if (ht !== Number.POSITIVE_INFINITY) {
      if (this.inFlight === 0 && a === Number.POSITIVE_INFINITY) return false;
      q.pop();
      t = q.time;
      this.now = t;
      this.results.advance(t, this.inFlight, this.sandboxes.live, this.sandboxes.idle);
      if (t >= this.nextSample) this.nextSample = this.sample(t);
      const kind = q.kind;
      if (kind === K_END) this.end(q.arg, t);
      else if (kind === K_EXPIRE) this.expire(q.arg, t);
      else this.prewarm(q.arg, t);
    } else {
      return false;
    }
    if (++this.events >= this.progressAt && this.onProgress !== undefined) this.progress(t);
    return true;
  }

  /** Processes every event before time `t` (events at `t` itself stay pending). */
  runUntil(t: number): void {
    if (Number.isNaN(t)) throw new RangeError('runUntil: t must be a number, got NaN');
    while (this.peek() < t && this.step()) {}
    if (t > this.now && t !== Number.POSITIVE_INFINITY && this.peek() >= t) {
      // The clock moves to t like SimPy's run(until=t): gauges are read up to it.
      this.now = t;
    }
  }

  /** Runs until the workload is exhausted and every invocation has ended, then closes the books. */
  run(): void {
    if (this.finished)
      throw new RangeError('Simulator.run may be called once; build a new Simulator');
    while (this.step()) {}
    this.finish();
  }

  private finish(): void {
    if (this.inFlight > 0) {
      // Nothing left to happen, yet invocations wait: memory is held by something no event
      // will free (e.g. a platform's pool). Say so rather than return a truncated result.
      let node = 0;
      while (node < this.nodes && this.queueLen[node] === 0) node++;
      throw new RangeError(
        `${this.inFlight} invocation(s) wait forever on node ${node}: ${this.memory.nodeUsedMb(node).toFixed(0)} of ${this.capacityMb} MiB is held by nothing that will be released; raise cluster.memoryMbPerNode`,
      );
    }
    this.finished = true;
    // Idle sandboxes still alive at the end stay counted until the horizon (or, when the run
    // was cut at maxInvocations, until the last event).
    const horizon = this.workload.horizonMs;
    const until =
      Number.isFinite(horizon) && this.arrivals < this.maxArrivals
        ? Math.max(horizon, this.now)
        : this.now;
    this.sample(until);
    this.results.finish(until, this.sandboxes.live, this.sandboxes.idle, this.inFlight);
    if (this.onProgress !== undefined) this.onProgress(1);
  }

  private pull(): number {
    if (this.arrivals >= this.maxArrivals) return Number.POSITIVE_INFINITY;
    const t = this.workload.next();
    if (Number.isNaN(t)) {
      throw new RangeError(`workload ${this.workload.name} produced an arrival at NaN ms`);
    }
    return t;
  }

  private progress(t: number): void {
    this.progressAt += PROGRESS_EVERY;
    const horizon = this.workload.horizonMs;
    const expected = this.workload.expectedCount;
    const f =
      this.maxArrivals < expected || !(Number.isFinite(horizon) && horizon > 0)
        ? this.arrivals / Math.min(expected, this.maxArrivals)
        : t / horizon;
    this.onProgress!(Math.min(1, Number.isFinite(f) ? f : 0));
  }

  get eventCount(): number {
    return this.events;
  }
  get arrivalCount(): number {
    return this.arrivals;
  }
  get simulatedMs(): number {
    return this.now;
  }
  /** Invocations started or queued and not yet ended (0 after `run`). */
  get inFlightCount(): number {
    return this.inFlight;
  }
  get liveSandboxCount(): number {
    return this.sandboxes.live;
  }
  get idleSandboxCount(): number {
    return this.sandboxes.idle;
  }
  /** Invocations waiting for a core or memory on `node`. */
  queuedOn(node: number): number {
    return this.queueLen[node]!;
  }
  /** Busy cores of `node`. */
  busyOn(node: number): number {
    return this.busyCores[node]!;
  }

  private sample(t: number): number {
    // A workload of unknown horizon (a trace) is checked here, when it runs past the limit.
    if (t / this.results.series.intervalMs > MAX_SAMPLES) {
      throw new RangeError(
        `sampleIntervalMs must give at most 10^6 samples: the run reached ${t} ms, got ${this.results.series.intervalMs}`,
      );
    }
    return this.results.sample(
      t,
      this.inFlight,
      this.sandboxes.live,
      this.sandboxes.idle,
      this.memory.totalMb,
    );
  }

  // ---- invocations ----

  private arrive(t: number, fn: number, traceDuration: number): void {
    const slot = this.allocInvocation();
    this.invId[slot] = this.arrivals++;
    this.invFn[slot] = fn;
    this.invArrival[slot] = t;
    this.invExec[slot] = !Number.isNaN(traceDuration)
      ? traceDuration
      : this.fns.sampleExecMs(fn, this.execRng);
    if (this.stride > 0) this.copySteps(slot);
    this.inFlight++;
    this.results.arrival();
    const node =
      this.nodes === 1
        ? 0
        : this.placement === 'least-loaded'
          ? leastLoaded(this.nodes, this.busyCores, this.queueLen)
          : locality(
              this.nodes,
              this.cores,
              this.busyCores,
              this.queueLen,
              this.sandboxes.idleCount,
              this.nFn,
              fn,
              this.affinity,
            );
    this.invNode[slot] = node;
    if (
      this.queueLen[node] === 0 &&
      this.busyCores[node]! < this.cores &&
      this.tryStart(slot, node, t)
    ) {
      return;
    }
    this.enqueue(node, slot);
  }

  private copySteps(slot: number): void {
    const w = this.workload;
    const k = w.extraSteps ?? 0;
    if (!(Number.isInteger(k) && k >= 0 && k <= this.stride)) {
      throw new RangeError(
        `workload ${w.name} gave ${k} further steps, allowed [0, ${this.stride}] (maxExtraSteps)`,
      );
    }
    this.invStepsLeft[slot] = k;
    this.invStepAt[slot] = 0;
    if (k > 0) this.stepMs.set(w.extraStepMs!.subarray(0, k), slot * this.stride);
  }

  /** Ready time after creation (under the node's lock) and the storage read of `plan`. */
  private created(node: number, now: number, plan: StartPlan): number {
    let ready = now;
    if (plan.createSerialMs > 0 || plan.createParallelMs > 0) {
      ready = this.creation.reserve(node, now, plan.createSerialMs, plan.createParallelMs);
    }
    if (plan.readMb > 0) ready = this.storage.read(node, ready, plan.readMb);
    if (plan.backgroundReadMb > 0) this.storage.read(node, ready, plan.backgroundReadMb);
    let done = ready + plan.startupMs;
    if (plan.joinAtMs > done) done = plan.joinAtMs;
    return done + plan.joinMs;
  }

  /** Starts invocation `slot` on `node` now, or returns false when memory is short. */
  private tryStart(slot: number, node: number, now: number): boolean {
    const fn = this.invFn[slot]!;
    const pool = this.sandboxes;
    let sb = pool.takeIdle(node * this.nFn + fn);
    let startup: number;
    let extra = 0;
    let path: number;
    if (sb !== NONE) {
      const ready = pool.readyAt[sb]!;
      startup = (ready > now ? ready - now : 0) + this.platform.warmStartMs(fn, node);
      path = StartPath.warm;
    } else {
      const plan = this.plan;
      resetPlan(plan);
      this.platform.plan(fn, node, now, plan);
      checkPlan(plan, this.platform.name);
      if (!this.makeRoom(node, fn, plan)) return false;
      this.platform.commit?.(fn, node, now, plan);
      sb = this.createSandbox(node, fn, plan, now);
      startup = this.created(node, now, plan) - now;
      extra = plan.extraExecMs;
      path = plan.path;
    }
    this.invSb[slot] = sb;
    this.invPath[slot] = path;
    this.invDispatch[slot] = now;
    this.invStartup[slot] = startup;
    const exec = this.invExec[slot]! + extra;
    // A negative (or NaN) start-up or execution time from a platform's plan or warmStartMs, or
    // a workload's duration, would schedule the end before now and move the clock backwards.
    if (!(startup >= 0 && exec >= 0)) {
      throw new RangeError(
        `platform ${this.platform.name}, function ${fn}: start-up ${startup} ms and execution ${exec} ms (workload ${this.workload.name} plus the plan's extraExecMs) must be >= 0`,
      );
    }
    this.invExec[slot] = exec;
    this.busyCores[node]!++;
    this.q.push(now + startup + exec, P_END, K_END, slot);
    return true;
  }

  private end(slot: number, now: number): void {
    if (this.stride > 0 && this.invStepsLeft[slot]! > 0) {
      // The next step of a session: it keeps its sandbox and core.
      const k = this.invStepAt[slot]!;
      const d = this.stepMs[slot * this.stride + k]!;
      if (!(d >= 0)) {
        throw new RangeError(
          `workload ${this.workload.name} gave step ${k + 1} a duration of ${d} ms, allowed >= 0`,
        );
      }
      this.invStepAt[slot] = k + 1;
      this.invStepsLeft[slot]!--;
      this.invExec[slot]! += d;
      this.q.push(now + d, P_END, K_END, slot);
      return;
    }
    const node = this.invNode[slot]!;
    const fn = this.invFn[slot]!;
    const sb = this.invSb[slot]!;
    this.busyCores[node]!--;
    this.inFlight--;
    const arrival = this.invArrival[slot]!;
    const queueMs = this.invDispatch[slot]! - arrival;
    const startup = this.invStartup[slot]!;
    const path = this.invPath[slot]!;
    this.results.invocation(path, now - arrival, startup, queueMs);
    if (this.onRecord !== undefined) {
      const r = this.record;
      r.id = this.invId[slot]!;
      r.fn = fn;
      r.node = node;
      r.path = path;
      r.arrivalMs = arrival;
      r.queueMs = queueMs;
      r.startupMs = startup;
      r.execMs = this.invExec[slot]!;
      r.endMs = now;
      this.onRecord(r);
    }
    this.freeInvocation(slot);

    const ret = this.retention;
    ret.keepAliveMs = 0;
    ret.prewarmMs = 0;
    this.platform.onIdle(fn, node, now, ret);
    if (ret.prewarmMs > 0) {
      this.release(sb, now);
      const pair = node * this.nFn + fn;
      this.prewarmKeepMs[pair] = ret.keepAliveMs;
      this.q.push(now + ret.prewarmMs, P_PREWARM, K_PREWARM, pair);
    } else if (ret.keepAliveMs > 0) {
      this.makeIdle(sb, now, now + ret.keepAliveMs);
    } else {
      this.release(sb, now);
    }
    this.drain(node, now);
  }

  private drain(node: number, now: number): void {
    while (this.queueLen[node]! > 0 && this.busyCores[node]! < this.cores) {
      const slot = this.queueHead[node]!;
      if (!this.tryStart(slot, node, now)) break;
      const next = this.invNext[slot]!;
      this.queueHead[node] = next;
      if (next === NONE) this.queueTail[node] = NONE;
      this.queueLen[node]!--;
    }
  }

  private enqueue(node: number, slot: number): void {
    this.invNext[slot] = NONE;
    const tail = this.queueTail[node]!;
    if (tail === NONE) this.queueHead[node] = slot;
    else this.invNext[tail] = slot;
    this.queueTail[node] = slot;
    this.queueLen[node]!++;
  }

  // ---- sandboxes ----

  /**
   * Ensures the new sandbox for `plan` fits on `node`, evicting idle sandboxes in the pool's
   * eviction order. Returns false when it cannot fit now.
   */
  private makeRoom(node: number, fn: number, plan: StartPlan): boolean {
    const pair = node * this.nFn + fn;
    const extraCache =
      plan.nodePageCacheMb > this.heldPageCacheMb[pair]!
        ? plan.nodePageCacheMb - this.heldPageCacheMb[pair]!
        : 0;
    const need = plan.privateMb + extraCache + plan.retainedMb - plan.reclaimMb;
    if (plan.privateMb + extraCache + plan.retainedMb > this.capacityMb) {
      throw new RangeError(
        `function ${this.fns.profiles[fn]!.name} needs ${need} MiB for a new sandbox, more than memoryMbPerNode (${this.capacityMb} MiB)`,
      );
    }
    while (this.memory.nodeUsedMb(node) + need > this.capacityMb + 1e-9) {
      const victim = this.sandboxes.victim(node);
      if (victim === NONE) return false;
      this.results.evictions++;
      this.sandboxes.unlinkIdle(victim);
      this.release(victim, this.now);
    }
    return true;
  }

  private createSandbox(node: number, fn: number, plan: StartPlan, now: number): number {
    const sb = this.sandboxes.create(node, fn, plan.privateMb);
    if (this.sandboxes.live > this.results.peakLive) this.results.peakLive = this.sandboxes.live;
    this.memory.add(MemoryKind.private, node, plan.privateMb, now);
    const pair = node * this.nFn + fn;
    const held = this.heldPageCacheMb[pair]!;
    if (plan.nodePageCacheMb > held) {
      this.memory.add(MemoryKind.pageCache, node, plan.nodePageCacheMb - held, now);
      this.heldPageCacheMb[pair] = plan.nodePageCacheMb;
    }
    return sb;
  }

  private makeIdle(sb: number, now: number, expireAt: number): void {
    const pool = this.sandboxes;
    pool.makeIdle(sb, now);
    pool.expireAt[sb] = expireAt;
    // One live timer per sandbox: a timer due no later than the new expiry is kept and re-arms
    // itself when it fires early; only a shorter keep-alive needs a new one (the old goes stale).
    if (expireAt < pool.timerAt[sb]!) {
      pool.timerAt[sb] = expireAt;
      this.q.push(expireAt, P_EXPIRE, K_EXPIRE, sb);
    }
  }

  private expire(sb: number, now: number): void {
    const pool = this.sandboxes;
    if (pool.timerAt[sb] !== now) return; // stale timer
    pool.timerAt[sb] = Number.POSITIVE_INFINITY;
    if (pool.state(sb) !== SB_IDLE) return; // busy: re-armed when it goes idle again
    const at = pool.expireAt[sb]!;
    if (at > now) {
      if (at !== Number.POSITIVE_INFINITY) {
        pool.timerAt[sb] = at;
        this.q.push(at, P_EXPIRE, K_EXPIRE, sb);
      }
      return;
    }
    const node = pool.nodeOf(sb);
    pool.unlinkIdle(sb);
    this.release(sb, now);
    this.drain(node, now);
  }

  /** Destroys (or hands to the platform) a sandbox that is not idle-linked. */
  private release(sb: number, now: number): void {
    const pool = this.sandboxes;
    const node = pool.nodeOf(sb);
    const fn = pool.fnOf(sb);
    const pair = node * this.nFn + fn;
    this.memory.add(MemoryKind.private, node, -pool.privateMbOf(sb), now);
    pool.free(sb);
    if (pool.liveCount[pair] === 0) {
      const held = this.heldPageCacheMb[pair]!;
      if (held > 0) {
        this.memory.add(MemoryKind.pageCache, node, -held, now);
        this.heldPageCacheMb[pair] = 0;
      }
    }
    // A still-pending timer no longer matches timerAt and is ignored.
    this.platform.onRelease?.(fn, node, now);
  }

  private prewarm(pair: number, now: number): void {
    const node = (pair / this.nFn) | 0;
    const fn = pair - node * this.nFn;
    const plan = this.plan;
    resetPlan(plan);
    this.platform.plan(fn, node, now, plan);
    if (!this.makeRoom(node, fn, plan)) return; // no room: skip this pre-warm
    this.platform.commit?.(fn, node, now, plan);
    const sb = this.createSandbox(node, fn, plan, now);
    // Usable once its creation, reads and start-up have finished, not before.
    this.sandboxes.readyAt[sb] = this.created(node, now, plan);
    this.results.prewarm();
    this.makeIdle(sb, now, now + this.prewarmKeepMs[pair]!);
    this.drain(node, now);
  }

  // ---- slot pools ----

  private allocInvocation(): number {
    if (this.invFree === NONE) this.growInvocations(this.invCap * 2);
    const s = this.invFree;
    this.invFree = this.invNext[s]!;
    return s;
  }

  private freeInvocation(slot: number): void {
    this.invNext[slot] = this.invFree;
    this.invFree = slot;
  }

  private growInvocations(cap: number): void {
    const old = this.invCap;
    this.invId = grow(this.invId, cap);
    this.invFn = grow(this.invFn, cap);
    this.invNode = grow(this.invNode, cap);
    this.invSb = grow(this.invSb, cap);
    this.invPath = grow(this.invPath, cap);
    this.invArrival = grow(this.invArrival, cap);
    this.invDispatch = grow(this.invDispatch, cap);
    this.invStartup = grow(this.invStartup, cap);
    this.invExec = grow(this.invExec, cap);
    this.invNext = grow(this.invNext, cap);
    if (this.stride > 0) {
      this.invStepsLeft = grow(this.invStepsLeft, cap);
      this.invStepAt = grow(this.invStepAt, cap);
      this.stepMs = grow(this.stepMs, cap * this.stride);
    }
    for (let i = cap - 1; i >= old; i--) {
      this.invNext[i] = this.invFree;
      this.invFree = i;
    }
    this.invCap = cap;
  }
}
