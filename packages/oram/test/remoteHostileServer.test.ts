// createRemoteStorage against a server that lies or breaks (the client must not trust
// `paperlab-oram serve`): a raw WebSocket server answers HELLO as the real one does and then
// misbehaves in one way per test. Every lie ends in an error that names it, never in wrong
// bytes handed to the ORAM, and a broken connection fails every later call (fail closed).
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type WebSocket as WsSocket } from 'ws';
import {
  createRemoteStorage,
  RemoteStorageError,
  type WebSocketConstructor,
} from '../src/remote/remoteStorage.ts';
import {
  decodeBundle,
  encodeBundleResponse,
  encodeError,
  encodeResponse,
  encodeSeq,
  OP_BUNDLE,
  OP_HELLO,
  OP_READ,
  OP_WRITE,
  peekRequest,
  scanBatchRequest,
  WireFormatError,
} from '../src/remote/wireCodec.ts';
import { createIoBatch, META_SLOT } from '../src/storage/storageProtocol.ts';

const shape = { bucketCount: 7, slotsPerBucket: 3, slotBytes: 4, metaBytes: 6 };
const WS = WebSocket as unknown as WebSocketConstructor;

/** How the server answers one READ or WRITE request (bytes of the request): a reply, or none. */
type Answer = (req: Uint8Array, ws: WsSocket) => Uint8Array | undefined;
/** An honest answer: zeros for a READ, the request's seq for a WRITE. */
const honest: Answer = (req) => {
  const scan = scanBatchRequest(req, shape);
  return scan.op === OP_READ
    ? encodeResponse(OP_READ, scan.id, new Uint8Array(scan.payload))
    : encodeResponse(OP_WRITE, scan.id, encodeSeq(scan.seq));
};

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    for (const c of s.clients) c.terminate();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

/** What the server saw, counted on its side of the socket. */
const seen = { messagesIn: 0, bytesIn: 0, bytesOut: 0, requests: 0 };

async function lyingServer(answer: Answer): Promise<string> {
  Object.assign(seen, { messagesIn: 0, bytesIn: 0, bytesOut: 0, requests: 0 });
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => {
    const send = ws.send.bind(ws);
    ws.send = ((data: Uint8Array | string) => {
      seen.bytesOut += data.length;
      send(data);
    }) as typeof ws.send;
    ws.on('message', (data: Buffer) => {
      const msg = new Uint8Array(data);
      seen.messagesIn++;
      seen.bytesIn += msg.length;
      const { op, id } = peekRequest(msg);
      seen.requests += op === OP_BUNDLE ? decodeBundle(msg).length : 1;
      if (op === OP_HELLO) return ws.send(encodeResponse(OP_HELLO, id, encodeSeq(0)));
      if (op === OP_BUNDLE) {
        const replies = decodeBundle(msg)
          .map((part) => answer(part, ws))
          .filter((r) => r !== undefined);
        if (replies.length > 0) ws.send(encodeBundleResponse(id, replies));
        return;
      }
      const reply = answer(msg, ws);
      if (reply !== undefined) ws.send(reply);
    });
  });
  const { port } = wss.address() as { port: number };
  return `ws://127.0.0.1:${port}`;
}

const slot = (bucket: number, s: number) => ({ kind: 0 as const, bucket, slot: s });
/** An IoBatch writing one slot (bucket 1, slot 2) and the metadata of bucket 1. */
function writeBatch() {
  const b = createIoBatch(2, 16);
  b.buckets[0] = 1;
  b.slots[0] = 2;
  b.offsets[0] = 0;
  b.buckets[1] = 1;
  b.slots[1] = META_SLOT;
  b.offsets[1] = 8;
  b.count = 2;
  b.data.fill(5);
  return b;
}

describe('createRemoteStorage against a lying or breaking server', () => {
  it('an honest server: reads and writes work (the baseline of the tests below)', async () => {
    const s = await createRemoteStorage({ url: await lyingServer(honest), shape, WebSocket: WS });
    const [x] = await s.readLocations([slot(0, 0)]);
    expect([...x!]).toEqual([0, 0, 0, 0]);
    await s.apply({ seq: 1, entries: [{ ...slot(0, 0), data: new Uint8Array(4) }] });
    expect(s.appliedSeq).toBe(1);
    await s.write(writeBatch());
    await s.flush();
    expect(s.appliedSeq).toBe(2);
    // The client's traffic counters (what the bench prints) against the server's own count.
    expect(s.counters.bytesSent).toBe(seen.bytesIn);
    expect(s.counters.bytesReceived).toBe(seen.bytesOut);
    expect(s.counters.messages).toBe(seen.messagesIn);
    expect(s.counters.requests).toBe(seen.requests);
    expect(s.counters.requests).toBe(4); // HELLO, READ, WRITE (apply), WRITE (pipelined)
    expect(s.counters.writes).toBe(2);
    expect(s.counters.reads).toBe(1);
    expect(s.unacknowledged).toBe(0);
    await s.close();
    await expect(s.readLocations([slot(0, 0)])).rejects.toThrow('storage is closed');
  });

  it('a READ reply one byte short or long is refused, not cut or padded', async () => {
    for (const delta of [-1, 1]) {
      const url = await lyingServer((req) => {
        const scan = scanBatchRequest(req, shape);
        if (scan.op === OP_WRITE) return honest(req, undefined as never);
        return encodeResponse(OP_READ, scan.id, new Uint8Array(scan.payload + delta));
      });
      const s = await createRemoteStorage({ url, shape, WebSocket: WS });
      await expect(s.readLocations([slot(0, 0), slot(1, 1)])).rejects.toThrow(
        new WireFormatError(`READ reply must be 8 bytes, got ${8 + delta}`),
      );
      // The ORAM's batched read checks the same.
      const b = createIoBatch(1, 8);
      b.buckets[0] = 2;
      b.slots[0] = 1;
      b.count = 1;
      await expect(s.read(b)).rejects.toThrow(`READ reply must be 4 bytes, got ${4 + delta}`);
    }
  });

  it('a WRITE acknowledged with another seq fails the commit, and a pipelined one every later call', async () => {
    const url = await lyingServer((req) => {
      const scan = scanBatchRequest(req, shape);
      if (scan.op === OP_READ) return honest(req, undefined as never);
      return encodeResponse(OP_WRITE, scan.id, encodeSeq(scan.seq + 1));
    });
    const s = await createRemoteStorage({ url, shape, WebSocket: WS });
    await expect(
      s.apply({ seq: 1, entries: [{ ...slot(0, 0), data: new Uint8Array(4) }] }),
    ).rejects.toThrow(new RemoteStorageError('server acknowledged seq 2 for batch 1'));
    const t = await createRemoteStorage({ url, shape, WebSocket: WS });
    await t.write(writeBatch());
    await expect(t.flush()).rejects.toThrow('server acknowledged seq 2 for batch 1');
    expect(t.appliedSeq).toBe(0);
    await expect(t.readLocations([slot(0, 0)])).rejects.toThrow(
      'server acknowledged seq 2 for batch 1',
    );
    await expect(t.write(writeBatch())).rejects.toThrow('server acknowledged seq 2 for batch 1');
  });

  it('a refused pipelined WRITE fails every later call with the server message', async () => {
    const url = await lyingServer((req) => {
      const scan = scanBatchRequest(req, shape);
      if (scan.op === OP_READ) return honest(req, undefined as never);
      return encodeError(OP_WRITE, scan.id, 'disk full');
    });
    const s = await createRemoteStorage({ url, shape, WebSocket: WS });
    await s.write(writeBatch());
    await expect(s.flush()).rejects.toThrow(new RemoteStorageError('server: disk full'));
    await expect(s.readLocations([slot(0, 0)])).rejects.toThrow('server: disk full');
  });

  it('a reply to a request never sent, a text message, or a closed connection breaks the storage', async () => {
    const unknown = await lyingServer((req) =>
      encodeResponse(OP_READ, peekRequest(req).id + 1000, new Uint8Array(4)),
    );
    let s = await createRemoteStorage({ url: unknown, shape, WebSocket: WS });
    await expect(s.readLocations([slot(0, 0)])).rejects.toThrow(/response to unknown request \d+/);
    await expect(s.readLocations([slot(0, 0)])).rejects.toThrow(/response to unknown request/);

    const text = await lyingServer((_req, ws) => {
      ws.send('hello');
      return undefined;
    });
    s = await createRemoteStorage({ url: text, shape, WebSocket: WS });
    await expect(s.readLocations([slot(0, 0)])).rejects.toThrow('the server sent a text message');
    await expect(s.write(writeBatch())).rejects.toThrow('the server sent a text message');

    const closing = await lyingServer((_req, ws) => {
      ws.close();
      return undefined;
    });
    s = await createRemoteStorage({ url: closing, shape, WebSocket: WS });
    await expect(s.readLocations([slot(0, 0)])).rejects.toThrow(`connection to ${closing} closed`);
    expect(s.peek?.(createIoBatch(1, 4))).toBe(false);
  });

  it('refuses a bad url and a missing WebSocket before connecting; a refused connection is named', async () => {
    for (const url of ['http://127.0.0.1:1', ' ws://127.0.0.1:1', 'ws://', 5]) {
      await expect(createRemoteStorage({ url, shape, WebSocket: WS } as never)).rejects.toThrow(
        /url must be a ws:\/\/ or wss:\/\/ URL, got /,
      );
    }
    await expect(
      createRemoteStorage({ url: 'ws://127.0.0.1:1', shape, WebSocket: 'ws' } as never),
    ).rejects.toThrow('no WebSocket here: pass options.WebSocket (on Node 20, the `ws` package)');
    // Port 1 on loopback: nothing listens there.
    await expect(
      createRemoteStorage({ url: 'ws://127.0.0.1:1', shape, WebSocket: WS }),
    ).rejects.toThrow(/cannot connect to ws:\/\/127\.0\.0\.1:1|closed while opening/);
  });
});
