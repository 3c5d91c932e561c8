// Ring ORAM's access path (src/ringOram.ts) against the papers' per-access counts and the
// storage protocol's failure rules, on small trees where each figure can be worked by hand.
//
// - Online bandwidth (Ren et al., "Constants Count", §4): ReadPath reads one slot per bucket, so
//   L + 1 blocks cross the bus per access; with the XOR trick the server XORs them into one.
// - RIT + MUST (IRO): the metadata read or changed since the last eviction stays in the client,
//   so an access that does not evict writes no metadata; the kept subtree is written once, when
//   the eviction runs ("folded into eviction").
// - Failures (storageProtocol.ts): a location the storage reports unreadable is an
//   UnreadableLocationError; a dummy's bytes are never used without the XOR trick, so an
//   unreadable dummy is tolerated. Any other error fails the access closed; with the XOR trick
//   every read slot is part of the result, and with Merkle every slot is part of the bucket's
//   hash, so there even an unreadable dummy does. Without replication or a mirror a failed
//   write loses data: it fails the access closed too.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  type BatchedStorage,
  createMemoryStorage,
  createRingOram,
  type IoBatch,
  META_SLOT,
  type RingOramOptions,
  ringStorageShape,
  type TraceEvent,
  UnreadableLocationError,
} from '../src/index.ts';

const BASE = { capacity: 16, blockSize: 16, Z: 2, S: 3, A: 2 } as const;

describe('per-access counts', () => {
  for (const xorTrick of [false, true]) {
    it(`online blocks: ${xorTrick ? '1 (XOR trick)' : 'L + 1'} per access`, () => {
      const oram = createRingOram({ ...BASE, xorTrick, rng: createRng('online') });
      const L = oram.levels;
      const ops = createRng('online-ops');
      for (let i = 1; i <= 40; i++) {
        if (i % 3 === 0) oram.write(ops.int(0, 15), new Uint8Array(16).fill(i));
        else oram.read(ops.int(0, 15));
        expect(oram.counters.onlineBlocks).toBe(xorTrick ? i : i * (L + 1));
      }
    });
  }

  it('maxStashSize is the running maximum of the stash size after each access', () => {
    // Z = 1 and A = 3: few real slots and rare evictions, so the stash grows and shrinks.
    const oram = createRingOram({
      capacity: 16,
      blockSize: 16,
      Z: 1,
      S: 3,
      A: 3,
      rng: createRng('st'),
    });
    const ops = createRng('stash-ops');
    let max = 0;
    let fell = false;
    let last = 0;
    for (let i = 0; i < 120; i++) {
      oram.write(ops.int(0, 15), new Uint8Array(16).fill(i & 255));
      const { stashSize, maxStashSize } = oram.counters;
      if (stashSize < last) fell = true;
      last = stashSize;
      max = Math.max(max, stashSize);
      expect(maxStashSize).toBe(max);
    }
    expect(fell).toBe(true); // the case that tells a running maximum from the last size
  });

  it('RIT + MUST: metadata is written only by accesses that evict, and each of them writes some', () => {
    const events: TraceEvent[] = [];
    const oram = createRingOram({
      ...BASE,
      integrity: 'rit+must',
      rng: createRng('must'),
      observer: (e) => events.push(e),
    });
    const ops = createRng('must-ops');
    let evicting = 0;
    for (let i = 0; i < 30; i++) {
      const before = oram.counters;
      events.length = 0;
      oram.write(ops.int(0, 15), new Uint8Array(16).fill(i));
      const after = oram.counters;
      const metaWrites = after.metaWrites - before.metaWrites;
      if (after.evictions > before.evictions) {
        evicting++;
        expect(metaWrites).toBeGreaterThan(0);
      } else expect(metaWrites).toBe(0);
      // Every event is a read or a write in one of the four documented phases.
      for (const e of events) {
        expect(['read', 'write']).toContain(e.op);
        expect(['online', 'evict', 'reshuffle', 'integrity']).toContain(e.phase);
      }
      expect(events.filter((e) => e.slot === 'meta' && e.op === 'write').length).toBe(metaWrites);
    }
    expect(evicting).toBe(15); // A = 2: every second access evicts
  });
});

/**
 * A memory storage that, while `armed`, reports `failure` for location `pick(batch)` of a batch
 * (-1: none). The bytes are moved as usual: only the report says the location failed.
 */
function failing(
  opts: RingOramOptions,
  failure: () => Error,
  pick: (b: IoBatch, op: 'read' | 'write') => number,
) {
  const inner = createMemoryStorage(ringStorageShape(opts));
  const state = { armed: false, injected: 0 };
  const report = (b: IoBatch, op: 'read' | 'write') => {
    const i = state.armed ? pick(b, op) : -1;
    if (i >= 0) {
      b.failures[i] = failure();
      b.failed++;
      state.injected++;
    }
  };
  const storage: BatchedStorage = {
    batched: 'sync',
    bucketCount: inner.bucketCount,
    slotsPerBucket: inner.slotsPerBucket,
    slotBytes: inner.slotBytes,
    metaBytes: inner.metaBytes,
    read(b: IoBatch) {
      inner.read(b);
      report(b, 'read');
    },
    write(b: IoBatch) {
      inner.write(b);
      report(b, 'write');
    },
  };
  return { storage, state };
}

/** ReadPath's slot batch: `perBucket` slots of each of the L + 1 buckets, no metadata. */
function readPathSlot(levels: number, perBucket: number, at: (count: number) => number) {
  return (b: IoBatch, op: 'read' | 'write') =>
    op === 'read' && b.count === (levels + 1) * perBucket && b.slots[0] !== META_SLOT
      ? at(b.count)
      : -1;
}

/** The error an access ended with (the ORAM may wrap it: OramFailedError's cause). */
function failureOf(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}
const isOrCauses = (thrown: unknown, e: Error) =>
  thrown === e || (thrown as { cause?: unknown } | undefined)?.cause === e;

describe('a failed slot read on ReadPath', () => {
  // Address 5 is never written: every slot ReadPath reads for it is a dummy.
  const never = 5;
  // A probe of the same options gives L (capacity 16, Z = 2: the same tree for every test).
  const L = createRingOram({ ...BASE, rng: createRng('probe') }).levels;

  it('an unreadable dummy is tolerated (its bytes are never used)', () => {
    const gone = () => new UnreadableLocationError('gone');
    const { storage, state } = failing(
      BASE,
      gone,
      readPathSlot(L, 1, () => 0),
    );
    const oram = createRingOram({ ...BASE, storage, rng: createRng('tolerate') });
    oram.write(3, new Uint8Array(16).fill(7));
    state.armed = true;
    expect(oram.read(never)).toEqual(new Uint8Array(16));
    expect(state.injected).toBe(1);
    state.armed = false;
    expect(oram.read(3)).toEqual(new Uint8Array(16).fill(7));
  });

  it('any other error on a dummy fails the access closed, with that error as the cause', () => {
    const bus = new Error('bus error');
    const { storage, state } = failing(
      BASE,
      () => bus,
      readPathSlot(L, 1, () => 0),
    );
    const oram = createRingOram({ ...BASE, storage, rng: createRng('closed') });
    state.armed = true;
    expect(
      isOrCauses(
        failureOf(() => oram.read(never)),
        bus,
      ),
    ).toBe(true);
    expect(state.injected).toBe(1);
  });

  it('with the XOR trick even an unreadable dummy fails the access (it is part of the XOR)', () => {
    const opts = { ...BASE, xorTrick: true };
    const gone = new UnreadableLocationError('gone');
    const { storage, state } = failing(
      opts,
      () => gone,
      readPathSlot(L, 1, () => 0),
    );
    const oram = createRingOram({ ...opts, storage, rng: createRng('xor') });
    state.armed = true;
    expect(
      isOrCauses(
        failureOf(() => oram.read(never)),
        gone,
      ),
    ).toBe(true);
    expect(state.injected).toBe(1);
  });

  it('Merkle reads whole buckets: an unreadable slot of the last bucket fails the access', () => {
    // The hash covers every slot, so no slot may be missing (not even a dummy's).
    const opts = { ...BASE, integrity: 'merkle' as const };
    const W = BASE.Z + BASE.S;
    const gone = new UnreadableLocationError('gone');
    const { storage, state } = failing(
      opts,
      () => gone,
      readPathSlot(L, W, (n) => n - 1),
    );
    const oram = createRingOram({ ...opts, storage, rng: createRng('merkle') });
    oram.write(3, new Uint8Array(16).fill(7));
    state.armed = true;
    expect(
      isOrCauses(
        failureOf(() => oram.read(never)),
        gone,
      ),
    ).toBe(true);
    expect(state.injected).toBe(1);
  });
});

describe('a failed write fails the access closed (no replication, no mirror)', () => {
  for (const what of ['slot', 'metadata'] as const) {
    it(`a ${what} location of a write batch`, () => {
      const lost = new UnreadableLocationError('write lost');
      const { storage, state } = failing(
        BASE,
        () => lost,
        (b, op) => {
          if (op !== 'write') return -1;
          for (let i = b.count - 1; i >= 0; i--) {
            if ((b.slots[i] === META_SLOT) === (what === 'metadata')) return i;
          }
          return -1;
        },
      );
      const oram = createRingOram({ ...BASE, storage, rng: createRng(`write-${what}`) });
      oram.write(1, new Uint8Array(16).fill(1));
      state.armed = true;
      // An eviction (every A = 2 accesses) writes slots; every ReadPath writes metadata.
      const thrown = failureOf(() => {
        for (let i = 0; i < BASE.A; i++) oram.write(2, new Uint8Array(16).fill(2));
      });
      expect(state.injected).toBeGreaterThan(0);
      expect(isOrCauses(thrown, lost)).toBe(true);
    });
  }
});

describe('replica counters without replication', () => {
  it('replicaWrites and replicaRecoveries stay 0', () => {
    const oram = createRingOram({ ...BASE, rng: createRng('no-replicas') });
    const ops = createRng('no-replica-ops');
    for (let i = 0; i < 40; i++) oram.write(ops.int(0, 15), new Uint8Array(16).fill(i));
    expect(oram.counters.slotWrites).toBeGreaterThan(0);
    expect(oram.counters.replicaWrites).toBe(0);
    expect(oram.counters.replicaRecoveries).toBe(0);
  });
});
