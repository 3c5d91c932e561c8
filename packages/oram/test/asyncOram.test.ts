// The asynchronous ORAMs run the same algorithm as the synchronous ones (one generator, two
// drivers): for the same seed and key they must produce the same physical trace, the same
// bytes in storage and the same values, over a storage that really suspends between batches.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  type AsyncBatchedStorage,
  asyncStorageOf,
  createAsyncPathOram,
  createAsyncRingOram,
  createMemoryStorage,
  createPathOram,
  createRingOram,
  IntegrityError,
  type IoBatch,
  META_SLOT,
  OramFailedError,
  pathStorageShape,
  type RingOramOptions,
  ringStorageShape,
  type TraceEvent,
} from '../src/index.ts';
import { mixedWorkload } from './support/mixedWorkload.ts';

const key = new Uint8Array(32).fill(9);
const configs: { name: string; opts: Omit<RingOramOptions, 'rng' | 'observer' | 'storage'> }[] = [
  { name: 'teaching', opts: { capacity: 48, blockSize: 16, key } },
  {
    name: 'rit+must, mirrored, replicated',
    opts: {
      capacity: 48,
      blockSize: 16,
      key,
      integrity: 'rit+must',
      mirrorMetadata: true,
      replication: true,
    },
  },
  {
    name: 'merkle, 2 cached levels',
    opts: { capacity: 40, blockSize: 8, key, integrity: 'merkle', treeTopLevels: 2 },
  },
  {
    name: 'xor trick, small S',
    opts: { capacity: 32, blockSize: 8, key, Z: 2, S: 3, A: 2, xorTrick: true },
  },
];

const workload = (seed: string, capacity: number, n: number) =>
  mixedWorkload(seed, capacity, n, 16, (i) => i & 255);

/**
 * An async storage that takes fetch-ahead hints (AsyncBatchedStorage.prefetch) and checks the
 * hint's promise: every location named is read later in the same access, and not written
 * before that read. With `mem`, it also answers `peek` as a client behind a network would:
 * only locations named ahead and sent with an earlier read of this access, or written in it.
 */
function fetchAhead(inner: AsyncBatchedStorage, mem?: ReturnType<typeof createMemoryStorage>) {
  const pending = new Set<string>();
  const rode = new Set<string>();
  const written = new Set<string>();
  const stats = { named: 0, unread: 0, writtenFirst: 0, peeked: 0, peekRefused: 0 };
  const key = (b: IoBatch, i: number) => `${b.buckets[i]}:${b.slots[i]}:${b.copies[i]}`;
  const storage: AsyncBatchedStorage = {
    batched: 'async',
    bucketCount: inner.bucketCount,
    slotsPerBucket: inner.slotsPerBucket,
    slotBytes: inner.slotBytes,
    metaBytes: inner.metaBytes,
    read(b) {
      for (let i = 0; i < b.count; i++) pending.delete(key(b, i));
      for (const k of pending) rode.add(k);
      return inner.read(b);
    },
    write(b) {
      for (let i = 0; i < b.count; i++) {
        if (pending.has(key(b, i))) stats.writtenFirst++;
        written.add(key(b, i));
      }
      return inner.write(b);
    },
    prefetch(b) {
      for (let i = 0; i < b.count; i++) pending.add(key(b, i));
      stats.named += b.count;
    },
    async endAccess() {
      stats.unread += pending.size;
      pending.clear();
      rode.clear();
      written.clear();
    },
  };
  if (mem !== undefined) {
    storage.peek = (b) => {
      for (let i = 0; i < b.count; i++) {
        const k = key(b, i);
        if (!rode.has(k) && !written.has(k)) {
          stats.peekRefused++;
          return false;
        }
      }
      for (let i = 0; i < b.count; i++) {
        const at = b.offsets[i]!;
        if (b.slots[i] === META_SLOT)
          mem.readMeta(b.buckets[i]!, b.data.subarray(at, at + mem.metaBytes));
        else mem.readSlot(b.buckets[i]!, b.slots[i]!, b.data.subarray(at, at + mem.slotBytes));
      }
      stats.peeked++;
      return true;
    };
  }
  return { storage, stats };
}

describe('createAsyncRingOram', () => {
  for (const [c, ahead] of configs.flatMap(
    (c) =>
      [
        [c, 'no'],
        [c, 'prefetch'],
        [c, 'prefetch+peek'],
      ] as const,
  )) {
    it(`gives the sync ORAM's trace, storage bytes and values (${c.name}${ahead === 'no' ? '' : `, storage fetching ahead (${ahead})`})`, async () => {
      const shape = ringStorageShape(c.opts);
      const syncMem = createMemoryStorage(shape);
      const asyncMem = createMemoryStorage(shape);
      const syncTrace: TraceEvent[] = [];
      const asyncTrace: TraceEvent[] = [];
      const s = createRingOram({
        ...c.opts,
        storage: syncMem,
        rng: createRng('same'),
        observer: (e) => syncTrace.push(e),
      });
      const hinted =
        ahead === 'no'
          ? undefined
          : fetchAhead(asyncStorageOf(asyncMem), ahead === 'prefetch+peek' ? asyncMem : undefined);
      const a = await createAsyncRingOram({
        ...c.opts,
        storage: hinted?.storage ?? asyncStorageOf(asyncMem),
        rng: createRng('same'),
        observer: (e) => asyncTrace.push(e),
      });
      const bs = c.opts.blockSize;
      for (const op of workload(`w-${c.name}`, c.opts.capacity, 300)) {
        if (op.data === undefined) expect(await a.read(op.addr)).toEqual(s.read(op.addr));
        else {
          const d = op.data.subarray(0, bs);
          s.write(op.addr, d);
          await a.write(op.addr, d);
        }
      }
      expect(asyncTrace.length).toBeGreaterThan(1000);
      expect(asyncTrace).toEqual(syncTrace);
      if (hinted !== undefined) {
        // The eviction's metadata was named ahead, and every hint kept its promise.
        expect(hinted.stats.named).toBeGreaterThan(0);
        expect(hinted.stats.unread).toBe(0);
        expect(hinted.stats.writtenFirst).toBe(0);
        // Eviction planned ahead from peeked metadata (planEvictionAhead), except where
        // replication, a mirror or whole-bucket reads rule it out.
        const plans =
          ahead === 'prefetch+peek' && !c.opts.replication && c.opts.integrity !== 'merkle';
        // (No peek when the eviction path's unshared buckets are all client-cached, or when
        // it is the read path itself; test/ringPrefetch.test.ts checks the plans exactly.)
        if (plans) {
          expect(hinted.stats.peeked).toBeLessThanOrEqual(s.counters.evictions);
          expect(hinted.stats.peeked).toBeGreaterThan(0.8 * s.counters.evictions);
        } else expect(hinted.stats.peeked).toBe(0);
        expect(hinted.stats.peekRefused).toBe(0);
      }
      expect(a.counters).toEqual(s.counters);
      await a.audit();
      s.audit();
      expect(await a.inspect()).toEqual(s.inspect());
      // Same bytes in every slot and metadata block.
      for (let b = 0; b < shape.bucketCount; b++) {
        const x = new Uint8Array(shape.metaBytes);
        const y = new Uint8Array(shape.metaBytes);
        syncMem.readMeta(b, x);
        asyncMem.readMeta(b, y);
        expect(y).toEqual(x);
        for (let t = 0; t < shape.slotsPerBucket; t++) {
          const p = new Uint8Array(shape.slotBytes);
          const q = new Uint8Array(shape.slotBytes);
          syncMem.readSlot(b, t, p);
          asyncMem.readSlot(b, t, q);
          expect(q).toEqual(p);
        }
      }
      // A state exported by the async ORAM reopens synchronously.
      const state = await a.exportState();
      const again = createRingOram({ ...c.opts, storage: asyncMem, state });
      for (let i = 0; i < c.opts.capacity; i++) expect(again.read(i)).toEqual(s.read(i));
    });
  }

  it('queues concurrent calls and runs them one access at a time, in call order', async () => {
    const opts = { capacity: 32, blockSize: 4, key };
    const trace: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const mem = createMemoryStorage(ringStorageShape(opts));
    const inner = asyncStorageOf(mem);
    const a = await createAsyncRingOram({
      ...opts,
      rng: createRng('q'),
      storage: {
        ...inner,
        batched: 'async',
        async read(batch) {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 0));
          await inner.read(batch);
          inFlight--;
        },
        write: (batch) => inner.write(batch),
      },
      observer: (e) => trace.push(`${e.op}${e.bucket}`),
    });
    // Fired without awaiting: 20 writes then 20 reads of the same addresses.
    const writes = Array.from({ length: 20 }, (_, i) => a.write(i, new Uint8Array(4).fill(i + 1)));
    const reads = Array.from({ length: 20 }, (_, i) => a.read(i));
    await Promise.all(writes);
    const values = await Promise.all(reads);
    expect(maxInFlight).toBe(1);
    for (const [i, v] of values.entries()) expect(v).toEqual(new Uint8Array(4).fill(i + 1));
    expect(a.counters.accesses).toBe(40);
    // A bad argument rejects its own call only, with the sync ORAM's error, and changes nothing.
    await expect(a.read(99)).rejects.toThrow(/addr must be an integer in \[0, 31\]/);
    await expect(a.write(0, new Uint8Array(3))).rejects.toThrow(/data must be 4 bytes/);
    expect(a.counters.accesses).toBe(40);
    expect(trace.length).toBeGreaterThan(0);
  });

  it('fails closed like the sync ORAM: tampering rejects the access, then every call', async () => {
    const opts = { capacity: 16, blockSize: 8, key, integrity: 'rit' as const };
    const mem = createMemoryStorage(ringStorageShape(opts));
    const a = await createAsyncRingOram({
      ...opts,
      storage: asyncStorageOf(mem),
      rng: createRng('t'),
    });
    for (let i = 0; i < 16; i++) await a.write(i, new Uint8Array(8).fill(i));
    // Flip a bit in every stored metadata block: the next access cannot verify its path.
    const buf = new Uint8Array(mem.metaBytes);
    for (let b = 0; b < mem.bucketCount; b++) {
      mem.readMeta(b, buf);
      buf[buf.length - 1]! ^= 1;
      mem.writeMeta(b, buf);
    }
    await expect(a.read(3)).rejects.toBeInstanceOf(IntegrityError);
    await expect(a.read(4)).rejects.toBeInstanceOf(OramFailedError);
    await expect(a.exportState()).rejects.toBeInstanceOf(OramFailedError);
  });

  it('a sync ORAM refuses an asynchronous storage, naming the async factory', () => {
    const opts = { capacity: 16, blockSize: 8 };
    const storage = asyncStorageOf(createMemoryStorage(ringStorageShape(opts)));
    // @ts-expect-error an async storage is not a sync ORAM's storage
    expect(() => createRingOram({ ...opts, storage })).toThrow(/createAsyncRingOram/);
  });
});

describe('createAsyncPathOram', () => {
  it("gives the sync Path ORAM's trace and values", async () => {
    const opts = { capacity: 40, blockSize: 16, key, treeTopLevels: 1 };
    const syncTrace: TraceEvent[] = [];
    const asyncTrace: TraceEvent[] = [];
    const s = createPathOram({ ...opts, rng: createRng('p'), observer: (e) => syncTrace.push(e) });
    const a = await createAsyncPathOram({
      ...opts,
      storage: asyncStorageOf(createMemoryStorage(pathStorageShape(opts))),
      rng: createRng('p'),
      observer: (e) => asyncTrace.push(e),
    });
    for (const op of workload('path', opts.capacity, 200)) {
      if (op.data === undefined) expect(await a.read(op.addr)).toEqual(s.read(op.addr));
      else {
        s.write(op.addr, op.data);
        await a.write(op.addr, op.data);
      }
    }
    expect(asyncTrace).toEqual(syncTrace);
    expect(a.counters).toEqual(s.counters);
    expect(await a.inspect()).toEqual(s.inspect());
  });
});
