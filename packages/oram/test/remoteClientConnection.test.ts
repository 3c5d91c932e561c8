// The remote client's connection (createRemoteStorage, src/remote/remoteStorage.ts) against an
// in-process server that follows the wire format of src/remote/wireCodec.ts and counts on its
// own side (test/support/fakeOramServer.ts): each way a connection can fail ends every call
// with an error naming it, also for the requests already out; a reply the client cannot use
// breaks it (fail closed); a READ is on the wire when `read` returns, a pipelined WRITE waits for
// the next request (one BUNDLE for both) or at most a timer turn; the traffic counters the bench
// prints are the server's own counts; and a client that spins (spinMicros) spins only while an
// awaited reply is out.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRemoteStorage, RemoteStorageError } from '../src/remote/remoteStorage.ts';
import {
  encodeError,
  encodeResponse,
  OP_READ,
  OP_WRITE,
  WireFormatError,
} from '../src/remote/wireCodec.ts';
import {
  fakeOramServer,
  ioBatch,
  type Loc,
  timerTurn,
  turns,
  within,
} from './support/fakeOramServer.ts';

const shape = { bucketCount: 7, slotsPerBucket: 3, slotBytes: 4, metaBytes: 6 };
const connect = (f: ReturnType<typeof fakeOramServer>, spinMicros?: number) =>
  createRemoteStorage({ url: f.url, shape, WebSocket: f.WebSocket, spinMicros });
const slot = (bucket: number, s: number) => ({ kind: 0 as const, bucket, slot: s });
const A: Loc = [0, 2, 1];
const B: Loc = [0, 5, 0];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('opening a connection', () => {
  it('refuses a url that is not a string, and quotes at most 80 characters of a bad one', async () => {
    const f = fakeOramServer(shape);
    // A value whose text is a ws:// URL is still not a URL string: refused before connecting.
    const notString = { toString: () => f.url };
    await expect(
      createRemoteStorage({ url: notString as never, shape, WebSocket: f.WebSocket }),
    ).rejects.toThrow(
      new TypeError(`url must be a ws:// or wss:// URL, got ${JSON.stringify(f.url)}`),
    );
    // The message quotes the value (JSON) and cuts the quoted text at 80 characters.
    const long = `http://${'a'.repeat(200)}`;
    await expect(createRemoteStorage({ url: long, shape, WebSocket: f.WebSocket })).rejects.toThrow(
      new TypeError(`url must be a ws:// or wss:// URL, got "http://${'a'.repeat(72)}`),
    );
    expect(f.sockets).toHaveLength(0);
  });

  it('names a refused connection and one closed while opening (RemoteStorageError)', async () => {
    // Refused: the WebSocket API fires an error event, then a close event; the first names it.
    const refused = fakeOramServer(shape, 'refuse');
    const e1 = await connect(refused).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(RemoteStorageError);
    expect((e1 as Error).name).toBe('RemoteStorageError');
    expect((e1 as Error).message).toBe(`cannot connect to ${refused.url}`);
    // Closed without an error event (a server that accepts, then drops the connection).
    const dropped = fakeOramServer(shape, 'drop');
    await expect(within(connect(dropped))).rejects.toThrow(
      new RemoteStorageError(`connection to ${dropped.url} closed while opening`),
    );
  });
});

describe('a connection that fails after opening', () => {
  it('an error event fails every later call with "connection … failed", sending nothing', async () => {
    const f = fakeOramServer(shape);
    const s = await connect(f);
    f.breakWith('error');
    const sent = f.seen.messages;
    const failed = new RemoteStorageError(`connection to ${f.url} failed`);
    await expect(s.read(ioBatch([A]))).rejects.toThrow(failed);
    await expect(s.write(ioBatch([A], () => 1))).rejects.toThrow(failed);
    await expect(s.readLocations([slot(1, 1)])).rejects.toThrow(failed);
    expect(s.peek?.(ioBatch([A]))).toBe(false);
    expect(f.seen.messages).toBe(sent);
  });

  it('a socket that is closing (no event yet) is refused as "not open", sending nothing', async () => {
    const f = fakeOramServer(shape);
    const s = await connect(f);
    f.closing();
    const sent = f.seen.messages;
    const notOpen = new RemoteStorageError(`connection to ${f.url} is not open`);
    await expect(s.read(ioBatch([A]))).rejects.toThrow(notOpen);
    await expect(s.write(ioBatch([A], () => 1))).rejects.toThrow(notOpen);
    await expect(s.readLocations([slot(1, 1)])).rejects.toThrow(notOpen);
    expect(f.seen.messages).toBe(sent);
  });

  it('requests out when the connection closes fail with "connection … closed"; close() then resolves', async () => {
    const f = fakeOramServer(shape);
    const s = await connect(f);
    f.hold();
    await s.write(ioBatch([B], () => 9)); // pipelined: goes with the next request
    const read = s.read(ioBatch([A]));
    const readLocations = s.readLocations([slot(3, 2)]);
    expect(f.log.map((r) => r.op)).toEqual(['write', 'read', 'read']);
    expect(s.unacknowledged).toBe(1);
    f.breakWith('close');
    const closed = new RemoteStorageError(`connection to ${f.url} closed`);
    await expect(within(read)).rejects.toThrow(closed);
    await expect(within(readLocations)).rejects.toThrow(closed);
    // The write was never acknowledged: flush reports why, it does not resolve.
    expect(s.unacknowledged).toBe(0);
    await expect(within(s.flush())).rejects.toThrow(closed);
    await expect(s.read(ioBatch([A]))).rejects.toThrow(closed);
    // Closing a broken storage has nothing left to flush: it resolves (the failure was reported).
    await expect(s.close()).resolves.toBeUndefined();
    expect(f.thrown).toEqual([]);
  });

  it('a message that is no response, or an error reply to no request, breaks the storage', async () => {
    // Version 2 (the wire format's version byte is 1): the client cannot read the rest.
    const f = fakeOramServer(shape);
    const s = await connect(f);
    f.push(Uint8Array.of(2, 0x82, 1, 0, 0, 0, 0));
    await expect(s.read(ioBatch([A]))).rejects.toThrow(
      new WireFormatError('version must be 1, got 2'),
    );
    await expect(s.readLocations([slot(0, 0)])).rejects.toThrow('version must be 1, got 2');
    // An error response whose id the client never sent: the server's message, named as such.
    const g = fakeOramServer(shape);
    const t = await connect(g);
    g.push(encodeError(OP_READ, 999, 'go away'));
    await expect(t.read(ioBatch([A]))).rejects.toThrow(new RemoteStorageError('server: go away'));
    expect(f.thrown).toEqual([]);
    expect(g.thrown).toEqual([]);
  });
});

describe('replies the client must not accept', () => {
  it('an acknowledgement that is not an 8-byte seq fails flush and every later call', async () => {
    const f = fakeOramServer(shape);
    const s = await connect(f);
    f.answer((req) =>
      req.op === OP_WRITE ? encodeResponse(OP_WRITE, req.id, new Uint8Array(7)) : f.honest(req),
    );
    await s.write(ioBatch([A], () => 3));
    const bad = new WireFormatError('seq reply must be 8 bytes, got 7');
    await expect(within(s.flush())).rejects.toThrow(bad);
    await expect(s.read(ioBatch([B]))).rejects.toThrow(bad);
    expect(s.appliedSeq).toBe(0);
  });

  it('a readLocations answered behind a refused pipelined write fails with the refusal', async () => {
    const f = fakeOramServer(shape);
    const s = await connect(f);
    f.answer((req) =>
      req.op === OP_WRITE ? encodeError(OP_WRITE, req.id, 'disk full') : f.honest(req),
    );
    await s.write(ioBatch([A], () => 3));
    // One BUNDLE: the WRITE, then the READ; the server refuses the first and answers the second.
    await expect(s.readLocations([slot(1, 2)])).rejects.toThrow(
      new RemoteStorageError('server: disk full'),
    );
    expect(f.log.map((r) => r.op)).toEqual(['write', 'read']);
    expect(f.seen.messages).toBe(2); // HELLO, the BUNDLE
  });
});

describe('when requests leave', () => {
  it('a READ is on the wire when read() returns; a lone pipelined WRITE leaves after a timer turn', async () => {
    const f = fakeOramServer(shape);
    const s = await connect(f);
    expect(f.seen.messages).toBe(1); // HELLO
    // An awaited request is sent at once, in the same turn (no timer between call and send).
    const r = s.read(ioBatch([A]));
    expect(f.seen.messages).toBe(2);
    expect(f.log.at(-1)).toMatchObject({ op: 'read', locations: ['0:2:1'] });
    await r;
    // A pipelined WRITE waits for the next request...
    await s.write(ioBatch([B], () => 4));
    expect(f.seen.messages).toBe(2);
    // ...and goes on its own once a timer turn passes without one.
    await timerTurn();
    expect(f.seen.messages).toBe(3);
    expect(f.log.at(-1)).toMatchObject({ op: 'write', locations: ['0:5:0'] });
    await s.flush();
    // A WRITE followed by a READ: one message (a BUNDLE) with both requests.
    await s.write(ioBatch([B], () => 5));
    await s.read(ioBatch([A]));
    expect(f.seen.messages).toBe(4);
    expect(f.seen.requests).toBe(5);
    // The BUNDLE cancelled the WRITE's timer; the next lone WRITE gets a timer of its own.
    await timerTurn();
    await s.write(ioBatch([A], () => 6));
    await timerTurn();
    expect(f.seen.messages).toBe(5);
    expect(f.log.at(-1)).toMatchObject({ op: 'write', locations: ['0:2:1'] });
    await s.flush();
    expect(s.unacknowledged).toBe(0);
    // The traffic counters the bench prints, against the server's own counts.
    expect(s.counters.messages).toBe(f.seen.messages);
    expect(s.counters.requests).toBe(f.seen.requests);
    expect(s.counters.bytesSent).toBe(f.seen.bytesIn);
    expect(s.counters.bytesReceived).toBe(f.seen.bytesOut);
    expect([s.counters.reads, s.counters.writes]).toEqual([2, 3]);
    await s.close();
  });
});

describe('spinning (spinMicros)', () => {
  it('spins while an awaited reply is out, also while a read waits for a READ sent ahead, and stops once answered', async () => {
    // A clock that advances 1 µs per reading: no gap between two turns looks like preemption,
    // and the 1 s bound is far away, so only "is a reply awaited?" decides whether it spins.
    let t = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (t += 0.001));
    const f = fakeOramServer(shape);
    const s = await connect(f, 1_000_000);
    const stopped = async () => {
      await turns(2);
      const at = s.spinTurns;
      await turns(20);
      return s.spinTurns - at;
    };
    expect(await stopped()).toBe(0);
    // An awaited READ held at the server: the client turns the loop meanwhile.
    f.hold();
    let before = s.spinTurns;
    const r = s.read(ioBatch([A]));
    await turns(10);
    expect(s.spinTurns - before).toBeGreaterThan(0);
    f.release();
    await r;
    expect(await stopped()).toBe(0);
    // A read that waits for a READ sent ahead on its own (prefetchNext, then a read answered
    // locally): it spins while waiting, and stops once that READ is answered.
    await s.write(ioBatch([B], () => 7));
    s.prefetchNext?.(ioBatch([A]));
    f.hold();
    await s.read(ioBatch([B])); // answered locally (written); sends A's READ on its own
    expect(f.log.at(-1)).toMatchObject({ op: 'read', locations: ['0:2:1'] });
    expect(await stopped()).toBe(0); // nothing awaited yet: the READ sent ahead is not
    before = s.spinTurns;
    const waiting = s.read(ioBatch([A]));
    await turns(10);
    expect(s.spinTurns - before).toBeGreaterThan(0);
    f.release();
    await waiting;
    expect(s.counters.waitedAhead).toBe(1);
    expect(await stopped()).toBe(0);
    expect(s.spinPreempted).toBe(0);
    await s.close();
  });
});
