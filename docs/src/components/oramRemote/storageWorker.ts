// The browser-storage demo's ORAM, off the main thread: a durable Ring ORAM on IndexedDB
// (openDurableRingOram + createIndexedDbStorage), and optionally an asynchronous Ring ORAM on
// `paperlab-oram serve` (createRemoteStorage with the browser's WebSocket). Created with
// `new Worker(new URL('./storageWorker.ts', import.meta.url))`; every request carries an id
// and is answered by exactly one response with that id.
import {
  createAsyncRingOram,
  createIndexedDbStorage,
  createMemoryStorage,
  createRemoteStorage,
  createRingOram,
  openDurableRingOram,
  ringStorageShape,
  uploadTree,
} from '@paperlab/oram';
import { type StoreEvent, type TracedStore, tracedStore } from './tracedStore';

/** The IndexedDB ORAM of the page: small enough that creating it takes well under a second. */
export const IDB_OPTIONS = { capacity: 1024, blockSize: 32 } as const;
/** Addresses shown after every open, so a reload shows what survived it. */
export const SHOWN = 8;

export type StorageRequest =
  | { id: number; type: 'open'; name: string; passphrase: string }
  | { id: number; type: 'write'; addr: number; text: string }
  | { id: number; type: 'read'; addr: number }
  | { id: number; type: 'bench'; accesses: number; inFlight: number }
  | { id: number; type: 'wipe'; name: string }
  | { id: number; type: 'server'; url: string; capacity: number; accesses: number };

export interface BenchResult {
  where: string;
  capacity: number;
  blockSize: number;
  accesses: number;
  seconds: number;
  perSecond: number;
  /** Durable ORAM: commits (IndexedDB transactions) per access. Server: round trips per access. */
  perAccess: string;
  /** Server: bytes on the wire per access, sent / received. */
  wire?: string;
  setupSeconds: number;
}

export type StorageResponse =
  | {
      id: number;
      type: 'opened';
      seq: number;
      values: string[];
      events: StoreEvent[];
      openMs: number;
    }
  | { id: number; type: 'done'; value?: string; seq: number; events: StoreEvent[] }
  | { id: number; type: 'bench'; result: BenchResult; events: StoreEvent[] }
  | { id: number; type: 'error'; name: string; message: string };

const scope = self as unknown as {
  postMessage(message: StorageResponse): void;
  onmessage: ((event: MessageEvent<StorageRequest>) => void) | null;
};

type Durable = Awaited<ReturnType<typeof openDurableRingOram>>;
let durable: Durable | undefined;
let store: TracedStore | undefined;
/** Events already sent to the page: each response carries only the new ones. */
let sent = 0;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The block for a text: UTF-8, at most blockSize bytes (refused beyond), zero-padded. */
export function encodeText(text: string, blockSize: number): Uint8Array {
  const bytes = encoder.encode(text);
  if (bytes.length > blockSize) {
    throw new RangeError(
      `value must be at most ${blockSize} bytes of UTF-8, got ${bytes.length} bytes`,
    );
  }
  const block = new Uint8Array(blockSize);
  block.set(bytes);
  return block;
}

/** The text of a block: its bytes up to the first zero, as UTF-8. */
export function decodeText(block: Uint8Array): string {
  const end = block.indexOf(0);
  return decoder.decode(end < 0 ? block : block.subarray(0, end));
}

/** The ORAM key from the passphrase (PBKDF2-SHA-256, WebCrypto): never stored anywhere. */
async function deriveKey(passphrase: string, name: string): Promise<Uint8Array> {
  if (passphrase.length === 0) throw new RangeError('passphrase is empty: enter one');
  const material = await crypto.subtle.importKey(
    'raw',
    encoder.encode(passphrase),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    {
      name: 'PBKDF2',
      hash: 'SHA-256',
      salt: encoder.encode(`paperlab-oram-demo/${name}`),
      iterations: 100_000,
    },
    material,
    256,
  );
  return new Uint8Array(bits);
}

function newEvents(): StoreEvent[] {
  if (store === undefined) return [];
  const total = store.requests;
  const fresh = Math.min(total - sent, store.events.length);
  sent = total;
  return fresh > 0 ? store.events.slice(-fresh) : [];
}

async function closeDurable(): Promise<void> {
  const d = durable;
  durable = undefined;
  store = undefined;
  sent = 0;
  await d?.close();
}

function need(): Durable {
  if (durable === undefined) throw new Error('the store is not open: press Open first');
  return durable;
}

async function open(name: string, passphrase: string): Promise<StorageResponse> {
  await closeDurable();
  const t0 = performance.now();
  const key = await deriveKey(passphrase, name);
  const options = { ...IDB_OPTIONS, key };
  const idb = await createIndexedDbStorage({ name, shape: ringStorageShape(options) });
  store = tracedStore(idb);
  try {
    durable = await openDurableRingOram(options, { store });
  } catch (e) {
    await idb.close();
    store = undefined;
    throw e;
  }
  const values = await Promise.all(
    Array.from({ length: SHOWN }, (_, a) => need().read(a).then(decodeText)),
  );
  return {
    id: 0,
    type: 'opened',
    seq: need().seq,
    values,
    events: newEvents(),
    openMs: performance.now() - t0,
  };
}

async function bench(accesses: number, inFlight: number): Promise<BenchResult> {
  const d = need();
  const data = encodeText('bench', IDB_OPTIONS.blockSize);
  const seq0 = d.seq;
  const t0 = performance.now();
  for (let done = 0; done < accesses; done += inFlight) {
    const batch: Promise<unknown>[] = [];
    for (let i = 0; i < Math.min(inFlight, accesses - done); i++) {
      // Addresses SHOWN and up, so the values the page shows are left alone.
      const addr = SHOWN + (((done + i) * 7919) % (IDB_OPTIONS.capacity - SHOWN));
      batch.push(i % 2 === 0 ? d.write(addr, data) : d.read(addr));
    }
    await Promise.all(batch);
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    where: `IndexedDB, durable, ${inFlight} in flight`,
    capacity: IDB_OPTIONS.capacity,
    blockSize: IDB_OPTIONS.blockSize,
    accesses,
    seconds,
    perSecond: accesses / seconds,
    perAccess: `${((d.seq - seq0) / accesses).toFixed(3)} commits/access`,
    setupSeconds: 0,
  };
}

/**
 * Ring ORAM on `paperlab-oram serve`, on a full tree: every address is written once by the
 * synchronous ORAM on an in-memory storage in this worker, the tree is uploaded to the server
 * (uploadTree, whole-tree writes in bucket order), and the asynchronous ORAM continues on the
 * server from the exported state; then it is timed. Writing every address through the server
 * instead would take minutes at 2^16 and measure the same thing.
 */
async function serverBench(url: string, capacity: number, accesses: number): Promise<BenchResult> {
  const t0 = performance.now();
  const key = crypto.getRandomValues(new Uint8Array(32));
  const options = { capacity, blockSize: 64, key };
  const shape = ringStorageShape(options);
  const data = new Uint8Array(64).fill(1);
  const memory = createMemoryStorage(shape);
  const local = createRingOram({ ...options, storage: memory });
  for (let a = 0; a < capacity; a++) local.write(a, data);
  // A fresh store name per run: the server refuses to reopen a store with another key's state.
  const name = `docs-${Date.now().toString(36)}`;
  const storage = await createRemoteStorage({ url, name, shape });
  try {
    await uploadTree(memory, storage);
    const oram = await createAsyncRingOram({ ...options, storage, state: local.exportState() });
    const setupSeconds = (performance.now() - t0) / 1000;
    const before = { ...storage.counters };
    const t1 = performance.now();
    let last: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < accesses; i++) {
      const addr = (i * 7919) % capacity;
      last = i % 2 === 0 ? oram.write(addr, data) : oram.read(addr);
    }
    await last;
    const seconds = (performance.now() - t1) / 1000;
    const c = storage.counters;
    const rt = (c.reads - before.reads + c.writes - before.writes) / accesses;
    const reads = (c.reads - before.reads) / accesses;
    return {
      where: `paperlab-oram serve at ${url}`,
      capacity,
      blockSize: 64,
      accesses,
      seconds,
      perSecond: accesses / seconds,
      perAccess: `${rt.toFixed(2)} requests/access (${reads.toFixed(2)} awaited reads)`,
      wire: `${((c.bytesSent - before.bytesSent) / accesses).toFixed(0)} B sent, ${((c.bytesReceived - before.bytesReceived) / accesses).toFixed(0)} B received`,
      setupSeconds,
    };
  } finally {
    await storage.close();
  }
}

async function handle(req: StorageRequest): Promise<StorageResponse> {
  switch (req.type) {
    case 'open':
      return { ...(await open(req.name, req.passphrase)), id: req.id };
    case 'write': {
      const d = need();
      await d.write(req.addr, encodeText(req.text, d.oram.blockSize));
      return { id: req.id, type: 'done', seq: d.seq, events: newEvents() };
    }
    case 'read': {
      const d = need();
      const value = decodeText(await d.read(req.addr));
      return { id: req.id, type: 'done', value, seq: d.seq, events: newEvents() };
    }
    case 'bench': {
      const result = await bench(req.accesses, req.inFlight);
      return { id: req.id, type: 'bench', result, events: newEvents() };
    }
    case 'wipe': {
      await closeDurable();
      await new Promise<void>((resolve, reject) => {
        const r = indexedDB.deleteDatabase(req.name);
        r.onsuccess = () => resolve();
        r.onerror = () => reject(r.error ?? new Error('deleteDatabase failed'));
        r.onblocked = () => reject(new Error('the database is open in another tab: close it'));
      });
      return { id: req.id, type: 'done', seq: 0, events: [] };
    }
    case 'server': {
      const result = await serverBench(req.url, req.capacity, req.accesses);
      return { id: req.id, type: 'bench', result, events: [] };
    }
  }
}

// One request at a time, in arrival order (the page disables its buttons while one runs).
let chain: Promise<void> = Promise.resolve();
scope.onmessage = (event) => {
  const req = event.data;
  chain = chain.then(async () => {
    try {
      scope.postMessage(await handle(req));
    } catch (e) {
      scope.postMessage({
        id: req.id,
        type: 'error',
        name: e instanceof Error ? e.name : 'Error',
        message: e instanceof Error ? e.message : String(e),
      });
    }
  });
};
