import { type AsyncBatchedStorage, type IoBatch, META_SLOT } from '../storage/storageProtocol.js';
import type { StorageShape } from '../storage.js';
import type { BatchStore } from './batchStore.js';
import {
  checkStoreName,
  decodeResponse,
  decodeSeq,
  encodeHello,
  encodeRead,
  encodeReadOf,
  encodeWrite,
  encodeWriteOf,
  LOCATION_BYTES,
  type Response,
  WireFormatError,
} from './wireCodec.js';
import { kindBytes, type Location, type WriteBatch } from './writeBatch.js';

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
  /**
   * Locations of `read` batches answered from this client's own writes of the same access
   * (read-your-writes), so never sent.
   */
  localLocations: number;
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
/** Read-your-writes keeps at most this many locations (an access writes far fewer). */
const MAX_WRITTEN_LOCATIONS = 2 ** 16;

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
    localLocations: 0,
  };
  /** Requests awaiting their response, by id; each handler gets the response. */
  const pending = new Map<number, (res: Response | Error) => void>();
  let nextId = 1;
  let broken: Error | undefined;
  /** The first pipelined write the server refused: every later call fails with it. */
  let writeFailure: Error | undefined;
  const ws = new Ctor(url);
  ws.binaryType = 'arraybuffer';
  const fail = (e: Error): void => {
    broken ??= e;
    const handlers = [...pending.values()];
    pending.clear();
    for (const h of handlers) h(broken);
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
    let res: Response;
    try {
      res = decodeResponse(bytes);
    } catch (e) {
      return fail(e as Error);
    }
    const h = pending.get(res.id);
    if (h === undefined) return fail(new WireFormatError(`response to unknown request ${res.id}`));
    pending.delete(res.id);
    h(res);
  };
  /** Sends a request; `onReply` gets its response, or the error that broke the connection. */
  const send = (msg: Uint8Array, onReply: (res: Response | Error) => void): void => {
    const id = new DataView(msg.buffer, msg.byteOffset, 6).getUint32(2, true);
    counters.requests++;
    counters.bytesSent += msg.length;
    pending.set(id, onReply);
    ws.send(msg);
  };
  const takeId = (): number => {
    const id = nextId;
    nextId = (nextId + 1) >>> 0 || 1;
    return id;
  };
  const usable = (): Error | undefined => {
    if (broken !== undefined) return broken;
    if (writeFailure !== undefined) return writeFailure;
    if (ws.readyState !== OPEN) return new RemoteStorageError(`connection to ${url} is not open`);
    return undefined;
  };
  /** An awaited request: resolves with the response body, rejects on an error response. */
  const request = (make: (id: number) => Uint8Array): Promise<Uint8Array> => {
    const bad = usable();
    if (bad !== undefined) return Promise.reject(bad);
    const msg = make(takeId());
    return new Promise((resolve, reject) => {
      send(msg, (res) => {
        if (res instanceof Error) reject(res);
        else if (res.ok) resolve(res.body);
        else reject(new RemoteStorageError(`server: ${res.message}`));
      });
    });
  };

  let appliedSeq = decodeSeq(await request((id) => encodeHello(id, name, shape)));
  /** seq of the last batch sent (acknowledged or not). */
  let sentSeq = appliedSeq;
  /** Pipelined writes sent and not yet answered, and who waits for them all (flush). */
  let unacked = 0;
  let flushWaiters: (() => void)[] = [];
  const settled = (): void => {
    if (--unacked > 0) return;
    const w = flushWaiters;
    flushWaiters = [];
    for (const f of w) f();
  };
  const frozen = { ...shape };
  const { slotBytes, metaBytes } = frozen;
  /**
   * Read-your-writes within one access: for every location this client wrote since the
   * access began (by location number), the WRITE message it sent and the byte offset of the
   * location's bytes in it. A read of such a location is answered from here instead of the server:
   * the client knows the answer (an honest server returns exactly these bytes), and which
   * locations are here follows from the access's public sequence of paths alone, so leaving
   * them out of the READ tells the server nothing new. An early reshuffle re-reads the
   * metadata ReadPath just wrote back (Ren et al. 2015, Alg. 1), so it costs no round trip.
   */
  const written = new Map<number, number>();
  const writtenMsgs: Uint8Array[] = [];
  const writtenAt: number[] = [];
  const slotsTotal = frozen.bucketCount * frozen.slotsPerBucket;
  const keyOf = (batch: IoBatch, i: number): number => {
    const slot = batch.slots[i]!;
    return slot === META_SLOT
      ? slotsTotal + batch.copies[i]! * frozen.bucketCount + batch.buckets[i]!
      : batch.buckets[i]! * frozen.slotsPerBucket + slot;
  };
  const forget = (): void => {
    written.clear();
    writtenMsgs.length = 0;
    writtenAt.length = 0;
  };
  let missing = new Int32Array(64);
  const storage: RemoteStorage = {
    batched: 'async',
    bucketCount: frozen.bucketCount,
    slotsPerBucket: frozen.slotsPerBucket,
    slotBytes,
    metaBytes,
    read(batch: IoBatch) {
      const bad = usable();
      if (bad !== undefined) return Promise.reject(bad);
      const n = batch.count;
      if (missing.length < n) missing = new Int32Array(n * 2);
      let misses = 0;
      for (let i = 0; i < n; i++) {
        const w = written.size === 0 ? undefined : written.get(keyOf(batch, i));
        if (w === undefined) {
          missing[misses++] = i;
          continue;
        }
        const len = batch.slots[i] === META_SLOT ? metaBytes : slotBytes;
        const at = writtenAt[w]!;
        batch.data.set(writtenMsgs[w]!.subarray(at, at + len), batch.offsets[i]!);
      }
      counters.localLocations += n - misses;
      if (misses === 0) return Promise.resolve();
      counters.reads++;
      // Its own copy: another read may start before this one is answered.
      const picked = misses === n ? undefined : missing.slice(0, misses);
      const msg = encodeReadOf(takeId(), batch, picked, misses);
      return new Promise<void>((resolve, reject) => {
        send(msg, (res) => {
          if (res instanceof Error) return reject(res);
          if (!res.ok) return reject(new RemoteStorageError(`server: ${res.message}`));
          // A write refused before this reply was handled: nothing read after it is used.
          if (writeFailure !== undefined) return reject(writeFailure);
          const body = res.body;
          let want = 0;
          for (let k = 0; k < misses; k++) {
            const i = picked === undefined ? k : picked[k]!;
            want += batch.slots[i] === META_SLOT ? metaBytes : slotBytes;
          }
          if (body.length !== want)
            return reject(
              new WireFormatError(`READ reply must be ${want} bytes, got ${body.length}`),
            );
          let at = 0;
          for (let k = 0; k < misses; k++) {
            const i = picked === undefined ? k : picked[k]!;
            const len = batch.slots[i] === META_SLOT ? metaBytes : slotBytes;
            batch.data.set(body.subarray(at, at + len), batch.offsets[i]!);
            at += len;
          }
          resolve();
        });
      });
    },
    /**
     * Pipelined: the batch is sent and the call resolves without waiting for the
     * acknowledgement. The server applies messages in arrival order, so the next read sees
     * this write. A write the server refuses fails every later call (the ORAM fails closed).
     */
    write(batch: IoBatch) {
      const bad = usable();
      if (bad !== undefined) return Promise.reject(bad);
      const seq = ++sentSeq;
      counters.writes++;
      const msg = encodeWriteOf(takeId(), seq, batch, frozen);
      // Remember where each location's bytes sit in the message (read-your-writes).
      let at = 18 + batch.count * LOCATION_BYTES;
      for (let i = 0; i < batch.count; i++) {
        written.set(keyOf(batch, i), writtenAt.length);
        writtenMsgs.push(msg);
        writtenAt.push(at);
        at += batch.slots[i] === META_SLOT ? metaBytes : slotBytes;
      }
      unacked++;
      send(msg, (res) => {
        if (res instanceof Error) writeFailure ??= res;
        else if (!res.ok) writeFailure ??= new RemoteStorageError(`server: ${res.message}`);
        else {
          try {
            const got = decodeSeq(res.body);
            if (got !== seq)
              writeFailure ??= new RemoteStorageError(
                `server acknowledged seq ${got} for batch ${seq}`,
              );
            else appliedSeq = Math.max(appliedSeq, got);
          } catch (e) {
            writeFailure ??= e as Error;
          }
        }
        settled();
      });
      if (written.size > MAX_WRITTEN_LOCATIONS) forget();
      return Promise.resolve();
    },
    /** The access ended: what it wrote is no longer answered locally. */
    endAccess() {
      forget();
      return Promise.resolve();
    },
    get unacknowledged() {
      return unacked;
    },
    async flush() {
      if (unacked > 0) await new Promise<void>((r) => flushWaiters.push(r));
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
