// The client shell both ORAMs share (src/core/oramShell.ts), through its asynchronous API:
// a small Ring ORAM and Path ORAM over an asynchronous storage are checked against a Map model
// and against their synchronous twins (same seed and key: the same trace, call for call), and
// the queue, the fail-closed latch and the argument checks are attacked directly: calls fired
// without awaiting, a storage that fails mid-access, a caller that reuses its buffer, bad
// arguments. Small and fast on purpose: it is in the mutation-testing set (vitest.mutation.config.ts).
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  asyncStorageOf,
  createAsyncPathOram,
  createAsyncRingOram,
  createMemoryStorage,
  createPathOram,
  createRingOram,
  IntegrityError,
  OramFailedError,
  pathStorageShape,
  ringStorageShape,
  type TraceEvent,
} from '../src/index.ts';
import { mixedWorkload } from './support/mixedWorkload.ts';

const key = new Uint8Array(32).fill(5);
const show = (e: TraceEvent) => `${e.phase} ${e.op} ${e.bucket}.${e.slot}`;

/** 60 accesses over 16 addresses, about half of them writes of a value that names the step. */
const workload = (seed: string) => mixedWorkload(seed, 16, 60, 8, (i) => i + 1);

describe('the asynchronous driver runs the same steps as the synchronous one', () => {
  for (const kind of ['ring', 'path'] as const) {
    it(`${kind}: same trace and values as the sync twin, values as a Map`, async () => {
      const opts =
        kind === 'ring'
          ? { capacity: 16, blockSize: 8, key, integrity: 'rit' as const }
          : { capacity: 16, blockSize: 8, key };
      const shape = kind === 'ring' ? ringStorageShape(opts) : pathStorageShape(opts);
      const syncMem = createMemoryStorage(shape);
      const asyncMem = createMemoryStorage(shape);
      const syncTrace: string[] = [];
      const asyncTrace: string[] = [];
      const syncOpts = {
        ...opts,
        rng: createRng('twin'),
        storage: syncMem,
        observer: (e: TraceEvent) => syncTrace.push(show(e)),
      };
      const sync = kind === 'ring' ? createRingOram(syncOpts) : createPathOram(syncOpts);
      const asyncOpts = {
        ...opts,
        rng: createRng('twin'),
        storage: asyncStorageOf(asyncMem),
        observer: (e: TraceEvent) => asyncTrace.push(show(e)),
      };
      const a =
        kind === 'ring'
          ? await createAsyncRingOram(asyncOpts)
          : await createAsyncPathOram(asyncOpts);
      // The tree's initial write (every bucket sealed) happened in both, byte for byte, and is
      // not an access: the counters start at zero, cipher calls included.
      const contents = (m: typeof syncMem) =>
        Array.from({ length: m.bucketCount }, (_, b) => {
          const slot = new Uint8Array(m.slotBytes);
          const cells = [];
          for (let i = 0; i < m.slotsPerBucket; i++) {
            m.readSlot(b, i, slot);
            cells.push(slot.join(','));
          }
          return cells.join(' ');
        });
      const sealed = contents(asyncMem);
      expect(sealed).toEqual(contents(syncMem));
      // Every bucket was written (sealed dummies are ciphertext, not zeros).
      expect(sealed.filter((c) => /[1-9]/.test(c)).length).toBe(asyncMem.bucketCount);
      expect(a.counters.accesses).toBe(0);
      expect(a.counters.keystreamCalls).toBe(0);
      expect(a.counters.cipherCalls).toBe(0);
      const model = new Map<number, Uint8Array>();
      for (const { addr, data } of workload(`w-${kind}`)) {
        if (data) {
          await a.write(addr, data);
          sync.write(addr, data);
          model.set(addr, data);
        } else {
          const expected = model.get(addr) ?? new Uint8Array(8);
          expect(await a.read(addr)).toEqual(expected);
          expect(sync.read(addr)).toEqual(expected);
        }
      }
      await a.audit();
      sync.audit();
      expect(asyncTrace).toEqual(syncTrace);
      expect(a.counters).toEqual(sync.counters);
      expect(a.counters.accesses).toBe(60);
      expect((await a.inspect()).stashSize).toBe(sync.inspect().stashSize);
      // The same client state, byte for byte.
      expect(await a.exportState()).toEqual(sync.exportState());
      expect(contents(asyncMem)).toEqual(contents(syncMem));
    });
  }
});

describe('the queue', () => {
  it('runs calls fired without awaiting one at a time, in call order; a rejected argument blocks nothing', async () => {
    const opts = { capacity: 16, blockSize: 4, key };
    const mem = createMemoryStorage(ringStorageShape(opts));
    const inner = asyncStorageOf(mem);
    let inFlight = 0;
    let maxInFlight = 0;
    const a = await createAsyncRingOram({
      ...opts,
      rng: createRng('queue'),
      storage: {
        ...inner,
        async read(batch) {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 0));
          await inner.read(batch);
          inFlight--;
        },
      },
    });
    // Writes of i + 1 then, interleaved with bad calls, reads: each read must see its write.
    const buffer = new Uint8Array(4);
    const writes = Array.from({ length: 8 }, (_, i) => {
      buffer.fill(i + 1);
      // The caller reuses its buffer at once: the queued write must have taken a copy.
      return a.write(i, buffer);
    });
    const bad = [a.read(16), a.read(-1), a.write(0, new Uint8Array(3)), a.write(99, buffer)];
    const reads = Array.from({ length: 8 }, (_, i) => a.read(i));
    const exported = a.exportState();
    const badResults = await Promise.allSettled(bad);
    expect(badResults.map((r) => r.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(String((badResults[0] as PromiseRejectedResult).reason)).toMatch(
      /addr must be an integer in \[0, 15\], got 16/,
    );
    expect((badResults[2] as PromiseRejectedResult).reason).toBeInstanceOf(RangeError);
    expect(String((badResults[2] as PromiseRejectedResult).reason)).toMatch(/data must be 4 bytes/);
    await Promise.all(writes);
    const values = await Promise.all(reads);
    for (const [i, v] of values.entries()) expect([...v]).toEqual([i + 1, i + 1, i + 1, i + 1]);
    expect(maxInFlight).toBe(1);
    // Bad arguments did no access; the export came after the 16 good calls.
    expect(a.counters.accesses).toBe(16);
    // Reopened from that state over the same bytes, a sync ORAM reads the written values.
    const reopened = createRingOram({ ...opts, storage: mem, state: await exported });
    for (let i = 0; i < 8; i++) expect([...reopened.read(i)]).toEqual([i + 1, i + 1, i + 1, i + 1]);
  });
});

describe('fail closed', () => {
  it('a storage failure rejects its access with that error, then every later call with OramFailedError', async () => {
    const opts = { capacity: 16, blockSize: 8, key };
    const inner = asyncStorageOf(createMemoryStorage(ringStorageShape(opts)));
    let failNext = false;
    const lost = new Error('channel lost');
    const a = await createAsyncRingOram({
      ...opts,
      rng: createRng('fail'),
      storage: {
        ...inner,
        async read(batch) {
          if (failNext) throw lost;
          await inner.read(batch);
        },
      },
    });
    for (let i = 0; i < 16; i++) await a.write(i, new Uint8Array(8).fill(i));
    expect(await a.read(3)).toEqual(new Uint8Array(8).fill(3));
    failNext = true;
    const first = a.read(4);
    const queued = a.read(5); // already queued behind the failing access
    await expect(first).rejects.toBe(lost);
    failNext = false; // the storage is back, but the client state no longer matches it
    const after = await Promise.allSettled([
      queued,
      a.read(6),
      a.write(6, new Uint8Array(8)),
      a.audit(),
      a.inspect(),
      a.exportState(),
    ]);
    for (const r of after) {
      expect(r.status).toBe('rejected');
      const reason = (r as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(OramFailedError);
      expect(reason.cause).toBe(lost);
    }
  });

  it('a failed audit reports IntegrityError but does not close the ORAM (it only reads)', async () => {
    const opts = { capacity: 16, blockSize: 8, key, integrity: 'rit' as const };
    const mem = createMemoryStorage(ringStorageShape(opts));
    const a = await createAsyncRingOram({
      ...opts,
      rng: createRng('audit'),
      storage: asyncStorageOf(mem),
    });
    for (let i = 0; i < 16; i++) await a.write(i, new Uint8Array(8).fill(i));
    // Flip one bit of every metadata block, audit, then put every bit back.
    const buf = new Uint8Array(mem.metaBytes);
    const flipAll = () => {
      for (let b = 0; b < mem.bucketCount; b++) {
        mem.readMeta(b, buf);
        buf[buf.length - 1]! ^= 1;
        mem.writeMeta(b, buf);
      }
    };
    flipAll();
    await expect(a.audit()).rejects.toBeInstanceOf(IntegrityError);
    flipAll();
    await a.audit();
    for (let i = 0; i < 16; i++) expect(await a.read(i)).toEqual(new Uint8Array(8).fill(i));
    // The same tampering during an access closes it.
    flipAll();
    await expect(a.read(0)).rejects.toBeInstanceOf(IntegrityError);
    flipAll();
    await expect(a.read(0)).rejects.toBeInstanceOf(OramFailedError);
  });
});
