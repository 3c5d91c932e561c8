import { sha256 } from '@noble/hashes/sha2.js';
import type { StorageShape } from '../storage.js';
import { decodeRequest, encodeWrite, OP_WRITE } from './wireCodec.js';
import type { WriteBatch } from './writeBatch.js';

/**
 * The client's redo record: the sealed client state after a commit and the batch that brings
 * the store to it, persisted before the batch is sent. Reopening re-applies the batch (a store
 * applies a batch idempotently), so the state and the store never disagree after a crash.
 *
 *   "PLORAMR1" | u32 stateLength | state (exportState(), sealed under the key) | u32 batchLength
 *   | batch (the WRITE message of wireCodec.ts) | SHA-256 of everything before it
 *
 * The checksum is not a security mechanism (the record sits on the client's own disk, and the
 * state inside is authenticated by the ORAM's key); it turns a record damaged outside the
 * commit protocol into a clear error instead of a confusing one.
 */
const MAGIC = new TextEncoder().encode('PLORAMR1');
const DIGEST = 32;

export interface RedoRecord {
  seq: number;
  state: Uint8Array;
  batch: WriteBatch;
}

export function encodeRedoRecord(record: RedoRecord): Uint8Array {
  const body = encodeWrite(0, record.seq, record.batch.entries);
  const out = new Uint8Array(8 + 4 + record.state.length + 4 + body.length + DIGEST);
  const v = new DataView(out.buffer);
  out.set(MAGIC, 0);
  v.setUint32(8, record.state.length, true);
  out.set(record.state, 12);
  let at = 12 + record.state.length;
  v.setUint32(at, body.length, true);
  out.set(body, at + 4);
  at += 4 + body.length;
  out.set(sha256(out.subarray(0, at)), at);
  return out;
}

export function decodeRedoRecord(bytes: Uint8Array, shape: StorageShape): RedoRecord {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('redo record must be a Uint8Array');
  const fail = (why: string): never => {
    throw new RangeError(`redo record is damaged: ${why}`);
  };
  if (bytes.length < 8 + 4 + 4 + DIGEST) fail(`${bytes.length} bytes is too short`);
  for (let i = 0; i < 8; i++) if (bytes[i] !== MAGIC[i]) fail('bad magic');
  const end = bytes.length - DIGEST;
  const digest = sha256(bytes.subarray(0, end));
  for (let i = 0; i < DIGEST; i++) if (digest[i] !== bytes[end + i]) fail('checksum mismatch');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stateLength = v.getUint32(8, true);
  if (12 + stateLength + 4 > end) fail(`state length ${stateLength} runs past the end`);
  const state = bytes.slice(12, 12 + stateLength);
  const at = 12 + stateLength;
  const batchLength = v.getUint32(at, true);
  if (at + 4 + batchLength !== end) fail(`batch length ${batchLength} does not match the record`);
  const req = decodeRequest(bytes.subarray(at + 4, end), shape);
  if (req.op !== OP_WRITE) fail('the batch is not a WRITE');
  const { seq, entries } = req as { seq: number; entries: WriteBatch['entries'] };
  // Entries are views into `bytes`; copy so the record can be dropped.
  return {
    seq,
    state,
    batch: { seq, entries: entries.map((e) => ({ ...e, data: e.data.slice() })) },
  };
}
