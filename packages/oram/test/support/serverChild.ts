// The child process of the server crash test: a storage server on DIR until it is killed.
import { writeSync } from 'node:fs';
import { startOramServer } from '../../src/node/oramServer.ts';

const { dir, fsync } = JSON.parse(process.env.SERVER_CONFIG ?? '{}') as {
  dir: string;
  fsync: boolean;
};
const server = await startOramServer({ dir, port: 0, fsync, traceLimit: 0 });
writeSync(1, `ready ${server.url}\n`);
