// Remote storage and durability bench. Run: pnpm --filter @paperlab/oram bench:remote [--quick]
// Ring ORAM, 2^16 blocks x 64 B (2^10 with --quick), AES-256-CTR + Poly1305 (nodeAes), on a
// fully written tree, uniform addresses, half reads and half writes. Rows:
//   in-memory   the synchronous ORAM on createMemoryStorage (the yardstick of this run)
//   remote      createAsyncRingOram on createRemoteStorage, server `paperlab-oram serve` in a
//               child process over loopback; --no-fsync, then fsync on
//   remote+dur  openDurableRingOram on the same server (client record in memory), 64 accesses
//               in flight: group commit, one write batch per epoch
//   file+dur    openDurableRingOram on createFileBatchStore + createFileJournal, fsync on,
//               1 access in flight and 64 in flight
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@paperlab/stats';
import {
  type ClientJournal,
  createAsyncRingOram,
  createFileBatchStore,
  createFileJournal,
  createFileStorage,
  createMemoryJournal,
  createMemoryStorage,
  createRemoteStorage,
  createRingOram,
  nodeAes,
  openDurableRingOram,
  ringStorageShape,
} from '../src/node.js';
import { encodeRedoRecord } from '../src/remote/redoRecord.js';

const quick = process.argv.includes('--quick');
const N = quick ? 2 ** 10 : 2 ** 16;
const B = 64;
const seconds = quick ? 1 : 3;
const options = { capacity: N, blockSize: B, key: new Uint8Array(32).fill(7), cipher: nodeAes };
const shape = ringStorageShape(options);
const root = mkdtempSync(join(tmpdir(), 'oram-bench-remote-'));
const rng = createRng('bench-remote');
const workload = (n: number) =>
  Array.from({ length: n }, () => ({ addr: rng.int(0, N - 1), write: rng.next() < 0.5 }));
const data = new Uint8Array(B).fill(3);

console.log('# @paperlab/oram remote bench\n');
console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(`Ring ORAM N = ${N}, ${B} B blocks, nodeAes, prefilled, uniform, 50 % reads\n`);

// Prefill once in memory; every row starts from a copy of this tree and state.
const memory = createMemoryStorage(shape);
const seed = createRingOram({ ...options, storage: memory });
const t0 = performance.now();
for (let a = 0; a < N; a++) seed.write(a, data);
const prefilled = seed.exportState();
console.error(`prefilled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

/** Writes the prefilled tree into a directory laid out as createFileBatchStore's. */
function dumpTree(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const file = createFileStorage(join(dir, 'tree.bin'), shape, { create: true });
  const slot = new Uint8Array(shape.slotBytes);
  const meta = new Uint8Array(shape.metaBytes);
  for (let b = 0; b < shape.bucketCount; b++) {
    memory.readMeta(b, meta, 0);
    file.writeMeta(b, meta, 0);
    for (let s = 0; s < shape.slotsPerBucket; s++) {
      memory.readSlot(b, s, slot);
      file.writeSlot(b, s, slot);
    }
  }
  file.close?.();
}

interface Row {
  name: string;
  perSecond: number;
  extra: string;
}
const rows: Row[] = [];

async function timeAccesses(
  run: (ops: { addr: number; write: boolean }[]) => Promise<void> | void,
): Promise<{ perSecond: number; count: number }> {
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    const ops = workload(64);
    await run(ops);
    count += ops.length;
  }
  return { perSecond: count / ((performance.now() - start) / 1000), count };
}

// In memory (the yardstick).
{
  const o = createRingOram({ ...options, storage: createMemoryStorage(shape), state: undefined });
  for (let a = 0; a < N; a++) o.write(a, data);
  const r = await timeAccesses((ops) => {
    for (const op of ops) {
      if (op.write) o.write(op.addr, data);
      else o.read(op.addr);
    }
  });
  rows.push({ name: 'in-memory (sync)', perSecond: r.perSecond, extra: '' });
}
const baseline = rows[0]!.perSecond;

function startServer(
  dir: string,
  fsync: boolean,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const pkg = fileURLToPath(new URL('..', import.meta.url));
  const args = [
    '--import',
    'tsx',
    '--conditions=@paperlab/source',
    'src/cli/main.ts',
    'serve',
    '--dir',
    dir,
    '--port',
    '0',
  ];
  if (!fsync) args.push('--no-fsync');
  const child = spawn(process.execPath, args, { cwd: pkg, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(ws:\/\/\S+)/.exec(out);
      if (m)
        resolve({
          url: m[1]!,
          stop: () =>
            new Promise((r) => {
              child.once('exit', () => r());
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
}

for (const fsync of [false, true]) {
  const dir = join(root, `server-${fsync}`);
  dumpTree(join(dir, 'bench'));
  const server = await startServer(dir, fsync);
  try {
    const storage = await createRemoteStorage({ url: server.url, name: 'bench', shape });
    const o = await createAsyncRingOram({ ...options, storage, state: prefilled });
    const before = { ...storage.counters };
    const r = await timeAccesses(async (ops) => {
      for (const op of ops) {
        if (op.write) await o.write(op.addr, data);
        else await o.read(op.addr);
      }
    });
    const c = storage.counters;
    const reads = (c.reads - before.reads) / r.count;
    const writes = (c.writes - before.writes) / r.count;
    const sent = (c.bytesSent - before.bytesSent) / r.count;
    const recv = (c.bytesReceived - before.bytesReceived) / r.count;
    rows.push({
      name: `remote, server fsync ${fsync ? 'on' : 'off'}`,
      perSecond: r.perSecond,
      extra: `round trips/access ${(reads + writes).toFixed(2)} (read ${reads.toFixed(2)}, write ${writes.toFixed(2)}), wire B/access sent ${sent.toFixed(0)} received ${recv.toFixed(0)}`,
    });
    await storage.close();
  } finally {
    await server.stop();
  }
}

/** A durable store prefilled: the tree dumped, plus a client record of the prefilled state. */
async function durableRow(
  name: string,
  store: Parameters<typeof openDurableRingOram>[1]['store'],
  journal: ClientJournal,
  inFlight: number,
  counters?: () => { reads: number; writes: number; bytesSent: number; bytesReceived: number },
): Promise<void> {
  await journal.save(
    encodeRedoRecord({
      seq: store.appliedSeq,
      state: prefilled,
      batch: { seq: store.appliedSeq, entries: [] },
    }),
  );
  const d = await openDurableRingOram(options, { store, journal, maxEpochAccesses: 64 });
  const before = counters?.();
  const seqBefore = d.seq;
  const r = await timeAccesses(async (ops) => {
    for (let i = 0; i < ops.length; i += inFlight) {
      await Promise.all(
        ops
          .slice(i, i + inFlight)
          .map((op) => (op.write ? d.write(op.addr, data) : d.read(op.addr))),
      );
    }
  });
  let extra = `commits/access ${((d.seq - seqBefore) / r.count).toFixed(3)}`;
  if (before !== undefined) {
    const c = counters!();
    const rt = (c.reads - before.reads + c.writes - before.writes) / r.count;
    extra += `, round trips/access ${rt.toFixed(2)}, wire B/access sent ${((c.bytesSent - before.bytesSent) / r.count).toFixed(0)} received ${((c.bytesReceived - before.bytesReceived) / r.count).toFixed(0)}`;
  }
  rows.push({ name, perSecond: r.perSecond, extra });
  await d.close();
}

{
  const dir = join(root, 'server-durable');
  dumpTree(join(dir, 'bench'));
  const server = await startServer(dir, true);
  try {
    const store = await createRemoteStorage({ url: server.url, name: 'bench', shape });
    await durableRow(
      'remote+durable, 64 in flight, server fsync on',
      store,
      createMemoryJournal(),
      64,
      () => ({ ...store.counters }),
    );
  } finally {
    await server.stop();
  }
}
for (const inFlight of [1, 64]) {
  const dir = join(root, `file-${inFlight}`);
  dumpTree(join(dir, 'store'));
  const store = createFileBatchStore({ dir: join(dir, 'store'), shape, fsync: true });
  await durableRow(
    `file+durable, fsync on, ${inFlight} in flight`,
    store,
    createFileJournal(join(dir, 'client.rec'), { fsync: true }),
    inFlight,
  );
}

console.log('| configuration | accesses/s | ratio to in-memory | notes |');
console.log('|---|---:|---:|---|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${Math.round(r.perSecond)} | ${(r.perSecond / baseline).toFixed(3)} | ${r.extra} |`,
  );
}
console.log(
  `\nload average at end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
rmSync(root, { recursive: true, force: true });
