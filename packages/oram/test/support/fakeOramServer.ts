// An in-process stand-in for `paperlab-oram serve` behind a fake WebSocket (the WebSocketLike of
// src/remote/remoteStorage.ts), for tests of what the remote client sends and when. It decodes
// every message by the wire format (src/remote/wireCodec.ts: HELLO, READ, WRITE, BUNDLE), keeps
// the store as a Map from location to bytes, logs every READ and WRITE it serves with its
// locations, and counts messages, requests and bytes on its own side of the socket. It answers
// honestly unless a test says otherwise (`answer`): a READ with the bytes last written to each
// location (a location never written holds a formula of itself, so bytes put in the wrong place
// show), a WRITE by applying it and returning its seq. A reply arrives one event-loop turn later,
// as from a socket, or waits in order until `release()` while the server is held (`hold()`), so a
// test can look at what the client sends while a reply is out.
import type { WebSocketConstructor, WebSocketLike } from '../../src/remote/remoteStorage.ts';
import {
  decodeBundle,
  decodeRequest,
  encodeBundleResponse,
  encodeResponse,
  encodeSeq,
  OP_BUNDLE,
  OP_HELLO,
  OP_READ,
  OP_WRITE,
  peekRequest,
  type Request,
} from '../../src/remote/wireCodec.ts';
import { createIoBatch, type IoBatch, META_SLOT } from '../../src/storage/storageProtocol.ts';
import type { StorageShape } from '../../src/storage.ts';

/** A location as [kind, bucket, slot]: kind 0 slot, 1 metadata copy 0, 2 metadata copy 1. */
export type Loc = [0 | 1 | 2, number, number];
/** A READ or WRITE the server served: its op, id and locations as "kind:bucket:slot". */
export interface Served {
  op: 'read' | 'write';
  id: number;
  locations: string[];
}
export type Answer = (req: Request & { op: 2 | 3 }) => Uint8Array | undefined;
/** How the connection opens: it does; it is refused (error, then close); it drops (close only). */
export type Opening = 'open' | 'refuse' | 'drop';

let servers = 0;

export function fakeOramServer(shape: StorageShape, opening: Opening = 'open') {
  const url = `ws://fake-${++servers}.invalid/oram`;
  const cells = new Map<string, Uint8Array>();
  const log: Served[] = [];
  const seen = { messages: 0, requests: 0, bytesIn: 0, bytesOut: 0 };
  /** Errors thrown by the client while handling a message (a broken client, not a test). */
  const thrown: unknown[] = [];
  let held: (() => void)[] | undefined;
  let answer: Answer | undefined;
  const sockets: FakeSocket[] = [];

  const size = (kind: number) => (kind === 0 ? shape.slotBytes : shape.metaBytes);
  /** The bytes of a location never written: a formula of the location. */
  const initial = (kind: number, bucket: number, slot: number) =>
    Uint8Array.from(
      { length: size(kind) },
      (_, i) => (kind * 89 + bucket * 13 + slot * 5 + i + 1) & 255,
    );
  const bytesOf = ([kind, bucket, slot]: Loc): number[] => [
    ...(cells.get(`${kind}:${bucket}:${slot}`) ?? initial(kind, bucket, slot)),
  ];
  const honest: Answer = (req) => {
    if (req.op === OP_WRITE) {
      for (const e of req.entries) cells.set(`${e.kind}:${e.bucket}:${e.slot}`, e.data.slice());
      return encodeResponse(OP_WRITE, req.id, encodeSeq(req.seq));
    }
    const parts = req.locations.map((l) => bytesOf([l.kind, l.bucket, l.slot]));
    return encodeResponse(OP_READ, req.id, Uint8Array.from(parts.flat()));
  };
  const serve = (part: Uint8Array): Uint8Array | undefined => {
    const req = decodeRequest(part, shape) as Request & { op: 2 | 3 };
    const locs = req.op === OP_READ ? req.locations : req.entries;
    log.push({
      op: req.op === OP_READ ? 'read' : 'write',
      id: req.id,
      locations: locs.map((l) => `${l.kind}:${l.bucket}:${l.slot}`),
    });
    return (answer ?? honest)(req);
  };

  class FakeSocket implements WebSocketLike {
    binaryType = '';
    readyState = 0;
    onopen: ((ev: unknown) => void) | null = null;
    onmessage: ((ev: { data: unknown }) => void) | null = null;
    onclose: ((ev: unknown) => void) | null = null;
    onerror: ((ev: unknown) => void) | null = null;
    constructor(readonly url: string) {
      sockets.push(this);
      setImmediate(() => {
        if (opening === 'open') {
          this.readyState = 1;
          this.onopen?.({});
          return;
        }
        this.readyState = 3;
        if (opening === 'refuse') this.onerror?.({});
        this.onclose?.({});
      });
    }
    send(data: Uint8Array): void {
      if (this.readyState !== 1)
        throw new Error(`fake socket: send in readyState ${this.readyState}`);
      receive(this, data.slice());
    }
    close(): void {
      this.readyState = 3;
    }
  }

  const deliver = (ws: FakeSocket, bytes: Uint8Array): void => {
    if (ws.readyState !== 1) return;
    seen.bytesOut += bytes.length;
    try {
      ws.onmessage?.({
        data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
      });
    } catch (e) {
      thrown.push(e);
    }
  };
  const reply = (ws: FakeSocket, bytes: Uint8Array): void => {
    const go = () => deliver(ws, bytes);
    if (held !== undefined) held.push(go);
    else setImmediate(go);
  };
  function receive(ws: FakeSocket, msg: Uint8Array): void {
    seen.messages++;
    seen.bytesIn += msg.length;
    const { op, id } = peekRequest(msg);
    if (op === OP_HELLO) {
      seen.requests++;
      reply(ws, encodeResponse(OP_HELLO, id, encodeSeq(0)));
      return;
    }
    if (op === OP_BUNDLE) {
      const parts = decodeBundle(msg);
      seen.requests += parts.length;
      const replies = parts.map(serve).filter((r) => r !== undefined);
      if (replies.length > 0) reply(ws, encodeBundleResponse(id, replies));
      return;
    }
    seen.requests++;
    const r = serve(msg);
    if (r !== undefined) reply(ws, r);
  }

  const last = (): FakeSocket => {
    const ws = sockets.at(-1);
    if (ws === undefined) throw new Error('fake server: no connection yet');
    return ws;
  };
  return {
    url,
    shape,
    WebSocket: FakeSocket as unknown as WebSocketConstructor,
    cells,
    log,
    seen,
    thrown,
    sockets,
    bytesOf,
    /** Serve requests with `a` from now on (undefined: honestly again). */
    answer(a: Answer | undefined) {
      answer = a;
    },
    honest,
    /** Keep replies back, in order, until release(). */
    hold() {
      held ??= [];
    },
    /** Send every reply held, in order, now; replies come one turn later again. */
    release() {
      const h = held ?? [];
      held = undefined;
      for (const go of h) go();
    },
    /** A message from the server that answers no request (delivered now). */
    push(bytes: Uint8Array) {
      deliver(last(), bytes);
    },
    /** The connection fails: an error event and nothing else, or a close event. */
    breakWith(event: 'error' | 'close') {
      const ws = last();
      ws.readyState = 3;
      if (event === 'error') ws.onerror?.({});
      else ws.onclose?.({});
    },
    /** The socket is closing (readyState 2), and no event has come yet. */
    closing() {
      last().readyState = 2;
    },
  };
}

export type FakeOramServer = ReturnType<typeof fakeOramServer>;

/**
 * An IoBatch of `locs` (capacity `capacity`, default the count), each location 16 bytes apart;
 * `fill`, when given, is each location's byte (a write).
 */
export function ioBatch(
  locs: Loc[],
  fill?: (i: number) => number,
  capacity = locs.length,
): IoBatch {
  const b = createIoBatch(capacity, capacity * 16);
  locs.forEach(([kind, bucket, slot], i) => {
    b.buckets[i] = bucket;
    b.slots[i] = kind === 0 ? slot : META_SLOT;
    b.copies[i] = kind === 2 ? 1 : 0;
    b.offsets[i] = i * 16;
    if (fill !== undefined) b.data.fill(fill(i), i * 16, i * 16 + 16);
  });
  b.count = locs.length;
  if (fill !== undefined) b.op = 'write';
  return b;
}

/** The bytes of location i of batch b (its kind's size in `shape`). */
export function bytesAt(b: IoBatch, i: number, shape: StorageShape): number[] {
  const n = b.slots[i] === META_SLOT ? shape.metaBytes : shape.slotBytes;
  return [...b.data.subarray(b.offsets[i]!, b.offsets[i]! + n)];
}

/** Every location's bytes of batch b, in order. */
export function allBytes(b: IoBatch, shape: StorageShape): number[][] {
  return Array.from({ length: b.count }, (_, i) => bytesAt(b, i, shape));
}

/** `n` turns of the event loop (each a setImmediate). */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}

/** One timer turn: runs after every setTimeout(fn, 0) scheduled before it. */
export function timerTurn(): Promise<void> {
  return new Promise<void>((r) => setTimeout(r, 0));
}

/**
 * `p`, or a rejection if it has not settled within `ms` (a client that never answers fails the
 * test at once instead of at the test timeout).
 */
export function within<T>(p: Promise<T>, ms = 2000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
