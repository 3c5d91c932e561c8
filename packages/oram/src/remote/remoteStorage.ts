import { checkOptionNames, type OptionNames } from '@paperlab/stats';
import { DEFAULT_CLIENT_SPIN_MICROS } from '../parameters.js';
import { type AsyncBatchedStorage, type IoBatch, META_SLOT } from '../storage/storageProtocol.js';
import { checkShapeFields, type StorageShape } from '../storage.js';
import type { BatchStore } from './batchStore.js';
import { checkSpinMicros, createSpinWait } from './spinWait.js';
import {
  checkStoreName,
  decodeBundleResponse,
  decodeResponse,
  decodeSeq,
  encodeBundle,
  encodeHello,
  encodeRead,
  encodeReadOf,
  encodeWrite,
  encodeWriteOf,
  LOCATION_BYTES,
  type LocationList,
  OP_BUNDLE,
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
  /**
   * While an awaited request (a READ) is unanswered, keep the event loop turning for up to
   * this many microseconds instead of sleeping (busy polling, see spinWait.ts), integer in
   * [0, 10^6]; default DEFAULT_CLIENT_SPIN_MICROS (1000; 0 is off). It costs CPU time while waiting,
   * and backs off where it does not pay.
   */
  spinMicros?: number;
}

/** Traffic counters: what crossed the wire, as the bench reports it. */
export interface RemoteCounters {
  /** Requests sent (each answered by one response): READ + WRITE (+ the HELLO). */
  requests: number;
  /**
   * WebSocket messages sent: a pipelined WRITE waits for the next request and goes with it
   * in one BUNDLE, so there are fewer messages than requests.
   */
  messages: number;
  reads: number;
  writes: number;
  bytesSent: number;
  bytesReceived: number;
  /**
   * Locations of `read` batches answered from this client's own writes of the same access
   * (read-your-writes), so never sent.
   */
  localLocations: number;
  /** Locations of `read` batches answered from what `prefetch` fetched with an earlier READ. */
  prefetchedLocations: number;
  /** `read` calls that waited for a READ sent ahead on its own (prefetchNext), sending none. */
  waitedAhead: number;
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
  /** Event-loop turns spent spinning while waiting (spinMicros). */
  readonly spinTurns: number;
  /** Spins cut short because this thread was preempted (then spinning backs off). */
  readonly spinPreempted: number;
  /** Spins that ran out before the reply came (then spinning backs off). */
  readonly spinWasted: number;
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
/** The client keeps at most this many known locations (an access has far fewer). */
const MAX_KNOWN_LOCATIONS = 2 ** 16;

const REMOTE_OPTIONS: OptionNames<RemoteStorageOptions> = {
  url: true,
  name: true,
  shape: true,
  WebSocket: true,
  spinMicros: true,
};

/**
 * Connects to `paperlab-oram serve` and binds the connection to store `name` with `shape` (the
 * server creates the store on first use, and refuses a different shape later). Requests are
 * pipelined over the one connection and answered in order. Browser-safe.
 */
export async function createRemoteStorage(options: RemoteStorageOptions): Promise<RemoteStorage> {
  checkOptionNames('createRemoteStorage', options, REMOTE_OPTIONS);
  const { url, shape } = options;
  if (typeof url !== 'string' || !/^wss?:\/\/./.test(url)) {
    throw new TypeError(
      `url must be a ws:// or wss:// URL, got ${JSON.stringify(String(url)).slice(0, 80)}`,
    );
  }
  const name = checkStoreName(options.name ?? 'default');
  // On the wire each field is a u32: a value out of range would reach the server wrapped.
  checkShapeFields(shape, 'shape.');
  const spinMicros = checkSpinMicros('spinMicros', options.spinMicros, DEFAULT_CLIENT_SPIN_MICROS);
  const Ctor =
    options.WebSocket ?? (globalThis as unknown as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (typeof Ctor !== 'function') {
    throw new TypeError('no WebSocket here: pass options.WebSocket (on Node 20, the `ws` package)');
  }
  const counters: RemoteCounters = {
    requests: 0,
    messages: 0,
    reads: 0,
    writes: 0,
    bytesSent: 0,
    bytesReceived: 0,
    localLocations: 0,
    prefetchedLocations: 0,
    waitedAhead: 0,
  };
  /** Requests awaiting their response, by id; each handler gets the response. */
  const pending = new Map<number, (res: Response | Error) => void>();
  let nextId = 1;
  let broken: Error | undefined;
  /** The first pipelined write the server refused: every later call fails with it. */
  let writeFailure: Error | undefined;
  /** Why a READ sent on its own (sendNextAlone) failed: every later call fails with it. */
  let flyingFailure: Error | undefined;
  const ws = new Ctor(url);
  ws.binaryType = 'arraybuffer';
  const fail = (e: Error): void => {
    broken ??= e;
    outbox.length = 0;
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
    let responses: Response[];
    try {
      const res = decodeResponse(bytes);
      responses = res.ok && res.op === OP_BUNDLE ? decodeBundleResponse(res.body) : [res];
    } catch (e) {
      return fail(e as Error);
    }
    for (const res of responses) {
      const h = pending.get(res.id);
      if (h === undefined) {
        return fail(
          res.ok
            ? new WireFormatError(`response to unknown request ${res.id}`)
            : new RemoteStorageError(`server: ${res.message}`),
        );
      }
      pending.delete(res.id);
      h(res);
    }
  };
  /**
   * Requests queued and not yet sent. A pipelined WRITE waits here for the next request and
   * goes with it in one BUNDLE (one message, so one send and one wake-up of the server for
   * both); a timer sends it anyway if no request follows.
   */
  const outbox: Uint8Array[] = [];
  let outboxTimer: ReturnType<typeof setTimeout> | undefined;
  const sendOutbox = (): void => {
    if (outboxTimer !== undefined) {
      clearTimeout(outboxTimer);
      outboxTimer = undefined;
    }
    if (outbox.length === 0) return;
    const msg = outbox.length === 1 ? outbox[0]! : encodeBundle(takeId(), outbox);
    outbox.length = 0;
    counters.messages++;
    counters.bytesSent += msg.length;
    ws.send(msg);
  };
  /**
   * Queues a request; `onReply` gets its response, or the error that broke the connection.
   * `now` sends it at once with everything queued before it.
   */
  const send = (msg: Uint8Array, onReply: (res: Response | Error) => void, now = true): void => {
    const id = new DataView(msg.buffer, msg.byteOffset, 6).getUint32(2, true);
    counters.requests++;
    pending.set(id, onReply);
    outbox.push(msg);
    if (now) sendOutbox();
    else outboxTimer ??= setTimeout(sendOutbox, 0);
  };
  const takeId = (): number => {
    const id = nextId;
    nextId = (nextId + 1) >>> 0 || 1;
    return id;
  };
  const usable = (): Error | undefined => {
    if (broken !== undefined) return broken;
    if (writeFailure !== undefined) return writeFailure;
    if (flyingFailure !== undefined) return flyingFailure;
    if (ws.readyState !== OPEN) return new RemoteStorageError(`connection to ${url} is not open`);
    return undefined;
  };
  /** Awaited requests unanswered: while there are, the client may spin (spinMicros). */
  let awaited = 0;
  const spin = createSpinWait(spinMicros, () => awaited > 0);
  /** Sends an awaited request; `onReply` as for `send`. */
  const sendAwaited = (msg: Uint8Array, onReply: (res: Response | Error) => void): void => {
    awaited++;
    send(msg, (res) => {
      awaited--;
      spin.arrived();
      onReply(res);
    });
    spin.kick();
  };
  /** An awaited request: resolves with the response body, rejects on an error response. */
  const request = (make: (id: number) => Uint8Array): Promise<Uint8Array> => {
    const bad = usable();
    if (bad !== undefined) return Promise.reject(bad);
    const msg = make(takeId());
    return new Promise((resolve, reject) => {
      sendAwaited(msg, (res) => {
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
   * What the client already knows within one access, by location number: the bytes of every
   * location it wrote since the access began (read-your-writes), and of every location it
   * fetched ahead (`prefetch`), as a buffer and a byte offset in it (a WRITE it sent, a READ
   * reply). A read of a known location is answered here instead of by the server: an honest
   * server would return exactly these bytes. Which locations are known follows from the
   * access's public sequence of paths alone, so leaving them out of a READ tells the server
   * nothing new. An early reshuffle re-reads metadata ReadPath just wrote back (Ren et al.
   * 2015, Alg. 1), EvictPath's metadata below the levels it shares with the read path comes
   * with ReadPath's first READ, and EarlyReshuffle's slots (every valid slot of a bucket read
   * S times) with ReadPath's slot READ, so none of them costs a round trip.
   */
  const written = new Map<number, number>();
  const fetched = new Map<number, number>();
  const knownBuf: Uint8Array[] = [];
  const knownAt: number[] = [];
  type Names = LocationList & { keys: number[] };
  const noNames = (): Names => ({ kinds: [], buckets: [], slots: [], keys: [] });
  /** Locations named by `prefetch`, to go with the next READ sent. */
  const ahead: Names = noNames();
  const clearAhead = (): void => {
    ahead.kinds.length = 0;
    ahead.buckets.length = 0;
    ahead.slots.length = 0;
    ahead.keys.length = 0;
  };
  /**
   * The names in `ahead` that `pick` selects, in order; the others stay queued when `keepRest`,
   * else `ahead` is emptied.
   */
  const takeAhead = (pick: (key: number) => boolean, keepRest: boolean): Names => {
    const out = noNames();
    let kept = 0;
    for (let k = 0; k < ahead.keys.length; k++) {
      const key = ahead.keys[k]!;
      const to = pick(key) ? out : keepRest ? ahead : undefined;
      if (to === undefined) continue;
      const at = to === out ? out.keys.length : kept++;
      to.kinds[at] = ahead.kinds[k]!;
      to.buckets[at] = ahead.buckets[k]!;
      to.slots[at] = ahead.slots[k]!;
      to.keys[at] = key;
    }
    ahead.kinds.length = kept;
    ahead.buckets.length = kept;
    ahead.slots.length = kept;
    ahead.keys.length = kept;
    return out;
  };
  const slotsTotal = frozen.bucketCount * frozen.slotsPerBucket;
  const keyOf = (batch: IoBatch, i: number): number => {
    const slot = batch.slots[i]!;
    return slot === META_SLOT
      ? slotsTotal + batch.copies[i]! * frozen.bucketCount + batch.buckets[i]!
      : batch.buckets[i]! * frozen.slotsPerBucket + slot;
  };
  const lookup = (key: number): number | undefined =>
    (written.size === 0 ? undefined : written.get(key)) ??
    (fetched.size === 0 ? undefined : fetched.get(key));
  /** Copies known location w (lookup) into location i of batch. */
  const copyKnown = (batch: IoBatch, i: number, w: number): void => {
    const len = batch.slots[i] === META_SLOT ? metaBytes : slotBytes;
    const at = knownAt[w]!;
    batch.data.set(knownBuf[w]!.subarray(at, at + len), batch.offsets[i]!);
  };
  const forget = (): void => {
    written.clear();
    fetched.clear();
    knownBuf.length = 0;
    knownAt.length = 0;
    clearAhead();
  };
  /**
   * Locations named by `prefetchNext`: the next access's first read. What the client knows of
   * them survives `endAccess`: the bytes fetched ahead, or the bytes this access wrote after
   * naming them (an honest server returns exactly those next). Which of them the next access
   * then leaves out of its READ follows from public paths alone (its own path, and what this
   * access wrote), as for read-your-writes.
   */
  const nextKeys = new Set<number>();
  /** forget(), but what is known of nextKeys stays known (for the next access). */
  const forgetAllButNext = (): void => {
    if (nextKeys.size === 0) {
      forget();
      return;
    }
    const keep: { key: number; buf: Uint8Array; at: number; wrote: boolean }[] = [];
    for (const key of nextKeys) {
      const w = written.get(key);
      const f = w ?? fetched.get(key);
      if (f !== undefined)
        keep.push({ key, buf: knownBuf[f]!, at: knownAt[f]!, wrote: w !== undefined });
    }
    nextKeys.clear();
    forget();
    for (const k of keep) {
      (k.wrote ? written : fetched).set(k.key, knownAt.length);
      knownBuf.push(k.buf);
      knownAt.push(k.at);
    }
  };
  /** Bytes the server returns for named-ahead locations `extra` (a slot or a metadata each). */
  const namedBytes = (extra: LocationList): number => {
    let n = 0;
    for (const kind of extra.kinds) n += kind === 0 ? slotBytes : metaBytes;
    return n;
  };
  /** Records the named-ahead locations of a READ reply, their bytes in `body` from `at`. */
  const keepFetched = (extra: Names, body: Uint8Array, at: number): void => {
    for (let k = 0; k < extra.keys.length; k++) {
      // Kept unless the client wrote the location meanwhile (its write is newer).
      if (!written.has(extra.keys[k]!)) {
        fetched.set(extra.keys[k]!, knownAt.length);
        knownBuf.push(body);
        knownAt.push(at);
      }
      at += extra.kinds[k] === 0 ? slotBytes : metaBytes;
    }
  };
  /**
   * A READ of next-access names sent on its own, when the access that named them reads
   * nothing from the server itself (Path ORAM, whose whole path came ahead): not awaited, so
   * the round trip overlaps the rest of this access. Its reply lands in `fetched` like any
   * location fetched ahead (unless the client wrote the location meanwhile); a read that needs
   * one of its locations waits for it. One at a time.
   */
  let flying: Promise<void> | undefined;
  const flyingKeys = new Set<number>();
  const sendNextAlone = (batch: IoBatch): void => {
    if (flying !== undefined) return;
    // Names for this access stay queued for its next READ.
    const extra = takeAhead((key) => nextKeys.has(key) && lookup(key) === undefined, true);
    if (extra.keys.length === 0) return;
    counters.reads++;
    for (const key of extra.keys) flyingKeys.add(key);
    const msg = encodeReadOf(takeId(), batch, new Int32Array(0), 0, extra);
    flying = new Promise<void>((resolve) => {
      send(msg, (res) => {
        flying = undefined;
        flyingKeys.clear();
        if (res instanceof Error) flyingFailure ??= res;
        else if (!res.ok) flyingFailure ??= new RemoteStorageError(`server: ${res.message}`);
        else {
          const want = namedBytes(extra);
          if (res.body.length !== want) {
            flyingFailure ??= new WireFormatError(
              `READ reply must be ${want} bytes, got ${res.body.length}`,
            );
          } else {
            keepFetched(extra, res.body, 0);
          }
        }
        resolve();
      });
    });
  };
  let missing = new Int32Array(64);
  /** Queues locations to go with the next READ sent (prefetch, prefetchNext). */
  const nameAhead = (batch: IoBatch, next: boolean): void => {
    for (let i = 0; i < batch.count; i++) {
      const slot = batch.slots[i]!;
      const key = keyOf(batch, i);
      ahead.kinds.push(slot === META_SLOT ? 1 + batch.copies[i]! : 0);
      ahead.buckets.push(batch.buckets[i]!);
      ahead.slots.push(slot === META_SLOT ? 0 : slot);
      ahead.keys.push(key);
      if (next) nextKeys.add(key);
    }
  };
  const storage: RemoteStorage = {
    batched: 'async',
    bucketCount: frozen.bucketCount,
    slotsPerBucket: frozen.slotsPerBucket,
    slotBytes,
    metaBytes,
    read(batch: IoBatch): Promise<void> {
      const bad = usable();
      if (bad !== undefined) return Promise.reject(bad);
      const n = batch.count;
      if (flying !== undefined) {
        for (let i = 0; i < n; i++) {
          if (!flyingKeys.has(keyOf(batch, i))) continue;
          // Its bytes are on their way: wait for them, then read as usual.
          const f = flying;
          counters.waitedAhead++;
          awaited++;
          spin.kick();
          return f.then(() => {
            awaited--;
            spin.arrived();
            return storage.read(batch);
          });
        }
      }
      if (missing.length < n) missing = new Int32Array(n * 2);
      let misses = 0;
      for (let i = 0; i < n; i++) {
        const key = keyOf(batch, i);
        const w = lookup(key);
        if (w === undefined) {
          missing[misses++] = i;
          continue;
        }
        if (written.get(key) === w) counters.localLocations++;
        else counters.prefetchedLocations++;
        copyKnown(batch, i, w);
      }
      if (misses === 0) {
        if (nextKeys.size > 0 && ahead.keys.length > 0) sendNextAlone(batch);
        return Promise.resolve();
      }
      counters.reads++;
      // Its own copy: another read may start before this one is answered.
      const picked = misses === n ? undefined : missing.slice(0, misses);
      // Locations named ahead ride along, unless known by now or read here anyway.
      let extra: Names | undefined;
      if (ahead.keys.length > 0) {
        const here = new Set<number>();
        for (let k = 0; k < misses; k++)
          here.add(keyOf(batch, picked === undefined ? k : picked[k]!));
        extra = takeAhead(
          (key) => !here.has(key) && lookup(key) === undefined && !flyingKeys.has(key),
          false,
        );
      }
      const msg = encodeReadOf(takeId(), batch, picked, misses, extra);
      return new Promise<void>((resolve, reject) => {
        sendAwaited(msg, (res) => {
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
          const extraBytes = extra === undefined ? 0 : namedBytes(extra);
          if (body.length !== want + extraBytes)
            return reject(
              new WireFormatError(
                `READ reply must be ${want + extraBytes} bytes, got ${body.length}`,
              ),
            );
          let at = 0;
          for (let k = 0; k < misses; k++) {
            const i = picked === undefined ? k : picked[k]!;
            const len = batch.slots[i] === META_SLOT ? metaBytes : slotBytes;
            batch.data.set(body.subarray(at, at + len), batch.offsets[i]!);
            at += len;
          }
          if (extra !== undefined) keepFetched(extra, body, at);
          resolve();
        });
      });
    },
    /** What `read` would answer from client memory alone (AsyncBatchedStorage.peek). */
    peek(batch: IoBatch) {
      if (usable() !== undefined) return false;
      for (let i = 0; i < batch.count; i++) {
        const w = lookup(keyOf(batch, i));
        if (w === undefined) return false;
        copyKnown(batch, i, w);
      }
      return true;
    },
    prefetch(batch: IoBatch) {
      nameAhead(batch, false);
    },
    prefetchNext(batch: IoBatch) {
      nameAhead(batch, true);
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
        const key = keyOf(batch, i);
        written.set(key, knownAt.length);
        fetched.delete(key);
        knownBuf.push(msg);
        knownAt.push(at);
        at += batch.slots[i] === META_SLOT ? metaBytes : slotBytes;
      }
      unacked++;
      send(
        msg,
        (res) => {
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
        },
        false,
      );
      if (knownAt.length > MAX_KNOWN_LOCATIONS) forget();
      return Promise.resolve();
    },
    /**
     * The access ended: nothing it wrote or fetched is answered locally any more, but for the
     * locations the next access reads first (prefetchNext).
     */
    endAccess() {
      forgetAllButNext();
      return Promise.resolve();
    },
    get unacknowledged() {
      return unacked;
    },
    async flush() {
      sendOutbox();
      if (unacked > 0) await new Promise<void>((r) => flushWaiters.push(r));
      if (writeFailure !== undefined) throw writeFailure;
    },
    url,
    name,
    shape: frozen,
    counters,
    get spinTurns() {
      return spin.turns;
    },
    get spinPreempted() {
      return spin.preempted;
    },
    get spinWasted() {
      return spin.wasted;
    },
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
      // A commit: awaited, after every pipelined write before it. It writes without going
      // through `written`, so nothing known before it may answer a read after it.
      await storage.flush();
      nextKeys.clear();
      forget();
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
