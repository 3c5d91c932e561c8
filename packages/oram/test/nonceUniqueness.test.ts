// Nonce (keystream position) uniqueness under one key, as a property: for random sequences of
// reads, writes, exports and reopens (the reopen rng drawn from a few seeds, so the SAME seed
// recurs), no position is ever used twice. The test sees the positions that storage sees:
// the (lo, hi) in front of every Ring ORAM metadata block and every Path ORAM slot; each is a
// reservation of consecutive 64-byte blocks, so same-stream intervals must not overlap.
import { createRng } from '@paperlab/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPathOram, createRingOram, type Oram, type OramStorage } from '../src/index.ts';
import { createRawStorage } from './support/rawStorage.ts';

const KEY = new Uint8Array(32).fill(11);
type Op = { kind: 'write' | 'read'; addr: number } | { kind: 'reopen'; seed: number };

function recording(inner: OramStorage, kind: 'ring' | 'path', seen: [number, number][]) {
  const note = (data: Uint8Array, at: number) => {
    const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
    seen.push([v.getUint32(at + 4, true), v.getUint32(at, true)]);
  };
  return {
    ...inner,
    writeMeta(b: number, data: Uint8Array, copy?: 0 | 1) {
      if (kind === 'ring' && copy !== 1) note(data, 4);
      inner.writeMeta(b, data, copy);
    },
    writeSlot(b: number, s: number, data: Uint8Array) {
      if (kind === 'path') note(data, 0);
      inner.writeSlot(b, s, data);
    },
  } satisfies OramStorage;
}

function disjoint(seen: [number, number][], blocks: number): boolean {
  const byStream = new Map<number, number[]>();
  for (const [hi, lo] of seen) {
    const list = byStream.get(hi) ?? [];
    list.push(lo);
    byStream.set(hi, list);
  }
  for (const los of byStream.values()) {
    los.sort((a, b) => a - b);
    for (let i = 1; i < los.length; i++) if (los[i]! < los[i - 1]! + blocks) return false;
  }
  return true;
}

const ops = fc.array(
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({ kind: fc.constantFrom('write', 'read'), addr: fc.nat(15) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen'), seed: fc.nat(2) }) },
  ),
  { minLength: 5, maxLength: 60 },
) as fc.Arbitrary<Op[]>;

describe('keystream positions are never reused under one key', () => {
  for (const kind of ['ring', 'path'] as const) {
    it(`${kind}: across accesses, exports and reopens with recurring seeds`, () => {
      fc.assert(
        fc.property(ops, (sequence) => {
          const make = (o: object) =>
            kind === 'ring'
              ? createRingOram({ capacity: 16, blockSize: 8, key: KEY, ...o })
              : createPathOram({ capacity: 16, blockSize: 8, key: KEY, ...o });
          const probe = make({ rng: createRng('probe') });
          const raw = createRawStorage(probe.storage);
          const seen: [number, number][] = [];
          const storage = recording(raw, kind, seen);
          let oram: Oram = make({ storage, rng: createRng('s0') });
          // A metadata seal reserves ⌈(16-byte pad + plaintext) / 64⌉ blocks; the plaintext is
          // metaBytes minus header (4), position (8) and tag (16). A Path slot (8 + 8 B) takes 1.
          const metaBytes = (probe as Oram & { metaBytes?: number }).metaBytes ?? 0;
          const blocks = kind === 'ring' ? Math.ceil((16 + metaBytes - 28) / 64) : 1;
          for (const op of sequence) {
            if (op.kind === 'write') oram.write(op.addr, new Uint8Array(8).fill(op.addr));
            else if (op.kind === 'read') oram.read(op.addr);
            else if (op.kind === 'reopen') {
              const state = oram.exportState();
              oram = make({ storage, state, rng: createRng(`s${op.seed}`) });
            }
          }
          expect(new Set(seen.map(([h, l]) => `${h}:${l}`)).size).toBe(seen.length);
          expect(disjoint(seen, blocks)).toBe(true);
        }),
        { numRuns: 60 },
      );
    });
  }
});
