// The storage server (`paperlab-oram serve`) attacked with malformed and out-of-order input,
// restarted, and read back: it must refuse what the wire format does not allow with an error
// naming the field, leave the store unchanged, and keep what it acknowledged.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type OramServer, startOramServer } from '../src/node/oramServer.ts';
import { createRemoteStorage, type WebSocketConstructor } from '../src/remote/remoteStorage.ts';
import {
  decodeBundleResponse,
  decodeResponse,
  encodeBundle,
  encodeHello,
  encodeRead,
  encodeWrite,
  OP_BUNDLE,
} from '../src/remote/wireCodec.ts';
import type { BatchEntry } from '../src/remote/writeBatch.ts';
import { badShapes } from './support/badShapes.ts';

const shape = { bucketCount: 15, slotsPerBucket: 4, slotBytes: 8, metaBytes: 5 };
const WS = WebSocket as unknown as WebSocketConstructor;
const dir = mkdtempSync(join(tmpdir(), 'oram-server-'));
let server: OramServer;
const open: WebSocket[] = [];

beforeAll(async () => {
  server = await startOramServer({ dir, port: 0, fsync: false, maxMessageBytes: 4096 });
});
afterAll(async () => {
  for (const s of open) s.terminate();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw connection that sends bytes and returns the decoded reply. */
async function raw() {
  const ws = new WebSocket(server.url);
  open.push(ws);
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  const send = (msg: Uint8Array | string) =>
    new Promise<ReturnType<typeof decodeResponse>>((resolve, reject) => {
      const onClose = (code: number) => reject(new Error(`closed ${code}`));
      ws.once('message', (d: Buffer) => {
        ws.off('close', onClose);
        resolve(decodeResponse(new Uint8Array(d)));
      });
      ws.once('close', onClose);
      ws.send(msg);
    });
  /** Sends one message and collects the responses of `n` requests (bundles taken apart). */
  const sendAll = (msg: Uint8Array, n: number) =>
    new Promise<ReturnType<typeof decodeResponse>[]>((resolve, reject) => {
      const got: ReturnType<typeof decodeResponse>[] = [];
      const onClose = (code: number) => reject(new Error(`closed ${code}`));
      const onMessage = (d: Buffer) => {
        const res = decodeResponse(new Uint8Array(d));
        got.push(...(res.ok && res.op === OP_BUNDLE ? decodeBundleResponse(res.body) : [res]));
        if (got.length < n) return;
        ws.off('message', onMessage);
        ws.off('close', onClose);
        resolve(got);
      };
      ws.on('message', onMessage);
      ws.once('close', onClose);
      ws.send(msg);
    });
  return { ws, send, sendAll };
}

const slot = (bucket: number, s: number, fill: number): BatchEntry => ({
  kind: 0,
  bucket,
  slot: s,
  data: new Uint8Array(8).fill(fill),
});
const meta = (bucket: number, fill: number): BatchEntry => ({
  kind: 1,
  bucket,
  slot: 0,
  data: new Uint8Array(5).fill(fill),
});

describe('paperlab-oram serve', () => {
  it('binds loopback by default and answers HELLO, WRITE, READ', async () => {
    expect(server.host).toBe('127.0.0.1');
    const s = await createRemoteStorage({ url: server.url, name: 'a', shape, WebSocket: WS });
    expect(s.appliedSeq).toBe(0);
    await s.apply({ seq: 1, entries: [slot(3, 2, 9), meta(14, 7)] });
    const [x, y, z] = await s.readLocations([
      { kind: 0, bucket: 3, slot: 2 },
      { kind: 1, bucket: 14, slot: 0 },
      { kind: 2, bucket: 14, slot: 0 },
    ]);
    expect([...x!]).toEqual(new Array(8).fill(9));
    expect([...y!]).toEqual(new Array(5).fill(7));
    expect([...z!]).toEqual(new Array(5).fill(0)); // never written
    await s.close();
  });

  it('keeps acknowledged batches across a restart of the server', async () => {
    await server.close();
    server = await startOramServer({ dir, port: 0, fsync: false, maxMessageBytes: 4096 });
    const s = await createRemoteStorage({ url: server.url, name: 'a', shape, WebSocket: WS });
    expect(s.appliedSeq).toBe(1);
    const [x] = await s.readLocations([{ kind: 0, bucket: 3, slot: 2 }]);
    expect(x![0]).toBe(9);
    // Re-applying the last batch is allowed (recovery); skipping one is not.
    await s.apply({ seq: 1, entries: [slot(3, 2, 9), meta(14, 7)] });
    await expect(s.apply({ seq: 3, entries: [slot(0, 0, 1)] })).rejects.toThrow(
      /batch seq 3 does not follow the store's last applied seq 1/,
    );
    await s.close();
  });

  it('refuses malformed requests with an error naming the field, and changes nothing', async () => {
    const { send } = await raw();
    const hello = encodeHello(1, 'a', shape);
    const cases: [string, Uint8Array | string, RegExp][] = [
      [
        'READ before HELLO',
        encodeRead(2, [{ kind: 0, bucket: 0, slot: 0 }]),
        /first request of a connection must be HELLO/,
      ],
      ['text message', 'hello', /messages must be binary/],
      ['too short', new Uint8Array([1, 2]), /too short for the header/],
      ['wrong version', Uint8Array.of(9, 1, 0, 0, 0, 0), /version must be 1, got 9/],
      [
        'unknown op',
        Uint8Array.of(1, 77, 0, 0, 0, 0),
        /op must be 1 \(HELLO\), 2 \(READ\), 3 \(WRITE\) or 4 \(BUNDLE\), got 77/,
      ],
    ];
    for (const [what, msg, re] of cases) {
      const r = await send(msg);
      expect(r.ok, what).toBe(false);
      if (!r.ok) expect(r.message, what).toMatch(re);
    }
    // HELLO with a name that would escape DIR, and with a shape the store does not have.
    const badName = encodeHello(1, 'a', shape);
    badName.set(new TextEncoder().encode('.'), 7);
    let r = await send(badName);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.message).toMatch(/store name must be 1 to 64 characters of \[A-Za-z0-9_-\]/);
    r = await send(encodeHello(1, 'a', { ...shape, slotBytes: 9 }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/store a has slotBytes 8, the client asked for 9/);
    r = await send(hello);
    expect(r.ok).toBe(true);
    const write = encodeWrite(3, 2, [slot(1, 1, 5)]);
    const bad: [string, Uint8Array, RegExp][] = [
      [
        'bucket out of range',
        encodeRead(4, [{ kind: 0, bucket: 15, slot: 0 }]),
        /location 0: bucket must be an integer in \[0, 14\], got 15/,
      ],
      [
        'slot out of range',
        encodeRead(4, [{ kind: 0, bucket: 0, slot: 4 }]),
        /location 0: slot must be an integer in \[0, 3\], got 4/,
      ],
      [
        'metadata with a slot',
        encodeRead(4, [{ kind: 1, bucket: 0, slot: 1 }]),
        /location 0: slot must be an integer in \[0, 0\], got 1/,
      ],
      [
        'unknown kind',
        encodeRead(4, [{ kind: 3 as 0, bucket: 0, slot: 0 }]),
        /location 0: kind must be 0 \(slot\), 1 \(metadata\) or 2 \(mirror\), got 3/,
      ],
      [
        'trailing byte',
        Uint8Array.from([...encodeRead(4, []), 0]),
        /READ of 0 locations must be 10 bytes, got 11/,
      ],
      [
        'truncated write',
        write.subarray(0, write.length - 1),
        /WRITE of 1 locations must be 33 bytes, got 32/,
      ],
      [
        'duplicate location',
        encodeWrite(5, 2, [slot(1, 1, 5), slot(1, 1, 6)]),
        /location 1 \(0:1:1\) appears twice in one batch/,
      ],
      [
        'seq out of order',
        encodeWrite(6, 7, [slot(1, 1, 5)]),
        /batch seq 7 does not follow the store's last applied seq 1/,
      ],
      [
        'seq not an integer',
        (() => {
          const m = encodeWrite(7, 2, [slot(1, 1, 5)]);
          new DataView(m.buffer).setFloat64(6, 2.5, true);
          return m;
        })(),
        /seq must be an integer in \[0, 2\^53 - 1\], got 2.5/,
      ],
      ['second HELLO', hello, /HELLO may be sent once per connection/],
      [
        'count too large',
        (() => {
          const m = encodeRead(8, []);
          new DataView(m.buffer).setUint32(6, 2 ** 21, true);
          return m;
        })(),
        /count must be at most 1048576, got 2097152/,
      ],
      ['empty BUNDLE', encodeBundle(9, []), /BUNDLE count must be in \[1, 65536\], got 0/],
      [
        'BUNDLE part past the end',
        encodeBundle(9, [encodeRead(10, [])]).subarray(0, 23),
        /BUNDLE part 0: length 10 runs past the end of the message \(9 bytes left\)/,
      ],
      [
        'BUNDLE with trailing bytes',
        Uint8Array.from([...encodeBundle(9, [encodeRead(10, [])]), 0]),
        /BUNDLE of 1 parts must be 24 bytes, got 25 \(trailing bytes\)/,
      ],
      [
        'HELLO inside a BUNDLE',
        encodeBundle(9, [hello]),
        /inside a BUNDLE, op must be 2 \(READ\) or 3 \(WRITE\), got 1/,
      ],
      [
        'BUNDLE inside a BUNDLE',
        encodeBundle(9, [encodeBundle(10, [encodeRead(11, [])])]),
        /inside a BUNDLE, op must be 2 \(READ\) or 3 \(WRITE\), got 4/,
      ],
      [
        'WRITE inside a BUNDLE, out of range',
        encodeBundle(9, [encodeWrite(10, 2, [slot(15, 0, 5)])]),
        /location 0: bucket must be an integer in \[0, 14\], got 15/,
      ],
    ];
    for (const [what, msg, re] of bad) {
      const res = await send(msg);
      expect(res.ok, what).toBe(false);
      if (!res.ok) expect(res.message, what).toMatch(re);
    }
    // Nothing of the refused batches reached the store.
    const s = await createRemoteStorage({ url: server.url, name: 'a', shape, WebSocket: WS });
    expect(s.appliedSeq).toBe(1);
    const [x] = await s.readLocations([{ kind: 0, bucket: 1, slot: 1 }]);
    expect([...x!]).toEqual(new Array(8).fill(0));
    await s.close();
  });

  it('createRemoteStorage refuses a shape field out of range by name: it would go on the wire wrapped to 32 bits', async () => {
    const before = server.stats.messages;
    for (const [bad, re] of badShapes) {
      await expect(
        createRemoteStorage({
          url: server.url,
          name: 'shapes',
          shape: bad as never,
          WebSocket: WS,
        }),
      ).rejects.toThrow(re);
    }
    // Refused before connecting: the server saw no request.
    expect(server.stats.messages).toBe(before);
  });

  it('serves a BUNDLE request by request, in order: READs and errors in one BUNDLE, then the WRITE acks', async () => {
    const { sendAll } = await raw();
    const [hello] = await sendAll(encodeHello(1, 'bundled', shape), 1);
    expect(hello!.ok).toBe(true);
    const parts = await sendAll(
      encodeBundle(2, [
        encodeWrite(3, 1, [slot(4, 1, 0x11), meta(4, 0x22)]),
        encodeRead(4, [
          { kind: 0, bucket: 4, slot: 1 },
          { kind: 1, bucket: 4, slot: 0 },
        ]),
        encodeWrite(5, 3, [slot(5, 0, 0x33)]), // refused: seq 3 does not follow seq 1
        encodeRead(6, [{ kind: 0, bucket: 5, slot: 0 }]),
      ]),
      4,
    );
    // The READs (and the refusal, in order with them) go out before the journal is written;
    // the WRITE's acknowledgement only once its record is in the journal, in a later message.
    expect(parts.map((p) => [p.id, p.ok])).toEqual([
      [4, true],
      [5, false],
      [6, true],
      [3, true],
    ]);
    const [read, refused, after, ack] = parts;
    if (!ack!.ok || !read!.ok || refused!.ok || !after!.ok) return;
    expect(new DataView(ack!.body.buffer, ack!.body.byteOffset).getFloat64(0, true)).toBe(1);
    // The READ sees the WRITE before it in the same BUNDLE; the refused one changed nothing.
    expect([...read!.body]).toEqual([...new Array(8).fill(0x11), ...new Array(5).fill(0x22)]);
    expect(refused!.message).toMatch(/batch seq 3 does not follow the store's last applied seq 1/);
    expect([...after!.body]).toEqual(new Array(8).fill(0));
    // The server saw (and records) four requests, not one.
    const trace = server.trace().filter((e) => e.store === 'bundled');
    expect(trace.map((e) => [e.op, e.locations])).toEqual([
      ['hello', []],
      [
        'write',
        [
          [0, 4, 1],
          [1, 4, 0],
        ],
      ],
      [
        'read',
        [
          [0, 4, 1],
          [1, 4, 0],
        ],
      ],
      ['error', []],
      ['read', [[0, 5, 0]]],
    ]);
  });

  it('closes the connection on a message over maxMessageBytes (1009) without applying it', async () => {
    const { ws, send } = await raw();
    expect((await send(encodeHello(1, 'a', shape))).ok).toBe(true);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(new Uint8Array(5000));
    expect(await closed).toBe(1009);
  });

  it('records what it sees: locations and sizes, no more', async () => {
    const s = await createRemoteStorage({ url: server.url, name: 'traced', shape, WebSocket: WS });
    await s.apply({ seq: 1, entries: [slot(2, 0, 0xab)] });
    await s.readLocations([{ kind: 1, bucket: 0, slot: 0 }]);
    const res = await fetch(`${server.url.replace('ws:', 'http:')}/trace?store=traced`);
    const events = (await res.json()) as { op: string; locations: number[][]; bytes: number }[];
    expect(events.map((e) => [e.op, e.locations])).toEqual([
      ['hello', []],
      ['write', [[0, 2, 0]]],
      ['read', [[1, 0, 0]]],
    ]);
    await s.close();
  });

  it('keeps the last traceLimit requests, oldest first', async () => {
    const small = await startOramServer({ dir, port: 0, fsync: false, traceLimit: 3 });
    try {
      const s = await createRemoteStorage({ url: small.url, name: 'ring', shape, WebSocket: WS });
      for (let b = 0; b < 4; b++) await s.readLocations([{ kind: 0, bucket: b, slot: 0 }]);
      await s.close();
      // hello is request 1, then the reads of buckets 0..3 are requests 2..5.
      const t = small.trace();
      expect(t.map((e) => [e.n, e.op, e.locations])).toEqual([
        [3, 'read', [[0, 1, 0]]],
        [4, 'read', [[0, 2, 0]]],
        [5, 'read', [[0, 3, 0]]],
      ]);
      const res = await fetch(`${small.url.replace('ws:', 'http:')}/trace?store=ring&limit=2`);
      expect(((await res.json()) as { n: number }[]).map((e) => e.n)).toEqual([4, 5]);
    } finally {
      await small.close();
    }
  });

  it('paperlab-oram serve --checkpoint-bytes: checked, and 0 empties the journal after every batch', async () => {
    const pkg = fileURLToPath(new URL('..', import.meta.url));
    const cli = ['--import', 'tsx', '--conditions=@paperlab/source', 'src/cli/main.ts', 'serve'];
    const bad = spawnSync(process.execPath, [...cli, '--dir', dir, '--checkpoint-bytes', '-1'], {
      cwd: pkg,
      encoding: 'utf8',
    });
    expect([bad.status, bad.stderr]).toEqual([
      2,
      "error: option '--checkpoint-bytes <n>' argument '-1' is invalid. --checkpoint-bytes must be an integer in [0, 1073741824], got -1\n",
    ]);
    const storeDir = mkdtempSync(join(tmpdir(), 'oram-serve-cp-'));
    const child = spawn(
      process.execPath,
      [...cli, '--dir', storeDir, '--port', '0', '--no-fsync', '--checkpoint-bytes', '0'],
      { cwd: pkg, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(ws:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited (${code})`)));
      });
      const s = await createRemoteStorage({ url, name: 'cp', shape, WebSocket: WS });
      await s.apply({ seq: 1, entries: [slot(6, 3, 0x5a)] });
      // Acknowledged, and already checkpointed: the journal is empty again.
      expect(statSync(join(storeDir, 'cp', 'journal.bin')).size).toBe(0);
      await s.close();
    } finally {
      await new Promise<void>((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
      });
      rmSync(storeDir, { recursive: true, force: true });
    }
  });
});

describe('a journal write that fails after its batch was applied in memory', () => {
  it('acknowledges nothing, closes the connections (1011), and reopens the store from DIR', async () => {
    const failDir = mkdtempSync(join(tmpdir(), 'oram-server-jfail-'));
    let appends = 0;
    const failing = await startOramServer({
      dir: failDir,
      port: 0,
      fsync: false,
      // The first append (batch 1) works, the second (batch 2) fails like a full disk.
      beforeJournalAppend: () => {
        if (++appends === 2) throw new Error('ENOSPC: no space left on device');
      },
    });
    try {
      const ws = new WebSocket(failing.url);
      await new Promise((r, j) => {
        ws.once('open', r);
        ws.once('error', j);
      });
      const got: ReturnType<typeof decodeResponse>[] = [];
      ws.on('message', (d: Buffer) => {
        const res = decodeResponse(new Uint8Array(d));
        got.push(...(res.ok && res.op === OP_BUNDLE ? decodeBundleResponse(res.body) : [res]));
      });
      const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
      ws.send(encodeHello(1, 'j', shape));
      ws.send(encodeWrite(2, 1, [slot(3, 0, 0x11)]));
      ws.send(
        encodeBundle(3, [
          encodeWrite(4, 2, [slot(3, 0, 0x22)]),
          encodeRead(5, [{ kind: 0, bucket: 3, slot: 0 }]),
        ]),
      );
      expect(await closed).toBe(1011);
      // HELLO and batch 1 acknowledged; the READ was answered from memory (it follows the
      // WRITE before it); batch 2 never was.
      expect(got.map((r) => [r.id, r.ok])).toEqual([
        [1, true],
        [2, true],
        [5, true],
      ]);
      const read = got[2]!;
      if (read.ok) expect([...read.body]).toEqual(new Array(8).fill(0x22));
      // A new connection gets the store as the journal has it: batch 1, not batch 2.
      const s = await createRemoteStorage({ url: failing.url, name: 'j', shape, WebSocket: WS });
      expect(s.appliedSeq).toBe(1);
      const [x] = await s.readLocations([{ kind: 0, bucket: 3, slot: 0 }]);
      expect([...x!]).toEqual(new Array(8).fill(0x11));
      await s.close();
    } finally {
      await failing.close();
      rmSync(failDir, { recursive: true, force: true });
    }
  });
});
