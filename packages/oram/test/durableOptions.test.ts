// The options of the Node-side durable stores and of `paperlab-oram serve`, given values of
// the wrong type or out of range: each is refused when the call is made, with an error naming
// the option, before anything is created. Before these checks, `fsync: 0` turned fsync off
// without saying so, and a bad checkpointBytes or onRequest was only found when the first
// client connected (every HELLO failed) or sent a request (the server threw).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileBatchStore } from '../src/node/fileBatchStore.ts';
import { createFileJournal } from '../src/node/fileJournal.ts';
import { startOramServer } from '../src/node/oramServer.ts';
import { createIndexedDbStorage } from '../src/remote/indexedDbStorage.ts';

const shape = { bucketCount: 15, slotsPerBucket: 4, slotBytes: 8, metaBytes: 5 };
const root = mkdtempSync(join(tmpdir(), 'oram-options-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const notBooleans: unknown[] = [0, 1, 'false', null, {}, Number.NaN];
const badCheckpoints: unknown[] = [
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e308,
  '8',
  null,
  2 ** 30 + 1,
];

describe('durable store options', () => {
  it('createFileBatchStore: fsync must be a boolean, checkpointBytes an integer in [0, 2^30]', () => {
    for (const fsync of notBooleans) {
      const dir = join(root, 'store-fsync');
      expect(() => createFileBatchStore({ dir, shape, fsync } as never)).toThrow(
        `fsync must be true or false, got ${String(fsync)}`,
      );
      expect(existsSync(dir)).toBe(false);
    }
    for (const checkpointBytes of badCheckpoints) {
      const dir = join(root, 'store-checkpoint');
      expect(() => createFileBatchStore({ dir, shape, checkpointBytes } as never)).toThrow(
        `checkpointBytes must be an integer in [0, 1073741824], got ${String(checkpointBytes)}`,
      );
      expect(existsSync(dir)).toBe(false);
    }
  });

  it('createFileJournal: fsync must be a boolean', () => {
    for (const fsync of notBooleans) {
      const path = join(root, 'journal', 'client.journal');
      expect(() => createFileJournal(path, { fsync } as never)).toThrow(
        `fsync must be true or false, got ${String(fsync)}`,
      );
    }
  });

  it('startOramServer: fsync, checkpointBytes and onRequest are checked at start, nothing listens', async () => {
    const dir = join(root, 'server');
    for (const fsync of notBooleans) {
      await expect(startOramServer({ dir, port: 0, fsync } as never)).rejects.toThrow(
        `fsync must be true or false, got ${String(fsync)}`,
      );
    }
    for (const checkpointBytes of badCheckpoints) {
      await expect(startOramServer({ dir, port: 0, checkpointBytes } as never)).rejects.toThrow(
        `checkpointBytes must be an integer in [0, 1073741824], got ${String(checkpointBytes)}`,
      );
    }
    for (const onRequest of [1, 'log', {}, null]) {
      await expect(startOramServer({ dir, port: 0, onRequest } as never)).rejects.toThrow(
        `onRequest must be a function, got ${typeof onRequest}`,
      );
    }
    // No store directory was made by any refused start.
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('createIndexedDbStorage: indexedDB must be an IDBFactory', async () => {
    for (const indexedDB of [0, 'idb', {}, [], true]) {
      await expect(
        createIndexedDbStorage({ name: 'x', shape, indexedDB } as never),
      ).rejects.toThrow(/indexedDB must be an IDBFactory \(with open\(\)\), got /);
    }
    // A real factory still works.
    const s = await createIndexedDbStorage({ name: 'x', shape, indexedDB: new IDBFactory() });
    expect(s.appliedSeq).toBe(0);
  });
});
