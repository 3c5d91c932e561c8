// Dummy choice off a dead memory channel (src/reliability/dummyCandidates.ts and the bucket
// reads' plan in src/ringOram.ts), against the channel mapping (src/channels.ts): with Secure
// Replication (IRO), once a channel has failed the ORAM reads dummies on the live channels
// while a bucket still has a valid one there. Every slot read is traced, failed or not, so the
// trace shows how many reads still went to the dead channel.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  type BatchedStorage,
  ChannelFailedError,
  channelOf,
  createMemoryStorage,
  createRingOram,
  type IoBatch,
  META_SLOT,
  ringStorageShape,
  type TraceEvent,
} from '../src/index.ts';
import { withDeadChannel } from './support/deadChannel.ts';
import { rawStorageLike } from './support/rawStorage.ts';

describe('after a channel fails, ReadPath reads its dummies on the live channel', () => {
  it('under 10 % of its slot reads go to the dead channel (C = 2; about half would by chance)', () => {
    const base = {
      capacity: 64,
      blockSize: 16,
      key: new Uint8Array(32).fill(5),
      replication: true,
      mirrorMetadata: true,
      channels: 2,
    };
    const raw = rawStorageLike(createRingOram({ ...base, rng: createRng('probe') }));
    const dead = { channel: -1 };
    const storage = withDeadChannel(raw, base.channels, dead);
    const events: TraceEvent[] = [];
    const oram = createRingOram({
      ...base,
      storage,
      rng: createRng('dead-channel'),
      observer: (e) => events.push(e),
    });
    const model = new Map<number, Uint8Array>();
    const ops = createRng('dead-ops');
    for (let i = 0; i < 60; i++) {
      const a = ops.int(0, 63);
      const d = new Uint8Array(16).fill(i + 1);
      oram.write(a, d);
      model.set(a, d);
    }
    dead.channel = 1;
    // The first accesses meet the failure and mark the channel avoided.
    for (let i = 0; i < 5; i++) oram.read(ops.int(0, 63));
    events.length = 0;
    for (let i = 0; i < 60; i++) {
      const a = ops.int(0, 63);
      expect(oram.read(a)).toEqual(model.get(a) ?? new Uint8Array(16));
    }
    // ReadPath's dummies (phase 'online'): half the slots of every bucket are on each channel
    // (channelOf: (level + slot) mod 2), so a choice that ignored the failure would send about
    // half of them there; only a bucket with no valid dummy left on channel 0 may.
    const online = events.filter(
      (e) => e.op === 'read' && e.slot !== 'meta' && e.phase === 'online',
    );
    const onDead = online.filter((e) => channelOf(e.bucket, e.slot as number, 0, 2) === 1);
    expect(online.length).toBe(60 * (oram.levels + 1));
    expect(onDead.length / online.length).toBeLessThan(0.1);
  });

  it('a ReadPath whose every slot read fails still returns each block, from its replica', () => {
    // The recovery batch reads one more slot per level: the real's replica where the block is,
    // a dummy elsewhere (DummyCandidates.collectForRecovery).
    const opts = {
      capacity: 32,
      blockSize: 16,
      key: new Uint8Array(32).fill(6),
      replication: true,
      channels: 2,
    };
    const inner = createMemoryStorage(ringStorageShape(opts));
    const state = { armed: false, levels: 0, injected: 0 };
    const storage: BatchedStorage = {
      batched: 'sync',
      bucketCount: inner.bucketCount,
      slotsPerBucket: inner.slotsPerBucket,
      slotBytes: inner.slotBytes,
      metaBytes: inner.metaBytes,
      read(b: IoBatch) {
        inner.read(b);
        if (!state.armed || b.count !== state.levels || b.slots[0] === META_SLOT) return;
        state.armed = false; // this batch only: the recovery batch that follows succeeds
        for (let i = 0; i < b.count; i++) {
          const ch = channelOf(b.buckets[i]!, b.slots[i]!, 0, 2);
          b.failures[i] = new ChannelFailedError(ch, b.buckets[i]!, b.slots[i]!);
          b.failed++;
        }
        state.injected++;
      },
      write: (b: IoBatch) => inner.write(b),
    };
    const oram = createRingOram({ ...opts, storage, rng: createRng('recover') });
    state.levels = oram.levels + 1;
    const model = new Map<number, Uint8Array>();
    const ops = createRng('recover-ops');
    for (let i = 0; i < 40; i++) {
      const a = ops.int(0, 31);
      const d = new Uint8Array(16).fill(i + 1);
      oram.write(a, d);
      model.set(a, d);
    }
    let recovered = 0;
    for (const [a, d] of model) {
      state.armed = true;
      const before = oram.counters.replicaRecoveries;
      expect(oram.read(a)).toEqual(d);
      recovered += oram.counters.replicaRecoveries - before;
    }
    expect(state.injected).toBeGreaterThan(0);
    expect(recovered).toBeGreaterThan(0);
  });
});
