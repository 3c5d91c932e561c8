import { type CipherSuite, restoreCipherCounters } from '../crypto/cipherSuite.js';
import { checkAddr, checkData, type OramCounters, type OramInspection } from '../oram.js';
import { FailureLatch } from '../oramFailedError.js';
import type { PhysicalIo, PlannedBatch } from '../storage/physicalIo.js';
import type { PositionMap } from './positionMap.js';

/**
 * An ORAM operation written once as a generator: it yields each batch of physical I/O it needs
 * and reads the batch's result when resumed. A synchronous driver runs the batch on the
 * in-memory storage at once; the asynchronous driver awaits a remote one. The algorithm, its
 * random draws and therefore its physical trace are the same under both.
 */
export type Steps<T> = Generator<PlannedBatch, T, void>;

/**
 * The client shell both ORAMs share (ours): argument checks before any physical access, the
 * fail-closed latch, the two drivers, the queue that runs asynchronous calls one at a time in
 * call order, and the counters snapshot.
 */
export abstract class OramShell {
  abstract readonly capacity: number;
  abstract readonly blockSize: number;
  protected abstract readonly io: PhysicalIo;
  protected abstract readonly suite: CipherSuite;
  protected readonly latch: FailureLatch = new FailureLatch();
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * One entry per asynchronous call queued and not yet started, in call order: the address of
   * an access, or -1 for any other call. A call removes its entry when it starts, so during an
   * access `waiting[0]` is what runs next (nextQueuedLeaf).
   */
  private readonly waiting: number[] = [];

  /** The position map (leaf of every address); both ORAMs keep one. */
  protected abstract readonly positions: PositionMap;

  /**
   * The leaf of the access queued right after the one running, or -1 when the next call is
   * not an access or nothing is queued. Read it after the running access has remapped its own
   * block: nothing changes that leaf any more. Its path is public once that access runs;
   * naming it early only lets a remote storage fetch it with this access's read
   * (AsyncBatchedStorage.prefetchNext).
   */
  protected nextQueuedLeaf(): number {
    return this.waiting.length === 0 || this.waiting[0]! < 0
      ? -1
      : this.positions.leaf[this.waiting[0]!]!;
  }

  /** One logical access (data undefined: a read); returns the block's value. */
  protected abstract accessSteps(addr: number, data: Uint8Array | undefined): Steps<Uint8Array>;
  protected abstract auditSteps(): Steps<void>;
  protected abstract inspectSteps(): Steps<OramInspection>;
  protected abstract exportSteps(): Steps<Uint8Array>;
  /** Writes the whole tree of a new ORAM (every bucket sealed, no real block yet). */
  protected abstract initSteps(): Steps<void>;
  /** Whether the tree still has to be written (a new ORAM, not a reopened state). */
  protected abstract readonly fresh: boolean;

  initialize(): void {
    if (!this.fresh) return;
    this.drive(this.initSteps());
    // The tree's initial write is not an access: cipher counters start at zero after it.
    restoreCipherCounters(this.suite, [0, 0, 0, 0]);
  }

  async initializeAsync(): Promise<void> {
    if (!this.fresh) return;
    await this.driveAsync(this.initSteps());
    restoreCipherCounters(this.suite, [0, 0, 0, 0]);
  }

  get counters(): OramCounters {
    const u = this.suite;
    return {
      ...this.io.c,
      cipherCalls: u.stream.calls + u.macs,
      aeadCalls: u.macs,
      aeadBytes: u.macBytes,
      keystreamCalls: u.stream.calls,
      keystreamBytes: u.stream.bytes,
      macComputations: u.macs,
    };
  }

  /** Runs steps on the synchronous storage. */
  protected drive<T>(steps: Steps<T>): T {
    const io = this.io;
    for (;;) {
      const r = steps.next();
      if (r.done === true) return r.value;
      try {
        io.run(r.value);
      } catch (e) {
        abandon(steps);
        throw e;
      }
    }
  }

  /** Runs steps on the asynchronous storage, one batch in flight at a time. */
  protected async driveAsync<T>(steps: Steps<T>): Promise<T> {
    const io = this.io;
    for (;;) {
      const r = steps.next();
      if (r.done === true) return r.value;
      try {
        await io.runAsync(r.value);
      } catch (e) {
        abandon(steps);
        throw e;
      }
    }
  }

  /** An access: any error escaping it closes the ORAM (OramFailedError from then on). */
  private accessSync(addr: number, data: Uint8Array | undefined): Uint8Array {
    this.latch.check();
    try {
      const out = this.drive(this.accessSteps(addr, data));
      this.io.endAccess();
      return out;
    } catch (e) {
      this.latch.trip(e);
    }
  }

  read(addr: number): Uint8Array {
    checkAddr(addr, this.capacity);
    return this.accessSync(addr, undefined);
  }

  write(addr: number, data: Uint8Array): void {
    checkAddr(addr, this.capacity);
    checkData(data, this.blockSize);
    this.accessSync(addr, data);
  }

  /** audit() only reads: its IntegrityError does not close the ORAM. */
  audit(): void {
    this.latch.check();
    this.drive(this.auditSteps());
  }

  inspect(): OramInspection {
    this.latch.check();
    return this.drive(this.inspectSteps());
  }

  exportState(): Uint8Array {
    this.latch.check();
    return this.drive(this.exportSteps());
  }

  // ---------------------------------------------------------------- asynchronous API

  /**
   * Queues fn after every call made before it; a failed call does not block the queue. `addr`
   * is the address of an access, -1 for another call (waiting).
   */
  private enqueue<T>(fn: () => Promise<T>, addr = -1): Promise<T> {
    this.waiting.push(addr);
    const start = (): Promise<T> => {
      this.waiting.shift();
      return fn();
    };
    const run = this.queue.then(start, start);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private accessAsync(addr: number, data: Uint8Array | undefined): Promise<Uint8Array> {
    return this.enqueue(async () => {
      this.latch.check();
      try {
        const out = await this.driveAsync(this.accessSteps(addr, data));
        await this.io.endAccess();
        return out;
      } catch (e) {
        this.latch.trip(e);
      }
    }, addr);
  }

  /** Arguments are checked when the call is made; the access runs when its turn comes. */
  readAsync(addr: number): Promise<Uint8Array> {
    try {
      checkAddr(addr, this.capacity);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.accessAsync(addr, undefined);
  }

  writeAsync(addr: number, data: Uint8Array): Promise<void> {
    try {
      checkAddr(addr, this.capacity);
      checkData(data, this.blockSize);
    } catch (e) {
      return Promise.reject(e);
    }
    // The caller may change its buffer while the write waits in the queue: keep a copy.
    const copy = data.slice();
    return this.accessAsync(addr, copy).then(() => undefined);
  }

  auditAsync(): Promise<void> {
    return this.enqueue(async () => {
      this.latch.check();
      await this.driveAsync(this.auditSteps());
    });
  }

  inspectAsync(): Promise<OramInspection> {
    return this.enqueue(async () => {
      this.latch.check();
      return this.driveAsync(this.inspectSteps());
    });
  }

  exportStateAsync(): Promise<Uint8Array> {
    return this.enqueue(async () => {
      this.latch.check();
      return this.driveAsync(this.exportSteps());
    });
  }
}

/** A storage failed the whole batch: ends the steps so their `finally` blocks run. */
function abandon(steps: Steps<unknown>): void {
  try {
    steps.return(undefined as never);
  } catch {
    // The storage's error is the one reported.
  }
}
