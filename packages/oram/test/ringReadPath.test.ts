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
//   unreadable dummy is tolerated. Any other error fails the access closed, and with the XOR
//   trick every read slot is part of the result, so even an unreadable dummy does.
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
 * A memory storage whose slot reads report `failure` for the first location of every slot read
 * batch of ReadPath (one location per level: L + 1 of them) while `armed`.
 */
function failingFirstSlot(opts: RingOramOptions, failure: () => Error) {
  const inner = createMemoryStorage(ringStorageShape(opts));
  const state = { armed: false, injected: 0, levels: 0 };
  const storage: BatchedStorage = {
    batched: 'sync',
    bucketCount: inner.bucketCount,
    slotsPerBucket: inner.slotsPerBucket,
    slotBytes: inner.slotBytes,
    metaBytes: inner.metaBytes,
    read(b: IoBatch) {
      inner.read(b);
      const slotBatch = b.count === state.levels && b.slots[0] !== META_SLOT;
      if (state.armed && slotBatch) {
        b.failures[0] = failure();
        b.failed++;
        state.injected++;
      }
    },
    write: (b: IoBatch) => inner.write(b),
  };
  return { storage, state };
}

describe('a failed slot read on ReadPath', () => {
  // Address 5 is never written: every slot ReadPath reads for it is a dummy.
  const never = 5;

  it('an unreadable dummy is tolerated (its bytes are never used)', () => {
    const { storage, state } = failingFirstSlot(BASE, () => new UnreadableLocationError('gone'));
    const oram = createRingOram({ ...BASE, storage, rng: createRng('tolerate') });
    state.levels = oram.levels + 1;
    oram.write(3, new Uint8Array(16).fill(7));
    state.armed = true;
    expect(oram.read(never)).toEqual(new Uint8Array(16));
    expect(state.injected).toBe(1);
    state.armed = false;
    expect(oram.read(3)).toEqual(new Uint8Array(16).fill(7));
  });

  it('any other error on a dummy fails the access closed, with that error as the cause', () => {
    const bus = new Error('bus error');
    const { storage, state } = failingFirstSlot(BASE, () => bus);
    const oram = createRingOram({ ...BASE, storage, rng: createRng('closed') });
    state.levels = oram.levels + 1;
    state.armed = true;
    let thrown: unknown;
    try {
      oram.read(never);
    } catch (e) {
      thrown = e;
    }
    expect(state.injected).toBe(1);
    expect(thrown === bus || (thrown as { cause?: unknown })?.cause === bus).toBe(true);
  });

  it('with the XOR trick even an unreadable dummy fails the access (it is part of the XOR)', () => {
    const opts = { ...BASE, xorTrick: true };
    const gone = new UnreadableLocationError('gone');
    const { storage, state } = failingFirstSlot(opts, () => gone);
    const oram = createRingOram({ ...opts, storage, rng: createRng('xor') });
    state.levels = oram.levels + 1;
    state.armed = true;
    let thrown: unknown;
    try {
      oram.read(never);
    } catch (e) {
      thrown = e;
    }
    expect(state.injected).toBe(1);
    expect(thrown === gone || (thrown as { cause?: unknown })?.cause === gone).toBe(true);
  });
});
