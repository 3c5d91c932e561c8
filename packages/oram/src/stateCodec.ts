import type { CipherSuite } from './crypto/cipherSuite.js';
import { equalBytes } from './crypto/cipherSuite.js';
import { type RandomSource, randomBytes } from './randomSource.js';
import { WrongKeyError } from './wrongKeyError.js';

/**
 * Serialised client state: a versioned header in clear (magic, format, key check) and a body
 * sealed under a key-derived subkey. The key check lets a wrong key fail with a clear
 * WrongKeyError instead of a generic authentication failure.
 *
 *   0  "PLORAMST"   magic
 *   8  u8 format    STATE_FORMAT_VERSION
 *   9  u8 sealed    1 when encrypted
 *  10  u16 0
 *  12  16 B        key check
 *  28  12 B        nonce
 *  40  body        u32 json length, json, then each section: u32 length, bytes
 */
export const STATE_FORMAT_VERSION = 1;
const MAGIC = 'PLORAMST';

export interface UnpackedState {
  header: Record<string, unknown>;
  sections: Map<string, Uint8Array>;
}

export function packState(
  suite: CipherSuite,
  header: Record<string, unknown>,
  sections: Record<string, Uint8Array>,
  rng: RandomSource,
): Uint8Array {
  const names = Object.keys(sections);
  const json = new TextEncoder().encode(JSON.stringify({ ...header, sections: names }));
  let size = 4 + json.length;
  for (const n of names) size += 4 + sections[n]!.length;
  const body = new Uint8Array(size);
  const v = new DataView(body.buffer);
  v.setUint32(0, json.length, true);
  body.set(json, 4);
  let o = 4 + json.length;
  for (const n of names) {
    const s = sections[n]!;
    v.setUint32(o, s.length, true);
    body.set(s, o + 4);
    o += 4 + s.length;
  }
  const nonce = new Uint8Array(12);
  // The state nonce comes from the ORAM's rng (the CSPRNG unless one was injected), so a seeded
  // run exports byte-identical states. The state key is used for nothing else.
  if (suite.confidential) nonce.set(randomBytes(rng, 12));
  const sealed = suite.sealState(body, nonce);
  const out = new Uint8Array(40 + sealed.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  out[8] = STATE_FORMAT_VERSION;
  out[9] = suite.confidential ? 1 : 0;
  out.set(suite.keyCheck, 12);
  out.set(nonce, 28);
  out.set(sealed, 40);
  return out;
}

export function unpackState(suite: CipherSuite, bytes: Uint8Array): UnpackedState {
  if (!(bytes instanceof Uint8Array) || bytes.length < 44) {
    throw new TypeError('state must be a Uint8Array produced by exportState()');
  }
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== MAGIC) throw new TypeError('state is not a @paperlab/oram state (bad magic)');
  if (bytes[8] !== STATE_FORMAT_VERSION) {
    throw new TypeError(
      `state format version ${bytes[8]} is not supported (expected ${STATE_FORMAT_VERSION})`,
    );
  }
  const sealedFlag = bytes[9] === 1;
  if (sealedFlag !== suite.confidential) {
    throw new TypeError(
      `state was saved with encryption ${sealedFlag ? 'on' : 'off'}; open it with encrypt: ${sealedFlag}`,
    );
  }
  if (!equalBytes(bytes, 12, suite.keyCheck, 0, 16)) {
    const old = suite.retiredFormat(bytes, 12);
    if (old !== undefined) {
      throw new TypeError(
        `state was written in an earlier format of this cipher ('${old.name}'): ${old.change}. ` +
          `This version of @paperlab/oram does not read it (nor its store): read the data with the version that wrote it and write it into a new ORAM`,
      );
    }
    // (A corrupted key check also lands here: it cannot be told apart from another key.)
    throw new WrongKeyError('the ORAM state');
  }
  // The key check matched, so a body that does not open was changed or cut, not keyed wrong.
  const body = suite.openState(bytes.subarray(40), bytes.subarray(28, 40));
  if (body === undefined) {
    throw new TypeError(
      `state is corrupted or truncated: its ${bytes.length - 40}-byte body does not authenticate under this key`,
    );
  }
  const corrupt = (why: string): TypeError =>
    new TypeError(`state is corrupted or truncated: ${why}`);
  if (body.length < 4) throw corrupt(`body of ${body.length} bytes`);
  const v = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const jsonLen = v.getUint32(0, true);
  if (4 + jsonLen > body.length)
    throw corrupt(`header of ${jsonLen} bytes in a ${body.length}-byte body`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(4, 4 + jsonLen)),
    );
  } catch {
    throw corrupt('its header is not valid JSON');
  }
  if (header === null || typeof header !== 'object' || !Array.isArray(header.sections)) {
    throw corrupt('its header has no section list');
  }
  const sections = new Map<string, Uint8Array>();
  let o = 4 + jsonLen;
  for (const n of header.sections as unknown[]) {
    if (typeof n !== 'string' || o + 4 > body.length) throw corrupt('a section header is missing');
    const len = v.getUint32(o, true);
    if (o + 4 + len > body.length) throw corrupt(`section '${n}' runs past the end`);
    sections.set(n, body.slice(o + 4, o + 4 + len));
    o += 4 + len;
  }
  if (o !== body.length) throw corrupt(`${body.length - o} bytes after the last section`);
  return { header, sections };
}

export function u32Bytes(a: Uint32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function bytesU32(b: Uint8Array): Uint32Array {
  const copy = b.slice();
  return new Uint32Array(copy.buffer, 0, copy.byteLength >>> 2);
}

/** A section of an unpacked state, of exactly `bytes` bytes when given; else says the state is corrupted. */
export function section(state: UnpackedState, name: string, bytes?: number): Uint8Array {
  const s = state.sections.get(name);
  if (s === undefined) throw new TypeError(`state is corrupted or truncated: no '${name}' section`);
  if (bytes !== undefined && s.length !== bytes) {
    throw new TypeError(
      `state is corrupted or truncated: section '${name}' has ${s.length} bytes, expected ${bytes}`,
    );
  }
  return s;
}
