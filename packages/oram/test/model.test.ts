// Model-based test: random sequences of reads and writes against a Map (the reference).
import { createRng } from '@paperlab/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPathOram, createRingOram, type Oram } from '../src/index.ts';
import { budget } from './support/budget.ts';

type Op = { kind: 'read'; addr: number } | { kind: 'write'; addr: number; byte: number };

const BLOCK = 8;

function opsArb(capacity: number): fc.Arbitrary<Op[]> {
  // Bias towards the capacity edges (0 and N-1), where off-by-one bugs live.
  const addr = fc.oneof(
    fc.constantFrom(0, capacity - 1),
    fc.integer({ min: 0, max: capacity - 1 }),
  );
  const op = fc.oneof(
    addr.map((a): Op => ({ kind: 'read', addr: a })),
    fc
      .tuple(addr, fc.integer({ min: 0, max: 255 }))
      .map(([a, byte]): Op => ({ kind: 'write', addr: a, byte })),
  );
  return fc.array(op, { minLength: 1, maxLength: 120 });
}

function runAgainstMap(make: () => Oram, ops: Op[]): void {
  const oram = make();
  const model = new Map<number, Uint8Array>();
  for (const op of ops) {
    if (op.kind === 'write') {
      const data = new Uint8Array(BLOCK).map((_, i) => (op.byte + i) & 255);
      oram.write(op.addr, data);
      model.set(op.addr, data);
    } else {
      const expected = model.get(op.addr) ?? new Uint8Array(BLOCK);
      expect(oram.read(op.addr)).toEqual(expected);
    }
  }
  const seen = oram.inspect();
  expect(seen.stashSize + seen.blocksInTree).toBe(model.size);
}

const configs: { name: string; capacity: number; make: (seed: number) => Oram }[] = [
  {
    name: 'ring teaching N=1',
    capacity: 1,
    make: (seed) =>
      createRingOram({ capacity: 1, blockSize: BLOCK, rng: createRng(seed), encrypt: false }),
  },
  {
    name: 'ring teaching N=37 encrypted',
    capacity: 37,
    make: (seed) => createRingOram({ capacity: 37, blockSize: BLOCK, rng: createRng(seed) }),
  },
  {
    name: 'ring Z=2 S=3 A=2 tree-top 2 xor',
    capacity: 16,
    make: (seed) =>
      createRingOram({
        capacity: 16,
        blockSize: BLOCK,
        Z: 2,
        S: 3,
        A: 2,
        treeTopLevels: 2,
        xorTrick: true,
        rng: createRng(seed),
      }),
  },
  {
    name: 'ring Z=1 S=1 A=1 (tightest)',
    capacity: 8,
    make: (seed) =>
      createRingOram({
        capacity: 8,
        blockSize: BLOCK,
        Z: 1,
        S: 1,
        A: 1,
        levels: 3,
        encrypt: false,
        rng: createRng(seed),
      }),
  },
  {
    name: 'ring rit+must mirrored',
    capacity: 20,
    make: (seed) =>
      createRingOram({
        capacity: 20,
        blockSize: BLOCK,
        integrity: 'rit+must',
        mirrorMetadata: true,
        rng: createRng(seed),
      }),
  },
  {
    name: 'ring rit+must, tree-top 2, replication over 3 channels',
    capacity: 24,
    make: (seed) =>
      createRingOram({
        capacity: 24,
        blockSize: BLOCK,
        integrity: 'rit+must',
        treeTopLevels: 2,
        replication: true,
        channels: 3,
        mirrorMetadata: true,
        rng: createRng(seed),
      }),
  },
  {
    name: 'ring merkle',
    capacity: 12,
    make: (seed) =>
      createRingOram({ capacity: 12, blockSize: BLOCK, integrity: 'merkle', rng: createRng(seed) }),
  },
  {
    name: 'path Z=4 N=33',
    capacity: 33,
    make: (seed) => createPathOram({ capacity: 33, blockSize: BLOCK, rng: createRng(seed) }),
  },
  {
    name: 'path Z=2 tree-top 1 plain',
    capacity: 9,
    make: (seed) =>
      createPathOram({
        capacity: 9,
        blockSize: BLOCK,
        Z: 2,
        treeTopLevels: 1,
        encrypt: false,
        rng: createRng(seed),
      }),
  },
];

describe('ORAM behaves exactly like a Map', () => {
  for (const cfg of configs) {
    it(cfg.name, () => {
      fc.assert(
        fc.property(opsArb(cfg.capacity), fc.integer({ min: 0, max: 1e6 }), (ops, seed) => {
          runAgainstMap(() => cfg.make(seed), ops);
        }),
        { numRuns: budget(25, 4), seed: 20261126 },
      );
    });
  }
});
