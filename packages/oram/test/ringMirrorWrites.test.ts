// Mirrored metadata (IRO) without Secure Replication: a metadata copy on a dead channel is
// tolerated when its partner copy, written in the same batch, succeeded (src/reliability/
// mirrorRecovery.ts); the ORAM keeps answering like a Map. Only metadata fails here (a storage
// that loses channel 1's metadata copies and nothing else), so any failure routed to the slot
// handling, which fails closed without replication, would end the access instead.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  ChannelFailedError,
  channelOf,
  createRingOram,
  type OramStorage,
  type RingOramOptions,
} from '../src/index.ts';
import { rawStorageLike } from './support/rawStorage.ts';

describe('mirrored metadata with a dead channel for metadata copies', () => {
  it('tolerates the failed copies and answers like a Map', () => {
    const base: RingOramOptions = {
      capacity: 16,
      blockSize: 8,
      key: new Uint8Array(32).fill(9),
      mirrorMetadata: true,
      channels: 2,
    };
    const raw = rawStorageLike(createRingOram({ ...base, rng: createRng('mirror-probe') }));
    const dead = { on: false };
    const check = (b: number, copy: 0 | 1) => {
      if (dead.on && channelOf(b, 'meta', copy, 2) === 1)
        throw new ChannelFailedError(1, b, 'meta');
    };
    const storage: OramStorage = {
      bucketCount: raw.bucketCount,
      slotsPerBucket: raw.slotsPerBucket,
      slotBytes: raw.slotBytes,
      metaBytes: raw.metaBytes,
      readSlot: (b, s, out) => raw.readSlot(b, s, out),
      writeSlot: (b, s, d) => raw.writeSlot(b, s, d),
      readMeta: (b, out, copy = 0) => {
        check(b, copy);
        raw.readMeta(b, out, copy);
      },
      writeMeta: (b, d, copy = 0) => {
        check(b, copy);
        raw.writeMeta(b, d, copy);
      },
    };
    const oram = createRingOram({ ...base, storage, rng: createRng('mirror') });
    const model = new Map<number, Uint8Array>();
    const ops = createRng('mirror-ops');
    dead.on = true;
    for (let i = 0; i < 60; i++) {
      const a = ops.int(0, 15);
      if (ops.int(0, 1) === 0) {
        const d = new Uint8Array(8).fill(i + 1);
        oram.write(a, d);
        model.set(a, d);
      } else expect(oram.read(a)).toEqual(model.get(a) ?? new Uint8Array(8));
    }
    expect(oram.counters.mirrorRecoveries).toBeGreaterThan(0);
  });
});
