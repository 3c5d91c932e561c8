// Remote storage and durability bench. Run: pnpm --filter @paperlab/oram bench:remote [--quick]
// [--rounds R] [--seconds S] [--only REGEX] [--spin-us N] [--queued N]; BENCH_SERVER_CPU_PROF=DIR profiles the server child
// (`node --cpu-prof --import tsx --conditions=@paperlab/source bench/remote.ts` the client).
// Ring ORAM, 2^16 blocks x 64 B (2^10 with --quick), AES-256-CTR + Poly1305 (nodeAes), on a
// full tree (every address written once), uniform addresses, half reads and half writes; one
// access awaited at a time unless a row says otherwise. Rows:
//   in-memory    the synchronous ORAM on createMemoryStorage: the yardstick. Its rounds are
//                interleaved with every other row's, and each row's ratio is to the median of
//                the in-memory rounds run beside it (the machine is shared and noisy).
//   async, mem   createAsyncRingOram on the in-memory storage: the cost of the async driver
//   remote       createAsyncRingOram on createRemoteStorage over loopback: server in this
//                process (fsync off); `paperlab-oram serve` in a child process, --no-fsync and
//                fsync on (durability on), with busy polling at both ends (`serve --spin-us N`,
//                spinMicros N; N = --spin-us, default 1000, the library's default) and again
//                without (--spin-us 0, spinMicros 0). Writes are pipelined (sent, not awaited). The "calls queued" rows make --queued calls
//                (default 16) at once and await them together: the ORAM still runs one access
//                at a time, and fetches each next access's metadata with the access before.
//   Path ORAM    createAsyncPathOram through `paperlab-oram serve` (--no-fsync), calls queued
//   remote+dur   openDurableRingOram on `paperlab-oram serve` (fsync on), 64 in flight
//   file+dur     openDurableRingOram on createFileBatchStore + createFileJournal, fsync on
// For the remote rows it prints, per access and by phase of the Ring ORAM access (Ren et al.
// 2015: ReadPath online, EvictPath every A accesses, EarlyReshuffle), the awaited round trips
// (reads) and the pipelined write messages, and the bytes on the wire each way.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRng } from '@paperlab/stats';
import { WebSocket } from 'ws';
import {
  type AsyncBatchedStorage,
  type ClientJournal,
  createAsyncPathOram,
  createAsyncRingOram,
  createFileBatchStore,
  createFileJournal,
  createFileStorage,
  createMemoryJournal,
  createMemoryStorage,
  createPathOram,
  createRemoteStorage,
  createRingOram,
  type IoBatch,
  nodeAes,
  type OramStorage,
  openDurableRingOram,
  pathStorageShape,
  type RemoteStorage,
  ringStorageShape,
  startOramServer,
  type TraceEvent,
} from '../src/node.js';
import { encodeRedoRecord } from '../src/remote/redoRecord.js';
import { createSpinWait } from '../src/remote/spinWait.js';
import { asyncStorageOf } from '../src/storage/batchedStorageOf.js';

// A leading `--` (what `pnpm <script> -- …` passes on) is not an argument.
const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();
const { values: args } = parseArgs({
  args: argv,
  options: {
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    only: { type: 'string', default: '.' },
    'spin-us': { type: 'string', default: '1000' },
    queued: { type: 'string', default: '16' },
  },
});
/** The number given for --name, checked against [lo, hi] (and to be whole when `int`). */
const numberFlag = (name: string, value: string, lo: number, hi: number, int: boolean): number => {
  const v = Number(value);
  if (!(v >= lo && v <= hi) || (int && !Number.isInteger(v)))
    throw new RangeError(
      `--${name} must be ${int ? 'an integer' : 'a number'} in [${lo}, ${hi}], got ${value}`,
    );
  return v;
};
const quick = args.quick === true;
const N = quick ? 2 ** 10 : 2 ** 16;
const B = 64;
const seconds = numberFlag('seconds', args.seconds ?? (quick ? '0.5' : '2'), 0.01, 600, false);
const rounds = numberFlag('rounds', args.rounds ?? (quick ? '1' : '3'), 1, 100, true);
const only = new RegExp(args.only!);
/** Busy polling at both ends in the rows that say so (`serve --spin-us`, spinMicros). */
const SPIN_US = numberFlag('spin-us', args['spin-us']!, 0, 1_000_000, true);
/** Calls made at once in the "calls queued" rows (--queued). */
const QUEUED = numberFlag('queued', args.queued!, 2, 4096, true);
const options = { capacity: N, blockSize: B, key: new Uint8Array(32).fill(7), cipher: nodeAes };
const shape = ringStorageShape(options);
const root = mkdtempSync(join(tmpdir(), 'oram-bench-remote-'));
const rng = createRng('bench-remote');
const workload = (n: number) =>
  Array.from({ length: n }, () => ({ addr: rng.int(0, N - 1), write: rng.next() < 0.5 }));
const data = new Uint8Array(B).fill(3);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

console.log('# @paperlab/oram remote bench\n');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`load average at start: ${load()}`);
console.log(
  `Ring ORAM N = ${N}, ${B} B blocks, nodeAes, full tree, uniform, 50 % reads; ${rounds} rounds of ${seconds} s per row, interleaved with in-memory rounds\n`,
);

// Prefill once in memory; every row starts from a copy of this tree and state.
const memory = createMemoryStorage(shape);
const yard = createRingOram({ ...options, storage: memory });
let t0 = performance.now();
for (let a = 0; a < N; a++) yard.write(a, data);
console.error(`prefilled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
t0 = performance.now();
const prefilled = yard.exportState();
console.log(
  `client state (exportState, written by every durable commit): ${prefilled.length} B, exported in ${(performance.now() - t0).toFixed(1)} ms\n`,
);

/** Copies every slot and metadata location of a tree of `shape` from one storage to another. */
function copyTree(from: OramStorage, to: OramStorage, treeShape = shape): void {
  const slot = new Uint8Array(treeShape.slotBytes);
  const meta = new Uint8Array(treeShape.metaBytes);
  for (let b = 0; b < treeShape.bucketCount; b++) {
    from.readMeta(b, meta, 0);
    to.writeMeta(b, meta, 0);
    for (let s = 0; s < treeShape.slotsPerBucket; s++) {
      from.readSlot(b, s, slot);
      to.writeSlot(b, s, slot);
    }
  }
}
// The prefilled tree in a directory laid out as createFileBatchStore's, taken before the
// yardstick runs (it changes `memory`); each row copies it.
const template = join(root, 'template');
mkdirSync(template, { recursive: true });
{
  const file = createFileStorage(join(template, 'tree.bin'), shape, { create: true });
  copyTree(memory, file);
  file.close?.();
}
const freshDir = (name: string, store: string): string => {
  const dir = join(root, name);
  cpSync(template, join(dir, store), { recursive: true });
  return dir;
};
/** A second in-memory copy of the prefilled tree (for the async in-memory row). */
function memoryCopy() {
  const m = createMemoryStorage(shape);
  const file = createFileStorage(join(template, 'tree.bin'), shape);
  copyTree(file, m);
  file.close?.();
  return m;
}

type Op = { addr: number; write: boolean };
/** What a row needs of an asynchronous ORAM (Ring or Path). */
type BenchOram = {
  read(addr: number): Promise<Uint8Array>;
  write(addr: number, data: Uint8Array): Promise<void>;
};
/** Runs batches of 64 accesses for `seconds`; returns accesses/s and the count. */
async function timeAccesses(
  run: (ops: Op[]) => Promise<void> | void,
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
const memoryRound = () =>
  timeAccesses((ops) => {
    for (const op of ops) {
      if (op.write) yard.write(op.addr, data);
      else yard.read(op.addr);
    }
  });

/**
 * Counts the storage's batches by the phase of the access that issued them, and, on a remote
 * storage, the READ and WRITE messages each phase really sent (a read answered from the
 * client's own writes of the access sends none). The ORAM's observer reports a batch's
 * locations, with their phase, once the batch is done and before the next batch starts (one
 * batch in flight at a time), so each batch takes the phase of its first location that is not
 * an 'integrity' one.
 */
function phaseCounter<S extends AsyncBatchedStorage>(inner: S, wire?: RemoteStorage) {
  const counts = new Map<string, number>();
  let open: { op: string; phase: string | undefined; sent: number } | undefined;
  const sentSoFar = (op: string) =>
    wire === undefined ? 1 : op === 'read' ? wire.counters.reads : wire.counters.writes;
  const close = () => {
    if (open === undefined) return;
    const k = `${open.op} ${open.phase ?? 'integrity'}`;
    const sent = wire === undefined ? 1 : sentSoFar(open.op) - open.sent;
    counts.set(k, (counts.get(k) ?? 0) + sent);
    open = undefined;
  };
  /** Milliseconds the ORAM waited for reads that sent or awaited a READ (the round trips). */
  let waitMs = 0;
  const wrap = (op: 'read' | 'write') => (batch: IoBatch) => {
    close();
    open = { op, phase: undefined, sent: wire === undefined ? 0 : sentSoFar(op) };
    if (op === 'write' || wire === undefined) return inner[op](batch);
    const t = performance.now();
    const reads = wire.counters.reads;
    const waited = wire.counters.waitedAhead;
    return inner.read(batch).then(() => {
      // A read that sent a READ, or waited for one sent earlier on its own (a Path ORAM
      // access's path fetched while the access before it ran).
      if (wire.counters.reads > reads || wire.counters.waitedAhead > waited)
        waitMs += performance.now() - t;
    });
  };
  const storage: AsyncBatchedStorage = {
    batched: 'async',
    bucketCount: inner.bucketCount,
    slotsPerBucket: inner.slotsPerBucket,
    slotBytes: inner.slotBytes,
    metaBytes: inner.metaBytes,
    read: wrap('read'),
    write: wrap('write'),
  };
  if (inner.endAccess !== undefined) storage.endAccess = () => inner.endAccess!();
  if (inner.prefetch !== undefined) storage.prefetch = (b) => inner.prefetch!(b);
  if (inner.peek !== undefined) storage.peek = (b) => inner.peek!(b);
  if (inner.prefetchNext !== undefined) storage.prefetchNext = (b) => inner.prefetchNext!(b);
  const observer = (ev: TraceEvent) => {
    if (open !== undefined && open.phase === undefined && ev.phase !== 'integrity')
      open.phase = ev.phase;
  };
  return {
    storage,
    observer,
    snapshot(): Map<string, number> {
      close();
      return new Map(counts);
    },
    get waitMs() {
      return waitMs;
    },
  };
}

interface Row {
  name: string;
  perSecond: number[];
  memory: number[];
  extra: string;
}
const rows: Row[] = [];

/** Interleaves `rounds` in-memory rounds with `rounds` rounds of `run`. */
async function measure(
  name: string,
  run: (ops: Op[]) => Promise<void>,
  extra: (count: number) => string = () => '',
): Promise<void> {
  if (!only.test(name)) return;
  const row: Row = { name, perSecond: [], memory: [], extra: '' };
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    row.memory.push((await memoryRound()).perSecond);
    const m = await timeAccesses(run);
    row.perSecond.push(m.perSecond);
    total += m.count;
  }
  row.extra = extra(total);
  rows.push(row);
  console.error(`${name}: ${Math.round(median(row.perSecond))}/s`);
}

const PHASES = ['online', 'evict', 'reshuffle', 'integrity'] as const;
function phaseText(counts: Map<string, number>, count: number): string {
  const per = (op: string) => {
    let sum = 0;
    const parts: string[] = [];
    for (const p of PHASES) {
      const n = (counts.get(`${op} ${p}`) ?? 0) / count;
      sum += n;
      if (n > 0) parts.push(`${p} ${n.toFixed(2)}`);
    }
    return `${sum.toFixed(2)} (${parts.join(', ')})`;
  };
  return `awaited round trips (READs)/access ${per('read')}; pipelined WRITEs/access ${per('write')}`;
}

/**
 * CPU seconds in user and in system mode (all threads) a process has used so far, from /proc
 * (Linux; its clock ticks are 1/100 s), or undefined where there is no /proc.
 */
function processCpuSeconds(pid: number | undefined): { user: number; system: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(f[11]) / 100, system: Number(f[12]) / 100 };
  } catch {
    return undefined;
  }
}

async function asyncRow(
  name: string,
  base: AsyncBatchedStorage,
  wire?: RemoteStorage,
  floorUs?: number,
  serverPid?: number,
  queued = 1,
  /** The ORAM of the row (default: the prefilled Ring ORAM) on the counting storage. */
  open: (storage: AsyncBatchedStorage, observer: (e: TraceEvent) => void) => Promise<BenchOram> = (
    storage,
    observer,
  ) => createAsyncRingOram({ ...options, storage, state: prefilled, observer }),
): Promise<void> {
  const counter = phaseCounter(base, wire);
  const o = await open(counter.storage, counter.observer);
  const before = wire === undefined ? undefined : { ...wire.counters };
  const serverStats = async () =>
    wire === undefined
      ? undefined
      : ((await (await fetch(`${wire.url.replace(/^ws/, 'http')}/stats`)).json()) as {
          messages: number;
          messagesOut?: number;
          serveMs: number;
          sendMs: number;
          journalMs: number;
          spinTurns: number;
          spinPreempted: number;
          spinWasted: number;
        });
  const serverBefore = await serverStats();
  const cpuBefore = processCpuSeconds(serverPid);
  const waitBefore = counter.waitMs;
  let accesses = 0;
  let elapsedMs = 0;
  await measure(
    name,
    async (ops) => {
      const t = performance.now();
      if (queued === 1) {
        for (const op of ops) {
          if (op.write) await o.write(op.addr, data);
          else await o.read(op.addr);
        }
      } else {
        // `queued` calls made at once: the ORAM runs them one at a time, in order, and names
        // each next access's metadata with the access before (prefetchNext).
        for (let i = 0; i < ops.length; i += queued) {
          await Promise.all(
            ops
              .slice(i, i + queued)
              .map((op) => (op.write ? o.write(op.addr, data) : o.read(op.addr))),
          );
        }
      }
      elapsedMs += performance.now() - t;
    },
    (count) => {
      accesses = count;
      let text = phaseText(counter.snapshot(), count);
      if (wire !== undefined) {
        const us = (ms: number) => ((ms * 1000) / count).toFixed(0);
        const wait = counter.waitMs - waitBefore;
        const reads = wire.counters.reads - before!.reads;
        text += `; per access ${us(elapsedMs)} us = ${us(wait)} us awaiting READs (${((wait * 1000) / reads).toFixed(0)} us each) + ${us(elapsedMs - wait)} us client work; messages sent/access ${((wire.counters.messages - before!.messages) / count).toFixed(2)}`;
        if (floorUs !== undefined) {
          // The bound no server can beat on this transport: every awaited READ costs at least
          // the round-trip floor, and the client's own work is not overlapped with it.
          const rts = reads / count;
          const work = ((elapsedMs - wait) * 1000) / count;
          const bound = floorUs * rts + work;
          text += `; bound: floor ${floorUs.toFixed(0)} us x ${rts.toFixed(2)} READs + ${work.toFixed(0)} us client work = ${bound.toFixed(0)} us, at most ${Math.round(1e6 / bound)} accesses/s`;
        }
      }
      if (wire !== undefined && before !== undefined) {
        const c = wire.counters;
        text += `; wire B/access sent ${((c.bytesSent - before.bytesSent) / count).toFixed(0)}, received ${((c.bytesReceived - before.bytesReceived) / count).toFixed(0)}; locations/access answered by the client from its own writes ${((c.localLocations - before.localLocations) / count).toFixed(2)}, from locations fetched ahead ${((c.prefetchedLocations - before.prefetchedLocations) / count).toFixed(2)}; reads that waited for a READ sent ahead on its own ${((c.waitedAhead - before.waitedAhead) / count).toFixed(2)}/access`;
      }
      return text;
    },
  );
  const serverAfter = await serverStats();
  const cpuAfter = processCpuSeconds(serverPid);
  const row = rows[rows.length - 1];
  if (serverBefore !== undefined && serverAfter !== undefined && row?.name === name) {
    const n = serverAfter.messages - serverBefore.messages;
    const per = (ms: number) => ((ms * 1000) / n).toFixed(1);
    row.extra += `; server per message received: ${per(serverAfter.serveMs - serverBefore.serveMs)} us serving, ${per(serverAfter.sendMs - serverBefore.sendMs)} us sending its reply, then ${per(serverAfter.journalMs - serverBefore.journalMs)} us journaling and acknowledging`;
    if (serverAfter.messagesOut !== undefined && serverBefore.messagesOut !== undefined)
      row.extra += `; server messages sent/access ${((serverAfter.messagesOut - serverBefore.messagesOut) / accesses).toFixed(2)}`;
    if (cpuBefore !== undefined && cpuAfter !== undefined) {
      const us = (s: number) => ((s * 1e6) / accesses).toFixed(0);
      const user = cpuAfter.user - cpuBefore.user;
      const system = cpuAfter.system - cpuBefore.system;
      row.extra += `; server process CPU ${us(user + system)} us/access (user ${us(user)}, system ${us(system)})`;
    }
    if (serverAfter.spinTurns > 0 || (wire?.spinTurns ?? 0) > 0)
      row.extra += `; busy polling: server ${serverAfter.spinTurns - serverBefore.spinTurns} turns, ${serverAfter.spinPreempted - serverBefore.spinPreempted} preempted spins, ${serverAfter.spinWasted - serverBefore.spinWasted} wasted; client ${wire!.spinTurns} turns, ${wire!.spinPreempted} preempted spins, ${wire!.spinWasted} wasted`;
  }
}

const serverProfDir = process.env.BENCH_SERVER_CPU_PROF;
function startServer(
  dir: string,
  fsync: boolean,
  spinUs: number,
): Promise<{ url: string; pid?: number; stop: () => Promise<void> }> {
  const pkg = fileURLToPath(new URL('..', import.meta.url));
  const args = [
    // BENCH_SERVER_CPU_PROF=DIR: the server child writes a V8 CPU profile into DIR when it stops.
    ...(serverProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${serverProfDir}`]),
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
  args.push('--spin-us', String(spinUs));
  const child = spawn(process.execPath, args, { cwd: pkg, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(ws:\/\/\S+)/.exec(out);
      if (m)
        resolve({
          url: m[1]!,
          pid: child.pid,
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

/**
 * The floor under every awaited round trip: one binary WebSocket message each way between this
 * process and a child that answers at once, `ws` on loopback as the server uses it, with the
 * mean sizes of a round trip through serve (a READ with its bundled WRITEs out, its reply
 * back). It includes both processes' event-loop turns and the kernel waking each of them.
 */
async function roundTripFloor(outBytes: number, backBytes: number, trips: number, spinUs = 0) {
  // With spinUs, both ends busy-poll as serve --spin-us and spinMicros do (spinWait.ts).
  const echo = `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
const back = new Uint8Array(${backBytes});
let until = 0, running = false;
const tick = () => { if (performance.now() < until) setImmediate(tick); else running = false; };
wss.on('listening', () => console.log(wss.address().port));
wss.on('connection', (ws) => ws.on('message', () => {
  ws.send(back);
  if (${spinUs} > 0) { until = performance.now() + ${spinUs / 1000}; if (!running) { running = true; setImmediate(tick); } }
}));`;
  const pkg = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, ['--input-type=module', '-e', echo], {
    cwd: pkg,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      child.once('exit', (code) => reject(new Error(`echo server exited (${code})`)));
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    const out = new Uint8Array(outBytes);
    let waiting = false;
    const spin = createSpinWait(spinUs, () => waiting);
    const t = performance.now();
    await new Promise<void>((resolve) => {
      let n = 0;
      ws.on('message', () => {
        waiting = false;
        if (++n === trips) return resolve();
        ws.send(out);
        waiting = true;
        spin.kick();
      });
      ws.send(out);
      waiting = true;
      spin.kick();
    });
    const us = ((performance.now() - t) * 1000) / trips;
    ws.close();
    return us;
  } finally {
    child.kill();
  }
}
/**
 * The same round trip on a bare TCP socket (`node:net`, Nagle off, as `ws` sets it): what is
 * left of the floor without WebSocket framing, masking and the `ws` parser, i.e. the two
 * processes' event loops and the kernel. The gap between the two is what `ws` itself costs.
 */
async function netRoundTripFloor(outBytes: number, backBytes: number, trips: number) {
  const echo = `import { createServer } from 'node:net';
const back = Buffer.alloc(${backBytes});
const srv = createServer((s) => {
  s.setNoDelay(true);
  let have = 0;
  s.on('data', (d) => {
    have += d.length;
    while (have >= ${outBytes}) { have -= ${outBytes}; s.write(back); }
  });
});
srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', echo], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      child.once('exit', (code) => reject(new Error(`echo server exited (${code})`)));
    });
    const sock = await new Promise<Socket>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    sock.setNoDelay(true);
    const out = Buffer.alloc(outBytes);
    const t = performance.now();
    await new Promise<void>((resolve) => {
      let n = 0;
      let have = 0;
      sock.on('data', (d: Buffer) => {
        have += d.length;
        while (have >= backBytes) {
          have -= backBytes;
          if (++n === trips) return resolve();
          sock.write(out);
        }
      });
      sock.write(out);
    });
    const us = ((performance.now() - t) * 1000) / trips;
    sock.destroy();
    return us;
  } finally {
    child.kill();
  }
}
/** The ws floor without and with busy polling, for the bound each remote row prints. */
let floorUs: number | undefined;
let spinFloorUs: number | undefined;
if (only.test('round trip floor')) {
  const us = await roundTripFloor(3100, 2150, 20_000);
  const netUs = await netRoundTripFloor(3100, 2150, 20_000);
  const spinFloor = await roundTripFloor(3100, 2150, 20_000, SPIN_US);
  floorUs = us;
  spinFloorUs = spinFloor;
  console.log(
    `round trip floor (a child that answers at once, 3,100 B out / 2,150 B back, 20,000 trips each): ws on loopback ${us.toFixed(0)} us, bare TCP (node:net) ${netUs.toFixed(0)} us, ws with busy polling ${SPIN_US} us at both ends ${spinFloor.toFixed(0)} us per round trip\n`,
  );
}

await asyncRow('async ORAM on the in-memory storage (no network)', asyncStorageOf(memoryCopy()));

for (const [fsync, inProcess, spinUs, queued] of [
  [false, true, 0, 1],
  [false, false, SPIN_US, 1],
  [true, false, SPIN_US, 1],
  [false, false, 0, 1],
  [true, false, 0, 1],
  [false, false, SPIN_US, QUEUED],
  [true, false, SPIN_US, QUEUED],
  [false, false, 0, QUEUED],
  [true, false, 0, QUEUED],
] as const) {
  const name = `remote, server ${inProcess ? 'in this process' : '`paperlab-oram serve` child'}, fsync ${fsync ? 'on' : 'off'}${spinUs > 0 ? `, busy polling ${spinUs} us both ends` : ', no busy polling'}${queued > 1 ? `, ${queued} calls queued` : ''}`;
  if (!only.test(name)) continue;
  const dir = freshDir(`server-${fsync}-${inProcess}-${spinUs}-${queued}`, 'bench');
  const server: { url: string; pid?: number; stop: () => Promise<void> } = inProcess
    ? await startOramServer({ dir, port: 0, fsync, traceLimit: 0, spinMicros: spinUs }).then(
        (s) => ({
          url: s.url,
          stop: () => s.close(),
        }),
      )
    : await startServer(dir, fsync, spinUs);
  try {
    const storage = await createRemoteStorage({
      url: server.url,
      name: 'bench',
      shape,
      spinMicros: spinUs,
    });
    await asyncRow(name, storage, storage, spinUs > 0 ? spinFloorUs : floorUs, server.pid, queued);
    await storage.close();
  } finally {
    await server.stop();
  }
}

// Path ORAM through serve with calls queued: each access names the next path, and the names
// go with its own READ, or in a READ of their own sent while it runs (AsyncBatchedStorage.prefetchNext).
{
  const name = `Path ORAM (not Ring), remote, \`paperlab-oram serve\` child, fsync off, busy polling ${SPIN_US} us both ends, ${QUEUED} calls queued`;
  if (only.test(name)) {
    const pathShape = pathStorageShape(options);
    const mem = createMemoryStorage(pathShape);
    const sync = createPathOram({ ...options, storage: mem });
    const t = performance.now();
    for (let a = 0; a < N; a++) sync.write(a, data);
    console.error(`Path ORAM prefilled in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const state = sync.exportState();
    const dir = join(root, 'path-server');
    mkdirSync(join(dir, 'bench'), { recursive: true });
    const file = createFileStorage(join(dir, 'bench', 'tree.bin'), pathShape, { create: true });
    copyTree(mem, file, pathShape);
    file.close?.();
    const server = await startServer(dir, false, SPIN_US);
    try {
      const storage = await createRemoteStorage({
        url: server.url,
        name: 'bench',
        shape: pathShape,
        spinMicros: SPIN_US,
      });
      await asyncRow(name, storage, storage, floorUs, server.pid, QUEUED, (st, observer) =>
        createAsyncPathOram({ ...options, storage: st, state, observer }),
      );
      await storage.close();
    } finally {
      await server.stop();
    }
  }
}

/** A durable store prefilled: the tree copied, plus a client record of the prefilled state. */
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
  await measure(
    name,
    async (ops) => {
      for (let i = 0; i < ops.length; i += inFlight) {
        await Promise.all(
          ops
            .slice(i, i + inFlight)
            .map((op) => (op.write ? d.write(op.addr, data) : d.read(op.addr))),
        );
      }
    },
    (count) => {
      let extra = `commits/access ${((d.seq - seqBefore) / count).toFixed(3)}`;
      if (before !== undefined) {
        const c = counters!();
        const rt = (c.reads - before.reads + c.writes - before.writes) / count;
        extra += `, awaited round trips/access ${rt.toFixed(2)}, wire B/access sent ${((c.bytesSent - before.bytesSent) / count).toFixed(0)} received ${((c.bytesReceived - before.bytesReceived) / count).toFixed(0)}`;
      }
      return extra;
    },
  );
  await d.close();
}

{
  const name = `remote+durable, 64 in flight, \`paperlab-oram serve\` fsync on, busy polling ${SPIN_US} us both ends`;
  if (only.test(name)) {
    const dir = freshDir('server-durable', 'bench');
    const server = await startServer(dir, true, SPIN_US);
    try {
      const store = await createRemoteStorage({
        url: server.url,
        name: 'bench',
        shape,
        spinMicros: SPIN_US,
      });
      await durableRow(name, store, createMemoryJournal(), 64, () => ({ ...store.counters }));
    } finally {
      await server.stop();
    }
  }
}
for (const inFlight of [1, 64]) {
  const name = `file+durable, fsync on, ${inFlight} in flight`;
  if (!only.test(name)) continue;
  const dir = freshDir(`file-${inFlight}`, 'store');
  const store = createFileBatchStore({ dir: join(dir, 'store'), shape, fsync: true });
  await durableRow(
    name,
    store,
    createFileJournal(join(dir, 'client.rec'), { fsync: true }),
    inFlight,
  );
}

if (rows.length === 0) {
  // Nothing to compare: say so instead of a median over no rounds (NaN).
  console.log(`no remote row matches --only ${JSON.stringify(args.only)}; nothing measured`);
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
}
const allMemory = rows.flatMap((r) => r.memory);
console.log(
  `in-memory (sync) yardstick: median ${Math.round(median(allMemory))} accesses/s over ${allMemory.length} rounds (min ${Math.round(Math.min(...allMemory))}, max ${Math.round(Math.max(...allMemory))})\n`,
);
console.log('| configuration | accesses/s | in-memory beside it | ratio | notes |');
console.log('|---|---:|---:|---:|---|');
for (const r of rows) {
  const v = median(r.perSecond);
  const m = median(r.memory);
  console.log(
    `| ${r.name} | ${Math.round(v)} | ${Math.round(m)} | ${(v / m).toFixed(3)} | ${r.extra} |`,
  );
}
console.log(`\nload average at end: ${load()}`);
rmSync(root, { recursive: true, force: true });
