// The discrete-event core. State lives in typed arrays indexed by small integers (invocation
// slots, sandbox ids, nodes, (node, function) pairs); events are (time, priority, kind, id) in
// an EventQueue. Arrivals are pulled from the workload one at a time and never enter the heap,
// so a warm invocation costs one heap push and pop (its end) plus constant work.
//
// Processes, as state machines:
//   invocation: arrive → placed on a node → (queued while the node has no free core or memory)
//               → started (warm / platform's miss path; creation waits for the node's lock)
//               → END event → record.
//   sandbox:    created busy → idle (keep-alive timer) → reused busy … → released (timer
//               fired, or evicted to make room on its node, or kept 0 ms).
//   pre-warm:   PREWARM event re-creates an idle sandbox ahead of a predicted arrival.
// Ties at one time: END before arrivals (cores free first), arrivals before EXPIRE (an arrival
// exactly at expiry still finds its sandbox), PREWARM last.
import type { Rng } from '@paperlab/stats';
import { EventQueue } from './eventQueue.js';
import type { FunctionTable } from './functionProfile.js';
import { MemoryAccounting, MemoryKind } from './memoryAccounting.js';
import {
  createPlan,
  type Platform,
  type PlatformContext,
  type Retention,
  resetPlan,
  StartPath,
  type StartPlan,
} from './platform.js';
import { ResultCollector } from './resultCollector.js';
import type { Workload } from './workload.js';

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
const SB_FREE = 0;
const SB_BUSY = 1;
const SB_IDLE = 2;

export const placementPolicies = ['least-loaded', 'locality'] as const;
export type PlacementPolicy = (typeof placementPolicies)[number];

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
  /** From dispatch to the start of execution: creation-lock wait, creation, init/restore. */
  startupMs: number;
  /** Execution including extra lazy-fault time. */
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
  /** Called for every finished invocation, with a reused object. */
  onRecord?: (record: InvocationRecord) => void;
  /** Called now and then with the fraction done in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /** Stop taking arrivals after this many (default: the whole workload). */
  maxInvocations?: number;
}

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
  private readonly onRecord: ((r: InvocationRecord) => void) | undefined;
  private readonly onProgress: ((f: number) => void) | undefined;
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
  private readonly creationFreeAt: Float64Array;
  private readonly queueHead: Int32Array;
  private readonly queueTail: Int32Array;
  private readonly queueLen: Int32Array;
  private readonly lruHead: Int32Array; // least recently idle sandbox of the node
  private readonly lruTail: Int32Array;

  // (node, function) pairs, index node * nFn + fn.
  private readonly idleHead: Int32Array;
  private readonly idleCnt: Int32Array;
  private readonly liveCnt: Int32Array;
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

  // Sandboxes, recycled through a free list.
  private sbCap = 0;
  private sbFree = NONE;
  private sbState = new Uint8Array(0);
  private sbFn = new Int32Array(0);
  private sbNode = new Int32Array(0);
  private sbPrivateMb = new Float64Array(0);
  private sbExpireAt = new Float64Array(0);
  private sbReadyAt = new Float64Array(0);
  private sbTimerAt = new Float64Array(0); // time of the live timer, Infinity if none
  private sbIdlePrev = new Int32Array(0);
  private sbIdleNext = new Int32Array(0);
  private sbLruPrev = new Int32Array(0);
  private sbLruNext = new Int32Array(0);

  private arrivals = 0;
  private inFlight = 0;
  private liveSandboxes = 0;
  private idleSandboxes = 0;
  private events = 0;
  private now = 0;
  private ran = false;

  constructor(o: SimulatorOptions) {
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
    this.maxArrivals = o.maxInvocations ?? Number.POSITIVE_INFINITY;
    this.affinity = o.platform.affinity?.bind(o.platform);
    const n = o.nodes;
    const pairs = n * this.nFn;
    if (pairs > 2 ** 30) {
      throw new RangeError(`nodes × functions must be at most 2^30, got ${pairs}`);
    }
    const ticks = o.workload.horizonMs / o.sampleIntervalMs;
    if (Number.isFinite(ticks) && ticks > 1e7) {
      throw new RangeError(
        `sampleIntervalMs must give at most 10^7 samples over the workload's ${o.workload.horizonMs} ms, got ${o.sampleIntervalMs}`,
      );
    }
    this.busyCores = new Int32Array(n);
    this.creationFreeAt = new Float64Array(n);
    this.queueHead = new Int32Array(n).fill(NONE);
    this.queueTail = new Int32Array(n).fill(NONE);
    this.queueLen = new Int32Array(n);
    this.lruHead = new Int32Array(n).fill(NONE);
    this.lruTail = new Int32Array(n).fill(NONE);
    this.idleHead = new Int32Array(pairs).fill(NONE);
    this.idleCnt = new Int32Array(pairs);
    this.liveCnt = new Int32Array(pairs);
    this.heldPageCacheMb = new Float64Array(pairs);
    this.prewarmKeepMs = new Float64Array(pairs);
    this.memory = new MemoryAccounting(n, 0);
    this.results = new ResultCollector(o.sampleIntervalMs);
    this.growInvocations(1024);
    this.growSandboxes(1024);
    const ctx: PlatformContext = {
      functions: this.fns,
      nodeCount: n,
      rng: o.rng.fork(`platform:${o.platform.name}`),
      memory: this.memory,
      idleCount: (node, fn) => this.idleCnt[node * this.nFn + fn]!,
      liveCount: (node, fn) => this.liveCnt[node * this.nFn + fn]!,
      creationBacklogMs: (node, now) => Math.max(0, this.creationFreeAt[node]! - now),
    };
    this.platform.init(ctx);
    this.workload.start(this.nFn, o.rng.fork('workload'));
  }

  /** Runs until the workload is exhausted and every invocation has ended. Once per instance. */
  run(): void {
    if (this.ran) throw new RangeError('Simulator.run may be called once; build a new Simulator');
    this.ran = true;
    const q = this.q;
    const w = this.workload;
    const results = this.results;
    const onArrival = this.platform.onArrival?.bind(this.platform);
    const horizon = w.horizonMs;
    const expected = w.expectedCount;
    const progress = this.onProgress;
    let nextArrival = w.next();
    let nextSample = results.nextSampleAt;
    let progressAt = PROGRESS_EVERY;
    for (;;) {
      const ht = q.peekTime();
      let t: number;
      if (
        nextArrival < ht ||
        (nextArrival === ht &&
          nextArrival !== Number.POSITIVE_INFINITY &&
          q.peekPriority() > P_ARRIVAL)
      ) {
        t = nextArrival;
        if (t < this.now) {
          throw new RangeError(
            `workload ${w.name} went back in time: ${t} ms after ${this.now} ms`,
          );
        }
        this.now = t;
        results.advance(t, this.inFlight, this.liveSandboxes, this.idleSandboxes);
        if (t >= nextSample) nextSample = this.sample(t);
        const fn = w.fn;
        if (!(fn >= 0 && fn < this.nFn)) {
          throw new RangeError(
            `workload ${w.name} produced function id ${fn}, allowed [0, ${this.nFn - 1}]`,
          );
        }
        if (onArrival !== undefined) onArrival(fn, t);
        this.arrive(t, fn, w.durationMs);
        nextArrival = this.arrivals < this.maxArrivals ? w.next() : Number.POSITIVE_INFINITY;
      } else if (ht !== Number.POSITIVE_INFINITY) {
        if (this.inFlight === 0 && nextArrival === Number.POSITIVE_INFINITY) break;
        q.pop();
        t = q.time;
        this.now = t;
        results.advance(t, this.inFlight, this.liveSandboxes, this.idleSandboxes);
        if (t >= nextSample) nextSample = this.sample(t);
        const kind = q.kind;
        if (kind === K_END) this.end(q.arg, t);
        else if (kind === K_EXPIRE) this.expire(q.arg, t);
        else this.prewarm(q.arg, t);
      } else {
        break;
      }
      if (++this.events >= progressAt && progress !== undefined) {
        progressAt += PROGRESS_EVERY;
        const f =
          this.maxArrivals < expected || !(Number.isFinite(horizon) && horizon > 0)
            ? this.arrivals / Math.min(expected, this.maxArrivals)
            : t / horizon;
        progress(Math.min(1, Number.isFinite(f) ? f : 0));
      }
    }
    if (this.inFlight > 0) {
      // Nothing left to happen, yet invocations wait: memory is held by something no event
      // will free (e.g. a platform's pool). Say so rather than return a truncated result.
      let node = 0;
      while (node < this.nodes && this.queueLen[node] === 0) node++;
      throw new RangeError(
        `${this.inFlight} invocation(s) wait forever on node ${node}: ${this.memory.nodeUsedMb(node).toFixed(0)} of ${this.capacityMb} MiB is held by nothing that will be released; raise cluster.memoryMbPerNode`,
      );
    }
    // Idle sandboxes still alive at the end stay counted until the horizon (or, when the run
    // was cut at maxInvocations, until the last event).
    const until =
      Number.isFinite(horizon) && this.arrivals < this.maxArrivals
        ? Math.max(horizon, this.now)
        : this.now;
    this.sample(until);
    results.finish(until, this.liveSandboxes, this.idleSandboxes, this.inFlight);
    if (progress !== undefined) progress(1);
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
    return this.liveSandboxes;
  }

  private sample(t: number): number {
    return this.results.sample(
      t,
      this.inFlight,
      this.liveSandboxes,
      this.idleSandboxes,
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
    this.inFlight++;
    this.results.arrival();
    const node = this.nodes === 1 ? 0 : this.place(fn);
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

  private place(fn: number): number {
    const n = this.nodes;
    const cores = this.cores;
    const busy = this.busyCores;
    const queued = this.queueLen;
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    if (this.placement === 'least-loaded') {
      // Fewest running + queued invocations (nodes are identical); ties to the lowest index.
      for (let i = 0; i < n; i++) {
        const score = -(busy[i]! + queued[i]!);
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      return best;
    }
    // Locality: a node with an idle sandbox of the function and a free core first, then a node
    // the platform says holds state for it (e.g. a cached snapshot), then the least loaded.
    const affinity = this.affinity;
    const nFn = this.nFn;
    for (let i = 0; i < n; i++) {
      let score = -(busy[i]! + queued[i]!);
      if (this.idleCnt[i * nFn + fn]! > 0 && busy[i]! < cores) score += 4 * cores;
      else if (affinity !== undefined && affinity(fn, i) > 0) score += 2 * cores;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }

  /** Starts invocation `slot` on `node` now, or returns false when memory is short. */
  private tryStart(slot: number, node: number, now: number): boolean {
    const fn = this.invFn[slot]!;
    const pair = node * this.nFn + fn;
    let sb = this.idleHead[pair]!;
    let startup: number;
    let extra = 0;
    let path: number;
    if (sb !== NONE) {
      this.unlinkIdle(sb);
      const ready = this.sbReadyAt[sb]!;
      startup = (ready > now ? ready - now : 0) + this.platform.warmStartMs(fn, node);
      path = StartPath.warm;
    } else {
      const plan = this.plan;
      resetPlan(plan);
      this.platform.plan(fn, node, now, plan);
      if (!this.makeRoom(node, fn, plan)) return false;
      this.platform.commit?.(fn, node, now, plan);
      sb = this.createSandbox(node, fn, plan, now);
      let ready = now;
      if (plan.createSerialMs > 0 || plan.createParallelMs > 0) {
        const free = this.creationFreeAt[node]!;
        const serialStart = Math.max(free, now);
        this.creationFreeAt[node] = serialStart + plan.createSerialMs;
        ready = serialStart + plan.createSerialMs + plan.createParallelMs;
      }
      startup = ready - now + plan.startupMs;
      extra = plan.extraExecMs;
      path = plan.path;
    }
    this.sbState[sb] = SB_BUSY;
    this.invSb[slot] = sb;
    this.invPath[slot] = path;
    this.invDispatch[slot] = now;
    this.invStartup[slot] = startup;
    const exec = this.invExec[slot]! + extra;
    this.invExec[slot] = exec;
    this.busyCores[node]!++;
    this.q.push(now + startup + exec, P_END, K_END, slot);
    return true;
  }

  private end(slot: number, now: number): void {
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
   * Ensures the new sandbox for `plan` fits on `node`, evicting idle sandboxes (least recently
   * idle first). Returns false when it cannot fit now.
   */
  private makeRoom(node: number, fn: number, plan: StartPlan): boolean {
    const pair = node * this.nFn + fn;
    const extraCache =
      plan.nodePageCacheMb > this.heldPageCacheMb[pair]!
        ? plan.nodePageCacheMb - this.heldPageCacheMb[pair]!
        : 0;
    const need = plan.privateMb + extraCache;
    if (need > this.capacityMb) {
      throw new RangeError(
        `function ${this.fns.profiles[fn]!.name} needs ${need} MiB for a new sandbox, more than memoryMbPerNode (${this.capacityMb} MiB)`,
      );
    }
    while (this.memory.nodeUsedMb(node) + need > this.capacityMb + 1e-9) {
      const victim = this.lruHead[node]!;
      if (victim === NONE) return false;
      this.results.evictions++;
      this.unlinkIdle(victim);
      this.release(victim, this.now);
    }
    return true;
  }

  private createSandbox(node: number, fn: number, plan: StartPlan, now: number): number {
    if (this.sbFree === NONE) this.growSandboxes(this.sbCap * 2);
    const sb = this.sbFree;
    this.sbFree = this.sbIdleNext[sb]!;
    this.sbFn[sb] = fn;
    this.sbNode[sb] = node;
    this.sbPrivateMb[sb] = plan.privateMb;
    this.sbReadyAt[sb] = 0;
    this.sbTimerAt[sb] = Number.POSITIVE_INFINITY;
    this.sbState[sb] = SB_BUSY;
    const pair = node * this.nFn + fn;
    this.liveCnt[pair]!++;
    if (++this.liveSandboxes > this.results.peakLive) this.results.peakLive = this.liveSandboxes;
    this.memory.add(MemoryKind.private, node, plan.privateMb, now);
    const held = this.heldPageCacheMb[pair]!;
    if (plan.nodePageCacheMb > held) {
      this.memory.add(MemoryKind.pageCache, node, plan.nodePageCacheMb - held, now);
      this.heldPageCacheMb[pair] = plan.nodePageCacheMb;
    }
    return sb;
  }

  private makeIdle(sb: number, _now: number, expireAt: number): void {
    const node = this.sbNode[sb]!;
    const pair = node * this.nFn + this.sbFn[sb]!;
    this.sbState[sb] = SB_IDLE;
    this.idleSandboxes++;
    // Most recently idle first: reuse it, so older sandboxes age out.
    const head = this.idleHead[pair]!;
    this.sbIdlePrev[sb] = NONE;
    this.sbIdleNext[sb] = head;
    if (head !== NONE) this.sbIdlePrev[head] = sb;
    this.idleHead[pair] = sb;
    this.idleCnt[pair]!++;
    const tail = this.lruTail[node]!;
    this.sbLruPrev[sb] = tail;
    this.sbLruNext[sb] = NONE;
    if (tail === NONE) this.lruHead[node] = sb;
    else this.sbLruNext[tail] = sb;
    this.lruTail[node] = sb;
    this.sbExpireAt[sb] = expireAt;
    // One live timer per sandbox: a timer due no later than the new expiry is kept and re-arms
    // itself when it fires early; only a shorter keep-alive needs a new one (the old goes stale).
    if (expireAt < this.sbTimerAt[sb]!) {
      this.sbTimerAt[sb] = expireAt;
      this.q.push(expireAt, P_EXPIRE, K_EXPIRE, sb);
    }
  }

  private unlinkIdle(sb: number): void {
    const node = this.sbNode[sb]!;
    const pair = node * this.nFn + this.sbFn[sb]!;
    const p = this.sbIdlePrev[sb]!;
    const n = this.sbIdleNext[sb]!;
    if (p === NONE) this.idleHead[pair] = n;
    else this.sbIdleNext[p] = n;
    if (n !== NONE) this.sbIdlePrev[n] = p;
    this.idleCnt[pair]!--;
    const lp = this.sbLruPrev[sb]!;
    const ln = this.sbLruNext[sb]!;
    if (lp === NONE) this.lruHead[node] = ln;
    else this.sbLruNext[lp] = ln;
    if (ln === NONE) this.lruTail[node] = lp;
    else this.sbLruPrev[ln] = lp;
    this.idleSandboxes--;
    this.sbState[sb] = SB_BUSY;
  }

  private expire(sb: number, now: number): void {
    if (this.sbTimerAt[sb] !== now) return; // stale timer
    this.sbTimerAt[sb] = Number.POSITIVE_INFINITY;
    if (this.sbState[sb] !== SB_IDLE) return; // busy: re-armed when it goes idle again
    const at = this.sbExpireAt[sb]!;
    if (at > now) {
      if (at !== Number.POSITIVE_INFINITY) {
        this.sbTimerAt[sb] = at;
        this.q.push(at, P_EXPIRE, K_EXPIRE, sb);
      }
      return;
    }
    const node = this.sbNode[sb]!;
    this.unlinkIdle(sb);
    this.release(sb, now);
    this.drain(node, now);
  }

  /** Destroys (or hands to the platform) a sandbox that is not idle-linked. */
  private release(sb: number, now: number): void {
    const node = this.sbNode[sb]!;
    const fn = this.sbFn[sb]!;
    const pair = node * this.nFn + fn;
    this.memory.add(MemoryKind.private, node, -this.sbPrivateMb[sb]!, now);
    this.liveSandboxes--;
    if (--this.liveCnt[pair]! === 0) {
      const held = this.heldPageCacheMb[pair]!;
      if (held > 0) {
        this.memory.add(MemoryKind.pageCache, node, -held, now);
        this.heldPageCacheMb[pair] = 0;
      }
    }
    this.sbState[sb] = SB_FREE;
    this.sbTimerAt[sb] = Number.POSITIVE_INFINITY;
    // A still-pending timer no longer matches sbTimerAt and is ignored.
    this.sbIdleNext[sb] = this.sbFree;
    this.sbFree = sb;
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
    let ready = now;
    if (plan.createSerialMs > 0 || plan.createParallelMs > 0) {
      const free = this.creationFreeAt[node]!;
      const serialStart = Math.max(free, now);
      this.creationFreeAt[node] = serialStart + plan.createSerialMs;
      ready = serialStart + plan.createSerialMs + plan.createParallelMs;
    }
    this.sbReadyAt[sb] = ready + plan.startupMs;
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
    for (let i = cap - 1; i >= old; i--) {
      this.invNext[i] = this.invFree;
      this.invFree = i;
    }
    this.invCap = cap;
  }

  private growSandboxes(cap: number): void {
    const old = this.sbCap;
    this.sbState = grow(this.sbState, cap);
    this.sbFn = grow(this.sbFn, cap);
    this.sbNode = grow(this.sbNode, cap);
    this.sbPrivateMb = grow(this.sbPrivateMb, cap);
    this.sbExpireAt = grow(this.sbExpireAt, cap);
    this.sbReadyAt = grow(this.sbReadyAt, cap);
    this.sbTimerAt = grow(this.sbTimerAt, cap);
    this.sbIdlePrev = grow(this.sbIdlePrev, cap);
    this.sbIdleNext = grow(this.sbIdleNext, cap);
    this.sbLruPrev = grow(this.sbLruPrev, cap);
    this.sbLruNext = grow(this.sbLruNext, cap);
    for (let i = cap - 1; i >= old; i--) {
      this.sbIdleNext[i] = this.sbFree;
      this.sbFree = i;
    }
    this.sbCap = cap;
  }
}

type TypedArray = Float64Array | Int32Array | Uint8Array;
function grow<T extends TypedArray>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
