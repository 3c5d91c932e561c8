// The warm sandboxes of a cluster and the order in which idle ones are given up. Sandboxes are
// integer ids in typed arrays, recycled through a free list. Idle sandboxes sit on two intrusive
// lists: one per (node, function), most recently idle first, so a warm start reuses the newest
// and older ones age out; and one per node in eviction order, which the eviction policy owns.
//
// `SandboxPool` is the interface the engine uses; `LruSandboxPool` evicts the least recently
// idle sandbox of the node first (the policy OpenWhisk and the keep-alive literature assume).

import { parseWith } from '../configError.js';
import { num } from '../configFields.js';

const NONE = -1;
/** Pairs are indexed by int32 (the Simulator's limit too). */
const MAX_PAIRS = 2 ** 30;
const countField = num(1, MAX_PAIRS, { int: true });
export const SB_FREE = 0;
export const SB_BUSY = 1;
export const SB_IDLE = 2;

export interface SandboxPool {
  /** Live sandboxes (busy or idle). */
  readonly live: number;
  readonly idle: number;
  /** Idle sandboxes per (node, function), indexed node × functions + fn. */
  readonly idleCount: Int32Array;
  /** Live sandboxes per (node, function). */
  readonly liveCount: Int32Array;
  /** A new busy sandbox of `fn` on `node`. */
  create(node: number, fn: number, privateMb: number): number;
  /** The most recently idle sandbox of the pair, taken out of the idle lists (busy), or -1. */
  takeIdle(pair: number): number;
  /** Marks busy sandbox `sb` idle at `now`. */
  makeIdle(sb: number, now: number): void;
  /** Takes idle sandbox `sb` out of the idle lists (busy again, e.g. about to be released). */
  unlinkIdle(sb: number): void;
  /** The idle sandbox of `node` to evict first, or -1 when none is idle. */
  victim(node: number): number;
  /** Frees a non-idle sandbox's slot. */
  free(sb: number): void;
  state(sb: number): number;
  nodeOf(sb: number): number;
  fnOf(sb: number): number;
  privateMbOf(sb: number): number;
}

export class LruSandboxPool implements SandboxPool {
  private readonly nFn: number;
  private cap = 0;
  private freeHead = NONE;
  live = 0;
  idle = 0;
  readonly idleCount: Int32Array;
  readonly liveCount: Int32Array;
  private readonly idleHead: Int32Array; // per pair, most recently idle first
  private readonly lruHead: Int32Array; // per node, least recently idle first
  private readonly lruTail: Int32Array;
  private st = new Uint8Array(0);
  private fnA = new Int32Array(0);
  private nodeA = new Int32Array(0);
  private mb = new Float64Array(0);
  private idlePrev = new Int32Array(0);
  private idleNext = new Int32Array(0); // also the free list
  private lruPrev = new Int32Array(0);
  private lruNext = new Int32Array(0);
  /** When sandbox sb becomes usable (a pre-warm still being created), ms. */
  readyAt = new Float64Array(0);
  /** Expiry of sb's keep-alive, ms. */
  expireAt = new Float64Array(0);
  /** Time of sb's one live timer event, Infinity if none. */
  timerAt = new Float64Array(0);

  constructor(nodes: number, functions: number) {
    // NaN or 1.5 would size the arrays to 0 or 1 and every lookup would read undefined.
    parseWith(countField, nodes, 'nodes');
    parseWith(countField, functions, 'functions');
    const pairs = nodes * functions;
    if (pairs > MAX_PAIRS) {
      throw new RangeError(`nodes × functions must be at most 2^30, got ${pairs}`);
    }
    this.nFn = functions;
    this.idleCount = new Int32Array(pairs);
    this.liveCount = new Int32Array(pairs);
    this.idleHead = new Int32Array(pairs).fill(NONE);
    this.lruHead = new Int32Array(nodes).fill(NONE);
    this.lruTail = new Int32Array(nodes).fill(NONE);
    this.grow(1024);
  }

  create(node: number, fn: number, privateMb: number): number {
    if (this.freeHead === NONE) this.grow(this.cap * 2);
    const sb = this.freeHead;
    this.freeHead = this.idleNext[sb]!;
    this.fnA[sb] = fn;
    this.nodeA[sb] = node;
    this.mb[sb] = privateMb;
    this.readyAt[sb] = 0;
    this.timerAt[sb] = Number.POSITIVE_INFINITY;
    this.st[sb] = SB_BUSY;
    this.liveCount[node * this.nFn + fn]!++;
    this.live++;
    return sb;
  }

  takeIdle(pair: number): number {
    const sb = this.idleHead[pair]!;
    if (sb !== NONE) this.unlinkIdle(sb);
    return sb;
  }

  makeIdle(sb: number, _now: number): void {
    const node = this.nodeA[sb]!;
    const pair = node * this.nFn + this.fnA[sb]!;
    this.st[sb] = SB_IDLE;
    this.idle++;
    const head = this.idleHead[pair]!;
    this.idlePrev[sb] = NONE;
    this.idleNext[sb] = head;
    if (head !== NONE) this.idlePrev[head] = sb;
    this.idleHead[pair] = sb;
    this.idleCount[pair]!++;
    const tail = this.lruTail[node]!;
    this.lruPrev[sb] = tail;
    this.lruNext[sb] = NONE;
    if (tail === NONE) this.lruHead[node] = sb;
    else this.lruNext[tail] = sb;
    this.lruTail[node] = sb;
  }

  unlinkIdle(sb: number): void {
    const node = this.nodeA[sb]!;
    const pair = node * this.nFn + this.fnA[sb]!;
    const p = this.idlePrev[sb]!;
    const n = this.idleNext[sb]!;
    if (p === NONE) this.idleHead[pair] = n;
    else this.idleNext[p] = n;
    if (n !== NONE) this.idlePrev[n] = p;
    this.idleCount[pair]!--;
    const lp = this.lruPrev[sb]!;
    const ln = this.lruNext[sb]!;
    if (lp === NONE) this.lruHead[node] = ln;
    else this.lruNext[lp] = ln;
    if (ln === NONE) this.lruTail[node] = lp;
    else this.lruPrev[ln] = lp;
    this.idle--;
    this.st[sb] = SB_BUSY;
  }

  victim(node: number): number {
    return this.lruHead[node]!;
  }

  free(sb: number): void {
    this.liveCount[this.nodeA[sb]! * this.nFn + this.fnA[sb]!]!--;
    this.live--;
    this.st[sb] = SB_FREE;
    this.timerAt[sb] = Number.POSITIVE_INFINITY;
    this.idleNext[sb] = this.freeHead;
    this.freeHead = sb;
  }

  state(sb: number): number {
    return this.st[sb]!;
  }
  nodeOf(sb: number): number {
    return this.nodeA[sb]!;
  }
  fnOf(sb: number): number {
    return this.fnA[sb]!;
  }
  privateMbOf(sb: number): number {
    return this.mb[sb]!;
  }

  private grow(cap: number): void {
    const old = this.cap;
    this.st = grow(this.st, cap);
    this.fnA = grow(this.fnA, cap);
    this.nodeA = grow(this.nodeA, cap);
    this.mb = grow(this.mb, cap);
    this.idlePrev = grow(this.idlePrev, cap);
    this.idleNext = grow(this.idleNext, cap);
    this.lruPrev = grow(this.lruPrev, cap);
    this.lruNext = grow(this.lruNext, cap);
    this.readyAt = grow(this.readyAt, cap);
    this.expireAt = grow(this.expireAt, cap);
    this.timerAt = grow(this.timerAt, cap);
    for (let i = cap - 1; i >= old; i--) {
      this.idleNext[i] = this.freeHead;
      this.freeHead = i;
    }
    this.cap = cap;
  }
}

type TypedArray = Float64Array | Int32Array | Uint8Array;
export function grow<T extends TypedArray>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
