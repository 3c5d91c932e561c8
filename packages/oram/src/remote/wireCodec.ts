import { type IoBatch, META_SLOT } from '../storage/storageProtocol.js';
import type { StorageShape } from '../storage.js';
import { type BatchEntry, checkLocation, kindBytes, type Location } from './writeBatch.js';

/**
 * The binary wire format between createRemoteStorage and `paperlab-oram serve` (ours). One
 * WebSocket message is one request or one response; all integers little-endian.
 *
 *   request  = u8 version (1) | u8 op | u32 id | body
 *   response = u8 version (1) | u8 op | 0x80 | u32 id | u8 status (0 ok, 1 error) | body
 *
 *   HELLO (1): u8 nameLength | name (ASCII [A-Za-z0-9_-]) | u32 bucketCount | u32 slotsPerBucket
 *              | u32 slotBytes | u32 metaBytes             -> f64 appliedSeq
 *   READ  (2): u32 count | count x location               -> the locations' bytes, concatenated
 *   WRITE (3): f64 seq | u32 count | count x location | the entries' bytes, concatenated
 *                                                          -> f64 appliedSeq
 *   BUNDLE (4): u32 count | count x (u32 length | a READ or WRITE request)
 *                                                          -> a BUNDLE response: u32 count |
 *                                                             count x (u32 length | response)
 *   location = u8 kind (0 slot, 1 metadata, 2 metadata mirror) | u32 bucket | u16 slot
 *   error body = UTF-8 message
 *
 * A BUNDLE carries several requests in one message, served in order as if sent one by one;
 * the responses that are ready at once come back in one BUNDLE response (a WRITE waiting for
 * its fsync is acknowledged later, on its own or with others). It changes the framing only:
 * the server sees, checks and records each request inside it separately. The client sends its
 * pipelined WRITEs with its next READ this way, so a loopback round trip costs one message
 * each way instead of one per request.
 *
 * Decoding is strict: a wrong version, unknown op, a location outside the store's shape, a
 * duplicate location in a batch, a length that does not add up or trailing bytes all throw a
 * WireFormatError naming the field, and the server answers it as an error response.
 */
export const WIRE_VERSION = 1;
export const OP_HELLO = 1;
export const OP_READ = 2;
export const OP_WRITE = 3;
export const OP_BUNDLE = 4;
/** Most requests in one BUNDLE. */
export const MAX_BUNDLE_PARTS = 2 ** 16;
const RESPONSE = 0x80;
/** Bytes of one location on the wire. */
export const LOCATION_BYTES = 7;
/** Largest store name; names are file names on the server, so a restricted alphabet. */
export const MAX_NAME_LENGTH = 64;
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
/** Largest location count of one request (2^20: far above one epoch of a 2^26-block tree). */
export const MAX_BATCH_LOCATIONS = 2 ** 20;

/** A message that does not follow the wire format. */
export class WireFormatError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

export type Request =
  | { op: typeof OP_HELLO; id: number; name: string; shape: StorageShape }
  | { op: typeof OP_READ; id: number; locations: Location[] }
  | { op: typeof OP_WRITE; id: number; seq: number; entries: BatchEntry[] };

export type Response =
  | { op: number; id: number; ok: true; body: Uint8Array }
  | { op: number; id: number; ok: false; message: string };

export function checkStoreName(name: unknown): string {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.length > MAX_NAME_LENGTH ||
    !NAME_PATTERN.test(name)
  ) {
    throw new WireFormatError(
      `store name must be 1 to ${MAX_NAME_LENGTH} characters of [A-Za-z0-9_-], got ${JSON.stringify(String(name)).slice(0, 80)}`,
    );
  }
  return name;
}

function checkSeq(seq: unknown): number {
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new WireFormatError(`seq must be an integer in [0, 2^53 - 1], got ${String(seq)}`);
  }
  return seq;
}

function header(buf: Uint8Array, op: number, id: number): DataView {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  v.setUint8(0, WIRE_VERSION);
  v.setUint8(1, op);
  v.setUint32(2, id >>> 0, true);
  return v;
}

function putLocations(v: DataView, at: number, locs: readonly Location[]): number {
  for (const l of locs) {
    v.setUint8(at, l.kind);
    v.setUint32(at + 1, l.bucket, true);
    v.setUint16(at + 5, l.slot, true);
    at += LOCATION_BYTES;
  }
  return at;
}

export function encodeHello(id: number, name: string, shape: StorageShape): Uint8Array {
  const nameBytes = new TextEncoder().encode(checkStoreName(name));
  const buf = new Uint8Array(6 + 1 + nameBytes.length + 16);
  const v = header(buf, OP_HELLO, id);
  v.setUint8(6, nameBytes.length);
  buf.set(nameBytes, 7);
  let at = 7 + nameBytes.length;
  for (const k of ['bucketCount', 'slotsPerBucket', 'slotBytes', 'metaBytes'] as const) {
    v.setUint32(at, shape[k], true);
    at += 4;
  }
  return buf;
}

export function encodeRead(id: number, locs: readonly Location[]): Uint8Array {
  const buf = new Uint8Array(10 + locs.length * LOCATION_BYTES);
  const v = header(buf, OP_READ, id);
  v.setUint32(6, locs.length, true);
  putLocations(v, 10, locs);
  return buf;
}

export function encodeWrite(id: number, seq: number, entries: readonly BatchEntry[]): Uint8Array {
  checkSeq(seq);
  let payload = 0;
  for (const e of entries) payload += e.data.length;
  const buf = new Uint8Array(18 + entries.length * LOCATION_BYTES + payload);
  const v = header(buf, OP_WRITE, id);
  v.setFloat64(6, seq, true);
  v.setUint32(14, entries.length, true);
  let at = putLocations(v, 18, entries);
  for (const e of entries) {
    buf.set(e.data, at);
    at += e.data.length;
  }
  return buf;
}

export function encodeResponse(op: number, id: number, body: Uint8Array): Uint8Array {
  const buf = new Uint8Array(7 + body.length);
  const v = header(buf, op | RESPONSE, id);
  v.setUint8(6, 0);
  buf.set(body, 7);
  return buf;
}

export function encodeError(op: number, id: number, message: string): Uint8Array {
  const text = new TextEncoder().encode(message.slice(0, 1000));
  const buf = new Uint8Array(7 + text.length);
  const v = header(buf, (op & 0x7f) | RESPONSE, id);
  v.setUint8(6, 1);
  buf.set(text, 7);
  return buf;
}

export function encodeSeq(seq: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, seq, true);
  return b;
}

export function decodeSeq(body: Uint8Array): number {
  if (body.length !== 8) throw new WireFormatError(`seq reply must be 8 bytes, got ${body.length}`);
  return checkSeq(new DataView(body.buffer, body.byteOffset, 8).getFloat64(0, true));
}

function view(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

function need(buf: Uint8Array, n: number, what: string): void {
  if (buf.length < n)
    throw new WireFormatError(`message too short for ${what}: ${buf.length} bytes, need ${n}`);
}

/** Reads the op and id of a request without validating the rest (to address an error reply). */
export function peekRequest(buf: Uint8Array): { op: number; id: number } {
  if (buf.length < 6) return { op: 0, id: 0 };
  const v = view(buf);
  return { op: v.getUint8(1), id: v.getUint32(2, true) };
}

/**
 * A READ or WRITE request checked against the store's shape, its locations left in the
 * message: location i is at `locationsAt + 7i` (u8 kind, u32 bucket, u16 slot), and a WRITE's
 * bytes follow from `dataAt` in the same order. The server and the journal work on the
 * message itself, so a batch is never copied into objects.
 */
export interface ScannedBatch {
  op: typeof OP_READ | typeof OP_WRITE;
  id: number;
  /** The WRITE's seq; 0 for a READ. */
  seq: number;
  count: number;
  locationsAt: number;
  /** Where the WRITE's bytes start (the end of the locations for a READ). */
  dataAt: number;
  /** Bytes the locations hold (a READ's reply body, a WRITE's payload). */
  payload: number;
}

/** One number per location of a shape: slots first, then metadata copy 0, then copy 1. */
function locationIndex(shape: StorageShape, kind: number, bucket: number, slot: number): number {
  const slots = shape.bucketCount * shape.slotsPerBucket;
  return kind === 0
    ? bucket * shape.slotsPerBucket + slot
    : slots + (kind - 1) * shape.bucketCount + bucket;
}

/**
 * Checks a READ or WRITE request (the header, every location against `shape`, no location
 * twice in a WRITE, the exact length) without building an object per location.
 */
export function scanBatchRequest(buf: Uint8Array, shape: StorageShape | undefined): ScannedBatch {
  return scanBatchBody(buf, readHeader(buf), shape);
}

/** A request's 6-byte header (u8 version, u8 op, u32 id), the version checked. */
interface Header {
  v: DataView;
  op: number;
  id: number;
}

function readHeader(buf: Uint8Array): Header {
  need(buf, 6, 'the header');
  const v = view(buf);
  const version = v.getUint8(0);
  if (version !== WIRE_VERSION)
    throw new WireFormatError(`version must be ${WIRE_VERSION}, got ${version}`);
  return { v, op: v.getUint8(1), id: v.getUint32(2, true) };
}

/** scanBatchRequest after the header: the op must be READ or WRITE. */
function scanBatchBody(
  buf: Uint8Array,
  { v, op, id }: Header,
  shape: StorageShape | undefined,
): ScannedBatch {
  if (op !== OP_READ && op !== OP_WRITE)
    throw new WireFormatError(`op must be 1 (HELLO), 2 (READ), 3 (WRITE) or 4 (BUNDLE), got ${op}`);
  if (shape === undefined)
    throw new WireFormatError('the first request of a connection must be HELLO');
  const head = op === OP_READ ? 10 : 18;
  need(buf, head, 'the location count');
  const seq = op === OP_WRITE ? checkSeq(v.getFloat64(6, true)) : 0;
  const count = v.getUint32(head - 4, true);
  if (count > MAX_BATCH_LOCATIONS)
    throw new WireFormatError(`count must be at most ${MAX_BATCH_LOCATIONS}, got ${count}`);
  need(buf, head + count * LOCATION_BYTES, `${count} locations`);
  const { bucketCount, slotsPerBucket, slotBytes, metaBytes } = shape;
  const keys = op === OP_WRITE ? new Float64Array(count) : undefined;
  let at = head;
  let payload = 0;
  for (let i = 0; i < count; i++) {
    const kind = buf[at]!;
    const bucket = v.getUint32(at + 1, true);
    const slot = v.getUint16(at + 5, true);
    if (kind > 2 || bucket >= bucketCount || (kind === 0 ? slot >= slotsPerBucket : slot !== 0)) {
      // The slow path only to word the error.
      checkLocation(shape, { kind: kind as 0, bucket, slot }, `location ${i}`);
    }
    payload += kind === 0 ? slotBytes : metaBytes;
    if (keys !== undefined) keys[i] = locationIndex(shape, kind, bucket, slot);
    at += LOCATION_BYTES;
  }
  if (keys !== undefined && count > 1) {
    const sorted = keys.slice().sort();
    for (let i = 1; i < count; i++) {
      if (sorted[i] === sorted[i - 1]) {
        // Name the first repeated location, in message order.
        const seen = new Set<number>();
        for (let j = 0; j < count; j++) {
          if (seen.has(keys[j]!)) {
            const o = head + j * LOCATION_BYTES;
            const key = `${buf[o]}:${v.getUint32(o + 1, true)}:${v.getUint16(o + 5, true)}`;
            throw new WireFormatError(`location ${j} (${key}) appears twice in one batch`);
          }
          seen.add(keys[j]!);
        }
      }
    }
  }
  if (op === OP_READ) {
    if (buf.length !== at)
      throw new WireFormatError(
        `READ of ${count} locations must be ${at} bytes, got ${buf.length}`,
      );
  } else if (buf.length !== at + payload) {
    throw new WireFormatError(
      `WRITE of ${count} locations must be ${at + payload} bytes, got ${buf.length}`,
    );
  }
  return { op, id, seq, count, locationsAt: head, dataAt: at, payload };
}

/**
 * Decodes a request. `shape` is the store's shape once HELLO has bound the connection to a
 * store (READ and WRITE are validated against it); HELLO is accepted without one.
 */
export function decodeRequest(buf: Uint8Array, shape: StorageShape | undefined): Request {
  const head = readHeader(buf);
  const { v, op, id } = head;
  if (op === OP_HELLO) {
    need(buf, 7, 'the name length');
    const n = v.getUint8(6);
    const total = 7 + n + 16;
    if (buf.length !== total)
      throw new WireFormatError(`HELLO must be ${total} bytes, got ${buf.length}`);
    let name: string;
    try {
      name = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
        buf.subarray(7, 7 + n),
      );
    } catch {
      throw new WireFormatError('store name is not valid UTF-8');
    }
    checkStoreName(name);
    const at = 7 + n;
    const s = {
      bucketCount: v.getUint32(at, true),
      slotsPerBucket: v.getUint32(at + 4, true),
      slotBytes: v.getUint32(at + 8, true),
      metaBytes: v.getUint32(at + 12, true),
    };
    return { op, id, name, shape: s };
  }
  const scan = scanBatchBody(buf, head, shape);
  const locations = scannedLocations(buf, scan);
  if (scan.op === OP_READ) return { op: OP_READ, id, locations };
  const entries: BatchEntry[] = new Array(scan.count);
  let at = scan.dataAt;
  for (let i = 0; i < scan.count; i++) {
    const loc = locations[i]!;
    const n = kindBytes(shape!, loc.kind);
    entries[i] = { ...loc, data: buf.subarray(at, at + n) };
    at += n;
  }
  return { op: OP_WRITE, id, seq: scan.seq, entries };
}

/** The locations of a scanned request, as objects (for traces and the object API). */
export function scannedLocations(buf: Uint8Array, scan: ScannedBatch): Location[] {
  const v = view(buf);
  const out: Location[] = new Array(scan.count);
  let at = scan.locationsAt;
  for (let i = 0; i < scan.count; i++) {
    out[i] = {
      kind: buf[at] as 0 | 1 | 2,
      bucket: v.getUint32(at + 1, true),
      slot: v.getUint16(at + 5, true),
    };
    at += LOCATION_BYTES;
  }
  return out;
}

/** Locations as parallel arrays of kind, bucket and slot. */
export interface LocationList {
  kinds: number[];
  buckets: number[];
  slots: number[];
}

/**
 * A READ of the first `count` locations of an IoBatch (storage/storageProtocol.ts), straight
 * from its arrays; `pick`, when given, lists the `picked` indices to send instead. `extra`
 * locations follow them in the same request.
 */
export function encodeReadOf(
  id: number,
  batch: IoBatch,
  pick?: Int32Array,
  picked = 0,
  extra?: LocationList,
): Uint8Array {
  const n = pick === undefined ? batch.count : picked;
  const e = extra === undefined ? 0 : extra.kinds.length;
  const buf = new Uint8Array(10 + (n + e) * LOCATION_BYTES);
  const v = header(buf, OP_READ, id);
  v.setUint32(6, n + e, true);
  let at = 10;
  for (let k = 0; k < n; k++) {
    const i = pick === undefined ? k : pick[k]!;
    putIoLocation(buf, v, at, batch, i);
    at += LOCATION_BYTES;
  }
  for (let k = 0; k < e; k++) {
    buf[at] = extra!.kinds[k]!;
    v.setUint32(at + 1, extra!.buckets[k]!, true);
    v.setUint16(at + 5, extra!.slots[k]!, true);
    at += LOCATION_BYTES;
  }
  return buf;
}

/** A WRITE of the first `count` locations of an IoBatch, its bytes copied from `data`. */
export function encodeWriteOf(
  id: number,
  seq: number,
  batch: IoBatch,
  shape: StorageShape,
): Uint8Array {
  checkSeq(seq);
  const n = batch.count;
  let payload = 0;
  for (let i = 0; i < n; i++)
    payload += batch.slots[i] === META_SLOT ? shape.metaBytes : shape.slotBytes;
  const buf = new Uint8Array(18 + n * LOCATION_BYTES + payload);
  const v = header(buf, OP_WRITE, id);
  v.setFloat64(6, seq, true);
  v.setUint32(14, n, true);
  let at = 18;
  for (let i = 0; i < n; i++) {
    putIoLocation(buf, v, at, batch, i);
    at += LOCATION_BYTES;
  }
  const data = batch.data;
  for (let i = 0; i < n; i++) {
    const len = batch.slots[i] === META_SLOT ? shape.metaBytes : shape.slotBytes;
    const off = batch.offsets[i]!;
    buf.set(data.subarray(off, off + len), at);
    at += len;
  }
  return buf;
}

function putIoLocation(buf: Uint8Array, v: DataView, at: number, batch: IoBatch, i: number) {
  const slot = batch.slots[i]!;
  if (slot === META_SLOT) {
    buf[at] = batch.copies[i] === 1 ? 2 : 1;
    v.setUint32(at + 1, batch.buckets[i]!, true);
    v.setUint16(at + 5, 0, true);
  } else {
    buf[at] = 0;
    v.setUint32(at + 1, batch.buckets[i]!, true);
    v.setUint16(at + 5, slot, true);
  }
}

/** A response with room for a `bodyBytes` body, to be filled in place from byte 7. */
export function allocResponse(op: number, id: number, bodyBytes: number): Uint8Array {
  const buf = new Uint8Array(7 + bodyBytes);
  header(buf, op | RESPONSE, id).setUint8(6, 0);
  return buf;
}

export function decodeResponse(buf: Uint8Array): Response {
  need(buf, 7, 'the response header');
  const v = view(buf);
  const version = v.getUint8(0);
  if (version !== WIRE_VERSION)
    throw new WireFormatError(`version must be ${WIRE_VERSION}, got ${version}`);
  const op = v.getUint8(1);
  if ((op & RESPONSE) === 0)
    throw new WireFormatError(`response op must have bit 0x80 set, got ${op}`);
  const id = v.getUint32(2, true);
  const status = v.getUint8(6);
  if (status === 0) return { op: op & 0x7f, id, ok: true, body: buf.subarray(7) };
  if (status === 1)
    return { op: op & 0x7f, id, ok: false, message: new TextDecoder().decode(buf.subarray(7)) };
  throw new WireFormatError(`response status must be 0 or 1, got ${status}`);
}

/** Parts as u32 count | count x (u32 length | bytes), after `head` bytes left for a header. */
function packParts(head: number, parts: readonly Uint8Array[]): Uint8Array {
  let total = head + 4;
  for (const p of parts) total += 4 + p.length;
  const buf = new Uint8Array(total);
  const v = view(buf);
  v.setUint32(head, parts.length, true);
  let at = head + 4;
  for (const p of parts) {
    v.setUint32(at, p.length, true);
    buf.set(p, at + 4);
    at += 4 + p.length;
  }
  return buf;
}

/** The parts packParts wrote from byte `at` of `buf`, as views into it; strict. */
function unpackParts(buf: Uint8Array, at: number, what: string): Uint8Array[] {
  need(buf, at + 4, `the ${what} count`);
  const v = view(buf);
  const count = v.getUint32(at, true);
  if (count < 1 || count > MAX_BUNDLE_PARTS)
    throw new WireFormatError(`${what} count must be in [1, ${MAX_BUNDLE_PARTS}], got ${count}`);
  at += 4;
  const parts: Uint8Array[] = new Array(count);
  for (let i = 0; i < count; i++) {
    if (buf.length < at + 4)
      throw new WireFormatError(`${what} part ${i}: message ends before its length`);
    const n = v.getUint32(at, true);
    if (buf.length < at + 4 + n)
      throw new WireFormatError(
        `${what} part ${i}: length ${n} runs past the end of the message (${buf.length - at - 4} bytes left)`,
      );
    parts[i] = buf.subarray(at + 4, at + 4 + n);
    at += 4 + n;
  }
  if (at !== buf.length)
    throw new WireFormatError(
      `${what} of ${count} parts must be ${at} bytes, got ${buf.length} (trailing bytes)`,
    );
  return parts;
}

/** A BUNDLE of READ and WRITE requests (each as encodeRead/encodeWrite/encodeReadOf made it). */
export function encodeBundle(id: number, requests: readonly Uint8Array[]): Uint8Array {
  const buf = packParts(6, requests);
  header(buf, OP_BUNDLE, id);
  return buf;
}

/**
 * The requests of a BUNDLE, as views into it. Only the framing is checked here: the server
 * checks each request as it serves it, and refuses a HELLO or a BUNDLE inside a BUNDLE.
 */
export function decodeBundle(buf: Uint8Array): Uint8Array[] {
  const { op } = readHeader(buf);
  if (op !== OP_BUNDLE) throw new WireFormatError(`op must be 4 (BUNDLE), got ${op}`);
  return unpackParts(buf, 6, 'BUNDLE');
}

/** The responses to a BUNDLE's requests, in one message. */
export function encodeBundleResponse(id: number, responses: readonly Uint8Array[]): Uint8Array {
  const buf = packParts(7, responses);
  header(buf, OP_BUNDLE | RESPONSE, id).setUint8(6, 0);
  return buf;
}

/** The responses inside the body of a BUNDLE response (decodeResponse's body). */
export function decodeBundleResponse(body: Uint8Array): Response[] {
  return unpackParts(body, 0, 'BUNDLE response').map((part) => {
    const res = decodeResponse(part);
    if (res.op === OP_BUNDLE)
      throw new WireFormatError('a BUNDLE response must not hold a BUNDLE response');
    return res;
  });
}
