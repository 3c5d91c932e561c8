// Reproducibility and nonce uniqueness. An injected seeded rng must drive every random choice
// (leaves, dummies, permutations, the default key, the nonce session prefix, the state nonce),
// so the same seed gives byte-identical storage and state; the default source stays the
// platform CSPRNG; and metadata nonces never repeat under one key, also across export/import.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  createPathOram,
  createRingOram,
  type OramStorage,
  type RingOramOptions,
} from '../src/index.ts';
import { type RawStorage, rawStorageLike } from './support/rawStorage.ts';

const KEY = new Uint8Array(32).fill(5);

function runRing(seed: string, key: Uint8Array | undefined, extra: Partial<RingOramOptions> = {}) {
  const probe = createRingOram({
    capacity: 64,
    blockSize: 16,
    key: KEY,
    ...extra,
    rng: createRng('p'),
  });
  const raw = rawStorageLike(probe);
  const oram = createRingOram({
    capacity: 64,
    blockSize: 16,
    key,
    storage: raw,
    rng: createRng(seed),
    ...extra,
  });
  const ops = createRng('ops');
  for (let i = 0; i < 300; i++) {
    const a = ops.int(0, 63);
    if (i % 2 === 0) oram.write(a, new Uint8Array(16).fill(i & 255));
    else oram.read(a);
  }
  return { raw, state: oram.exportState() };
}

function runPath(seed: string | undefined, key: Uint8Array | undefined) {
  const probe = createPathOram({ capacity: 64, blockSize: 16, key: KEY, rng: createRng('p') });
  const raw = rawStorageLike(probe);
  const oram = createPathOram({
    capacity: 64,
    blockSize: 16,
    key,
    storage: raw,
    ...(seed === undefined ? {} : { rng: createRng(seed) }),
  });
  for (let i = 0; i < 100; i++) oram.write(i % 64, new Uint8Array(16).fill(i));
  return { raw, state: oram.exportState() };
}

describe('an injected seeded rng makes the whole run reproducible', () => {
  it('Ring ORAM: same seed and key -> byte-identical storage and exported state', () => {
    const a = runRing('seed', KEY);
    const b = runRing('seed', KEY);
    expect(Buffer.from(a.raw.bytes).equals(Buffer.from(b.raw.bytes))).toBe(true);
    expect(Buffer.from(a.state).equals(Buffer.from(b.state))).toBe(true);
    // ... and every integrity mode, with replication and mirrored metadata.
    for (const integrity of ['rit', 'rit+must'] as const) {
      const extra: Partial<RingOramOptions> = {
        integrity,
        replication: true,
        mirrorMetadata: true,
      };
      const c = runRing('seed', KEY, extra);
      const d = runRing('seed', KEY, extra);
      expect(Buffer.from(c.raw.bytes).equals(Buffer.from(d.raw.bytes))).toBe(true);
    }
    // A different seed gives different bytes.
    expect(Buffer.from(runRing('other', KEY).raw.bytes).equals(Buffer.from(a.raw.bytes))).toBe(
      false,
    );
  });

  it('without a key, the default key comes from the seeded rng too', () => {
    const a = runRing('seed', undefined);
    const b = runRing('seed', undefined);
    expect(Buffer.from(a.raw.bytes).equals(Buffer.from(b.raw.bytes))).toBe(true);
  });

  it('Path ORAM: same seed and key -> byte-identical storage', () => {
    const a = runPath('seed', KEY);
    const b = runPath('seed', KEY);
    expect(Buffer.from(a.raw.bytes).equals(Buffer.from(b.raw.bytes))).toBe(true);
    expect(Buffer.from(a.state).equals(Buffer.from(b.state))).toBe(true);
  });

  it('without an rng the source is the CSPRNG: same key, different bytes every run', () => {
    const a = runPath(undefined, KEY);
    const b = runPath(undefined, KEY);
    expect(Buffer.from(a.raw.bytes).equals(Buffer.from(b.raw.bytes))).toBe(false);
  });
});

/** Records the (counter, session) pair of every metadata block written (its nonce). */
function recordingStorage(raw: RawStorage, seen: string[]): OramStorage {
  return {
    ...raw,
    writeMeta(b, data, copy) {
      if (copy !== 1) {
        const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
        seen.push(`${v.getUint32(4, true)}:${v.getUint32(8, true)}`);
      }
      raw.writeMeta(b, data, copy);
    },
  };
}

describe('metadata nonces are unique per key', () => {
  it('within a run, and across export / import (the counter continues from the state)', () => {
    const probe = createRingOram({ capacity: 32, blockSize: 8, key: KEY, rng: createRng('p') });
    const raw = rawStorageLike(probe);
    const seen: string[] = [];
    const storage = recordingStorage(raw, seen);
    let oram = createRingOram({
      capacity: 32,
      blockSize: 8,
      key: KEY,
      storage,
      rng: createRng('n1'),
    });
    const ops = createRng('ops');
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 200; i++) oram.write(ops.int(0, 31), new Uint8Array(8).fill(i));
      const before = seen.length;
      const state = oram.exportState();
      const lastCounter = Number(seen[seen.length - 1]!.split(':')[0]);
      // Reopen with the SAME seed each time: the counter still continues past the old values.
      oram = createRingOram({
        capacity: 32,
        blockSize: 8,
        key: KEY,
        storage,
        state,
        rng: createRng('n1'),
      });
      oram.write(0, new Uint8Array(8));
      expect(seen.length).toBeGreaterThan(before);
      expect(Number(seen[before]!.split(':')[0])).toBeGreaterThan(lastCounter);
    }
    expect(new Set(seen).size).toBe(seen.length);
  });
});
