import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { checkOptionNames, type OptionNames } from '@paperlab/stats';
import { type WebSocket, WebSocketServer } from 'ws';
import { checkBooleanOption } from '../checkOptions.js';
import { DEFAULT_SERVER_SPIN_MICROS, SERVER_COMMIT_DELAY_MS } from '../parameters.js';
import { checkBatchSeq } from '../remote/batchStore.js';
import { checkSpinMicros, createSpinWait } from '../remote/spinWait.js';
import {
  decodeBundle,
  decodeRequest,
  encodeBundleResponse,
  encodeError,
  LOCATION_BYTES,
  OP_BUNDLE,
  OP_HELLO,
  OP_READ,
  OP_WRITE,
  peekRequest,
  scanBatchRequest,
  WIRE_VERSION,
  WireFormatError,
} from '../remote/wireCodec.js';
import { checkShapeFields, type StorageShape } from '../storage.js';
import {
  checkCheckpointBytes,
  createFileBatchStore,
  type FileBatchStore,
} from './fileBatchStore.js';

/**
 * `paperlab-oram serve`: the untrusted storage server. It holds opaque bytes per location,
 * never a key; each named store is a directory of DIR (createFileBatchStore: journal, fsync,
 * atomic rename) and each WRITE is applied atomically and durably before it is acknowledged.
 * It records what it sees, which is exactly what the ORAM's adversary sees: which locations
 * each request reads or writes, their sizes, and when (`GET /trace`).
 *
 * Built on `ws` (WebSocket): one long-lived binary connection per client, so a round trip is
 * one message each way with no per-request HTTP headers, messages larger than `maxMessageBytes`
 * are refused by the library before they are buffered, and the browser has a native client.
 */
export interface OramServerOptions {
  /** Directory holding the stores (created if missing). */
  dir: string;
  /** Interface to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Largest request in bytes, integer in [1024, 2^30]; default 64 MiB. */
  maxMessageBytes?: number;
  /** fsync journals and trees (default true); see FileBatchStoreOptions.fsync. */
  fsync?: boolean;
  /** Journal bytes per store between checkpoints; see FileBatchStoreOptions.checkpointBytes. */
  checkpointBytes?: number;
  /** Trace events kept for GET /trace, integer in [0, 2^20]; default 10,000. */
  traceLimit?: number;
  /** Called with every request the server sees (the `--log` flag prints them). */
  onRequest?: (event: ServerTraceEvent) => void;
  /**
   * After serving a message, keep the event loop turning for up to this many microseconds
   * waiting for the next one instead of sleeping (busy polling, see spinWait.ts), integer in
   * [0, 10^6]; default DEFAULT_SERVER_SPIN_MICROS (1000; 0 is off). It costs CPU time while idle,
   * and backs off where it does not pay.
   */
  spinMicros?: number;
  /** Test hook for every store: see FileBatchStoreOptions.beforeJournalAppend. */
  beforeJournalAppend?: (records: number) => void;
}

/** One request as the server sees it. */
export interface ServerTraceEvent {
  /** Requests served so far, this one included. */
  n: number;
  store: string;
  op: 'hello' | 'read' | 'write' | 'error';
  /** Locations as [kind, bucket, slot] (kind 0 slot, 1 metadata, 2 mirror). */
  locations: [number, number, number][];
  bytes: number;
  seq?: number;
  error?: string;
}

export interface OramServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The last traceLimit events. */
  trace(): ServerTraceEvent[];
  readonly stats: {
    requests: number;
    errors: number;
    bytesIn: number;
    bytesOut: number;
    /** WebSocket messages received. */
    messages: number;
    /** WebSocket messages sent. */
    messagesOut: number;
    /** Milliseconds spent serving them before the reply: checking, applying, copying. */
    serveMs: number;
    /** Milliseconds spent handing replies to the socket (the send system calls). */
    sendMs: number;
    /** Milliseconds spent after the reply: journal records, acknowledgements. */
    journalMs: number;
  };
  close(): Promise<void>;
}

const MAX_STORES = 256;

function checkIntOption(name: string, v: unknown, lo: number, hi: number, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], got ${String(v)}`);
  }
  return v;
}

/** encodeResponse(op, id, encodeSeq(seq)) in one allocation: a reply to HELLO or WRITE. */
function seqResponse(op: number, id: number, seq: number): Uint8Array {
  const buf = new Uint8Array(15);
  const v = new DataView(buf.buffer);
  v.setUint8(0, WIRE_VERSION);
  v.setUint8(1, op | 0x80);
  v.setUint32(2, id >>> 0, true);
  v.setFloat64(7, seq, true);
  return buf;
}

/**
 * A READ reply with room for `payload` bytes from byte 7, from Node's buffer pool and not
 * zeroed: the caller overwrites all of it (readMessage copies exactly `payload` bytes).
 */
function readReply(op: number, id: number, payload: number): Uint8Array {
  const buf = Buffer.allocUnsafe(7 + payload);
  buf[0] = WIRE_VERSION;
  buf[1] = op | 0x80;
  buf.writeUInt32LE(id >>> 0, 2);
  buf[6] = 0;
  return buf;
}

const SERVER_OPTIONS: OptionNames<OramServerOptions> = {
  dir: true,
  host: true,
  port: true,
  maxMessageBytes: true,
  fsync: true,
  checkpointBytes: true,
  traceLimit: true,
  onRequest: true,
  spinMicros: true,
  beforeJournalAppend: true,
};

export async function startOramServer(options: OramServerOptions): Promise<OramServer> {
  checkOptionNames('startOramServer', options, SERVER_OPTIONS);
  const { dir } = options;
  if (typeof dir !== 'string' || dir.length === 0)
    throw new TypeError('dir must be a non-empty string');
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.length === 0)
    throw new TypeError('host must be a non-empty string');
  const port = checkIntOption('port', options.port, 0, 65535, 0);
  const maxMessageBytes = checkIntOption(
    'maxMessageBytes',
    options.maxMessageBytes,
    1024,
    2 ** 30,
    64 * 2 ** 20,
  );
  const traceLimit = checkIntOption('traceLimit', options.traceLimit, 0, 2 ** 20, 10_000);
  const fsync = checkBooleanOption('fsync', options.fsync, true);
  // Checked here, not when the first client opens a store.
  const checkpointBytes = checkCheckpointBytes(options.checkpointBytes);
  const onRequest = options.onRequest;
  if (onRequest !== undefined && typeof onRequest !== 'function')
    throw new TypeError(`onRequest must be a function, got ${typeof onRequest}`);
  const spin = createSpinWait(
    checkSpinMicros('spinMicros', options.spinMicros, DEFAULT_SERVER_SPIN_MICROS),
    () => !closedFlag,
  );
  let closedFlag = false;
  const stores = new Map<string, FileBatchStore>();
  const stats = {
    requests: 0,
    errors: 0,
    bytesIn: 0,
    bytesOut: 0,
    messages: 0,
    messagesOut: 0,
    serveMs: 0,
    sendMs: 0,
    journalMs: 0,
  };

  /**
   * The trace, kept compact: a ring of the last traceLimit requests, each with its locations
   * as the 7-byte records of the message (one copy, no object per location). Events are built
   * only when asked for (GET /trace, trace(), onRequest), so recording costs little per request.
   */
  interface Seen {
    n: number;
    store: string;
    op: ServerTraceEvent['op'];
    bytes: number;
    seq?: number;
    error?: string;
    locs?: Uint8Array;
  }
  const ring: Seen[] = [];
  let ringNext = 0;
  const eventOf = (e: Seen): ServerTraceEvent => {
    const locations: [number, number, number][] = [];
    const l = e.locs;
    if (l !== undefined) {
      const v = new DataView(l.buffer, l.byteOffset, l.byteLength);
      for (let at = 0; at < l.length; at += LOCATION_BYTES)
        locations.push([l[at]!, v.getUint32(at + 1, true), v.getUint16(at + 5, true)]);
    }
    const event: ServerTraceEvent = { n: e.n, store: e.store, op: e.op, locations, bytes: e.bytes };
    if (e.seq !== undefined) event.seq = e.seq;
    if (e.error !== undefined) event.error = e.error;
    return event;
  };
  /** The recorded requests, oldest first. */
  const seen = (): Seen[] =>
    ring.length < traceLimit ? ring.slice() : [...ring.slice(ringNext), ...ring.slice(0, ringNext)];
  const record = (
    store: string,
    op: Seen['op'],
    bytes: number,
    seq: number | undefined,
    error: string | undefined,
    locs: Uint8Array | undefined,
  ): void => {
    const entry: Seen = { n: stats.requests, store, op, bytes, seq, error, locs };
    if (traceLimit > 0) {
      if (ring.length < traceLimit) ring.push(entry);
      else ring[ringNext] = entry;
      ringNext = (ringNext + 1) % traceLimit;
    }
    if (onRequest !== undefined) onRequest(eventOf(entry));
  };

  const openStore = (name: string, shape: StorageShape): FileBatchStore => {
    // A store may exceed the in-memory limit: only the fields' ranges are checked.
    checkShapeFields(shape);
    let store = stores.get(name);
    if (store === undefined) {
      if (stores.size >= MAX_STORES)
        throw new RangeError(`at most ${MAX_STORES} stores per server`);
      store = createFileBatchStore({
        dir: join(dir, name),
        shape,
        fsync,
        checkpointBytes,
        beforeJournalAppend: options.beforeJournalAppend,
      });
      stores.set(name, store);
    }
    for (const k of ['bucketCount', 'slotsPerBucket', 'slotBytes', 'metaBytes'] as const) {
      if (store.shape[k] !== shape[k]) {
        throw new RangeError(
          `store ${name} has ${k} ${store.shape[k]}, the client asked for ${shape[k]}`,
        );
      }
    }
    return store;
  };

  const tracing = traceLimit > 0 || options.onRequest !== undefined;
  /**
   * Serves one request; synchronous, so requests are applied in arrival order. A WRITE is
   * applied to the store's in-memory tree at once (so the next READ sees it) and its journal
   * record staged; its acknowledgement is marked `ack`: it is sent only once the record is
   * in the journal (commitStaged, after the message's READ replies went out) and, with
   * fsync, synced.
   */
  const serve = (
    conn: Conn,
    msg: Uint8Array,
    inBundle: boolean,
  ): { reply: Uint8Array; ack: boolean } => {
    stats.requests++;
    const { op, id } = peekRequest(msg);
    try {
      if (inBundle && op !== OP_READ && op !== OP_WRITE)
        throw new WireFormatError(`inside a BUNDLE, op must be 2 (READ) or 3 (WRITE), got ${op}`);
      if (op === OP_HELLO) {
        const req = decodeRequest(msg, conn.store?.shape);
        if (req.op !== OP_HELLO) throw new WireFormatError('HELLO expected');
        if (conn.store !== undefined)
          throw new WireFormatError('HELLO may be sent once per connection');
        conn.store = openStore(req.name, req.shape);
        conn.name = req.name;
        record(req.name, 'hello', 0, conn.store.appliedSeq, undefined, undefined);
        return { reply: seqResponse(op, id, conn.store.appliedSeq), ack: false };
      }
      // READ and WRITE work on the message itself: checked once, never copied into objects.
      const scan = scanBatchRequest(msg, conn.store?.shape);
      const store = conn.store!;
      const locs = tracing
        ? msg.slice(scan.locationsAt, scan.locationsAt + scan.count * LOCATION_BYTES)
        : undefined;
      if (scan.op === OP_READ) {
        const reply = readReply(op, id, scan.payload);
        store.readMessage(msg, scan, reply, 7);
        if (tracing) record(conn.name!, 'read', scan.payload, undefined, undefined, locs);
        return { reply, ack: false };
      }
      checkBatchSeq(store.appliedSeq, scan.seq);
      // The request is the journal record as it arrived (the id inside is ignored on replay).
      store.stageMessage(msg, scan);
      if (tracing) record(conn.name!, 'write', msg.length, scan.seq, undefined, locs);
      return { reply: seqResponse(op, id, store.appliedSeq), ack: true };
    } catch (e) {
      stats.errors++;
      const message = e instanceof Error ? e.message : String(e);
      record(conn.name ?? '', 'error', msg.length, undefined, message, undefined);
      return { reply: encodeError(op, id, message), ack: false };
    }
  };

  interface Conn {
    ws: WebSocket;
    name?: string;
    store?: FileBatchStore;
  }

  /** One reply as it is; several (a BUNDLE's, a group commit's) in one BUNDLE response. */
  const sendReplies = (ws: WebSocket, id: number, replies: readonly Uint8Array[]): void => {
    if (replies.length === 0) return;
    const out = replies.length === 1 ? replies[0]! : encodeBundleResponse(id, replies);
    stats.bytesOut += out.length;
    stats.messagesOut++;
    ws.send(out);
  };

  // Group commit: acknowledgements of the WRITEs that arrived within SERVER_COMMIT_DELAY_MS (or
  // during the fdatasync before) wait for one fdatasync per store (off the main thread), while
  // READs are answered at once.
  const waiting: { conn: Conn; acks: Uint8Array[] }[] = [];
  let syncing = false;
  const syncAcks = async (): Promise<void> => {
    if (syncing) return;
    syncing = true;
    try {
      while (waiting.length > 0) {
        const group = waiting.splice(0);
        const synced = await Promise.allSettled(
          [...new Set(group.map((w) => w.conn.store!))].map((st) => st.sync()),
        );
        const failed = synced.some((r) => r.status === 'rejected');
        // One message per connection for all of its acknowledgements in the group.
        const byConnection = new Map<WebSocket, Uint8Array[]>();
        for (const w of group) {
          const list = byConnection.get(w.conn.ws);
          if (list === undefined) byConnection.set(w.conn.ws, w.acks);
          else for (const a of w.acks) list.push(a);
        }
        for (const [ws, acks] of byConnection) {
          // The batch may not be on disk: never acknowledge it; the client fails closed.
          if (failed) ws.close(1011, 'fsync failed');
          else sendReplies(ws, 0, acks);
        }
      }
    } finally {
      syncing = false;
    }
  };

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The trace is what any observer of the server learns anyway; the docs page reads it.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Content-Type', 'application/json');
    if (req.method === 'GET' && url.pathname === '/trace') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000) || 1000, traceLimit);
      const store = url.searchParams.get('store');
      const events = seen()
        .filter((e) => store === null || e.store === store)
        .slice(-limit);
      res.end(JSON.stringify(events.map(eventOf)));
    } else if (req.method === 'GET' && url.pathname === '/stats') {
      res.end(
        JSON.stringify({
          ...stats,
          spinTurns: spin.turns,
          spinPreempted: spin.preempted,
          spinWasted: spin.wasted,
          stores: [...stores.keys()],
        }),
      );
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: 'not found: GET /trace, GET /stats, or a WebSocket' }));
    }
  });
  const wss = new WebSocketServer({
    server: http,
    maxPayload: maxMessageBytes,
    perMessageDeflate: false,
  });
  /** Each connection's state, to close those of a store that failed. */
  const conns = new Map<WebSocket, Conn>();
  wss.on('connection', (ws) => {
    const conn: Conn = { ws };
    conns.set(ws, conn);
    ws.on('message', (data, isBinary) => {
      spin.arrived();
      const t0 = performance.now();
      stats.messages++;
      const msg = Buffer.isBuffer(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        : new Uint8Array(Buffer.concat(data as Buffer[]));
      stats.bytesIn += msg.length;
      if (!isBinary) return sendReplies(ws, 0, [encodeError(0, 0, 'messages must be binary')]);
      const { op, id } = peekRequest(msg);
      let requests: Uint8Array[];
      if (op !== OP_BUNDLE) requests = [msg];
      else {
        try {
          requests = decodeBundle(msg);
        } catch (e) {
          stats.requests++;
          stats.errors++;
          const message = (e as Error).message;
          record(conn.name ?? '', 'error', msg.length, undefined, message, undefined);
          return sendReplies(ws, id, [encodeError(op, id, message)]);
        }
      }
      // Served in order. The replies ready now (READs, errors) go out in one message first;
      // the journal records of the message's WRITEs are written after that send, so the
      // client's wake-up and its work on the reply overlap the journal's hashing and write.
      // A WRITE is acknowledged only once its record is written (and, with fsync, synced).
      const ready: Uint8Array[] = [];
      let acks: Uint8Array[] | undefined;
      for (const req of requests) {
        const { reply, ack } = serve(conn, req, op === OP_BUNDLE);
        if (!ack) ready.push(reply);
        else if (acks === undefined) acks = [reply];
        else acks.push(reply);
      }
      const t1 = performance.now();
      sendReplies(ws, id, ready);
      const t2 = performance.now();
      const store = conn.store;
      if (store !== undefined && store.staged > 0) {
        try {
          store.commitStaged();
        } catch {
          // The store failed closed (its tree is ahead of its journal): no acknowledgement,
          // and every connection to it is closed; the client fails closed.
          stats.errors++;
          for (const c of conns.values())
            if (c.store === store) c.ws.close(1011, 'journal write failed');
          // The next HELLO for this name reopens it from DIR (what was acknowledged).
          stores.delete(conn.name!);
          void store.close();
          acks = undefined;
        }
      }
      if (acks !== undefined) {
        if (!fsync) sendReplies(ws, 0, acks);
        else {
          const idle = waiting.length === 0;
          waiting.push({ conn, acks });
          if (idle && !syncing) setTimeout(() => void syncAcks(), SERVER_COMMIT_DELAY_MS);
        }
      }
      stats.serveMs += t1 - t0;
      stats.sendMs += t2 - t1;
      stats.journalMs += performance.now() - t2;
      spin.kick();
    });
    ws.on('close', () => conns.delete(ws));
    ws.on('error', () => conns.delete(ws));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const addr = http.address() as AddressInfo;
  const urlHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closed = false;
  return {
    url: `ws://${urlHost}:${addr.port}`,
    host: addr.address,
    port: addr.port,
    trace: () => seen().map(eventOf),
    stats,
    async close() {
      if (closed) return;
      closed = true;
      closedFlag = true;
      for (const c of conns.values()) c.ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => http.close(() => r()));
      for (const s of stores.values()) await s.close();
      stores.clear();
    },
  };
}
