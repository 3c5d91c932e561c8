import { levelOfBucket } from '../channels.js';
import { words } from '../core/copyBytes.js';
import type { OramCounters } from '../oram.js';
import type { Observer, TraceEvent } from '../trace.js';
import {
  createMemoryStorage,
  type MemoryLoan,
  type MemoryStorage,
  memoryLoanOf,
} from './memoryStorage.js';
import type { StorageShape } from './oramStorage.js';
import {
  type AsyncBatchedStorage,
  type BatchedStorage,
  createIoBatch,
  type IoBatch,
  META_SLOT,
} from './storageProtocol.js';

export type Phase = TraceEvent['phase'];
const PHASES: readonly Phase[] = ['online', 'evict', 'reshuffle', 'integrity'];
/** A phase's index in PHASES (compares of interned strings: a Record lookup per location cost more). */
function phaseCode(p: Phase): number {
  return p === 'online' ? 0 : p === 'evict' ? 1 : p === 'reshuffle' ? 2 : 3;
}

/** A batch the algorithm plans: the protocol's fields plus each location's phase (trace only). */
export interface PlannedBatch extends IoBatch {
  readonly phases: Uint8Array;
  /** A 32-bit view of `data` (kept in step when the batch grows), for word copies. */
  data32: Uint32Array;
  /** Bytes used in `data` so far. */
  used: number;
  /** Whether `data` is the lent storage array (locations point into it; see PhysicalIo). */
  lent: boolean;
}

/**
 * The physical-I/O layer (ours): the only caller of the untrusted storage and the only emitter
 * of trace events. The algorithm plans a batch of locations, yields it, and reads the result;
 * this layer serves the client-cached top levels from client memory (no trace, no counters),
 * sends every other location to the storage in one batch, emits one trace event per location
 * sent in the order sent (a location that failed was still requested, so it is in the trace),
 * and counts the locations that moved.
 *
 * The in-memory fast path (ours; mc-oblivious's storage likewise hands the client a borrowed
 * branch rather than a copy): over a storage made by createMemoryStorage, with no cached top
 * levels and no metadata mirror, every batch's `data` IS the storage's array and each
 * location's offset is where that location lives. A read then needs no copy (the algorithm
 * opens the bytes where they lie, before any later batch can change them), a write is
 * assembled in place, and running the batch only traces and counts it. Bytes, trace, counters
 * and the stored format are those of the copying path; the algorithm never writes a read
 * batch's bytes and consumes them before its next write batch.
 */
export class PhysicalIo {
  /** Counters shared with the ORAM (the ORAM replaces their values on a state import). */
  c: OramCounters;
  /** When set, nothing is counted or traced: initialisation and client-only inspection. */
  silent = false;
  readonly top: MemoryStorage | undefined;
  private remote: IoBatch;
  private remoteIndex: Int32Array;
  /** The memory storage's loan when the fast path above applies. */
  private readonly loan: MemoryLoan | undefined;

  constructor(
    readonly shape: StorageShape,
    /** Exactly one of sync / async is set. */
    readonly sync: BatchedStorage | undefined,
    readonly async: AsyncBatchedStorage | undefined,
    readonly topBuckets: number,
    private readonly observer: Observer | undefined,
    /** Whether metadata events carry `copy` (only when mirrored metadata is on). */
    private readonly mirrorEvents: boolean,
    counters: OramCounters,
    maxLocations: number,
  ) {
    this.c = counters;
    this.top =
      topBuckets > 0 ? createMemoryStorage({ ...shape, bucketCount: topBuckets }) : undefined;
    this.remote = createIoBatch(maxLocations, 0);
    this.remoteIndex = new Int32Array(maxLocations);
    this.loan =
      sync !== undefined && topBuckets === 0 && !mirrorEvents ? memoryLoanOf(sync) : undefined;
  }

  /** A reusable batch with room for `locations` locations of up to `bytes` bytes in all. */
  createBatch(locations: number, bytes: number): PlannedBatch {
    const loan = this.loan;
    // Every location starts on a 4-byte boundary (storages copy words): room for the padding.
    const b = createIoBatch(
      locations,
      loan === undefined ? bytes + 3 * locations : 0,
    ) as PlannedBatch;
    (b as { phases: Uint8Array }).phases = new Uint8Array(locations);
    b.used = 0;
    b.lent = loan !== undefined;
    if (loan !== undefined) {
      b.data = loan.bytes;
      b.data32 = loan.bytes32;
    } else b.data32 = words(b.data);
    return b;
  }

  /** Empties a batch for a new operation. */
  begin(batch: PlannedBatch, op: 'read' | 'write'): PlannedBatch {
    batch.op = op;
    batch.count = 0;
    batch.used = 0;
    if (batch.failed > 0) {
      batch.failures.fill(undefined);
      batch.failed = 0;
    }
    return batch;
  }

  /** Adds a metadata location; returns its index (its bytes at batch.offsets[index]). */
  addMeta(batch: PlannedBatch, bucket: number, copy: 0 | 1, phase: Phase): number {
    const loan = this.loan;
    if (
      batch.count === batch.buckets.length ||
      (loan === undefined && batch.used + this.shape.metaBytes > batch.data.length)
    )
      this.grow(batch);
    const i = batch.count++;
    batch.buckets[i] = bucket;
    batch.slots[i] = META_SLOT;
    batch.copies[i] = copy;
    batch.phases[i] = phaseCode(phase);
    if (loan !== undefined) batch.offsets[i] = bucket * loan.metaStride;
    else {
      batch.offsets[i] = batch.used;
      batch.used += (this.shape.metaBytes + 3) & ~3;
    }
    return i;
  }

  /** Adds a slot location; returns its index. */
  addSlot(batch: PlannedBatch, bucket: number, slot: number, phase: Phase): number {
    const loan = this.loan;
    if (
      batch.count === batch.buckets.length ||
      (loan === undefined && batch.used + this.shape.slotBytes > batch.data.length)
    )
      this.grow(batch);
    const i = batch.count++;
    batch.buckets[i] = bucket;
    batch.slots[i] = slot;
    batch.copies[i] = 0;
    batch.phases[i] = phaseCode(phase);
    if (loan !== undefined) {
      batch.offsets[i] = loan.slotsAt + bucket * loan.bucketSlotsBytes + slot * loan.slotBytes;
    } else {
      batch.offsets[i] = batch.used;
      batch.used += (this.shape.slotBytes + 3) & ~3;
    }
    return i;
  }

  /** Doubles a batch's room (rare: a MUST fold larger than a path, a big audit). */
  private grow(batch: PlannedBatch): void {
    const n = batch.buckets.length * 2;
    const g = <T extends Int32Array | Uint32Array | Uint8Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const out = make(n);
      out.set(a);
      return out;
    };
    batch.buckets = g(batch.buckets, (k) => new Int32Array(k));
    batch.slots = g(batch.slots, (k) => new Int32Array(k));
    batch.copies = g(batch.copies, (k) => new Uint8Array(k));
    batch.offsets = g(batch.offsets, (k) => new Uint32Array(k));
    (batch as { phases: Uint8Array }).phases = g(batch.phases, (k) => new Uint8Array(k));
    for (let i = batch.failures.length; i < n; i++) batch.failures.push(undefined);
    if (batch.lent) return;
    const bytes = Math.max(
      batch.data.length * 2,
      batch.used + this.shape.slotBytes + this.shape.metaBytes,
    );
    const data = new Uint8Array(bytes);
    data.set(batch.data);
    batch.data = data;
    batch.data32 = words(data);
    if (this.remote.buckets.length < n) {
      this.remote = createIoBatch(n, 0);
      this.remoteIndex = new Int32Array(n);
    }
  }

  /** Where warm() leaves what it loaded, so the loads are not optimised away. */
  private warmSink = 0;
  /**
   * Loads the first and last word of location k of a lent read batch, before the algorithm
   * walks the locations one by one. Locations of a path are scattered over a tree of tens of
   * MB; warming them in one tight loop of independent loads lets the CPU fetch their cache
   * lines in parallel instead of taking one miss after another inside the per-level work.
   * Reads only what the batch already returned; no-op when the batch is not lent (its bytes
   * were just copied in).
   */
  warm(batch: PlannedBatch, k: number): void {
    if (!batch.lent) return;
    const n = batch.slots[k] === META_SLOT ? this.shape.metaBytes : this.shape.slotBytes;
    const w = batch.offsets[k]! >>> 2;
    this.warmSink ^= batch.data32[w]! ^ batch.data32[w + ((n - 1) >>> 2)]!;
  }

  /** Runs a batch on the synchronous storage. */
  run(batch: PlannedBatch): void {
    if (batch.lent) {
      // The bytes are already where they belong (see the class comment).
      if (batch.count > 0) this.account(batch, batch);
      return;
    }
    const out = this.split(batch);
    if (out !== undefined) {
      if (batch.op === 'read') this.sync!.read(out);
      else this.sync!.write(out);
      this.account(batch, out);
    }
  }

  /** Runs a batch on the asynchronous storage. */
  async runAsync(batch: PlannedBatch): Promise<void> {
    const out = this.split(batch);
    if (out !== undefined) {
      if (batch.op === 'read') await this.async!.read(out);
      else await this.async!.write(out);
      this.account(batch, out);
    }
  }

  private prefetchBatch: IoBatch | undefined;
  /**
   * Passes the locations of a read the algorithm will run later in this access to an
   * asynchronous storage that fetches ahead (AsyncBatchedStorage.prefetch), client-cached top
   * buckets left out. Nothing is traced or counted here: the read is, when it runs. With
   * `next`, the locations are the next access's first read (AsyncBatchedStorage.prefetchNext).
   */
  prefetch(batch: PlannedBatch, next = false): void {
    const s = this.async;
    if ((next ? s?.prefetchNext : s?.prefetch) === undefined || this.silent) return;
    let out = this.prefetchBatch;
    if (out === undefined || out.buckets.length < batch.count) {
      out = createIoBatch(batch.buckets.length, 0);
      this.prefetchBatch = out;
    }
    out.count = 0;
    for (let i = 0; i < batch.count; i++) {
      if (batch.buckets[i]! < this.topBuckets) continue;
      const k = out.count++;
      out.buckets[k] = batch.buckets[i]!;
      out.slots[k] = batch.slots[i]!;
      out.copies[k] = batch.copies[i]!;
    }
    if (out.count === 0) return;
    if (next) s!.prefetchNext!(out);
    else s!.prefetch!(out);
  }

  /**
   * The bytes of a read the algorithm will run later in this access, if the client already
   * holds all of them (AsyncBatchedStorage.peek): client-cached top buckets from client
   * memory, the others from the storage's fetched-ahead or written locations. Returns false
   * when the storage has no peek or a location would need a request. Nothing is traced or
   * counted: the read is, when it runs.
   */
  peek(batch: PlannedBatch): boolean {
    const s = this.async;
    if (s?.peek === undefined || this.silent || batch.op !== 'read') return false;
    const out = this.split(batch);
    return out === undefined || s.peek(out);
  }

  /** Tells a durable storage that an access ended. */
  endAccess(): void | Promise<void> {
    if (this.sync !== undefined) this.sync.endAccess?.();
    else if (this.async?.endAccess !== undefined) return this.async.endAccess();
  }

  /**
   * Serves cached locations from client memory and returns the batch for the storage: the
   * planned batch itself when none is cached, else a copy of its untrusted locations (same
   * data array and offsets). undefined when nothing goes to the storage.
   */
  private split(batch: PlannedBatch): IoBatch | undefined {
    if (this.topBuckets === 0) return batch.count > 0 ? batch : undefined;
    const r = this.remote;
    const top = this.top!;
    r.op = batch.op;
    r.data = batch.data;
    r.count = 0;
    if (r.failed > 0) {
      r.failures.fill(undefined);
      r.failed = 0;
    }
    let cached = 0;
    for (let i = 0; i < batch.count; i++) {
      const b = batch.buckets[i]!;
      if (b < this.topBuckets) {
        cached++;
        continue;
      }
      const k = r.count++;
      r.buckets[k] = b;
      r.slots[k] = batch.slots[i]!;
      r.copies[k] = batch.copies[i]!;
      r.offsets[k] = batch.offsets[i]!;
      this.remoteIndex[k] = i;
    }
    if (cached > 0) {
      // The cached locations, in place: the top storage's batch path needs only these fields.
      const saved = batch.count;
      let n = 0;
      const tb = this.topBatch(batch);
      for (let i = 0; i < saved; i++) {
        if (batch.buckets[i]! >= this.topBuckets) continue;
        tb.buckets[n] = batch.buckets[i]!;
        tb.slots[n] = batch.slots[i]!;
        tb.copies[n] = batch.copies[i]!;
        tb.offsets[n] = batch.offsets[i]!;
        n++;
      }
      tb.count = n;
      tb.data = batch.data;
      if (batch.op === 'read') top.read(tb);
      else top.write(tb);
    }
    if (r.count === 0) return undefined;
    return r;
  }

  private topScratch: IoBatch | undefined;
  private topBatch(batch: PlannedBatch): IoBatch {
    if (this.topScratch === undefined || this.topScratch.buckets.length < batch.buckets.length) {
      this.topScratch = createIoBatch(batch.buckets.length, 0);
    }
    return this.topScratch;
  }

  /** Copies failures back, emits the trace and counts what moved. */
  private account(batch: PlannedBatch, out: IoBatch): void {
    const remapped = out !== batch;
    if (remapped && out.failed > 0) {
      for (let k = 0; k < out.count; k++) {
        const f = out.failures[k];
        if (f !== undefined) {
          batch.failures[this.remoteIndex[k]!] = f;
          batch.failed++;
        }
      }
    }
    if (this.silent) return;
    const c = this.c;
    const read = batch.op === 'read';
    const obs = this.observer;
    const { slotBytes, metaBytes } = this.shape;
    for (let k = 0; k < out.count; k++) {
      const i = remapped ? this.remoteIndex[k]! : k;
      const meta = batch.slots[i] === META_SLOT;
      const phase = batch.phases[i]!;
      if (batch.failures[i] === undefined) {
        if (meta) {
          if (read) {
            c.metaReads++;
            if (phase === 3) c.integrityMetaReads++;
          } else {
            c.metaWrites++;
            if (phase === 3) c.integrityMetaWrites++;
          }
        } else if (read) {
          c.slotReads++;
          if (phase === 3) c.integritySlotReads++;
        } else c.slotWrites++;
      }
      if (obs !== undefined) {
        const b = batch.buckets[i]!;
        const ev: TraceEvent = {
          op: batch.op,
          bucket: b,
          slot: meta ? 'meta' : batch.slots[i]!,
          bytes: meta ? metaBytes : slotBytes,
          level: levelOfBucket(b),
          phase: PHASES[phase]!,
        };
        if (meta && this.mirrorEvents) ev.copy = batch.copies[i] as 0 | 1;
        obs(ev);
      }
    }
  }
}
