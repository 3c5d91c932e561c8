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
import { ringStorageShape } from '../src/index.ts';
import { createFileBatchStore } from '../src/node/fileBatchStore.ts';
import { createFileJournal } from '../src/node/fileJournal.ts';
import { startOramServer } from '../src/node/oramServer.ts';
import { runFaultCampaign } from '../src/reliability/faultCampaign.ts';
import { createMemoryJournal } from '../src/remote/clientJournal.ts';
import { createIndexedDbStorage } from '../src/remote/indexedDbStorage.ts';
import { openDurableRingOram } from '../src/remote/openDurableRingOram.ts';
import { createRemoteStorage } from '../src/remote/remoteStorage.ts';

const shape = { bucketCount: 15, slotsPerBucket: 4, slotBytes: 8, metaBytes: 5 };
/** The shape of a 16 x 16-B Ring ORAM with the default options. */
const shapeOf = () => ringStorageShape({ capacity: 16, blockSize: 16 });
const root = mkdtempSync(join(tmpdir(), 'oram-options-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Each non-boolean with the words the error shows for it (an object by its type only).
const notBooleans: [unknown, string][] = [
  [0, '0'],
  [1, '1'],
  ['false', 'false'],
  [null, 'null'],
  [{}, 'an object'],
  [Number.NaN, 'NaN'],
];
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
    for (const [fsync, shown] of notBooleans) {
      const dir = join(root, 'store-fsync');
      expect(() => createFileBatchStore({ dir, shape, fsync } as never)).toThrow(
        `fsync must be true or false, got ${shown}`,
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
    for (const [fsync, shown] of notBooleans) {
      const path = join(root, 'journal', 'client.journal');
      expect(() => createFileJournal(path, { fsync } as never)).toThrow(
        `fsync must be true or false, got ${shown}`,
      );
    }
  });

  it('startOramServer: fsync, checkpointBytes and onRequest are checked at start, nothing listens', async () => {
    const dir = join(root, 'server');
    for (const [fsync, shown] of notBooleans) {
      await expect(startOramServer({ dir, port: 0, fsync } as never)).rejects.toThrow(
        `fsync must be true or false, got ${shown}`,
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

describe('a misspelt option is refused by name, not read as the default', () => {
  it('every options object of the stores, the server, the durable driver and the campaign', async () => {
    const opts = { capacity: 16, blockSize: 16 };
    const idb = () => createIndexedDbStorage({ name: 'typo', shape, indexedDB: new IDBFactory() });
    const cases: [string, () => unknown, RegExp][] = [
      [
        'createRemoteStorage Name',
        () => createRemoteStorage({ url: 'ws://127.0.0.1:1', shape, Name: 'mine' } as never),
        /createRemoteStorage: unknown option 'Name'; the options are url, name, shape, WebSocket, spinMicros/,
      ],
      [
        'createIndexedDbStorage indexedDb',
        () => createIndexedDbStorage({ name: 'x', shape, indexedDb: new IDBFactory() } as never),
        /createIndexedDbStorage: unknown option 'indexedDb'/,
      ],
      [
        // Without a journal a store that does not keep the client record is refused anyway;
        // with IndexedDB (which keeps it) the typo would have passed unnoticed.
        'openDurableRingOram Journal',
        async () =>
          openDurableRingOram(opts, {
            store: await idb(),
            Journal: createMemoryJournal(),
          } as never),
        /openDurableOram: unknown option 'Journal'/,
      ],
      [
        'openDurableRingOram maxEpochAccess',
        async () => openDurableRingOram(opts, { store: await idb(), maxEpochAccess: 1 } as never),
        /openDurableOram: unknown option 'maxEpochAccess'/,
      ],
      [
        'createFileBatchStore fSync',
        () => createFileBatchStore({ dir: join(root, 'typo'), shape, fSync: false } as never),
        /createFileBatchStore: unknown option 'fSync'/,
      ],
      [
        'createFileJournal sync',
        () => createFileJournal(join(root, 'typo.journal'), { sync: false } as never),
        /createFileJournal: unknown option 'sync'; the options are fsync/,
      ],
      [
        'startOramServer Port',
        () => startOramServer({ dir: join(root, 'typo-server'), Port: 9 } as never),
        /startOramServer: unknown option 'Port'/,
      ],
      [
        'runFaultCampaign Seed',
        () => runFaultCampaign({ Seed: 3 } as never),
        /runFaultCampaign: unknown option 'Seed'/,
      ],
    ];
    for (const [what, call, re] of cases) {
      await expect(Promise.resolve().then(call), what).rejects.toThrow(re);
    }
    expect(existsSync(join(root, 'typo'))).toBe(false);
    expect(existsSync(join(root, 'typo-server'))).toBe(false);
  });

  it('a journal that is given must be a ClientJournal, even where the store keeps the record', async () => {
    const store = await createIndexedDbStorage({
      name: 'j',
      shape: shapeOf(),
      indexedDB: new IDBFactory(),
    });
    for (const journal of [0, 'file', {}, null]) {
      await expect(
        openDurableRingOram({ capacity: 16, blockSize: 16 }, { store, journal } as never),
      ).rejects.toThrow('journal must be a ClientJournal (createFileJournal, createMemoryJournal)');
    }
  });
});
