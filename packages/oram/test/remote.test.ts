// An ORAM over `paperlab-oram serve` on an ephemeral loopback port: createAsyncRingOram
// directly on createRemoteStorage, the durable driver on it, and what the server sees.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@paperlab/stats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  createAsyncRingOram,
  createIoBatch,
  IntegrityError,
  type IntegrityMode,
  OramFailedError,
  ringStorageShape,
} from '../src/index.ts';
import { createFileJournal } from '../src/node/fileJournal.ts';
import { type OramServer, startOramServer } from '../src/node/oramServer.ts';
import { createMemoryJournal } from '../src/remote/clientJournal.ts';
import { openDurableRingOram } from '../src/remote/openDurableRingOram.ts';
import { createRemoteStorage, type WebSocketConstructor } from '../src/remote/remoteStorage.ts';
import { RollbackError } from '../src/remote/rollbackError.ts';

const WS = WebSocket as unknown as WebSocketConstructor;
const root = mkdtempSync(join(tmpdir(), 'oram-remote-'));
const dir = join(root, 'server');
let server: OramServer;
beforeAll(async () => {
  server = await startOramServer({ dir, port: 0, fsync: false });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const key = new Uint8Array(32).fill(9);
const block = (v: number) => new Uint8Array(32).fill(v);

describe('Ring ORAM over paperlab-oram serve', () => {
  it('createAsyncRingOram on createRemoteStorage matches a Map model, and the server never sees plaintext', async () => {
    const opts = { capacity: 64, blockSize: 32, key, rng: createRng('remote-direct') };
    const storage = await createRemoteStorage({
      url: server.url,
      name: 'direct',
      shape: ringStorageShape(opts),
      WebSocket: WS,
    });
    // What the ORAM asks for (its physical trace), split at access boundaries.
    const asked: { op: string; loc: string; phase: string }[] = [];
    const oram = await createAsyncRingOram({
      ...opts,
      storage,
      observer: (e) =>
        asked.push({
          op: e.op,
          phase: e.phase,
          loc: e.slot === 'meta' ? `${1 + (e.copy ?? 0)}:${e.bucket}:0` : `0:${e.bucket}:${e.slot}`,
        }),
    });
    await storage.flush();
    const traceUrl = `${server.url.replace('ws:', 'http:')}/trace?store=direct&limit=100000`;
    type Seen = { op: string; locations: [number, number, number][] };
    const initSeen = (await (await fetch(traceUrl)).json()) as Seen[];
    const model = new Map<number, number>();
    const rng = createRng('remote-workload');
    const before = { ...storage.counters };
    const evictionsBefore = oram.counters.evictions;
    const bounds: number[] = [];
    for (let i = 0; i < 200; i++) {
      bounds.push(asked.length);
      const a = rng.int(0, 63);
      if (rng.next() < 0.5) {
        const v = rng.int(1, 250);
        await oram.write(a, block(v));
        model.set(a, v);
      } else expect((await oram.read(a))[0]).toBe(model.get(a) ?? 0);
    }
    bounds.push(asked.length);
    await storage.flush();
    // The server sees the ORAM's physical trace, in order, but for two rules of the client
    // storage, modelled here independently of it:
    // - read-your-writes: a read of a location written earlier in the same access is answered
    //   by the client (a set of written locations, emptied after each access; the first access
    //   also finds what the tree's initial write put there, which is not traced: not an access);
    // - fetch-ahead: EvictPath's metadata reads that ReadPath does not write (the levels below
    //   the paths' common part) go with the access's first READ, right after ReadPath's
    //   metadata, and are then answered by the client; EvictPath's slot reads (planned from
    //   that metadata before ReadPath's slot read) and then EarlyReshuffle's slot reads (every
    //   valid slot of a bucket read S times) go with ReadPath's slot READ, right after its
    //   slots, and are answered by the client too.
    const seen = ((await (await fetch(traceUrl)).json()) as Seen[]).slice(initSeen.length);
    const serverSaw = seen
      .filter((e) => e.op === 'read' || e.op === 'write')
      .flatMap((e) => e.locations.map((l) => `${e.op} ${l.join(':')}`));
    const expected: string[] = [];
    let local = 0;
    let ahead = 0;
    const writtenSet = new Set<string>(
      initSeen.filter((e) => e.op === 'write').flatMap((e) => e.locations.map((l) => l.join(':'))),
    );
    const isMetaRead = (e: { op: string; loc: string }) =>
      e.op === 'read' && !e.loc.startsWith('0:');
    for (let k = 0; k < 200; k++) {
      const ev = asked.slice(bounds[k]!, bounds[k + 1]!);
      // Which evict metadata reads were fetched ahead: those not written before them.
      const fetchedAhead = new Set<number>();
      const w = new Set<string>();
      ev.forEach((e, j) => {
        if (e.op === 'write') w.add(e.loc);
        else if (e.phase === 'evict' && isMetaRead(e) && !w.has(e.loc)) fetchedAhead.add(j);
      });
      ev.forEach((e, j) => {
        if (e.op === 'read' && e.phase === 'evict' && !isMetaRead(e)) fetchedAhead.add(j);
      });
      ev.forEach((e, j) => {
        if (e.op === 'read' && e.phase === 'reshuffle' && !isMetaRead(e)) fetchedAhead.add(j);
      });
      let head = 0;
      while (head < ev.length && ev[head]!.phase === 'online' && isMetaRead(ev[head]!)) head++;
      let slotsEnd = head;
      while (
        slotsEnd < ev.length &&
        ev[slotsEnd]!.phase === 'online' &&
        ev[slotsEnd]!.op === 'read'
      )
        slotsEnd++;
      ev.forEach((e, j) => {
        for (const f of fetchedAhead) {
          const withSlots = !isMetaRead(ev[f]!);
          if (j === (withSlots ? slotsEnd : head)) expected.push(`read ${ev[f]!.loc}`);
        }
        if (fetchedAhead.has(j)) {
          ahead++;
          return;
        }
        if (e.op === 'write') writtenSet.add(e.loc);
        else if (writtenSet.has(e.loc)) {
          local++;
          return;
        }
        expected.push(`${e.op} ${e.loc}`);
      });
      writtenSet.clear();
    }
    expect(ahead).toBeGreaterThan(0);
    expect(storage.counters.prefetchedLocations - before.prefetchedLocations).toBe(ahead);
    expect(serverSaw).toEqual(expected);
    expect(storage.counters.localLocations - before.localLocations).toBe(local);
    // Round trips (awaited READs): two online per access (metadata, then slots), none for an
    // eviction (its metadata came ahead or was written by ReadPath, its slots came with
    // ReadPath's slot READ) nor for an early reshuffle (its metadata is what ReadPath just
    // wrote back, its slots came with ReadPath's slot READ). Pipelined WRITEs: the online
    // metadata write-back each access, plus one per eviction and reshuffle. The first access
    // reads both its online batches locally (the initial write is still kept).
    const reads = storage.counters.reads - before.reads;
    const writes = storage.counters.writes - before.writes;
    const evictions = oram.counters.evictions - evictionsBefore;
    expect(evictions).toBe(66); // one every A = 3 of 200 accesses
    expect(reads).toBe(2 * 200 - 2);
    expect(writes - 200 - evictions).toBeGreaterThan(0); // the reshuffles' write-backs
    expect(writes / 200).toBeGreaterThanOrEqual(1 + 1 / 3);
    expect(writes / 200).toBeLessThan(1.7);
    // Each pipelined WRITE goes with the next READ in one message (a BUNDLE), so the client
    // sends one message per awaited READ, plus one for the last access's writes (flush).
    expect(storage.counters.messages - before.messages).toBe(reads + 1);
    // No plaintext block (32 equal bytes v) appears in what the server stored: not even a run
    // of 12 equal nonzero bytes, which random ciphertext has with probability ~2^-88 per place.
    // The server keeps recent batches in its journal until a checkpoint: scan both files.
    const tree = new Uint8Array(
      Buffer.concat([
        readFileSync(join(dir, 'direct', 'tree.bin')),
        readFileSync(join(dir, 'direct', 'journal.bin')),
      ]),
    );
    let longest = 0;
    for (let i = 64, run = 0; i < tree.length; i++) {
      run = tree[i] !== 0 && tree[i] === tree[i - 1] ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeLessThan(12);
    expect(seen.filter((e) => e.op === 'write').length).toBe(writes);
    await storage.close();
  });

  it('a pipelined write the server refuses fails every later call (fail closed)', async () => {
    const shape = { bucketCount: 7, slotsPerBucket: 2, slotBytes: 4, metaBytes: 4 };
    const a = await createRemoteStorage({ url: server.url, name: 'refused', shape, WebSocket: WS });
    const b = await createRemoteStorage({ url: server.url, name: 'refused', shape, WebSocket: WS });
    // Another writer moves the store two batches ahead of what `a` believes (seq 0), so a's
    // next batch (seq 1) neither follows nor re-applies the last one: the server refuses it.
    await b.apply({
      seq: 1,
      entries: [{ kind: 0, bucket: 0, slot: 0, data: Uint8Array.of(1, 1, 1, 1) }],
    });
    await b.apply({
      seq: 2,
      entries: [{ kind: 0, bucket: 0, slot: 0, data: Uint8Array.of(2, 2, 2, 2) }],
    });
    const batch = createIoBatch(1, 4);
    batch.count = 1; // slot 0 of bucket 0, bytes 9
    batch.data.fill(9);
    await a.write(batch); // pipelined: resolves before the server answers
    expect(a.unacknowledged).toBe(1);
    // A read sent right behind the refused write is answered by the server, yet never
    // returned: the refusal is handled first (the replies come in order).
    // (Another location: one this client just wrote would be answered by the client itself.)
    const read = createIoBatch(1, 4);
    read.count = 1;
    read.buckets[0] = 1;
    await expect(a.read(read)).rejects.toThrow(
      /batch seq 1 does not follow the store's last applied seq 2/,
    );
    expect([...read.data]).toEqual([0, 0, 0, 0]);
    expect(a.unacknowledged).toBe(0);
    // Every later call fails with the same error, and nothing was sent for them.
    const sent = a.counters.requests;
    await expect(a.write(batch)).rejects.toThrow(/does not follow/);
    await expect(a.read(read)).rejects.toThrow(/does not follow/);
    await expect(a.readLocations([{ kind: 0, bucket: 0, slot: 0 }])).rejects.toThrow(
      /does not follow/,
    );
    await expect(a.flush()).rejects.toThrow(/does not follow/);
    expect(a.counters.requests).toBe(sent);
    // The store holds b's batches only.
    const [x] = await b.readLocations([{ kind: 0, bucket: 0, slot: 0 }]);
    expect([...x!]).toEqual([2, 2, 2, 2]);
    await expect(a.close()).rejects.toThrow(/does not follow/);
    await b.close();
  });

  it('an ORAM whose pipelined write is refused stops (OramFailedError from then on)', async () => {
    const opts = { capacity: 16, blockSize: 8, key, rng: createRng('refused-oram') };
    const shape = ringStorageShape(opts);
    const storage = await createRemoteStorage({
      url: server.url,
      name: 'refused-oram',
      shape,
      WebSocket: WS,
    });
    const oram = await createAsyncRingOram({ ...opts, storage });
    await oram.write(1, new Uint8Array(8).fill(5));
    await storage.flush();
    // A second writer takes the store two batches ahead.
    const other = await createRemoteStorage({
      url: server.url,
      name: 'refused-oram',
      shape,
      WebSocket: WS,
    });
    const entry = { kind: 0 as const, bucket: 0, slot: 0, data: new Uint8Array(shape.slotBytes) };
    await other.apply({ seq: other.appliedSeq + 1, entries: [entry] });
    await other.apply({ seq: other.appliedSeq + 1, entries: [entry] });
    // The next access's write-back is refused; that access or the next one fails with it.
    let first: unknown;
    for (let i = 0; i < 3 && first === undefined; i++) {
      try {
        await oram.read(1);
      } catch (e) {
        first = e;
      }
    }
    expect(String(first)).toMatch(/does not follow the store's last applied seq/);
    await expect(oram.read(1)).rejects.toThrow(OramFailedError);
    await expect(oram.write(2, new Uint8Array(8))).rejects.toThrow(OramFailedError);
    await other.close();
    await storage.close().catch(() => undefined);
  });

  for (const integrity of ['none', 'rit'] as IntegrityMode[]) {
    it(`durable driver (${integrity}): survives a client restart with a file journal`, async () => {
      const opts = { capacity: 64, blockSize: 32, key, integrity };
      const shape = ringStorageShape(opts);
      const journal = createFileJournal(join(root, `client-${integrity}.rec`), { fsync: false });
      const open = async () =>
        openDurableRingOram(opts, {
          store: await createRemoteStorage({
            url: server.url,
            name: `durable-${integrity}`,
            shape,
            WebSocket: WS,
          }),
          journal,
        });
      let d = await open();
      await Promise.all(Array.from({ length: 64 }, (_, a) => d.write(a, block(a + 1))));
      await d.write(5, block(200));
      await d.close();
      d = await open();
      const got = await Promise.all(Array.from({ length: 64 }, (_, a) => d.read(a)));
      expect(got.map((b) => b[0])).toEqual(
        Array.from({ length: 64 }, (_, a) => (a === 5 ? 200 : a + 1)),
      );
      await d.close();
    });
  }
});

describe('rollback across restarts', () => {
  for (const integrity of ['none', 'merkle', 'rit', 'rit+must'] as IntegrityMode[]) {
    it(`${integrity}: a server restarted from an older copy of DIR is refused (RollbackError)`, async () => {
      const opts = { capacity: 32, blockSize: 32, key, integrity };
      const shape = ringStorageShape(opts);
      const name = `rollback-${integrity.replace('+', '-')}`;
      const journal = createMemoryJournal();
      const open = async (url: string) =>
        openDurableRingOram(opts, {
          store: await createRemoteStorage({ url, name, shape, WebSocket: WS }),
          journal,
        });
      let d = await open(server.url);
      await d.write(1, block(1));
      await d.close();
      const snapshot = join(root, `${name}-old`);
      cpSync(join(dir, name), snapshot, { recursive: true });
      d = await open(server.url);
      await d.write(1, block(2));
      await d.write(2, block(2));
      await d.close();
      // The operator restores the older copy (two batches behind) and restarts the server.
      const dir2 = join(root, `${name}-restored`);
      cpSync(snapshot, join(dir2, name), { recursive: true });
      const restored = await startOramServer({ dir: dir2, port: 0, fsync: false });
      try {
        await expect(open(restored.url)).rejects.toThrow(RollbackError);
        await expect(open(restored.url)).rejects.toThrow(
          /store is at batch \d+ but this client committed batch \d+: the store was rolled back/,
        );
        // One batch behind is what a crash before the last batch reached the server looks
        // like: the client re-applies that batch from its record and the store is current.
        const one = await open(server.url);
        await one.close();
      } finally {
        await restored.close();
      }
    });

    it(`${integrity}: a server one batch behind is brought forward from the client's record`, async () => {
      const opts = { capacity: 32, blockSize: 32, key, integrity };
      const shape = ringStorageShape(opts);
      const name = `behind-${integrity.replace('+', '-')}`;
      const journal = createMemoryJournal();
      const open = async (url: string) =>
        openDurableRingOram(opts, {
          store: await createRemoteStorage({ url, name, shape, WebSocket: WS }),
          journal,
        });
      let d = await open(server.url);
      await d.write(1, block(1));
      await d.close();
      const dir2 = join(root, `${name}-restored`);
      cpSync(join(dir, name), join(dir2, name), { recursive: true });
      d = await open(server.url);
      await d.write(1, block(2));
      await d.close();
      const restored = await startOramServer({ dir: dir2, port: 0, fsync: false });
      try {
        d = await open(restored.url);
        expect((await d.read(1))[0]).toBe(2);
        await d.close();
      } finally {
        await restored.close();
      }
    });
  }

  // A server that lies about its seq (serves the old tree but claims to be current) is caught
  // by the integrity modes; `none` has no freshness and returns the old value.
  for (const integrity of ['none', 'merkle', 'rit', 'rit+must'] as IntegrityMode[]) {
    it(`${integrity}: an old tree under a forged seq is ${integrity === 'none' ? 'NOT detected (documented)' : 'detected'}`, async () => {
      const opts = { capacity: 32, blockSize: 32, key, integrity };
      const shape = ringStorageShape(opts);
      const name = `liar-${integrity.replace('+', '-')}`;
      const journal = createMemoryJournal();
      const openOn = async (url: string, lieSeq?: number) => {
        const store = await createRemoteStorage({ url, name, shape, WebSocket: WS });
        const lying =
          lieSeq === undefined
            ? store
            : Object.create(store, { appliedSeq: { get: () => lieSeq } });
        // The re-sent last batch is accepted by the honest server only at its own seq: forge it too.
        if (lieSeq !== undefined) lying.apply = async () => {};
        return openDurableRingOram(opts, { store: lying, journal });
      };
      let d = await openOn(server.url);
      for (let a = 0; a < 32; a++) await d.write(a, block(10));
      await d.close();
      const snapshot = join(root, `${name}-old`);
      cpSync(join(dir, name), join(snapshot, name), { recursive: true });
      d = await openOn(server.url);
      for (let a = 0; a < 32; a++) await d.write(a, block(20));
      const seq = d.seq;
      await d.close();
      const old = await startOramServer({ dir: snapshot, port: 0, fsync: false });
      try {
        const liar = await openOn(old.url, seq);
        const reads = Promise.all(Array.from({ length: 32 }, (_, a) => liar.read(a)));
        if (integrity === 'none') {
          // No freshness: stale blocks authenticate (they were written under the key), so the
          // ORAM returns old values, or stops (DataLossError where the old tree lacks a block
          // the client's position map expects, IntegrityError where a stale slot's MAC does not
          // match the nonce the client now expects). Detection is not promised under `none`.
          const outcome = await reads.then(
            (bs) => bs.map((b) => b[0]),
            (e: Error) => e.name,
          );
          if (Array.isArray(outcome)) expect(outcome).toContain(10);
          else expect(['DataLossError', 'IntegrityError']).toContain(outcome);
        } else await expect(reads).rejects.toThrow(IntegrityError);
      } finally {
        await old.close();
      }
    });
  }
});
