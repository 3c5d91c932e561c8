// Fetch-ahead hints of the asynchronous Ring ORAM (prefetchEviction in src/ringOram.ts) against
// their definition (AsyncBatchedStorage.prefetch, storageProtocol.ts): on an access that evicts,
// the locations named ahead are exactly the metadata its EvictPath then reads and its ReadPath
// did not touch, i.e. the eviction path's buckets below the levels it shares with the read path.
// The expected set is taken from the trace of the same access (the reads the ORAM really did),
// so it does not depend on how the hints are computed. The other hints, of slots
// (prefetchReshuffle), are exactly the slots the same access's EarlyReshuffle then reads; over
// a storage that can also `peek`, they include the slots its EvictPath then reads
// (planEvictionAhead), with the trace, values and counters of the same ORAM without peek.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  asyncStorageOf,
  createAsyncRingOram,
  createMemoryStorage,
  IntegrityError,
  ringStorageShape,
  type TraceEvent,
} from '../src/index.ts';
import { budget } from './support/budget.ts';
import { hintingStorage } from './support/hintingStorage.ts';

describe('fetch-ahead hints name the eviction metadata the read path did not touch', () => {
  for (const integrity of ['none', 'rit+must'] as const) {
    it(`integrity ${integrity}`, async () => {
      const opts = { capacity: 32, blockSize: 16, Z: 2, S: 3, A: 3, integrity };
      // Without peek: the eviction's slots are not planned ahead, only its metadata is named.
      const { storage, hinted, hintedSlots } = hintingStorage(opts, false);
      const events: TraceEvent[] = [];
      const oram = await createAsyncRingOram({
        ...opts,
        storage,
        rng: createRng(`hints-${integrity}`),
        observer: (e) => events.push(e),
      });
      const ops = createRng('hint-ops');
      let evicting = 0;
      let named = 0;
      let namedSlots = 0;
      for (let i = 0; i < 45; i++) {
        events.length = 0;
        hinted.length = 0;
        hintedSlots.length = 0;
        const before = oram.counters.evictions;
        await oram.write(ops.int(0, 31), new Uint8Array(16).fill(i));
        const metaReads = (phase: TraceEvent['phase']) =>
          events.filter((e) => e.op === 'read' && e.slot === 'meta' && e.phase === phase);
        const reshuffleSlots = events
          .filter((e) => e.op === 'read' && e.slot !== 'meta' && e.phase === 'reshuffle')
          .map((e) => `${e.bucket}:${e.slot}`);
        expect([...hintedSlots].sort()).toEqual([...reshuffleSlots].sort());
        namedSlots += hintedSlots.length;
        if (oram.counters.evictions === before) {
          expect(hinted).toEqual([]);
          continue;
        }
        evicting++;
        const online = new Set(metaReads('online').map((e) => e.bucket));
        const expected = metaReads('evict')
          .filter((e) => !online.has(e.bucket))
          .map((e) => `${e.bucket}:${e.copy ?? 0}`);
        expect([...hinted].sort()).toEqual([...expected].sort());
        named += hinted.length;
      }
      expect(evicting).toBe(15); // A = 3
      expect(named).toBeGreaterThan(0);
      expect(namedSlots).toBeGreaterThan(0);
    });
  }
});

describe('with peek, the eviction slot reads are named ahead too (planEvictionAhead)', () => {
  const cases = [
    { integrity: 'none', Z: 2, S: 3, A: 3 },
    { integrity: 'rit+must', Z: 2, S: 3, A: 3 },
    { integrity: 'rit', Z: 4, S: 5, A: 3, treeTopLevels: 2 },
    { integrity: 'rit', Z: 16, S: 20, A: 12 }, // W = 36: planBucket's general branch
  ] as const;
  for (const c of cases) {
    it(`${JSON.stringify(c)}: hints = this access's EvictPath and EarlyReshuffle slot reads`, async () => {
      const opts = { capacity: 64, blockSize: 16, ...c };
      const { storage, hintedSlots, log } = hintingStorage(opts, true);
      const events: TraceEvent[] = [];
      const allEvents: TraceEvent[] = [];
      const oram = await createAsyncRingOram({
        ...opts,
        storage,
        rng: createRng(`peek-${c.integrity}`),
        observer: (e) => {
          events.push(e);
          allEvents.push(e);
        },
      });
      // The same accesses without peek: the plan ahead must not change the trace or a draw.
      const plainEvents: TraceEvent[] = [];
      const plain = await createAsyncRingOram({
        ...opts,
        storage: asyncStorageOf(createMemoryStorage(ringStorageShape(opts))),
        rng: createRng(`peek-${c.integrity}`),
        observer: (e) => plainEvents.push(e),
      });
      const ops = createRng('peek-ops');
      let evictSlots = 0;
      for (let i = 0; i < budget(120, 45); i++) {
        events.length = 0;
        hintedSlots.length = 0;
        const addr = ops.int(0, 63);
        const data = new Uint8Array(16).fill(i);
        if (ops.next() < 0.5) expect(await oram.read(addr)).toEqual(await plain.read(addr));
        else {
          await oram.write(addr, data);
          await plain.write(addr, data);
        }
        const slotReads = events
          .filter((e) => e.op === 'read' && e.slot !== 'meta')
          .filter((e) => e.phase === 'evict' || e.phase === 'reshuffle')
          .map((e) => `${e.bucket}:${e.slot}`);
        evictSlots += events.filter(
          (e) => e.op === 'read' && e.slot !== 'meta' && e.phase === 'evict',
        ).length;
        expect([...hintedSlots].sort()).toEqual([...slotReads].sort());
      }
      expect(events.length).toBeGreaterThan(0);
      expect(evictSlots).toBeGreaterThan(0);
      expect(log.peeks).toBeGreaterThan(0);
      expect(allEvents.length).toBeGreaterThan(500);
      expect(JSON.stringify(allEvents)).toBe(JSON.stringify(plainEvents));
      expect(oram.counters).toEqual(plain.counters);
    });
  }

  it('a peeked metadata that does not verify plans nothing ahead, and the access is unharmed', async () => {
    const opts = { capacity: 64, blockSize: 16, Z: 2, S: 3, A: 3, integrity: 'rit' } as const;
    const { storage, hintedSlots } = hintingStorage(opts, true, (_b, bytes) => {
      bytes[bytes.length - 1]! ^= 1;
    });
    const events: TraceEvent[] = [];
    const oram = await createAsyncRingOram({ ...opts, storage, observer: (e) => events.push(e) });
    let unplanned = 0;
    for (let i = 0; i < 60; i++) {
      events.length = 0;
      hintedSlots.length = 0;
      await oram.write(i, new Uint8Array(16).fill(i));
      const evict = events.filter(
        (e) => e.op === 'read' && e.slot !== 'meta' && e.phase === 'evict',
      );
      // Every eviction here has buckets off the read path to peek at, and every peek lies.
      if (evict.length > 0 && !hintedSlots.includes(`${evict[0]!.bucket}:${evict[0]!.slot}`))
        unplanned++;
    }
    expect(unplanned).toBeGreaterThan(10);
    for (let i = 0; i < 60; i++) expect((await oram.read(i))[0]).toBe(i);
  });

  it('a stale peeked copy that still opens (integrity none) fails closed at EvictPath', async () => {
    const opts = { capacity: 64, blockSize: 16, Z: 2, S: 3, A: 3, integrity: 'none' } as const;
    // The first copy of each bucket's metadata ever peeked, replayed at every later peek.
    const first = new Map<number, Uint8Array>();
    const { storage } = hintingStorage(opts, true, (b, bytes) => {
      const old = first.get(b);
      if (old === undefined) first.set(b, bytes.slice());
      else bytes.set(old);
    });
    const oram = await createAsyncRingOram({ ...opts, storage });
    let error: unknown;
    for (let i = 0; i < 300 && error === undefined; i++) {
      try {
        await oram.write(i % 64, new Uint8Array(16).fill(i));
      } catch (e) {
        error = e;
      }
    }
    expect(error).toBeInstanceOf(IntegrityError);
    expect(String(error)).toMatch(/eviction metadata differs/);
  });
});
