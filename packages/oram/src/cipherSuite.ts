import { chacha20, chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { KEY_BYTES, NONCE_BYTES, TAG_BYTES } from './parameters.js';

/**
 * The ORAM's cryptography, behind one object so the cipher can be swapped (a node:crypto
 * provider could implement the same interface) and every call is counted.
 *
 * Nonces are never read back from memory: each is (domain 32 bits, counter 32 bits, session
 * 32 bits). The client's own counter increases on every bucket write and metadata seal; the
 * session prefix is drawn at random (from the ORAM's rng: the platform CSPRNG by default, the
 * seeded stream's 'secrets' fork when a seeded Rng is injected) when the ORAM is created and
 * again when it is reopened from a state, whose counter continues where the export left it.
 * When the counter wraps, (session, counter) carries like one 64-bit counter. So a replayed or
 * forged metadata block can never make the client reuse a nonce, and two sessions under one
 * key collide only if their random prefixes do (2^-32 per pair). Domains keep slot, metadata
 * and dummy-stream nonces disjoint. With an injected seeded rng nonces are a function of the
 * seed: reuse a (key, seed) pair only to reproduce the same run, never for different data.
 */
export interface CipherSuite {
  /** False when encryption is off: seal/open copy, the dummy stream is zeros. */
  readonly enabled: boolean;
  /** Authentication tag bytes appended by seal (0 when disabled). */
  readonly tagBytes: number;
  /** 16 bytes derived from the key, stored beside persisted state to recognise a wrong key. */
  readonly keyCheck: Uint8Array;
  /** Number of cipher invocations so far (AEAD seals/opens and keystream calls). */
  calls: number;
  /** The same work split by kind, with bytes processed (for the bench's cipher ceiling). */
  aeadCalls: number;
  aeadBytes: number;
  streamCalls: number;
  streamBytes: number;
  /** out (plain.length + tagBytes) = AEAD(plain) under nonce (domain, lo, hi) and aad. */
  seal(
    domain: number,
    lo: number,
    hi: number,
    plain: Uint8Array,
    out: Uint8Array,
    aad?: Uint8Array,
  ): void;
  /** Writes the plaintext into out; false if the tag does not verify (out is then garbage). */
  open(
    domain: number,
    lo: number,
    hi: number,
    sealed: Uint8Array,
    out: Uint8Array,
    aad?: Uint8Array,
  ): boolean;
  /** Fills out with keystream for (domain, lo, hi): the content of dummy slots. */
  keystream(domain: number, lo: number, hi: number, out: Uint8Array): void;
  /** Encrypts arbitrary client state under a key-derived subkey (for export). */
  sealState(plain: Uint8Array, nonce: Uint8Array): Uint8Array;
  openState(sealed: Uint8Array, nonce: Uint8Array): Uint8Array | undefined;
}

/**
 * A cipher implementation the ORAM can use (option `cipher`). The default is
 * `chacha20Poly1305` (@noble/ciphers, Node and browser); `@paperlab/oram/node` adds
 * `nodeAesGcm` (AES-256-GCM through node:crypto). A store and its state can only be reopened
 * with the cipher that wrote them (the key check is derived per cipher name).
 */
export interface CipherProvider {
  readonly name: string;
  create(key: Uint8Array): CipherSuite;
}

/** The default provider: ChaCha20-Poly1305 and ChaCha20 keystream from @noble/ciphers. */
export const chacha20Poly1305: CipherProvider = {
  name: 'chacha20-poly1305',
  create: (key) => createCipherSuite(key),
};

/** Nonce domains (ours). Slot nonces use the slot index (< 2^16) as domain. */
export const DOMAIN_META = 0xffffffff;
export const DOMAIN_DUMMY = 0xfffffffe;
export const DOMAIN_REPLICA = 0xfffffffd;

const encoder = new TextEncoder();

export function subkey(key: Uint8Array, label: string): Uint8Array {
  return hkdf(sha256, key, encoder.encode('paperlab-oram v1'), encoder.encode(label), KEY_BYTES);
}

/**
 * One reusable 12-byte nonce buffer and its writer: (domain, lo, hi) as three little-endian
 * 32-bit words (see the nonce scheme above). Every provider uses it, so they agree on nonces.
 */
export function createNonceWriter(): {
  nonce: Uint8Array;
  setNonce(domain: number, lo: number, hi: number): void;
} {
  const nonce = new Uint8Array(NONCE_BYTES);
  const view = new DataView(nonce.buffer);
  return {
    nonce,
    setNonce(domain, lo, hi) {
      view.setUint32(0, domain >>> 0, true);
      view.setUint32(4, lo >>> 0, true);
      view.setUint32(8, hi >>> 0, true);
    },
  };
}

/** Creates the cipher suite for `key` (32 bytes), or a pass-through suite for `undefined`. */
export function createCipherSuite(
  key: Uint8Array | undefined,
  provider?: CipherProvider,
): CipherSuite {
  if (key === undefined) return createPlainSuite();
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
    throw new TypeError(`key must be a Uint8Array of ${KEY_BYTES} bytes, got ${describe(key)}`);
  }
  if (provider !== undefined && provider !== chacha20Poly1305) {
    if (provider === null || typeof provider !== 'object' || typeof provider.create !== 'function')
      throw new TypeError('cipher must be a CipherProvider ({ name, create(key) })');
    return provider.create(key);
  }
  const dataKey = subkey(key, 'data');
  const dummyKey = subkey(key, 'dummy');
  const stateKey = subkey(key, 'state');
  const keyCheck = subkey(key, 'check').subarray(0, 16);
  const { nonce, setNonce } = createNonceWriter();
  const suite: CipherSuite = {
    enabled: true,
    tagBytes: TAG_BYTES,
    keyCheck,
    calls: 0,
    aeadCalls: 0,
    aeadBytes: 0,
    streamCalls: 0,
    streamBytes: 0,
    seal(domain, lo, hi, plain, out, aad) {
      setNonce(domain, lo, hi);
      suite.calls++;
      suite.aeadCalls++;
      suite.aeadBytes += plain.length;
      chacha20poly1305(dataKey, nonce, aad).encrypt(plain, out);
    },
    open(domain, lo, hi, sealed, out, aad) {
      setNonce(domain, lo, hi);
      suite.calls++;
      suite.aeadCalls++;
      suite.aeadBytes += out.length;
      try {
        chacha20poly1305(dataKey, nonce, aad).decrypt(sealed, out);
        return true;
      } catch {
        return false;
      }
    },
    keystream(domain, lo, hi, out) {
      setNonce(domain, lo, hi);
      suite.calls++;
      suite.streamCalls++;
      suite.streamBytes += out.length;
      out.fill(0);
      chacha20(dummyKey, nonce, out, out);
    },
    sealState(plain, stateNonce) {
      return chacha20poly1305(stateKey, stateNonce).encrypt(plain);
    },
    openState(sealed, stateNonce) {
      try {
        return chacha20poly1305(stateKey, stateNonce).decrypt(sealed);
      } catch {
        return undefined;
      }
    },
  };
  return suite;
}

function createPlainSuite(): CipherSuite {
  return {
    enabled: false,
    tagBytes: 0,
    keyCheck: new Uint8Array(16),
    calls: 0,
    aeadCalls: 0,
    aeadBytes: 0,
    streamCalls: 0,
    streamBytes: 0,
    seal(_d, _lo, _hi, plain, out) {
      out.set(plain);
    },
    open(_d, _lo, _hi, sealed, out) {
      out.set(sealed.subarray(0, out.length));
      return true;
    },
    keystream(_d, _lo, _hi, out) {
      out.fill(0);
    },
    sealState(plain) {
      return plain.slice();
    },
    openState(sealed) {
      return sealed.slice();
    },
  };
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  return value === null ? 'null' : typeof value;
}

/** Truncated SHA-256 (16 bytes) of data into out; the tree hash of this package (ours). */
export function treeHash(data: Uint8Array, out: Uint8Array, outOffset = 0): void {
  const digest = sha256(data);
  out.set(digest.subarray(0, 16), outOffset);
}

/** Constant-time-ish comparison of two 16-byte ranges (timing is out of scope in JS anyway). */
export function equalBytes(
  a: Uint8Array,
  aOff: number,
  b: Uint8Array,
  bOff: number,
  n: number,
): boolean {
  let diff = 0;
  for (let i = 0; i < n; i++) diff |= a[aOff + i]! ^ b[bOff + i]!;
  return diff === 0;
}

/** Snapshot of a suite's counters, so client-only work (inspect) is not counted. */
export function saveCipherCounters(u: CipherSuite): number[] {
  return [u.calls, u.aeadCalls, u.aeadBytes, u.streamCalls, u.streamBytes];
}

export function restoreCipherCounters(u: CipherSuite, saved: number[]): void {
  [u.calls, u.aeadCalls, u.aeadBytes, u.streamCalls, u.streamBytes] = saved as [
    number,
    number,
    number,
    number,
    number,
  ];
}
