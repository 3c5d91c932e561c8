import type { AsyncBatchedStorage, IoBatch } from '../storage/storageProtocol.js';
import type { StorageShape } from '../storage.js';
import type { BatchStore } from './batchStore.js';
import {
  checkStoreName,
  decodeResponse,
  decodeSeq,
  encodeHello,
  encodeRead,
  encodeWrite,
  WireFormatError,
} from './wireCodec.js';
import { entriesOf, kindBytes, type Location, locationsOf, type WriteBatch } from './writeBatch.js';

/** The part of the WebSocket API the client uses (the browser's, or the `ws` package's). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface RemoteStorageOptions {
  /** ws:// or wss:// URL of `paperlab-oram serve`. */
  url: string;
  /** Store name on the server, 1-64 characters of [A-Za-z0-9_-]; default "default". */
  name?: string;
  /** The storage shape of the ORAM that will use it (ringStorageShape / pathStorageShape). */
  shape: StorageShape;
  /** WebSocket class; default globalThis.WebSocket (browsers, Node ≥ 22; Node 20: pass `ws`). */
  WebSocket?: WebSocketConstructor;
}

/** Traffic counters: what crossed the wire, as the bench reports it. */
export interface RemoteCounters {
  /** Requests sent (each answered by one response): READ + WRITE (+ the HELLO). */
  requests: number;
  reads: number;
  writes: number;
  bytesSent: number;
  bytesReceived: number;
}

/**
 * The client of `paperlab-oram serve`. It is an AsyncBatchedStorage, so
 * createAsyncRingOram({ storage }) runs on it directly (each write batch applied atomically
 * and durably by the server; the client state lives in memory only), and a BatchStore, so
 * openDurableOram makes the client's side survive crashes too.
 */
export interface RemoteStorage extends BatchStore, AsyncBatchedStorage {
  readonly url: string;
  readonly name: string;
  readonly counters: RemoteCounters;
  /** Write batches sent through `write` and not yet acknowledged. */
  readonly unacknowledged: number;
  /**
   * Resolves once every write batch sent so far is acknowledged, i.e. applied atomically and
   * durably by the server; rejects with the first write that failed.
   */
  flush(): Promise<void>;
  /** Flushes, then closes the connection. */
  close(): Promise<void>;
}

/** The server answered with an error, or the connection failed. */
export class RemoteStorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemoteStorageError';
  }
}

const OPEN = 1;

/**
 * Connects to `paperlab-oram serve` and binds the connection to store `name` with `shape` (the
 * server creates the store on first use, and refuses a different shape later). Requests are
 * pipelined over the one connection and answered in order. Browser-safe.
 */
export async function createRemoteStorage(options: RemoteStorageOptions): Promise<RemoteStorage> {
  if (options === null || typeof options !== 'object')
    throw new TypeError('options must be an object');
  const { url, shape } = options;
  if (typeof url !== 'string' || !/^wss?:\/\/./.test(url)) {
    throw new TypeError(
      `url must be a ws:// or wss:// URL, got ${JSON.stringify(String(url)).slice(0, 80)}`,
    );
  }
  const name = checkStoreName(options.name ?? 'default');
  if (shape === null || typeof shape !== 'object')
    throw new TypeError('shape must be a StorageShape');
  const Ctor =
    options.WebSocket ?? (globalThis as unknown as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (typeof Ctor !== 'function') {
    throw new TypeError('no WebSocket here: pass options.WebSocket (on Node 20, the `ws` package)');
  }
  const counters: RemoteCounters = {
    requests: 0,
    reads: 0,
    writes: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };
  const pending = new Map<
    number,
    { resolve: (b: Uint8Array) => void; reject: (e: Error) => void; pipelined: boolean }
  >();
  let nextId = 1;
  let broken: Error | undefined;
  /** The first pipelined write the server refused: every later call fails with it. */
  let writeFailure: Error | undefined;
  const ws = new Ctor(url);
  ws.binaryType = 'arraybuffer';
  const fail = (e: Error): void => {
    broken ??= e;
    for (const p of pending.values()) p.reject(broken);
    pending.clear();
  };
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new RemoteStorageError(`cannot connect to ${url}`));
    ws.onclose = () => reject(new RemoteStorageError(`connection to ${url} closed while opening`));
  });
  ws.onerror = () => fail(new RemoteStorageError(`connection to ${url} failed`));
  ws.onclose = () => fail(new RemoteStorageError(`connection to ${url} closed`));
  ws.onmessage = (ev) => {
    const data = ev.data;
    const bytes =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : data instanceof Uint8Array
          ? data
          : undefined;
    if (bytes === undefined) return fail(new WireFormatError('the server sent a text message'));
    counters.bytesReceived += bytes.length;
    let res: ReturnType<typeof decodeResponse>;
    try {
      res = decodeResponse(bytes);
    } catch (e) {
      return fail(e as Error);
    }
    const p = pending.get(res.id);
    if (p === undefined) return fail(new WireFormatError(`response to unknown request ${res.id}`));
    pending.delete(res.id);
    if (res.ok) p.resolve(res.body);
    else {
      const e = new RemoteStorageError(`server: ${res.message}`);
      // Set before any later reply of this message turn is handled, so no read that the
      // server answered after the failed write is returned to the ORAM.
      if (p.pipelined) writeFailure ??= e;
      p.reject(e);
    }
  };
  const request = (make: (id: number) => Uint8Array, pipelined = false): Promise<Uint8Array> => {
    if (broken !== undefined) return Promise.reject(broken);
    if (writeFailure !== undefined) return Promise.reject(writeFailure);
    if (ws.readyState !== OPEN)
      return Promise.reject(new RemoteStorageError(`connection to ${url} is not open`));
    const id = nextId;
    nextId = (nextId + 1) >>> 0 || 1;
    const msg = make(id);
    counters.requests++;
    counters.bytesSent += msg.length;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, pipelined });
      ws.send(msg);
    });
  };

  let appliedSeq = decodeSeq(await request((id) => encodeHello(id, name, shape)));
  /** seq of the last batch sent (acknowledged or not). */
  let sentSeq = appliedSeq;
  const unacked = new Set<Promise<void>>();
  const frozen = { ...shape };
  const storage: RemoteStorage = {
    batched: 'async',
    bucketCount: frozen.bucketCount,
    slotsPerBucket: frozen.slotsPerBucket,
    slotBytes: frozen.slotBytes,
    metaBytes: frozen.metaBytes,
    async read(batch: IoBatch) {
      const locs = locationsOf(batch);
      const got = await storage.readLocations(locs);
      for (let i = 0; i < got.length; i++) batch.data.set(got[i]!, batch.offsets[i]!);
    },
    /**
     * Pipelined: the batch is sent and the call resolves without waiting for the
     * acknowledgement. The server applies messages in arrival order, so the next read sees
     * this write. A write the server refuses fails every later call (the ORAM fails closed).
     */
    write(batch: IoBatch) {
      if (broken !== undefined) return Promise.reject(broken);
      if (writeFailure !== undefined) return Promise.reject(writeFailure);
      const seq = ++sentSeq;
      counters.writes++;
      const entries = entriesOf(batch, frozen);
      const ack: Promise<void> = request((id) => encodeWrite(id, seq, entries), true).then(
        (body) => {
          const got = decodeSeq(body);
          if (got !== seq) {
            const e = new RemoteStorageError(`server acknowledged seq ${got} for batch ${seq}`);
            writeFailure ??= e;
            throw e;
          }
          appliedSeq = Math.max(appliedSeq, got);
        },
      );
      unacked.add(ack);
      ack.then(
        () => unacked.delete(ack),
        (e: Error) => {
          writeFailure ??= e;
          unacked.delete(ack);
        },
      );
      return Promise.resolve();
    },
    get unacknowledged() {
      return unacked.size;
    },
    async flush() {
      while (unacked.size > 0) await Promise.allSettled([...unacked]);
      if (writeFailure !== undefined) throw writeFailure;
    },
    url,
    name,
    shape: frozen,
    counters,
    get appliedSeq() {
      return appliedSeq;
    },
    async readLocations(locations: readonly Location[]) {
      counters.reads++;
      const body = await request((id) => encodeRead(id, locations));
      if (writeFailure !== undefined) throw writeFailure;
      let want = 0;
      for (const l of locations) want += kindBytes(frozen, l.kind);
      if (body.length !== want)
        throw new WireFormatError(`READ reply must be ${want} bytes, got ${body.length}`);
      const out: Uint8Array[] = new Array(locations.length);
      let at = 0;
      for (let i = 0; i < locations.length; i++) {
        const n = kindBytes(frozen, locations[i]!.kind);
        out[i] = body.slice(at, at + n);
        at += n;
      }
      return out;
    },
    async apply(batch: WriteBatch) {
      // A commit: awaited, after every pipelined write before it.
      await storage.flush();
      counters.writes++;
      sentSeq = batch.seq;
      const seq = decodeSeq(await request((id) => encodeWrite(id, batch.seq, batch.entries)));
      if (seq !== batch.seq)
        throw new RemoteStorageError(`server acknowledged seq ${seq} for batch ${batch.seq}`);
      appliedSeq = seq;
    },
    async close() {
      try {
        if (broken === undefined) await storage.flush();
      } finally {
        fail(new RemoteStorageError('storage is closed'));
        ws.close();
      }
    },
  };
  return storage;
}
