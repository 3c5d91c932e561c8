import { type BucketMeta, NO_REPLICA } from '../bucketMeta.js';
import type { Steps } from '../core/oramShell.js';
import type { OramStrategies } from '../core/strategies.js';
import { bucketOnPath } from '../core/treeGeometry.js';
import { IntegrityError } from '../integrityError.js';
import type { OramCounters } from '../oram.js';
import type { RandomSource } from '../randomSource.js';
import { ChannelFailedError, UnreadableLocationError } from '../storage/oramStorage.js';
import type { Phase, PhysicalIo, PlannedBatch } from '../storage/physicalIo.js';
import type { ChannelHealth } from './channelHealth.js';
import type { DummyCandidates } from './dummyCandidates.js';
import { ReplicaPlacement } from './replicaPlacement.js';
import type { RecoveryHost, SlotRecovery } from './slotRecovery.js';

const NO_REP = NO_REPLICA;
const onPath = bucketOnPath;

/** A failure a replica may cover: the location was unreadable, or its MAC failed. */
function isCopyFailure(e: unknown): e is Error {
  return e instanceof UnreadableLocationError || e instanceof IntegrityError;
}

/**
 * Secure Replication's recovery (IRO's replicas; the oblivious rules are ours, README
 * "Oblivious recovery"). Every real has a replica in its bucket on another channel. A channel is
 * avoided after its first failure: a real whose primary is avoided is read through its replica
 * INSTEAD, so ReadPath still reads one slot per bucket. When a read fails anyway (a channel dies
 * or lies for the first time), ReadPath reads one more slot at EVERY level — the other copy where
 * the block's read failed, a fresh dummy elsewhere — so the extra reads do not show where the
 * block was. Bucket reads (EvictPath, EarlyReshuffle) read the other copies of their failed reals
 * in one more batch: they read every live real anyway, so which reals failed is what the
 * adversary already caused, not what the client accesses.
 */
export class ReplicaRecovery implements SlotRecovery {
  readonly placement: ReplicaPlacement;
  private readonly batch: PlannedBatch;
  private readonly loc: Int32Array;
  private readonly L: number;
  // The current ReadPath: its real's first failure and the slot of the other copy.
  private failedReal: Error | undefined = undefined;
  private fallback = -1;
  /** A dummy read failed on a channel not yet avoided (the failure was news). */
  private discovered = false;
  // Reals of the current bucket reads whose read failed, waiting for their other copy.
  pending = 0;
  private readonly pendLevel: Int32Array;
  private readonly pendEntry: Int32Array;
  private readonly pendSlot: Int32Array;
  private readonly pendVia: Uint8Array;
  private readonly pendError: unknown[];

  constructor(
    private readonly io: PhysicalIo,
    private readonly health: ChannelHealth,
    private readonly dummies: DummyCandidates,
    private readonly strategies: OramStrategies,
    private readonly host: RecoveryHost,
    geometry: { L: number; W: number; Z: number; slotBytes: number; channels: number },
    rng: RandomSource,
  ) {
    const { L, W, Z } = geometry;
    const L1 = L + 1;
    this.L = L;
    this.placement = new ReplicaPlacement(W, Z, geometry.channels, rng);
    this.batch = io.createBatch(L1 * W, L1 * W * geometry.slotBytes);
    this.loc = new Int32Array(L1);
    this.pendLevel = new Int32Array(L1 * Z);
    this.pendEntry = new Int32Array(L1 * Z);
    this.pendSlot = new Int32Array(L1 * Z);
    this.pendVia = new Uint8Array(L1 * Z);
    this.pendError = new Array<unknown>(L1 * Z).fill(undefined);
  }

  get pathFailed(): boolean {
    return this.discovered || this.failedReal !== undefined;
  }

  private get c(): OramCounters {
    return this.io.c;
  }

  viaReplica(b: number, m: BucketMeta, e: number): boolean {
    if (this.health.count === 0) return false;
    const r = m.replicaSlot[e]!;
    return r !== NO_REP && this.health.isAvoided(b, m.slot[e]!) && !this.health.isAvoided(b, r);
  }

  beginPath(): void {
    this.failedReal = undefined;
    this.fallback = -1;
    this.discovered = false;
  }

  realFailed(m: BucketMeta, e: number, via: boolean, err: Error): void {
    this.fallback = this.fallbackFor(m, e, via, err);
    this.failedReal = err;
  }

  pathDummyFailed(b: number, s: number, f: Error): void {
    // A dummy on a channel already avoided was the last choice left: its failure is known.
    if (!this.health.isAvoided(b, s)) this.discovered = true;
    this.dummyFailed(f);
  }

  *recoverPath(
    x: number,
    a: number,
    metas: readonly BucketMeta[],
    realLevel: number,
    realEntry: number,
    via: boolean,
  ): Steps<number> {
    const L = this.L;
    const io = this.io;
    const fallback = this.fallback;
    const failedReal = this.failedReal;
    const loc = this.loc;
    const rb = io.begin(this.batch, 'read');
    for (let l = 0; l <= L; l++) {
      const b = onPath(x, l, L);
      const m = metas[l]!;
      let s: number;
      if (l === realLevel && fallback >= 0) s = fallback;
      else {
        s = this.strategies.chooseDummy(this.dummies.cand, this.dummies.collectForRecovery(b, m));
        if (m.valid[s] === 1) {
          m.valid[s] = 0;
          m.count++;
        }
      }
      loc[l] = io.addSlot(rb, b, s, 'online');
    }
    yield rb;
    let extraRead = -1;
    for (let l = 0; l <= L; l++) {
      const k = loc[l]!;
      if (l !== realLevel || fallback < 0) {
        const f = rb.failures[k];
        if (f !== undefined) this.dummyFailed(f);
        continue;
      }
      const b = onPath(x, l, L);
      const m = metas[l]!;
      const err = this.host.openReal(b, m, fallback, rb, k);
      if (err !== undefined) {
        if (err instanceof ChannelFailedError) this.health.avoid(err.channel);
        // Wrong data is never returned: the first failure stands (the second if it is not a
        // location or MAC failure).
        throw isCopyFailure(err) ? failedReal : err;
      }
      if (failedReal instanceof IntegrityError) {
        this.health.noteMacFailure(b, via ? m.replicaSlot[realEntry]! : m.slot[realEntry]!);
      }
      if (!via) this.c.replicaRecoveries++;
      extraRead = fallback;
      this.host.recovered(-1, a);
    }
    this.failedReal = undefined;
    return extraRead;
  }

  dummyFailed(f: Error): void {
    if (!(f instanceof UnreadableLocationError)) throw f;
    if (f instanceof ChannelFailedError) this.health.avoid(f.channel);
  }

  bucketRealFailed(l: number, m: BucketMeta, e: number, via: boolean, err: Error): void {
    const p = this.pending;
    this.pendSlot[p] = this.fallbackFor(m, e, via, err);
    this.pendLevel[p] = l;
    this.pendEntry[p] = e;
    this.pendVia[p] = via ? 1 : 0;
    this.pendError[p] = err;
    this.pending = p + 1;
  }

  *recoverBuckets(leaf: number, metas: readonly BucketMeta[], phase: Phase): Steps<void> {
    const L = this.L;
    const io = this.io;
    const pending = this.pending;
    this.pending = 0;
    const rb = io.begin(this.batch, 'read');
    for (let p = 0; p < pending; p++) {
      io.addSlot(rb, onPath(leaf, this.pendLevel[p]!, L), this.pendSlot[p]!, phase);
    }
    yield rb;
    for (let p = 0; p < pending; p++) {
      const l = this.pendLevel[p]!;
      const b = onPath(leaf, l, L);
      const m = metas[l]!;
      const e = this.pendEntry[p]!;
      const first = this.pendError[p];
      this.pendError[p] = undefined;
      const err = this.host.openReal(b, m, this.pendSlot[p]!, rb, p);
      if (err !== undefined) {
        if (err instanceof ChannelFailedError) this.health.avoid(err.channel);
        throw isCopyFailure(err) ? first : err;
      }
      const via = this.pendVia[p] === 1;
      if (first instanceof IntegrityError) {
        this.health.noteMacFailure(b, via ? m.replicaSlot[e]! : m.slot[e]!);
      }
      if (!via) this.c.replicaRecoveries++;
      this.host.recovered(l, m.addr[e]!);
    }
  }

  writeFailed(f: Error): void {
    // The other copy of the slot survives; the dead channel is avoided from now on.
    if (!(f instanceof ChannelFailedError)) throw f;
    this.health.avoid(f.channel);
  }

  placeReplicas(b: number, m: BucketMeta, k: number, role: Int32Array): void {
    this.placement.place(b, m.slot, k, m.replicaSlot);
    for (let i = 0; i < k; i++) if (m.replicaSlot[i] !== NO_REP) role[m.replicaSlot[i]!] = -(i + 1);
  }

  /**
   * The slot to read after the read of real entry e failed with err: its replica (or, when the
   * replica was read instead of an avoided primary, the primary, whose fault may have been one
   * line, not the channel). Throws err when there is no usable other copy.
   */
  private fallbackFor(m: BucketMeta, e: number, via: boolean, err: Error): number {
    if (!isCopyFailure(err)) throw err;
    if (err instanceof ChannelFailedError) this.health.avoid(err.channel);
    if (via) return m.slot[e]!;
    const r = m.replicaSlot[e]!;
    if (r === NO_REP) throw err;
    return r;
  }
}
