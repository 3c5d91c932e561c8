// The reliability layer Ring ORAM calls where a read or write failed (src/reliability/):
// the fail-closed objects of a configuration without replication or a mirror, the dummy
// candidates off avoided channels, the mirror's fallback and repair, the replica fallback's
// rules. Expected values are worked by hand from the channel mapping (level + slot) mod C.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { BucketMeta, EMPTY_ADDR, metaLayout, NO_REPLICA } from '../src/bucketMeta.ts';
import { uniformStrategies } from '../src/core/strategies.ts';
import { IntegrityError } from '../src/integrityError.ts';
import { zeroCounters } from '../src/oram.ts';
import { ChannelHealth } from '../src/reliability/channelHealth.ts';
import { DummyCandidates } from '../src/reliability/dummyCandidates.ts';
import { UncorrectableLineError } from '../src/reliability/faultyStorage.ts';
import { failClosedMeta } from '../src/reliability/metaRecovery.ts';
import { MirrorRecovery } from '../src/reliability/mirrorRecovery.ts';
import { ReplicaRecovery } from '../src/reliability/replicaRecovery.ts';
import { failClosedSlots, type RecoveryHost } from '../src/reliability/slotRecovery.ts';
import { createMemoryStorage } from '../src/storage/memoryStorage.ts';
import { ChannelFailedError } from '../src/storage/oramStorage.ts';
import { PhysicalIo, type PlannedBatch } from '../src/storage/physicalIo.ts';

// Z = 2, S = 4: W = 6 slots. Bucket 1 is at level 1, so with C = 2 slot s is on channel
// (1 + s) mod 2: slots 1, 3, 5 on channel 0, slots 0, 2, 4 on channel 1; metadata copy 0 on
// channel 1, copy 1 on channel 0.
const Z = 2;
const W = 6;
const layout = metaLayout(Z, 4, { tree: false, tagsInMeta: false, replicaEntries: Z });
const shape = { bucketCount: 7, slotsPerBucket: W, slotBytes: 8, metaBytes: 64 };

function bucket(valid: number[], reals: [addr: number, slot: number, replica?: number][]) {
  const m = new BucketMeta(layout, shape.metaBytes, 0);
  m.addr.fill(EMPTY_ADDR);
  m.replicaSlot.fill(NO_REPLICA);
  for (let s = 0; s < W; s++) m.valid[s] = valid.includes(s) ? 1 : 0;
  reals.forEach(([addr, slot, replica], i) => {
    m.addr[i] = addr;
    m.slot[i] = slot;
    if (replica !== undefined) m.replicaSlot[i] = replica;
  });
  return m;
}

const cands = (d: DummyCandidates, n: number) => Array.from(d.cand.subarray(0, n));
const allSlots = [0, 1, 2, 3, 4, 5];

describe('DummyCandidates', () => {
  it('valid slots without a real, off avoided channels while any is left', () => {
    const health = new ChannelHealth(2);
    const d = new DummyCandidates(W, Z, health);
    // A real in slot 2; slot 4 already read.
    const m = bucket([0, 1, 2, 3, 5], [[5, 2]]);
    expect(cands(d, d.collect(1, m))).toEqual([0, 1, 3, 5]);
    health.avoid(1); // slots 0, 2, 4
    expect(cands(d, d.collect(1, m))).toEqual([1, 3, 5]);
    health.avoid(0); // every slot avoided: all valid dummies again
    expect(cands(d, d.collect(1, m))).toEqual([0, 1, 3, 5]);
  });

  it('falls back to avoided channels only when no other dummy is valid', () => {
    const health = new ChannelHealth(2);
    health.avoid(0);
    const d = new DummyCandidates(W, Z, health);
    expect(cands(d, d.collect(1, bucket([0, 1, 3], [])))).toEqual([0]);
    expect(cands(d, d.collect(1, bucket([1, 3], [])))).toEqual([1, 3]);
    expect(d.collect(1, bucket([2], [[9, 2]]))).toBe(0);
  });

  it('a recovery read may re-read a spent dummy, never a real', () => {
    const d = new DummyCandidates(W, Z, new ChannelHealth(2));
    const spent = bucket(
      [2],
      [
        [9, 2],
        [4, 0],
      ],
    );
    expect(d.collect(1, spent)).toBe(0);
    expect(cands(d, d.collectForRecovery(1, spent))).toEqual([1, 3, 4, 5]);
    expect(cands(d, d.collectForRecovery(1, bucket([3], [[9, 2]])))).toEqual([3]);
  });
});

describe('without replication and mirror every failure ends the access', () => {
  const dead = new ChannelFailedError(1, 1, 0);
  const worn = new UncorrectableLineError(1, 0, 0);
  const mac = new IntegrityError(1, 0, 'slot MAC does not verify');
  it('slots', () => {
    const m = bucket(allSlots, [[5, 2, 3]]);
    expect(failClosedSlots.viaReplica(1, m, 0)).toBe(false);
    expect(() => failClosedSlots.realFailed(m, 0, false, dead)).toThrow(dead);
    expect(() => failClosedSlots.bucketRealFailed(0, m, 0, false, mac)).toThrow(mac);
    expect(() => failClosedSlots.writeFailed(dead)).toThrow(dead);
    // An unreadable dummy is no error (its content is never used); anything else is.
    expect(() => failClosedSlots.pathDummyFailed(1, 0, dead)).not.toThrow();
    expect(() => failClosedSlots.dummyFailed(worn)).not.toThrow();
    expect(() => failClosedSlots.dummyFailed(mac)).toThrow(mac);
    expect(() => failClosedSlots.pathDummyFailed(1, 0, mac)).toThrow(mac);
    const role = new Int32Array([1, 0, 0, 0, 0, 0]);
    failClosedSlots.placeReplicas(1, m, 1, role);
    expect(Array.from(role)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(failClosedSlots.pathFailed).toBe(false);
    expect(failClosedSlots.pending).toBe(0);
  });

  it('metadata', () => {
    const m = bucket(allSlots, []);
    expect([failClosedMeta.firstCopy(3), failClosedMeta.copies(3)]).toEqual([0, 1]);
    expect(failClosedMeta.mirrored(3)).toBe(false);
    expect(() => failClosedMeta.fallback(3, m, null, dead, 0, 'online').next()).toThrow(dead);
    expect(() => failClosedMeta.writeFailed({} as PlannedBatch, 0, dead)).toThrow(dead);
  });
});

function ioOver(): PhysicalIo {
  return new PhysicalIo(
    shape,
    createMemoryStorage(shape),
    undefined,
    1,
    undefined,
    true,
    zeroCounters(),
    16,
  );
}

describe('MirrorRecovery', () => {
  const setup = (takeMeta: () => Error | undefined) => {
    const io = ioOver();
    const health = new ChannelHealth(2);
    const mirror = new MirrorRecovery(io, health, { takeMeta }, 1, shape.metaBytes, 3);
    return { io, health, mirror };
  };

  it('two copies below the cached top; copy 1 first once copy 0 is avoided', () => {
    const { health, mirror } = setup(() => undefined);
    expect([mirror.copies(0), mirror.copies(1), mirror.mirrored(0), mirror.mirrored(1)]).toEqual([
      1,
      2,
      false,
      true,
    ]);
    expect(mirror.firstCopy(1)).toBe(0);
    health.avoid(1); // copy 0 of bucket 1 (level 1) is on channel (1 + 0) mod 2 = 1
    expect([mirror.firstCopy(1), mirror.firstCopy(3)]).toEqual([1, 0]); // bucket 3: level 2
    expect(mirror.firstCopy(0)).toBe(0); // cached: no mirror
  });

  it('a dead copy 0: reads copy 1, avoids the channel, repairs copy 0', () => {
    const { io, health, mirror } = setup(() => undefined);
    const m = bucket(allSlots, []);
    m.stored.fill(0xab);
    mirror.beginLoad();
    const g = mirror.fallback(1, m, null, new ChannelFailedError(1, 1, 'meta'), 0, 'online');
    const batch = g.next().value as PlannedBatch;
    expect([batch.op, batch.count, batch.buckets[0], batch.copies[0]]).toEqual(['read', 1, 1, 1]);
    const done = g.next();
    expect(done).toEqual({ done: true, value: 1 });
    expect(health.isAvoided(1, 'meta', 0)).toBe(true);
    mirror.loaded(1, m, 1);
    expect([mirror.repairs, io.c.mirrorRecoveries]).toEqual([1, 1]);
    const repair = mirror.flushRepairs().next().value as PlannedBatch;
    expect([repair.op, repair.count, repair.buckets[0], repair.copies[0]]).toEqual([
      'write',
      1,
      1,
      0,
    ]);
    expect(repair.data[repair.offsets[0]!]).toBe(0xab);
    mirror.loaded(1, m, 0); // served by copy 0: nothing to repair
    expect(mirror.repairs).toBe(1);
  });

  it('a MAC failure of copy 0 counts towards the bound; a failed second copy is thrown', () => {
    const { health, mirror } = setup(() => undefined);
    const m = bucket(allSlots, []);
    const g = mirror.fallback(3, m, null, new IntegrityError(3, 'meta', 'x'), 0, 'evict');
    g.next();
    expect(g.next().value).toBe(1);
    // bucket 3 is at level 2: copy 0 on channel 0
    expect([health.isAvoided(3, 'meta', 0), health.count]).toEqual([true, 1]);
    const second = new ChannelFailedError(0, 5, 'meta');
    const both = setup(() => second);
    const h = both.mirror.fallback(5, m, null, new ChannelFailedError(1, 5, 'meta'), 1, 'evict');
    expect((h.next().value as PlannedBatch).copies[0]).toBe(0);
    expect(() => h.next()).toThrow(second);
    expect(both.health.count).toBe(2);
    // A cached bucket has no mirror.
    const top = mirror.fallback(0, m, null, second, 0, 'online');
    expect(() => top.next()).toThrow(second);
  });

  it('a write tolerates one dead copy whose partner was written', () => {
    const { mirror } = setup(() => undefined);
    const dead = new ChannelFailedError(1, 1, 'meta');
    const wb = (failures: (Error | undefined)[], buckets: number[], copies: number[]) =>
      ({ failures, buckets, copies, count: failures.length }) as unknown as PlannedBatch;
    expect(() => mirror.writeFailed(wb([dead, undefined], [1, 1], [0, 1]), 0, dead)).not.toThrow();
    expect(() => mirror.writeFailed(wb([undefined, dead], [1, 1], [0, 1]), 1, dead)).not.toThrow();
    expect(() => mirror.writeFailed(wb([dead, dead], [1, 1], [0, 1]), 0, dead)).toThrow(dead);
    expect(() => mirror.writeFailed(wb([dead, undefined], [1, 2], [0, 1]), 0, dead)).toThrow(dead);
    expect(() => mirror.writeFailed(wb([dead], [1], [0]), 0, dead)).toThrow(dead);
    expect(() => mirror.writeFailed(wb([undefined, dead], [1, 1], [1, 0]), 1, dead)).toThrow();
    const mac = new IntegrityError(1, 'meta', 'x');
    expect(() => mirror.writeFailed(wb([mac, undefined], [1, 1], [0, 1]), 0, mac)).toThrow(mac);
  });
});

describe('ReplicaRecovery', () => {
  const setup = () => {
    const io = ioOver();
    const health = new ChannelHealth(2);
    const rng = createRng('replicas');
    const recovered: [number, number][] = [];
    const host: RecoveryHost = {
      openReal: () => undefined,
      recovered: (l, addr) => recovered.push([l, addr]),
    };
    const r = new ReplicaRecovery(
      io,
      health,
      new DummyCandidates(W, Z, health),
      uniformStrategies(rng, 4),
      host,
      { L: 2, W, Z, slotBytes: shape.slotBytes, channels: 2 },
      rng,
    );
    return { io, health, r, recovered };
  };

  it('reads through the replica only when the primary is avoided and the replica is not', () => {
    const { health, r } = setup();
    // Primary slot 2 (channel 1), replica slot 3 (channel 0); entry 1 has no replica.
    const m = bucket(allSlots, [
      [5, 2, 3],
      [6, 4],
    ]);
    expect(r.viaReplica(1, m, 0)).toBe(false);
    health.avoid(1);
    expect([r.viaReplica(1, m, 0), r.viaReplica(1, m, 1)]).toEqual([true, false]);
    health.avoid(0);
    expect(r.viaReplica(1, m, 0)).toBe(false);
  });

  it('a failed real falls back to its other copy; without one, or for other errors, it throws', () => {
    const { health, r } = setup();
    const m = bucket(allSlots, [
      [5, 2, 3],
      [6, 4],
    ]);
    const dead = new ChannelFailedError(1, 1, 2);
    r.bucketRealFailed(1, m, 0, false, dead);
    r.bucketRealFailed(1, m, 0, true, new IntegrityError(1, 3, 'x'));
    expect(r.pending).toBe(2);
    expect(health.isAvoided(1, 2)).toBe(true);
    expect(() => r.bucketRealFailed(1, m, 1, false, dead)).toThrow(dead); // no replica
    const odd = new TypeError('not a location failure');
    expect(() => r.bucketRealFailed(1, m, 0, false, odd)).toThrow(odd);
    expect(() => r.realFailed(m, 0, false, odd)).toThrow(odd);
    expect(r.pending).toBe(2);
    // The pending reads: the replica (slot 3) of the first, the primary (slot 2) of the second.
    const g = r.recoverBuckets(0, [m, m, m], 'evict');
    const rb = g.next().value as PlannedBatch;
    expect(Array.from(rb.slots.subarray(0, rb.count))).toEqual([3, 2]);
    expect(r.pending).toBe(0);
  });

  it('ReadPath: a failed dummy on a channel not yet avoided is news; the recovery reads every level', () => {
    const { io, health, r, recovered } = setup();
    r.beginPath();
    expect(r.pathFailed).toBe(false);
    health.avoid(1);
    r.pathDummyFailed(1, 0, new ChannelFailedError(1, 1, 0)); // slot 0: channel 1, avoided
    expect(r.pathFailed).toBe(false);
    r.pathDummyFailed(1, 1, new ChannelFailedError(0, 1, 1)); // slot 1: channel 0, news
    expect([r.pathFailed, health.count]).toEqual([true, 2]);
    r.beginPath();
    // The block (entry 0) failed at level 1: its replica there, a dummy at levels 0 and 2.
    const metas = [bucket(allSlots, []), bucket(allSlots, [[5, 2, 3]]), bucket(allSlots, [])];
    r.realFailed(metas[1]!, 0, false, new ChannelFailedError(1, 1, 2));
    expect(r.pathFailed).toBe(true);
    const g = r.recoverPath(0, 5, metas, 1, 0, false);
    const rb = g.next().value as PlannedBatch;
    expect(Array.from(rb.buckets.subarray(0, rb.count))).toEqual([0, 1, 3]);
    expect(rb.slots[1]).toBe(3);
    expect(g.next()).toEqual({ done: true, value: 3 });
    expect(recovered).toEqual([[-1, 5]]);
    expect(io.c.replicaRecoveries).toBe(1);
    // The dummies read were spent.
    expect([metas[0]!.count, metas[2]!.count]).toEqual([1, 1]);
  });

  it('replicas go to slots on another channel, marked -(i + 1)', () => {
    const { r } = setup();
    const m = bucket(allSlots, [
      [5, 2],
      [6, 3],
    ]);
    const role = new Int32Array(W);
    role[2] = 1;
    role[3] = 2;
    r.placeReplicas(1, m, 2, role);
    const a = m.replicaSlot[0]!;
    const b = m.replicaSlot[1]!;
    // Slot 2 is on channel 1, slot 3 on channel 0: the replicas on the other channel.
    expect([(1 + a) % 2, (1 + b) % 2]).toEqual([0, 1]);
    expect([role[a], role[b]]).toEqual([-1, -2]);
    expect(role.filter((x) => x !== 0)).toHaveLength(4);
  });
});
