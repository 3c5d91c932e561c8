// The child process of the server crash test: a storage server on DIR until it is killed.
import { writeSync } from 'node:fs';
import { startOramServer } from '../../src/node/oramServer.ts';

const { dir, fsync, checkpointBytes } = JSON.parse(process.env.SERVER_CONFIG ?? '{}') as {
  dir: string;
  fsync: boolean;
  checkpointBytes?: number;
};
const server = await startOramServer({ dir, port: 0, fsync, checkpointBytes, traceLimit: 0 });
writeSync(1, `ready ${server.url}\n`);
