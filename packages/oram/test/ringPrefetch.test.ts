// Fetch-ahead hints of the asynchronous Ring ORAM (prefetchEviction in src/ringOram.ts) against
// their definition (AsyncBatchedStorage.prefetch, storageProtocol.ts): on an access that evicts,
// the locations named ahead are exactly the metadata its EvictPath then reads and its ReadPath
// did not touch, i.e. the eviction path's buckets below the levels it shares with the read path.
// The expected set is taken from the trace of the same access (the reads the ORAM really did),
// so it does not depend on how the hints are computed.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  type AsyncBatchedStorage,
  asyncStorageOf,
  createAsyncRingOram,
  createMemoryStorage,
  type IoBatch,
  META_SLOT,
  ringStorageShape,
  type TraceEvent,
} from '../src/index.ts';

describe('fetch-ahead hints name the eviction metadata the read path did not touch', () => {
  for (const integrity of ['none', 'rit+must'] as const) {
    it(`integrity ${integrity}`, async () => {
      const opts = { capacity: 32, blockSize: 16, Z: 2, S: 3, A: 3, integrity };
      const inner = asyncStorageOf(createMemoryStorage(ringStorageShape(opts)));
      const hinted: string[] = [];
      const storage: AsyncBatchedStorage = {
        ...inner,
        batched: 'async',
        read: (b: IoBatch) => inner.read(b),
        write: (b: IoBatch) => inner.write(b),
        prefetch(b: IoBatch) {
          for (let i = 0; i < b.count; i++) {
            expect(b.slots[i]).toBe(META_SLOT);
            hinted.push(`${b.buckets[i]}:${b.copies[i]}`);
          }
        },
      };
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
      for (let i = 0; i < 45; i++) {
        events.length = 0;
        hinted.length = 0;
        const before = oram.counters.evictions;
        await oram.write(ops.int(0, 31), new Uint8Array(16).fill(i));
        const metaReads = (phase: TraceEvent['phase']) =>
          events.filter((e) => e.op === 'read' && e.slot === 'meta' && e.phase === phase);
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
    });
  }
});
