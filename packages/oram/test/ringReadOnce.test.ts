// Ring ORAM's read-once rule against the trace (Ren et al. 2015, Sec. 3-4): between two writes
// of a bucket, each of its slots is read at most once. ReadPath reads the block's slot or a
// random *valid* dummy (one not read since the bucket was written), EvictPath and
// EarlyReshuffle read Z valid slots, then rewrite the bucket; a slot read twice would show the
// server which slot held the block. The rule is checked on every traced slot read and write,
// so it does not depend on how the ORAM picks its slots: without replication, and with Secure
// Replication after a memory channel died, where ReadPath prefers dummies off the dead channel
// (dummyCandidates.ts, ringOram.ts' bucket-read plan) and must still pick valid ones.
// The one allowed exception is a recovery read of a bucket that has no valid dummy left
// (dummyCandidates.ts, collectForRecovery): it happens only after a failed read.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { createRingOram, type RingOramOptions, type TraceEvent } from '../src/index.ts';
import { withDeadChannel } from './support/deadChannel.ts';
import { rawStorageLike } from './support/rawStorage.ts';

/**
 * The first slot read twice without a write of its bucket in between, or null. With `tracked`,
 * a bucket is checked only from its first traced write on (what was read before is unknown).
 */
function secondRead(
  events: TraceEvent[],
  readSince: Map<number, Set<number>>,
  tracked?: Set<number>,
): string | null {
  for (const e of events) {
    if (e.slot === 'meta') continue;
    if (tracked !== undefined && !tracked.has(e.bucket)) {
      if (e.op !== 'write') continue;
      tracked.add(e.bucket);
    }
    const seen = readSince.get(e.bucket) ?? new Set<number>();
    readSince.set(e.bucket, seen);
    if (e.op === 'write') {
      seen.clear();
      continue;
    }
    if (seen.has(e.slot)) return `bucket ${e.bucket} slot ${e.slot} (${e.phase})`;
    seen.add(e.slot);
  }
  return null;
}

describe('Ring ORAM reads each slot at most once between writes of its bucket', () => {
  for (const integrity of ['none', 'rit', 'rit+must'] as const) {
    it(`integrity ${integrity}`, () => {
      const events: TraceEvent[] = [];
      const opts: RingOramOptions = { capacity: 24, blockSize: 8, Z: 2, S: 3, A: 2, integrity };
      const oram = createRingOram({
        ...opts,
        rng: createRng(`once-${integrity}`),
        observer: (e) => events.push(e),
      });
      const readSince = new Map<number, Set<number>>();
      const model = new Map<number, Uint8Array>();
      const ops = createRng('once-ops');
      for (let i = 0; i < 120; i++) {
        events.length = 0;
        const a = ops.int(0, 23);
        if (ops.int(0, 1) === 0) {
          const d = new Uint8Array(8).fill(i + 1);
          oram.write(a, d);
          model.set(a, d);
        } else expect(oram.read(a)).toEqual(model.get(a) ?? new Uint8Array(8));
        expect(secondRead(events, readSince), `access ${i}`).toBeNull();
      }
    });
  }

  it('with Secure Replication after a channel died (dummies off the dead channel)', () => {
    const base: RingOramOptions = {
      capacity: 32,
      blockSize: 16,
      Z: 2,
      S: 4,
      A: 2,
      key: new Uint8Array(32).fill(5),
      replication: true,
      mirrorMetadata: true,
      channels: 2,
    };
    const raw = rawStorageLike(createRingOram({ ...base, rng: createRng('probe') }));
    const dead = { channel: -1 };
    const events: TraceEvent[] = [];
    const oram = createRingOram({
      ...base,
      storage: withDeadChannel(raw, 2, dead),
      rng: createRng('once-dead'),
      observer: (e) => events.push(e),
    });
    const model = new Map<number, Uint8Array>();
    const ops = createRng('once-dead-ops');
    for (let i = 0; i < 40; i++) {
      const a = ops.int(0, 31);
      const d = new Uint8Array(16).fill(i + 1);
      oram.write(a, d);
      model.set(a, d);
    }
    dead.channel = 1;
    // The first accesses meet the failure and mark the channel avoided. An access with a
    // recovery read may re-read a spent dummy (the allowed exception): tracking starts over
    // after it.
    for (let i = 0; i < 5; i++) oram.read(ops.int(0, 31));
    const readSince = new Map<number, Set<number>>();
    const tracked = new Set<number>();
    let checked = 0;
    for (let i = 0; i < 80; i++) {
      events.length = 0;
      const a = ops.int(0, 31);
      const recoveries = oram.counters.replicaRecoveries;
      expect(oram.read(a)).toEqual(model.get(a) ?? new Uint8Array(16));
      if (oram.counters.replicaRecoveries !== recoveries) {
        readSince.clear();
        tracked.clear();
        continue;
      }
      expect(secondRead(events, readSince, tracked), `access ${i}`).toBeNull();
      checked += events.filter(
        (e) => e.op === 'read' && e.slot !== 'meta' && tracked.has(e.bucket),
      ).length;
    }
    expect(checked).toBeGreaterThan(100);
  });
});
