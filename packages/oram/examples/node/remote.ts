// Blocks stored and read through `paperlab-oram serve`. Start the server first, in another
// terminal:  npx paperlab-oram serve --dir ./oram-data --port 8080
import { createAsyncRingOram, createRemoteStorage, ringStorageShape } from '@paperlab/oram/node';

const options = { capacity: 1024, blockSize: 64, key: new Uint8Array(32).fill(1) }; // demo key
const url = process.env.ORAM_URL ?? 'ws://127.0.0.1:8080';
const storage = await createRemoteStorage({
  url,
  name: 'example',
  shape: ringStorageShape(options),
});
const oram = await createAsyncRingOram({ ...options, storage });
await oram.write(7, new TextEncoder().encode('hello, untrusted server'.padEnd(64)));
console.log(new TextDecoder().decode(await oram.read(7)).trim());
console.log('blocks the server holds:', storage.bucketCount * storage.slotsPerBucket);
await storage.close();
