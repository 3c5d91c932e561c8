// The hash-then-MAC of long messages under `nodeAes` (README "Encryption"): a message of at
// least DIGEST_MIN_BYTES is authenticated as Poly1305_r(head' || SHA-256(message)) + pad, head'
// being the four little-endian words (bucket, slot, kind, "sha2"). Known answers are computed
// here from that documented construction with node:crypto (HKDF-SHA-256 subkey, SHA-256) and
// @noble/ciphers' Poly1305, not with the package's code; then flips, in-place replays and
// moves of 512-B slots must all be caught, and a state of the provider's earlier format is
// refused by name.
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { createRng, type Rng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { createCipherSuite, KIND_SLOT } from '../src/crypto/cipherSuite.ts';
import {
  type CipherProvider,
  createPathOram,
  createRingOram,
  IntegrityError,
  nodeAes,
  type RingOram,
  WrongKeyError,
} from '../src/node.ts';
import { DIGEST_MIN_BYTES } from '../src/parameters.ts';
import { type RawStorage, rawStorageLike } from './support/rawStorage.ts';

const key = new Uint8Array(32).fill(11);

/** The suite's subkey for `label` (README: HKDF-SHA-256, salt "paperlab-oram v2"). */
function subkeyOf(label: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', key, 'paperlab-oram v2', label, 32));
}

function head(b: number, s: number, kind: number, word3: string): Uint8Array {
  const h = new Uint8Array(16);
  const v = new DataView(h.buffer);
  v.setUint32(0, b, true);
  v.setUint32(4, s, true);
  v.setUint32(8, kind, true);
  h.set(new TextEncoder().encode(word3), 12);
  return h;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

describe('nodeAes: known answers of the slot MAC', () => {
  const suite = createCipherSuite(key, nodeAes);
  const r = subkeyOf(`${nodeAes.name} poly1305 r`).subarray(0, 16);
  for (const len of [DIGEST_MIN_BYTES, 512, 4096, 4096 + 16]) {
    it(`${len} B: Poly1305(r || pad, head("sha2") || SHA-256(message))`, () => {
      const msg = new Uint8Array(randomBytes(len));
      const pad = new Uint8Array(randomBytes(16));
      const tag = new Uint8Array(16);
      suite.mac(37, 5, KIND_SLOT, msg, 0, len, pad, 0, tag, 0);
      const digest = new Uint8Array(createHash('sha256').update(msg).digest());
      const expected = poly1305(concat(head(37, 5, KIND_SLOT, 'sha2'), digest), concat(r, pad));
      expect(tag).toEqual(expected);
      expect(suite.verify(37, 5, KIND_SLOT, msg, 0, len, pad, 0, tag, 0)).toBe(true);
      msg[len - 1]! ^= 1;
      expect(suite.verify(37, 5, KIND_SLOT, msg, 0, len, pad, 0, tag, 0)).toBe(false);
      msg[len - 1]! ^= 1;
      expect(suite.verify(37, 6, KIND_SLOT, msg, 0, len, pad, 0, tag, 0)).toBe(false);
    });
  }
  it(`${DIGEST_MIN_BYTES - 1} B (below the threshold): Poly1305 over head("oram") || message`, () => {
    const len = DIGEST_MIN_BYTES - 1;
    const msg = new Uint8Array(randomBytes(len));
    const pad = new Uint8Array(randomBytes(16));
    const tag = new Uint8Array(16);
    suite.mac(3, 1, KIND_SLOT, msg, 0, len, pad, 0, tag, 0);
    expect(tag).toEqual(poly1305(concat(head(3, 1, KIND_SLOT, 'oram'), msg), concat(r, pad)));
  });
  it('the default (browser-safe) provider MACs long messages directly, as before', () => {
    const chacha = createCipherSuite(key, undefined);
    const rc = subkeyOf('poly1305 r').subarray(0, 16);
    const msg = new Uint8Array(randomBytes(4096));
    const pad = new Uint8Array(randomBytes(16));
    const tag = new Uint8Array(16);
    chacha.mac(9, 2, KIND_SLOT, msg, 0, 4096, pad, 0, tag, 0);
    expect(tag).toEqual(poly1305(concat(head(9, 2, KIND_SLOT, 'oram'), msg), concat(rc, pad)));
  });
});

const CAPACITY = 16;
const BLOCK = 512;

function setup(
  integrity: 'none' | 'rit',
  seed: string,
): { oram: RingOram; raw: RawStorage; model: Uint8Array[]; rng: Rng } {
  const rng = createRng(seed);
  const opts = { capacity: CAPACITY, blockSize: BLOCK, integrity, key, cipher: nodeAes };
  const raw = rawStorageLike(createRingOram({ ...opts, rng: rng.fork('p') }));
  const oram = createRingOram({ ...opts, storage: raw, rng: rng.fork('oram') });
  const model: Uint8Array[] = [];
  for (let a = 0; a < CAPACITY; a++) {
    model[a] = rng.fillBytes(new Uint8Array(BLOCK));
    oram.write(a, model[a]!);
  }
  return { oram, raw, model, rng };
}

function churn(oram: RingOram, model: Uint8Array[], rng: Rng, n: number): void {
  for (let i = 0; i < n; i++) {
    const a = rng.int(0, CAPACITY - 1);
    if (rng.bernoulli(0.5)) {
      model[a] = rng.fillBytes(new Uint8Array(BLOCK));
      oram.write(a, model[a]!);
    } else expect(oram.read(a)).toEqual(model[a]);
  }
}

function expectCaught(fn: () => void, bucket: number, slot: number): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `tampering at bucket ${bucket}, slot ${slot} went undetected`).toBeInstanceOf(
    IntegrityError,
  );
  expect((caught as IntegrityError).bucket).toBe(bucket);
  expect((caught as IntegrityError).slot).toBe(slot);
}

describe('nodeAes, 512-B slots (digest path): tampering is caught', () => {
  for (const integrity of ['none', 'rit'] as const) {
    it(`${integrity}: bit flips, in-place slot replays and slot moves, each named by audit()`, () => {
      const { oram, raw, model, rng } = setup(integrity, `digest-${integrity}`);
      const W = raw.slotsPerBucket;
      const B = oram.bucketCount;
      const kinds = { flip: 0, replay: 0, move: 0 };
      for (let t = 0; t < 120; t++) {
        if (t % 10 === 0) churn(oram, model, rng, 4);
        const b = rng.int(0, B - 1);
        const s = rng.int(0, W - 1);
        const at = raw.slotOffset(b, s);
        const kind = t % 3;
        if (kind === 0) {
          kinds.flip++;
          const i = at + rng.int(0, raw.slotBytes - 1);
          const mask = 1 << rng.int(0, 7);
          raw.bytes[i]! ^= mask;
          expectCaught(() => oram.audit(), b, s);
          raw.bytes[i]! ^= mask;
        } else if (kind === 1) {
          // The slot's bytes from before its bucket was rewritten, put back alone.
          kinds.replay++;
          const old = raw.bytes.slice(at, at + raw.slotBytes);
          // (A ReadPath changes the metadata only; an eviction or reshuffle rewrites the slot.)
          let guard = 0;
          while (guard++ < 400 && old.every((x, i) => x === raw.bytes[at + i])) {
            churn(oram, model, rng, 1);
          }
          expect(guard).toBeLessThan(400);
          const now = raw.bytes.slice(at, at + raw.slotBytes);
          raw.bytes.set(old, at);
          expectCaught(() => oram.audit(), b, s);
          raw.bytes.set(now, at);
        } else {
          kinds.move++;
          const b2 = rng.int(0, B - 1);
          let s2 = rng.int(0, W - 1);
          if (b2 === b && s2 === s) s2 = (s2 + 1) % W;
          const to = raw.slotOffset(b2, s2);
          const saved = raw.bytes.slice(to, to + raw.slotBytes);
          raw.bytes.copyWithin(to, at, at + raw.slotBytes);
          expectCaught(() => oram.audit(), b2, s2);
          raw.bytes.set(saved, to);
        }
      }
      oram.audit();
      for (let a = 0; a < CAPACITY; a++) expect(oram.read(a)).toEqual(model[a]);
      expect(kinds.flip * kinds.replay * kinds.move).toBeGreaterThan(0);
    });
  }
});

describe('nodeAes, 512-B blocks (digest path): every configuration matches a Map', () => {
  const configs = [
    ['merkle', { integrity: 'merkle' }],
    ['rit+must', { integrity: 'rit+must' }],
    ['xor trick', { xorTrick: true }],
    ['replication + mirror', { replication: true, mirrorMetadata: true, channels: 2 }],
    ['tree top 2', { treeTopLevels: 2 }],
  ] as const;
  for (const [name, extra] of configs) {
    it(`ring, ${name}: 300 random accesses, then a clean audit`, () => {
      const oram = createRingOram({
        capacity: CAPACITY,
        blockSize: BLOCK,
        key,
        cipher: nodeAes,
        rng: createRng(`map-${name}`),
        ...extra,
      });
      const model = new Map<number, Uint8Array>();
      const ops = createRng(`ops-${name}`);
      for (let i = 0; i < 300; i++) {
        const a = ops.int(0, CAPACITY - 1);
        if (ops.bernoulli(0.5)) {
          const d = ops.fillBytes(new Uint8Array(BLOCK));
          oram.write(a, d);
          model.set(a, d);
        } else expect(oram.read(a)).toEqual(model.get(a) ?? new Uint8Array(BLOCK));
      }
      oram.audit();
    });
  }
  it('path ORAM (its slot tags cover the position prefix and the block: digest form)', () => {
    const oram = createPathOram({
      capacity: CAPACITY,
      blockSize: BLOCK,
      key,
      cipher: nodeAes,
      rng: createRng('path'),
    });
    const model = new Map<number, Uint8Array>();
    const ops = createRng('path-ops');
    for (let i = 0; i < 200; i++) {
      const a = ops.int(0, CAPACITY - 1);
      if (ops.bernoulli(0.5)) {
        const d = ops.fillBytes(new Uint8Array(BLOCK));
        oram.write(a, d);
        model.set(a, d);
      } else expect(oram.read(a)).toEqual(model.get(a) ?? new Uint8Array(BLOCK));
    }
  });
});

describe('nodeAes: a state of the earlier format is refused by name', () => {
  it('a state whose key check is the retired provider name gives a clear error, not WrongKeyError', () => {
    const retired = nodeAes.retired![0]!;
    // What the earlier nodeAes wrote: its subkeys (key check included) were labelled with the
    // retired name. Its keystream is the same function, so this writes such a state.
    const earlier: CipherProvider = { name: retired.name, create: nodeAes.create };
    const opts = { capacity: 8, blockSize: BLOCK, key };
    const old = createRingOram({ ...opts, cipher: earlier, rng: createRng('old') });
    old.write(1, new Uint8Array(BLOCK).fill(1));
    const state = old.exportState();
    const reopen = (): RingOram =>
      createRingOram({
        ...opts,
        cipher: nodeAes,
        storage: old.storage,
        state,
        rng: createRng('n'),
      });
    expect(reopen).toThrow(TypeError);
    expect(reopen).toThrow(
      /earlier format of this cipher \('aes-256-ctr\+poly1305 \(node:crypto\)'\)/,
    );
    expect(reopen).toThrow(/SHA-256 digest/);
    // Another key is still WrongKeyError.
    expect(() =>
      createRingOram({
        ...opts,
        key: new Uint8Array(32).fill(12),
        cipher: nodeAes,
        storage: old.storage,
        state,
        rng: createRng('k'),
      }),
    ).toThrow(WrongKeyError);
  });
});
