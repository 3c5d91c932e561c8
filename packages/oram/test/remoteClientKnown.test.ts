// What the remote client answers itself and what it asks the server (createRemoteStorage,
// src/remote/remoteStorage.ts), against an in-process server that follows the wire format of
// src/remote/wireCodec.ts, keeps the store as a Map and logs every request with its locations
// (test/support/fakeOramServer.ts). The rules, from the client's documentation:
// - read-your-writes: a location written since the access began is answered by the client;
// - a READ names only the locations of the batch the client does not know, in batch order, and
//   every reply byte lands in its own location;
// - `prefetch` names go with the next READ sent, each once, unless known by then or read there
//   anyway; `endAccess` drops them and everything known, but for what `prefetchNext` named (the
//   next access's first read), which stays known for one access;
// - when an access reads nothing from the server, the next access's names go in a READ of their
//   own (one at a time, not awaited); a read of one of them waits for it, any other read does not;
//   a failure of that READ fails every later call;
// - the client knows at most 2^16 locations, then forgets them all (a bound on its memory).
// The expected bytes are the server's (its Map, or the formula it holds for a location never
// written), the expected requests the rules applied by hand.
import { describe, expect, it } from 'vitest';
import { createRemoteStorage, RemoteStorageError } from '../src/remote/remoteStorage.ts';
import { encodeError, OP_READ, WireFormatError } from '../src/remote/wireCodec.ts';
import { createIoBatch, type IoBatch } from '../src/storage/storageProtocol.ts';
import type { StorageShape } from '../src/storage.ts';
import {
  allBytes,
  type FakeOramServer,
  fakeOramServer,
  ioBatch,
  type Loc,
  turns,
  within,
} from './support/fakeOramServer.ts';

// slotBytes differs from metaBytes, so a location read as the wrong kind has the wrong size.
const shape = { bucketCount: 7, slotsPerBucket: 3, slotBytes: 4, metaBytes: 6 };
const open = async (s: StorageShape = shape) => {
  const f = fakeOramServer(s);
  const storage = await createRemoteStorage({ url: f.url, shape: s, WebSocket: f.WebSocket });
  return { f, s: storage };
};
const name = ([k, b, s]: Loc) => `${k}:${b}:${s}`;
/** The locations of every READ the server served from request `from` on. */
const readsSince = (f: FakeOramServer, from: number) =>
  f.log.slice(from).flatMap((r) => (r.op === 'read' ? [r.locations] : []));
/** Reads `locs`, checks every byte against the server's, returns the READs it caused. */
async function readChecked(f: FakeOramServer, s: { read(b: IoBatch): Promise<void> }, locs: Loc[]) {
  const from = f.log.length;
  const b = ioBatch(locs);
  await s.read(b);
  expect(allBytes(b, shape), `bytes of ${locs.map(name)}`).toEqual(locs.map(f.bytesOf));
  return readsSince(f, from);
}

describe('read-your-writes and partial READs', () => {
  it('a location written in this access is answered locally; a slot never passes for a metadata copy', async () => {
    const { f, s } = await open();
    // Metadata copy 1 of bucket 0 and slot 2 of bucket 4 are different locations (the client
    // numbers metadata after all 7 x 3 slots); only the first was written.
    await s.write(ioBatch([[2, 0, 0]], () => 0xa1));
    await s.flush();
    expect(
      await readChecked(f, s, [
        [0, 4, 2],
        [2, 0, 0],
        [1, 0, 0],
      ]),
    ).toEqual([['0:4:2', '1:0:0']]);
    expect(s.counters.localLocations).toBe(1);
  });

  it('a READ names only the unknown locations, in batch order, and each reply lands in its own place', async () => {
    const { f, s } = await open();
    await s.write(
      ioBatch(
        [
          [1, 2, 0],
          [0, 1, 1],
        ],
        (i) => 0x30 + i,
      ),
    );
    expect(
      await readChecked(f, s, [
        [1, 2, 0],
        [0, 3, 0],
        [0, 1, 1],
        [2, 5, 0],
      ]),
    ).toEqual([['0:3:0', '2:5:0']]);
    // A known metadata copy first, then an unknown slot: the reply is one slot's 4 bytes.
    expect(
      await readChecked(f, s, [
        [1, 2, 0],
        [0, 6, 2],
      ]),
    ).toEqual([['0:6:2']]);
    // Two partial reads out at once: each places its own reply.
    f.hold();
    const b1 = ioBatch([
      [0, 1, 1],
      [0, 2, 2],
    ]);
    const b2 = ioBatch([
      [0, 3, 1],
      [1, 2, 0],
    ]);
    const r1 = s.read(b1);
    const r2 = s.read(b2);
    f.release();
    await Promise.all([r1, r2]);
    expect(allBytes(b1, shape)).toEqual([f.bytesOf([0, 1, 1]), f.bytesOf([0, 2, 2])]);
    expect(allBytes(b2, shape)).toEqual([f.bytesOf([0, 3, 1]), f.bytesOf([1, 2, 0])]);
    expect(readsSince(f, 0).slice(-2)).toEqual([['0:2:2'], ['0:3:1']]);
  });

  it('a batch of 100 locations with one known sends the other 99, in order', async () => {
    const big = { bucketCount: 40, slotsPerBucket: 4, slotBytes: 2, metaBytes: 3 };
    const { f, s } = await open(big);
    await s.write(ioBatch([[0, 0, 0]], () => 0x55));
    const locs: Loc[] = Array.from({ length: 100 }, (_, k) => [0, k >> 2, k & 3]);
    const b = ioBatch(locs);
    await s.read(b);
    expect(allBytes(b, big)).toEqual(locs.map(f.bytesOf));
    expect(readsSince(f, 0)).toEqual([locs.slice(1).map(name)]);
  });
});

describe('peek and error replies', () => {
  it('peek answers known locations only, with their bytes, and sends nothing', async () => {
    const { f, s } = await open();
    await s.write(ioBatch([[0, 1, 1]], () => 0x21));
    const sent = f.seen.messages;
    expect(s.peek?.(ioBatch([[0, 1, 2]]))).toBe(false);
    expect(
      s.peek?.(
        ioBatch([
          [0, 1, 1],
          [1, 1, 0],
        ]),
      ),
    ).toBe(false);
    const p = ioBatch([[0, 1, 1]]);
    expect(s.peek?.(p)).toBe(true);
    expect(allBytes(p, shape)).toEqual([[0x21, 0x21, 0x21, 0x21]]);
    expect(f.seen.messages).toBe(sent);
  });

  it('a READ answered with an error reply rejects with the server message', async () => {
    const { f, s } = await open();
    f.answer((req) =>
      req.op === OP_READ ? encodeError(OP_READ, req.id, 'bad disk') : f.honest(req),
    );
    await expect(within(s.read(ioBatch([[0, 1, 0]])))).rejects.toThrow(
      new RemoteStorageError('server: bad disk'),
    );
    expect(f.thrown).toEqual([]);
  });
});

describe('prefetch: names that go with the next READ', () => {
  it('go with the next READ, each once, unless known or read there anyway', async () => {
    const { f, s } = await open();
    // On a fresh client: a slot and metadata copy 1 named, then a read of another slot.
    s.prefetch?.(
      ioBatch([
        [0, 5, 2],
        [2, 3, 0],
      ]),
    );
    expect(await readChecked(f, s, [[0, 1, 0]])).toEqual([['0:1:0', '0:5:2', '2:3:0']]);
    expect(
      await readChecked(f, s, [
        [0, 5, 2],
        [2, 3, 0],
      ]),
    ).toEqual([]);
    expect(s.counters.prefetchedLocations).toBe(2);
    // Named and read in the same batch: once. The name is then used up (not sent again).
    s.prefetch?.(ioBatch([[0, 6, 1]]));
    expect(await readChecked(f, s, [[0, 6, 1]])).toEqual([['0:6:1']]);
    expect(await readChecked(f, s, [[0, 6, 0]])).toEqual([['0:6:0']]);
    // A name the client knows (it wrote it) is not sent; the other goes along.
    await s.write(ioBatch([[0, 4, 1]], () => 0x41));
    s.prefetch?.(
      ioBatch([
        [0, 4, 1],
        [0, 4, 0],
      ]),
    );
    expect(await readChecked(f, s, [[0, 2, 0]])).toEqual([['0:2:0', '0:4:0']]);
    // Named, and read in a batch whose first location is known: sent once, as read.
    await s.write(ioBatch([[1, 1, 0]], () => 0x42));
    s.prefetch?.(ioBatch([[0, 3, 2]]));
    expect(
      await readChecked(f, s, [
        [1, 1, 0],
        [0, 3, 2],
      ]),
    ).toEqual([['0:3:2']]);
    // The end of an access drops the names not sent yet.
    s.prefetch?.(ioBatch([[0, 0, 1]]));
    await s.endAccess?.();
    expect(await readChecked(f, s, [[0, 0, 2]])).toEqual([['0:0:2']]);
    expect(f.thrown).toEqual([]);
  });

  it('a reply of the wrong length is refused with the length the names add', async () => {
    const { f, s } = await open();
    f.answer((req) => {
      const ok = f.honest(req)!;
      return req.op === OP_READ ? ok.subarray(0, ok.length - 1) : ok;
    });
    s.prefetch?.(ioBatch([[2, 3, 0]]));
    // A slot (4 bytes) and the named metadata copy (6 bytes).
    await expect(s.read(ioBatch([[0, 1, 0]]))).rejects.toThrow(
      new WireFormatError('READ reply must be 10 bytes, got 9'),
    );
  });
});

describe('prefetchNext: what the next access reads first', () => {
  it('stays known across endAccess (fetched or written since), for one access; nothing else does', async () => {
    const { f, s } = await open();
    const X: Loc = [0, 6, 0];
    const N1: Loc = [0, 2, 1];
    const N2: Loc = [0, 2, 2];
    const N3: Loc = [0, 5, 0];
    await s.write(ioBatch([X], () => 0x66));
    s.prefetchNext?.(ioBatch([N1, N2]));
    expect(await readChecked(f, s, [[0, 1, 1]])).toEqual([['0:1:1', '0:2:1', '0:2:2']]);
    await s.write(ioBatch([N2], () => 0x77)); // written after it came: the write is newer
    s.prefetchNext?.(ioBatch([N3])); // named, never fetched
    await s.endAccess?.();
    const local = s.counters.localLocations;
    const prefetched = s.counters.prefetchedLocations;
    // The next access: N1 as fetched, N2 as written; X (written, not named) is the server's.
    expect(await readChecked(f, s, [N1, N2, X])).toEqual([['0:6:0']]);
    expect(s.counters.localLocations - local).toBe(1); // N2
    expect(s.counters.prefetchedLocations - prefetched).toBe(1); // N1
    // Each on its own: N1 counts as fetched ahead, N2 as the client's own write.
    expect(await readChecked(f, s, [N1])).toEqual([]);
    expect(s.counters.prefetchedLocations - prefetched).toBe(2);
    expect(s.counters.localLocations - local).toBe(1);
    expect(await readChecked(f, s, [N2])).toEqual([]);
    expect(s.counters.localLocations - local).toBe(2);
    expect(s.counters.prefetchedLocations - prefetched).toBe(2);
    expect(await readChecked(f, s, [N3])).toEqual([['0:5:0']]);
    await s.endAccess?.();
    expect(await readChecked(f, s, [N1])).toEqual([['0:2:1']]);
    expect(f.thrown).toEqual([]);
  });

  it('when the access reads nothing from the server, the names go alone; only a read of one of them waits', async () => {
    const { f, s } = await open();
    const K: Loc = [0, 0, 0];
    const B: Loc = [0, 3, 1];
    await s.write(ioBatch([K], () => 0x11));
    s.prefetchNext?.(ioBatch([B]));
    f.hold();
    // Answered locally, so B's READ goes on its own, and the read does not wait for it.
    await within(s.read(ioBatch([K])));
    const from = f.log.length;
    expect(readsSince(f, 0)).toEqual([['0:3:1']]);
    expect(s.counters.reads).toBe(1);
    // Another location is read at once, while B's READ is out, also from a batch whose unused
    // capacity still holds B (only the first `count` locations of a batch are read).
    const a = s.read(ioBatch([[0, 4, 0]]));
    const stale = ioBatch([[0, 4, 2], B]);
    stale.count = 1;
    const a2 = s.read(stale);
    expect(readsSince(f, from)).toEqual([['0:4:0'], ['0:4:2']]);
    expect(s.counters.waitedAhead).toBe(0);
    // A read of B waits for B's READ: nothing more is sent.
    const bBatch = ioBatch([B]);
    const b = s.read(bBatch);
    expect(s.counters.waitedAhead).toBe(1);
    // Another access's names, with B's READ still out: no second READ on its own.
    s.prefetchNext?.(ioBatch([[0, 5, 2]]));
    await within(s.read(ioBatch([K])));
    expect(f.log.length).toBe(from + 2);
    f.release();
    await within(Promise.all([a, a2, b]));
    expect(allBytes(bBatch, shape)).toEqual([f.bytesOf(B)]);
    // The read of B, answered locally once B came, sends the names kept meanwhile on their own;
    // a read of them waits for that READ.
    expect(readsSince(f, from)).toEqual([['0:4:0'], ['0:4:2'], ['0:5:2']]);
    expect(await readChecked(f, s, [[0, 5, 2]])).toEqual([]);
    expect(s.counters.waitedAhead).toBe(2);
    expect(readsSince(f, 0).filter((r) => r.includes('0:3:1'))).toHaveLength(1);
    expect(f.thrown).toEqual([]);
  });

  it('names for this access stay queued when the next access’s names go alone', async () => {
    const { f, s } = await open();
    await s.write(ioBatch([[0, 0, 0]], () => 0x11));
    // Interleaved: next, this, next, this.
    s.prefetchNext?.(ioBatch([[0, 1, 2]]));
    s.prefetch?.(ioBatch([[0, 2, 0]]));
    s.prefetchNext?.(ioBatch([[0, 3, 0]]));
    s.prefetch?.(ioBatch([[0, 4, 2]]));
    await s.read(ioBatch([[0, 0, 0]]));
    expect(readsSince(f, 0)).toEqual([['0:1:2', '0:3:0']]);
    expect(await readChecked(f, s, [[0, 5, 1]])).toEqual([['0:5:1', '0:2:0', '0:4:2']]);
  });

  it('a READ sent alone that fails (error reply, or short) fails every later call', async () => {
    for (const how of ['error', 'short'] as const) {
      const { f, s } = await open();
      let first = true;
      f.answer((req) => {
        if (req.op !== OP_READ || !first) return f.honest(req);
        first = false;
        if (how === 'error') return encodeError(OP_READ, req.id, 'no such luck');
        const ok = f.honest(req)!;
        return ok.subarray(0, ok.length - 1);
      });
      const B: Loc = [0, 3, 1];
      await s.write(ioBatch([[0, 0, 0]], () => 0x11));
      s.prefetchNext?.(ioBatch([B]));
      await s.read(ioBatch([[0, 0, 0]])); // B's READ goes alone
      const why =
        how === 'error'
          ? new RemoteStorageError('server: no such luck')
          : new WireFormatError('READ reply must be 4 bytes, got 3');
      // The read of B waits for that READ, then fails with its failure, as does every call.
      await expect(within(s.read(ioBatch([B])))).rejects.toThrow(why);
      await expect(s.read(ioBatch([[0, 6, 0]]))).rejects.toThrow(why);
      await expect(s.write(ioBatch([[0, 6, 0]], () => 1))).rejects.toThrow(why);
      expect(f.thrown).toEqual([]);
    }
  });
});

describe('the bound on what the client knows (2^16 locations)', () => {
  // 16,500 buckets of 4 one-byte slots: room for 2^16 + 1 written locations besides the few
  // each scenario reads. Locations are numbered k -> (bucket k >> 2, slot k & 3).
  const wide = { bucketCount: 16_500, slotsPerBucket: 4, slotBytes: 1, metaBytes: 1 };
  const at = (k: number): Loc => [0, k >> 2, k & 3];
  /** One WRITE of the `n` locations from number `first` on. */
  const writeMany = (s: { write(b: IoBatch): Promise<void> }, first: number, n: number) => {
    const b = createIoBatch(n, n);
    for (let i = 0; i < n; i++) {
      b.buckets[i] = (first + i) >> 2;
      b.slots[i] = (first + i) & 3;
      b.offsets[i] = i;
    }
    b.count = n;
    b.op = 'write';
    return s.write(b);
  };
  const openWide = async () => {
    const f = fakeOramServer(wide);
    const s = await createRemoteStorage({ url: f.url, shape: wide, WebSocket: f.WebSocket });
    /** Whether a read of location k is answered without a READ. */
    const known = async (k: number) => {
      const from = f.log.length;
      await s.read(ioBatch([at(k)]));
      return readsSince(f, from).length === 0;
    };
    return { f, s, known };
  };

  it('2^16 written locations stay known; one more and the client forgets them all', async () => {
    const { s, known } = await openWide();
    await writeMany(s, 100, 2 ** 16);
    expect(await known(100)).toBe(true);
    await writeMany(s, 100 + 2 ** 16, 1);
    expect(await known(101)).toBe(false);
    await s.close();
  });

  it('a location fetched ahead counts once towards the bound', async () => {
    const { s, known } = await openWide();
    s.prefetch?.(ioBatch([at(0)]));
    expect(await known(1)).toBe(false); // fetches 0 with 1
    await writeMany(s, 100, 2 ** 16 - 1);
    expect(await known(0)).toBe(true);
    await s.close();
  });

  it('a location named for the next access counts once after endAccess', async () => {
    const { s, known } = await openWide();
    s.prefetchNext?.(ioBatch([at(0)]));
    expect(await known(1)).toBe(false);
    await s.endAccess?.();
    await writeMany(s, 100, 2 ** 16 - 1);
    expect(await known(0)).toBe(true);
    await s.close();
  });

  it('a fetched-ahead location written while its READ was out counts once (as written)', async () => {
    const { f, s, known } = await openWide();
    s.prefetch?.(ioBatch([at(0)]));
    f.hold();
    const r = s.read(ioBatch([at(1)]));
    await s.write(ioBatch([at(0)], () => 9));
    f.release();
    await r;
    await turns(2);
    await writeMany(s, 100, 2 ** 16 - 1);
    expect(await known(0)).toBe(true);
    await s.close();
  });
});
