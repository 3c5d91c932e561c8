import type { BucketMeta } from '../bucketMeta.js';
import { copyBytes } from '../core/copyBytes.js';
import type { Steps } from '../core/oramShell.js';
import { equalBytes } from '../crypto/cipherSuite.js';
import { IntegrityError } from '../integrityError.js';
import { ChannelFailedError } from '../storage/oramStorage.js';
import type { Phase, PhysicalIo, PlannedBatch } from '../storage/physicalIo.js';
import type { ChannelHealth } from './channelHealth.js';
import type { MetaHost, MetaRecovery } from './metaRecovery.js';

/**
 * IRO's mirrored metadata: every uncached bucket's metadata is stored twice, copy k on channel
 * (level + k) mod C. A read asks for copy 0 unless its channel is avoided; a copy that is
 * unreadable or does not verify falls back to the other one (one more batch for that bucket),
 * and copy 0 is rewritten from a verified copy 1 (the 'integrity' phase). Both copies are always
 * written, so the trace of a write does not depend on which copy served the read.
 */
export class MirrorRecovery implements MetaRecovery {
  private readonly again: PlannedBatch;
  private readonly repair: PlannedBatch;

  constructor(
    private readonly io: PhysicalIo,
    private readonly health: ChannelHealth,
    private readonly host: MetaHost,
    /** Buckets below this index are cached on the client and have no mirror. */
    private readonly topBuckets: number,
    private readonly metaBytes: number,
    pathBuckets: number,
  ) {
    this.again = io.createBatch(1, metaBytes);
    this.repair = io.createBatch(pathBuckets, pathBuckets * metaBytes);
  }

  get repairs(): number {
    return this.repair.count;
  }

  mirrored(b: number): boolean {
    return b >= this.topBuckets;
  }

  firstCopy(b: number): 0 | 1 {
    // Copy 0 on an avoided channel is not even tried: the mirror is read instead, as always.
    return b >= this.topBuckets && this.health.isAvoided(b, 'meta', 0) ? 1 : 0;
  }

  copies(b: number): 1 | 2 {
    return b >= this.topBuckets ? 2 : 1;
  }

  beginLoad(): void {
    this.io.begin(this.repair, 'write');
  }

  *fallback(
    b: number,
    m: BucketMeta,
    parent: BucketMeta | null,
    failure: Error,
    copy: 0 | 1,
    phase: Phase,
  ): Steps<0 | 1> {
    if (!this.mirrored(b)) throw failure;
    if (failure instanceof ChannelFailedError) this.health.avoid(failure.channel);
    const other = (1 - copy) as 0 | 1;
    const io = this.io;
    const again = io.begin(this.again, 'read');
    const k = io.addMeta(again, b, other, phase);
    yield again;
    const second = this.host.takeMeta(again, k, b, m, parent);
    if (second !== undefined) {
      if (second instanceof ChannelFailedError) this.health.avoid(second.channel);
      throw second;
    }
    if (failure instanceof IntegrityError) this.health.noteMacFailure(b, 'meta');
    return other;
  }

  loaded(b: number, m: BucketMeta, copy: 0 | 1): void {
    if (copy !== 1) return;
    // Copy 1 verified where copy 0 failed (or is avoided): copy 0 is rewritten from it.
    const io = this.io;
    io.c.mirrorRecoveries++;
    const loc = io.addMeta(this.repair, b, 0, 'integrity');
    const off = this.repair.offsets[loc]!;
    copyBytes(this.repair.data, this.repair.data32, off, m.stored, m.stored32, 0, this.metaBytes);
  }

  *flushRepairs(): Steps<void> {
    const repair = this.repair;
    yield repair;
    // A repair that cannot reach a dead channel changes nothing: the mirror still serves.
    for (let i = 0; i < repair.count; i++) {
      const f = repair.failures[i];
      if (f !== undefined && !(f instanceof ChannelFailedError)) throw f;
    }
  }

  writeFailed(wb: PlannedBatch, i: number, f: Error): void {
    // Tolerated: one copy on a dead channel while its partner (the other copy, written next to
    // it in the same batch) succeeded.
    if (!(f instanceof ChannelFailedError)) throw f;
    const partner = wb.copies[i] === 0 ? i + 1 : i - 1;
    if (partner >= 0 && partner < wb.count && wb.buckets[partner] === wb.buckets[i]) {
      if (wb.failures[partner] !== undefined) throw f;
    } else throw f;
  }

  *auditCopy(b: number, m: BucketMeta): Steps<void> {
    const io = this.io;
    const mb = io.begin(this.again, 'read');
    const k = io.addMeta(mb, b, 1, 'integrity');
    yield mb;
    const f = mb.failures[k];
    if (f !== undefined) throw f;
    if (!equalBytes(mb.data, mb.offsets[k]!, m.stored, 0, this.metaBytes)) {
      throw new IntegrityError(b, 'meta', 'mirror copy differs from the verified primary');
    }
  }
}
