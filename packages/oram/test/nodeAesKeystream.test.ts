// The keystream of `nodeAes` (format 3) against its documented definition, computed here with
// node:crypto's AES-256-ECB over counter blocks built byte by byte: position (hi, lo) is the
// 64 bytes AES_k("oram" ‖ BE32(hi) ‖ BE64(4·lo + j)) for j = 0..3. Both of the provider's
// paths (native CTR for long runs, ECB over counters built in JavaScript for short ones) and
// fillRuns must give exactly that, also where 4·lo passes 2^32 and at the top of the counter.
import { createCipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CTR_MIN_BLOCKS, nodeAes } from '../src/nodeAes.ts';

const key = new Uint8Array(randomBytes(32));

function reference(hi: number, lo: number, blocks: number): Uint8Array {
  const counters = new Uint8Array(blocks * 64);
  const v = new DataView(counters.buffer);
  for (let b = 0; b < blocks; b++) {
    for (let j = 0; j < 4; j++) {
      const o = 64 * b + 16 * j;
      counters.set([0x6f, 0x72, 0x61, 0x6d], o); // "oram"
      v.setUint32(o + 4, hi, false);
      v.setBigUint64(o + 8, 4n * BigInt(lo + b) + BigInt(j), false);
    }
  }
  const ecb = createCipheriv('aes-256-ecb', key, null);
  ecb.setAutoPadding(false);
  return new Uint8Array(ecb.update(counters));
}

describe('nodeAes keystream (format 3)', () => {
  const ks = nodeAes.create(key);
  const cases: [number, number, number][] = [
    [0, 0, 1],
    [7, 5, CTR_MIN_BLOCKS - 1],
    [7, 5, CTR_MIN_BLOCKS],
    [0xffffffff, 2 ** 30 - 3, 2 * CTR_MIN_BLOCKS], // 4·lo crosses 2^32 inside a CTR run
    [3, 2 ** 30 - 2, 5], // … and inside a short run
    [1, 2 ** 32 - CTR_MIN_BLOCKS, CTR_MIN_BLOCKS], // the last positions of a stream
  ];
  for (const [hi, lo, blocks] of cases) {
    it(`fill and generate at (${hi}, ${lo}), ${blocks} blocks`, () => {
      const want = reference(hi, lo, blocks);
      const out = new Uint8Array(blocks * 64 + 8);
      ks.fill(hi, lo, blocks, out, 8);
      expect(out.subarray(8)).toEqual(want);
      expect(new Uint8Array(ks.generate!(hi, lo, blocks))).toEqual(want);
    });
  }

  it('consecutive long runs continue one CTR stream: each as its reference, with older runs and other streams between', () => {
    // A fresh provider: the runs below are its whole history. Forward runs continue the last
    // forward run's object (the nonce reservoir's pattern), also where 4·lo passes 2^32; runs
    // at older positions or in another stream must neither use nor disturb it.
    const fresh = nodeAes.create(key);
    const base = 2 ** 30 - 100;
    const steps: [number, number, number][] = [
      [5, base, 64],
      [5, base + 64, 64], // continues, across 4·lo = 2^32
      [5, base, 70], // an older position (an opening)
      [5, base + 128, 128], // continues the stream
      [9, 0, 64], // another session's stream
      [5, base + 256, 64], // back: a new object from this position
      [5, base + 320, 80], // continues again
      [5, base + 330, 64], // overlaps the last run: older, its own object
      [5, base + 400, 64], // continues from base + 400
    ];
    for (const [hi, lo, blocks] of steps) {
      expect(new Uint8Array(fresh.generate!(hi, lo, blocks)), `(${hi}, ${lo}, ${blocks})`).toEqual(
        reference(hi, lo, blocks),
      );
    }
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 64, max: 200 }), fc.nat(500)), {
          minLength: 1,
          maxLength: 12,
        }),
        (list) => {
          const k = nodeAes.create(key);
          let next = 1000;
          for (const [forward, blocks, back] of list) {
            const lo = forward ? next : Math.max(0, next - back - blocks);
            if (forward) next += blocks;
            const out = new Uint8Array(blocks * 64);
            k.fill(3, lo, blocks, out, 0);
            expect(out).toEqual(reference(3, lo, blocks));
          }
        },
      ),
      { numRuns: 30, seed: 3121 },
    );
  });

  it('fillRuns writes each run as its reference, one after another (random runs)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat({ max: 0xffffffff }),
            fc.nat({ max: 0xffffffff - 200 }),
            fc.integer({ min: 1, max: 80 }),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (list) => {
          const runs = new Uint32Array(list.flat());
          const total = list.reduce((s, r) => s + r[2], 0);
          const out = new Uint8Array(total * 64 + 4);
          ks.fillRuns!(runs, list.length, out, 4);
          let at = 4;
          for (const [hi, lo, blocks] of list) {
            expect(out.subarray(at, at + blocks * 64)).toEqual(reference(hi, lo, blocks));
            at += blocks * 64;
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
