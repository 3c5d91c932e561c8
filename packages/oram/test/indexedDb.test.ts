// The IndexedDB store under fake-indexeddb (W3C-conformant, in memory): an ORAM kept across
// "reloads" (a new connection), atomic commits, and a simulated tab kill at random points:
// the killed instance's uncommitted transaction is aborted and every later call fails, as when
// the page is gone. Every reopen is checked against a reference Map.

import { createRng } from '@paperlab/stats';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { type IntegrityMode, ringStorageShape } from '../src/index.ts';
import { createIndexedDbStorage } from '../src/remote/indexedDbStorage.ts';
import { openDurableRingOram } from '../src/remote/openDurableRingOram.ts';
import { badShapes } from './support/badShapes.ts';

const key = new Uint8Array(32).fill(4);
const block = (v: number) => new Uint8Array(16).fill(v);

/** An IDBFactory whose databases can be "killed": pending transactions abort, calls throw. */
function killableFactory(inner: IDBFactory) {
  const txs: IDBTransaction[] = [];
  let dead = false;
  let countdown = Number.POSITIVE_INFINITY;
  const wrapDb = (db: IDBDatabase): IDBDatabase =>
    new Proxy(db, {
      get(target, p) {
        if (p === 'transaction') {
          return (...args: Parameters<IDBDatabase['transaction']>) => {
            if (dead) throw new Error('killed');
            const tx = target.transaction(...args);
            txs.push(tx);
            if (--countdown <= 0) kill();
            return tx;
          };
        }
        const v = Reflect.get(target, p);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  const kill = () => {
    dead = true;
    for (const tx of txs) {
      try {
        tx.abort();
      } catch {
        // already committed: it happened before the kill
      }
    }
  };
  const factory = {
    open(name: string, version?: number) {
      const req = inner.open(name, version);
      return new Proxy(req, {
        get(target, p) {
          if (p === 'result') return wrapDb(target.result);
          const v = Reflect.get(target, p);
          return typeof v === 'function' ? v.bind(target) : v;
        },
        set(target, p, v) {
          return Reflect.set(target, p, v);
        },
      });
    },
  } as unknown as IDBFactory;
  return { factory, killAfter: (n: number) => (countdown = n) };
}

describe('createIndexedDbStorage', () => {
  it('keeps an ORAM across reloads, and refuses another shape', async () => {
    const idb = new IDBFactory();
    const opts = { capacity: 32, blockSize: 16, key, integrity: 'rit' as const };
    const shape = ringStorageShape(opts);
    const open = async () =>
      openDurableRingOram(opts, {
        store: await createIndexedDbStorage({ name: 'page', shape, indexedDB: idb }),
      });
    let d = await open();
    await Promise.all(Array.from({ length: 32 }, (_, a) => d.write(a, block(a + 1))));
    await d.close();
    d = await open();
    expect(
      (await Promise.all(Array.from({ length: 32 }, (_, a) => d.read(a)))).map((b) => b[0]),
    ).toEqual(Array.from({ length: 32 }, (_, a) => a + 1));
    await d.close();
    await expect(
      createIndexedDbStorage({
        name: 'page',
        shape: { ...shape, slotBytes: shape.slotBytes + 1 },
        indexedDB: idb,
      }),
    ).rejects.toThrow(/IndexedDB store page has slotBytes \d+, these options need \d+/);
    await expect(createIndexedDbStorage({ name: '', shape, indexedDB: idb })).rejects.toThrow(
      /name must be a non-empty string/,
    );
  });

  it('refuses a shape field that is not an integer in range, naming it, before opening anything', async () => {
    const idb = new IDBFactory();
    for (const [bad, re] of badShapes) {
      await expect(
        createIndexedDbStorage({ name: 'shapes', shape: bad as never, indexedDB: idb }),
      ).rejects.toThrow(re);
    }
    // Nothing was created: the database does not exist.
    expect((await idb.databases()).map((d) => d.name)).not.toContain('shapes');
  });

  it('a batch with a location of the wrong size aborts its transaction: nothing is applied', async () => {
    const idb = new IDBFactory();
    const shape = { bucketCount: 3, slotsPerBucket: 2, slotBytes: 4, metaBytes: 4 };
    const s = await createIndexedDbStorage({ name: 'atomic', shape, indexedDB: idb });
    await s.apply({
      seq: 1,
      entries: [{ kind: 0, bucket: 0, slot: 0, data: Uint8Array.of(1, 1, 1, 1) }],
    });
    await expect(
      s.apply({
        seq: 2,
        entries: [
          { kind: 0, bucket: 0, slot: 0, data: Uint8Array.of(2, 2, 2, 2) },
          { kind: 0, bucket: 1, slot: 0, data: Uint8Array.of(2) },
        ],
      }),
    ).rejects.toThrow(/location data must be 4 bytes, got 1/);
    expect(s.appliedSeq).toBe(1);
    const [x] = await s.readLocations([{ kind: 0, bucket: 0, slot: 0 }]);
    expect([...x!]).toEqual([1, 1, 1, 1]);
    await s.close();
  });

  for (const integrity of ['none', 'rit'] as IntegrityMode[]) {
    it(`${integrity}: 20 simulated tab kills at random transactions keep the contract`, async () => {
      const idb = new IDBFactory();
      const opts = { capacity: 24, blockSize: 16, key, integrity };
      const shape = ringStorageShape(opts);
      const rng = createRng(`idb-kill/${integrity}`);
      const acked = new Map<number, number>();
      let value = 0;
      for (let k = 0; k < 20; k++) {
        const { factory, killAfter } = killableFactory(idb);
        const d = await openDurableRingOram(opts, {
          store: await createIndexedDbStorage({ name: 'killed', shape, indexedDB: factory }),
        });
        killAfter(rng.int(1, 30));
        const inFlight = new Map<number, number>();
        try {
          for (;;) {
            const a = rng.int(0, 23);
            const v = ++value;
            inFlight.set(a, v);
            await d.write(a, block(v % 251 || 1));
            acked.set(a, v % 251 || 1);
            inFlight.delete(a);
          }
        } catch {
          // the tab is gone
        }
        const check = await openDurableRingOram(opts, {
          store: await createIndexedDbStorage({ name: 'killed', shape, indexedDB: idb }),
        });
        const got = await Promise.all(Array.from({ length: 24 }, (_, a) => check.read(a)));
        for (let a = 0; a < 24; a++) {
          const want = acked.get(a) ?? 0;
          const flying = inFlight.has(a) ? inFlight.get(a)! % 251 || 1 : undefined;
          expect([want, flying], `kill ${k}, address ${a}`).toContain(got[a]![0]);
          acked.set(a, got[a]![0]!);
        }
        await check.close();
      }
    });
  }
});
