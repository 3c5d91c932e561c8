// The node:crypto provider (AES-256-GCM) behaves like the default cipher: a Map model, every
// integrity mode with replication, tampering refused, state round trip; a store written with
// one cipher is refused with the other. Browser safety of the main entry: browserSafe.test.ts.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  createMemoryStorage,
  createPathOram,
  createRingOram,
  IntegrityError,
  nodeAesGcm,
  WrongKeyError,
} from '../src/node.ts';

const key = new Uint8Array(32).fill(4);

describe('nodeAesGcm cipher provider', () => {
  for (const integrity of ['none', 'merkle', 'rit', 'rit+must'] as const) {
    it(`ring, integrity ${integrity}: matches a Map over 600 random accesses, audits clean`, () => {
      const replication = integrity === 'rit' || integrity === 'rit+must';
      const oram = createRingOram({
        capacity: 64,
        blockSize: 24,
        key,
        integrity,
        replication,
        cipher: nodeAesGcm,
        rng: createRng(integrity),
      });
      const model = new Map<number, Uint8Array>();
      const ops = createRng(`ops-${integrity}`);
      for (let i = 0; i < 600; i++) {
        const a = ops.int(0, 63);
        if (ops.bernoulli(0.5)) {
          const d = ops.fillBytes(new Uint8Array(24));
          oram.write(a, d);
          model.set(a, d);
        } else expect(oram.read(a)).toEqual(model.get(a) ?? new Uint8Array(24));
      }
      oram.audit();
      expect(oram.counters.aeadCalls).toBeGreaterThan(0);
    });
  }

  it('path ORAM works with it too', () => {
    const oram = createPathOram({
      capacity: 32,
      blockSize: 16,
      key,
      cipher: nodeAesGcm,
      rng: createRng(1),
    });
    for (let a = 0; a < 32; a++) oram.write(a, new Uint8Array(16).fill(a));
    for (let a = 0; a < 32; a++) expect(oram.read(a)[0]).toBe(a);
  });

  it('refuses a flipped bit, round-trips its state, and refuses the other cipher', () => {
    const probe = createRingOram({
      capacity: 16,
      blockSize: 16,
      key,
      integrity: 'rit',
      cipher: nodeAesGcm,
      rng: createRng('p'),
    });
    const shape = {
      bucketCount: probe.bucketCount,
      slotsPerBucket: 9,
      slotBytes: probe.slotBytes,
      metaBytes: probe.metaBytes,
    };
    const storage = createMemoryStorage(shape);
    const oram = createRingOram({
      capacity: 16,
      blockSize: 16,
      key,
      integrity: 'rit',
      storage,
      cipher: nodeAesGcm,
      rng: createRng('a'),
    });
    for (let a = 0; a < 16; a++) oram.write(a, new Uint8Array(16).fill(a + 1));
    const state = oram.exportState();
    const again = createRingOram({
      capacity: 16,
      blockSize: 16,
      key,
      integrity: 'rit',
      storage,
      state,
      cipher: nodeAesGcm,
      rng: createRng('b'),
    });
    for (let a = 0; a < 16; a++) expect(again.read(a)[0]).toBe(a + 1);
    expect(() =>
      createRingOram({
        capacity: 16,
        blockSize: 16,
        key,
        integrity: 'rit',
        storage,
        state: again.exportState(),
        rng: createRng('c'),
      }),
    ).toThrow(WrongKeyError);
    const meta = new Uint8Array(shape.metaBytes);
    storage.readMeta(0, meta);
    meta[30]! ^= 4;
    storage.writeMeta(0, meta);
    expect(() => again.audit()).toThrow(IntegrityError);
  });
});
