// uploadTree: a tree filled by the synchronous ORAM in memory, copied to `paperlab-oram serve`,
// and an asynchronous ORAM continued there from the exported state. Reference: a Map of what
// was written, the source storage's bytes location by location, and the batch count that
// follows from the shape (a batch is cut after the first bucket that reaches batchBytes).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@paperlab/stats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  createAsyncRingOram,
  createMemoryStorage,
  createRingOram,
  ringStorageShape,
  uploadTree,
} from '../src/index.ts';
import { type OramServer, startOramServer } from '../src/node/oramServer.ts';
import { createRemoteStorage, type WebSocketConstructor } from '../src/remote/remoteStorage.ts';

const WS = WebSocket as unknown as WebSocketConstructor;
const dir = mkdtempSync(join(tmpdir(), 'oram-upload-'));
let server: OramServer;
beforeAll(async () => {
  server = await startOramServer({ dir, port: 0, fsync: false });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const opts = { capacity: 128, blockSize: 16, key: new Uint8Array(32).fill(5) };
const shape = ringStorageShape(opts);

it('copies every location in bucket order; an ORAM continued from the exported state reads back every address', async () => {
  const memory = createMemoryStorage(shape);
  const local = createRingOram({ ...opts, storage: memory, rng: createRng('upload') });
  const rng = createRng('upload-values');
  const ref = new Map<number, number>();
  for (let i = 0; i < 300; i++) {
    const a = rng.int(0, opts.capacity - 1);
    const v = rng.int(1, 255);
    local.write(a, new Uint8Array(16).fill(v));
    ref.set(a, v);
  }
  const storage = await createRemoteStorage({ url: server.url, name: 'up', shape, WebSocket: WS });
  const batchBytes = 1024;
  const perBucket = shape.metaBytes + shape.slotsPerBucket * shape.slotBytes;
  const bucketsPerBatch = Math.ceil(batchBytes / perBucket);
  const batches = await uploadTree(memory, storage, { batchBytes });
  expect(batches).toBe(Math.ceil(shape.bucketCount / bucketsPerBatch));
  expect(storage.appliedSeq).toBe(batches);
  // What the server saw: whole-tree writes, each bucket's metadata then its slots, in order.
  const seen = server
    .trace()
    .filter((e) => e.store === 'up' && e.op === 'write')
    .flatMap((e) => e.locations);
  const want: [number, number, number][] = [];
  for (let b = 0; b < shape.bucketCount; b++) {
    want.push([1, b, 0]);
    for (let s = 0; s < shape.slotsPerBucket; s++) want.push([0, b, s]);
  }
  expect(seen).toEqual(want);
  // Byte for byte what the source holds.
  const back = await storage.readLocations(
    want.map(([kind, bucket, slot]) => ({ kind: kind as 0 | 1, bucket, slot })),
  );
  want.forEach(([kind, bucket, slot], i) => {
    const out = new Uint8Array(kind === 0 ? shape.slotBytes : shape.metaBytes);
    if (kind === 0) memory.readSlot(bucket, slot, out);
    else memory.readMeta(bucket, out);
    expect(back[i], `location ${kind}:${bucket}:${slot}`).toEqual(out);
  });
  const oram = await createAsyncRingOram({ ...opts, storage, state: local.exportState() });
  for (let a = 0; a < opts.capacity; a++)
    expect((await oram.read(a))[0], `address ${a}`).toBe(ref.get(a) ?? 0);
  await storage.close();
});

it('refuses bad options and a store of another shape, naming the field, and applies nothing', async () => {
  const memory = createMemoryStorage(shape);
  const storage = await createRemoteStorage({ url: server.url, name: 'bad', shape, WebSocket: WS });
  await expect(uploadTree(memory, storage, { batchBytes: 100 })).rejects.toThrow(
    'batchBytes must be an integer in [1024, 67108864], got 100',
  );
  await expect(uploadTree(memory, storage, { batchbytes: 4096 } as never)).rejects.toThrow(
    "uploadTree: unknown option 'batchbytes'; the options are batchBytes, mirror",
  );
  await expect(uploadTree(memory, storage, { mirror: 1 } as never)).rejects.toThrow(
    'mirror must be true or false, got 1',
  );
  await expect(uploadTree(undefined as never, storage)).rejects.toThrow(
    'from must be an OramStorage (createMemoryStorage, createFileStorage)',
  );
  await expect(uploadTree(memory, {} as never)).rejects.toThrow(
    'to must be a BatchStore (createRemoteStorage, createFileBatchStore)',
  );
  const other = createMemoryStorage({ ...shape, slotBytes: shape.slotBytes + 1 });
  await expect(uploadTree(other, storage)).rejects.toThrow(
    `the store has slotBytes ${shape.slotBytes}, the source storage ${shape.slotBytes + 1}`,
  );
  expect(storage.appliedSeq).toBe(0);
  await storage.close();
});
