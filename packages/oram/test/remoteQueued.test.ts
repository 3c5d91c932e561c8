// Queued asynchronous calls and the fetch-ahead of the next access's metadata
// (AsyncBatchedStorage.prefetchNext, src/storage/storageProtocol.ts; prefetchNextAccess in
// src/ringOram.ts). Checked against their definitions, not against the code's own output:
// - the names given during an access are exactly the metadata the next queued access then reads
//   from its storage (taken from that access's trace), and nothing is named when no access is
//   queued behind;
// - over `paperlab-oram serve`, calls fired without awaiting give the values of a Map model and
//   the physical trace of the synchronous in-memory ORAM with the same seed, and cost one
//   awaited READ per access but for the first access of each burst, by the rule of the remote
//   storage: a READ is sent only for locations the client does not hold.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@paperlab/stats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  type AsyncBatchedStorage,
  asyncStorageOf,
  createAsyncPathOram,
  createAsyncRingOram,
  createMemoryStorage,
  createPathOram,
  createRingOram,
  type IoBatch,
  META_SLOT,
  pathStorageShape,
  ringStorageShape,
  type TraceEvent,
} from '../src/index.ts';
import { type OramServer, startOramServer } from '../src/node/oramServer.ts';
import { createRemoteStorage, type WebSocketConstructor } from '../src/remote/remoteStorage.ts';

const WS = WebSocket as unknown as WebSocketConstructor;
const key = new Uint8Array(32).fill(3);

/** A workload of n operations: address, and a value to write or -1 for a read. */
function workload(seed: string, n: number, capacity: number): [number, number][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const a = rng.int(0, capacity - 1);
    return [a, rng.next() < 0.5 ? rng.int(1, 250) : -1];
  });
}

/**
 * Runs the workload in bursts of `burst` calls made at once and awaited together; returns
 * the first byte of every value read, in call order.
 */
async function runInBursts(
  oram: {
    read(a: number): Promise<Uint8Array>;
    write(a: number, d: Uint8Array): Promise<void>;
  },
  ops: [number, number][],
  burst: number,
  blockSize: number,
): Promise<number[]> {
  const got: number[] = [];
  for (let at = 0; at < ops.length; at += burst) {
    const values = await Promise.all(
      ops
        .slice(at, at + burst)
        .map(([a, v]) => (v < 0 ? oram.read(a) : oram.write(a, new Uint8Array(blockSize).fill(v)))),
    );
    ops.slice(at, at + burst).forEach(([, v], k) => {
      if (v < 0) got.push((values[k] as Uint8Array)[0]!);
    });
  }
  return got;
}

describe('prefetchNext names the next queued access’s metadata', () => {
  for (const integrity of ['none', 'rit', 'rit+must'] as const) {
    it(`integrity ${integrity}: the metadata reads of the next access, only when one is queued`, async () => {
      const opts = { capacity: 32, blockSize: 16, key, integrity, treeTopLevels: 1 };
      const inner = asyncStorageOf(createMemoryStorage(ringStorageShape(opts)));
      // Names given and the trace, cut at access boundaries (endAccess ends every access).
      let naming: string[] = [];
      const events: TraceEvent[] = [];
      const namedBy: string[][] = [];
      const readsOf: string[][] = [];
      const eventsOf: TraceEvent[][] = [];
      const storage: AsyncBatchedStorage = {
        ...inner,
        batched: 'async',
        read: (b: IoBatch) => inner.read(b),
        write: (b: IoBatch) => inner.write(b),
        prefetchNext(b: IoBatch) {
          for (let i = 0; i < b.count; i++) {
            expect(b.slots[i]).toBe(META_SLOT);
            naming.push(`${b.buckets[i]}:${b.copies[i]}`);
          }
        },
        endAccess() {
          namedBy.push(naming);
          naming = [];
          // Its path's metadata, then (when it evicts) the eviction path's below the levels
          // the two paths share, which its ReadPath does not write.
          const metaReads = events.filter((e) => e.op === 'read' && e.slot === 'meta');
          const online = metaReads.filter((e) => e.phase === 'online');
          const onPath = new Set(online.map((e) => e.bucket));
          readsOf.push(
            [
              ...online,
              ...metaReads.filter((e) => e.phase === 'evict' && !onPath.has(e.bucket)),
            ].map((e) => `${e.bucket}:${e.copy ?? 0}`),
          );
          eventsOf.push([...events]);
          events.length = 0;
          return Promise.resolve();
        },
      };
      const oram = await createAsyncRingOram({
        ...opts,
        storage,
        rng: createRng(`next-${integrity}`),
        observer: (e) => events.push(e),
      });
      const ops = workload(`next-ops-${integrity}`, 60, 32);
      // Bursts of 1, 2, ... calls fired together: each burst's last access has nothing behind.
      const lastOf = new Set<number>();
      for (let at = 0, size = 1; at < ops.length; at += size, size++) {
        const burst = ops.slice(at, at + size);
        const first = namedBy.length;
        await Promise.all(
          burst.map(([a, v]) => (v < 0 ? oram.read(a) : oram.write(a, new Uint8Array(16).fill(v)))),
        );
        expect(namedBy.length).toBe(first + burst.length);
        expect(namedBy.at(-1)).toEqual([]);
        lastOf.add(namedBy.length - 1);
      }
      expect(lastOf.size).toBeGreaterThan(5);
      let named = 0;
      for (let k = 0; k + 1 < namedBy.length; k++) {
        if (lastOf.has(k)) continue;
        // The root (the cached top level) is never read from the storage, so never named.
        // Under MUST the client trusts a subtree between evictions and reads none of it (an
        // access may then have nothing to name); an evicting access names its successor's
        // buckets even when it trusts them while naming (its eviction's fold ends that trust).
        expect(namedBy[k]).toEqual(readsOf[k + 1]!.filter((l) => !l.startsWith('0:')));
        named += namedBy[k]!.length;
      }
      expect(named).toBeGreaterThan(ops.length);
    });
  }
});

describe('queued calls over paperlab-oram serve', () => {
  const root = mkdtempSync(join(tmpdir(), 'oram-queued-'));
  let server: OramServer;
  beforeAll(async () => {
    server = await startOramServer({ dir: join(root, 'server'), port: 0, fsync: false });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  for (const integrity of ['none', 'rit+must'] as const) {
    it(`integrity ${integrity}: Map-model values, the sync ORAM's trace, one READ per queued access`, async () => {
      const opts = { capacity: 64, blockSize: 32, key, integrity };
      const seed = `queued-${integrity}`;
      const ops = workload(`queued-ops-${integrity}`, 240, 64);
      const burst = 40;

      // The reference: the synchronous in-memory ORAM, one access after another.
      const refTrace: string[] = [];
      const ref = createRingOram({
        ...opts,
        rng: createRng(seed),
        observer: (e) => refTrace.push(`${e.op} ${e.phase} ${e.bucket}:${e.slot}:${e.copy ?? 0}`),
      });
      const model = new Map<number, number>();
      const expected: number[] = [];
      for (const [a, v] of ops) {
        if (v < 0) {
          expected.push(model.get(a) ?? 0);
          expect(ref.read(a)[0]).toBe(model.get(a) ?? 0);
        } else {
          model.set(a, v);
          ref.write(a, new Uint8Array(32).fill(v));
        }
      }

      const storage = await createRemoteStorage({
        url: server.url,
        name: `queued-${integrity.replace('+', '-')}`,
        shape: ringStorageShape(opts),
        WebSocket: WS,
      });
      const trace: string[] = [];
      const oram = await createAsyncRingOram({
        ...opts,
        storage,
        rng: createRng(seed),
        observer: (e) => trace.push(`${e.op} ${e.phase} ${e.bucket}:${e.slot}:${e.copy ?? 0}`),
      });
      const before = { ...storage.counters };
      const got = await runInBursts(oram, ops, burst, 32);
      await storage.flush();
      expect(got).toEqual(expected);
      expect(trace.length).toBeGreaterThan(ops.length * 10);
      expect(trace).toEqual(refTrace);
      // Awaited READs: one per access (its slots; its metadata came with the previous access's
      // slot READ), two for the first access of each burst (nothing was queued behind the
      // last access of the burst before), and none for the very first access's metadata and
      // slots, which are the tree's initial write the client still holds.
      const reads = storage.counters.reads - before.reads;
      const bursts = Math.ceil(ops.length / burst);
      expect(reads).toBe(ops.length + bursts - 2);
      expect(storage.counters.prefetchedLocations - before.prefetchedLocations).toBeGreaterThan(0);
      await storage.close();
    });
  }

  it("Path ORAM: Map-model values, the sync ORAM's trace, each next path fetched while the access before runs", async () => {
    const opts = { capacity: 64, blockSize: 32, key };
    const seed = 'queued-path';
    const ops = workload('queued-path-ops', 200, 64);
    const burst = 25;
    const refTrace: string[] = [];
    const ref = createPathOram({
      ...opts,
      rng: createRng(seed),
      observer: (e) => refTrace.push(`${e.op} ${e.bucket}:${e.slot}`),
    });
    const model = new Map<number, number>();
    const expected: number[] = [];
    /** The buckets each access reads (its path), from the sync ORAM's trace. */
    const pathOf: string[] = [];
    for (const [a, v] of ops) {
      const from = refTrace.length;
      if (v < 0) {
        expected.push(model.get(a) ?? 0);
        ref.read(a);
      } else {
        model.set(a, v);
        ref.write(a, new Uint8Array(32).fill(v));
      }
      const reads = refTrace.slice(from).filter((e) => e.startsWith('read '));
      pathOf.push([...new Set(reads.map((e) => e.split(':')[0]))].join(','));
    }
    const storage = await createRemoteStorage({
      url: server.url,
      name: 'queued-path',
      shape: pathStorageShape(opts),
      WebSocket: WS,
    });
    const trace: string[] = [];
    const oram = await createAsyncPathOram({
      ...opts,
      storage,
      rng: createRng(seed),
      observer: (e) => trace.push(`${e.op} ${e.bucket}:${e.slot}`),
    });
    const before = storage.counters.reads;
    const got = await runInBursts(oram, ops, burst, 32);
    await storage.flush();
    expect(got).toEqual(expected);
    expect(trace).toEqual(refTrace);
    // The rule of the remote storage, modelled here. The first access of a burst sends its
    // own READ (nothing named its path; the very first access finds the tree's initial write
    // instead), and the names of the access behind it go with that READ. Every other access
    // finds its path known (named by the access before, then fetched or written back by it),
    // so it reads nothing from the server and sends its successor's names in a READ of their
    // own, unless it knows them all already (the same path as its own; the very first access
    // knows the whole initial tree).
    let want = 0;
    for (let k = 0; k < ops.length; k++) {
      const first = k % burst === 0;
      const hasNext = k + 1 < ops.length && (k + 1) % burst !== 0;
      if (first && k > 0) want++;
      else if (hasNext && k > 0 && pathOf[k + 1] !== pathOf[k]) want++;
    }
    expect(storage.counters.reads - before).toBe(want);
    expect(want).toBeGreaterThan(0.9 * ops.length);
    await storage.close();
  });
});
