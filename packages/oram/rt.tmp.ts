// Breakdown of one access through `paperlab-oram serve` (temporary measurement script).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@paperlab/stats';
import { createAsyncRingOram, createRemoteStorage, nodeAes, ringStorageShape, type IoBatch } from './src/node.js';
const N = Number(process.argv[2] ?? 2 ** 14);
const opts = { capacity: N, blockSize: 64, key: new Uint8Array(32).fill(7), cipher: nodeAes };
const shape = ringStorageShape(opts);
const dir = mkdtempSync(join(tmpdir(), 'rt-'));
const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@paperlab/source', 'src/cli/main.ts', 'serve', '--dir', dir, '--port', '0', '--no-fsync', ...(process.env.SERVE_ARGS ?? '').split(' ').filter(Boolean)], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((r) => { let o = ''; child.stdout.on('data', (d) => { o += d; const m = /(ws:\/\/\S+)/.exec(o); if (m) r(m[1]!); }); });
const remote = await createRemoteStorage({ url, name: 'x', shape });
let readWait = 0, reads = 0, writeTime = 0;
const timed = { ...remote, batched: 'async' as const,
  read: async (b: IoBatch) => { const t = performance.now(); const before = remote.counters.reads; await remote.read(b); if (remote.counters.reads > before) { readWait += performance.now() - t; reads++; } },
  write: (b: IoBatch) => { const t = performance.now(); const p = remote.write(b); writeTime += performance.now() - t; return p; },
  prefetch: (b: IoBatch) => remote.prefetch(b), endAccess: () => remote.endAccess(),
};
const o = await createAsyncRingOram({ ...opts, storage: timed });
const rng = createRng('rt'); const data = new Uint8Array(64).fill(1);
for (let a = 0; a < N; a++) await o.write(a, data);
for (const round of [0, 1, 2]) {
  readWait = 0; reads = 0; writeTime = 0;
  const t0 = performance.now(); const K = 3000;
  for (let i = 0; i < K; i++) { const a = rng.int(0, N - 1); if (rng.next() < 0.5) await o.write(a, data); else await o.read(a); }
  const dt = performance.now() - t0;
  console.log(`round ${round}: ${(K / dt * 1000).toFixed(0)}/s; per access ${(dt / K * 1000).toFixed(0)} us = awaited reads ${(readWait / K * 1000).toFixed(0)} us (${(reads / K).toFixed(2)} x ${(readWait / reads * 1000).toFixed(0)} us) + rest ${((dt - readWait) / K * 1000).toFixed(0)} us (write() calls ${(writeTime / K * 1000).toFixed(0)} us)`);
}
await remote.close(); child.kill();
