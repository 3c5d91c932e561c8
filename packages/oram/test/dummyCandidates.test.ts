// ReadPath's dummy choice (src/reliability/dummyCandidates.ts) against a reference written from
// its definition (Ren et al., "Constants Count", Sec. 4: ReadPath reads "a random valid dummy"
// of every bucket; README "Oblivious recovery": off the avoided channels while the bucket still
// has such a dummy). The reference is a plain filter over the slots with a Set for the reals
// and channelOf for the channels; the class under test uses a bit mask for W <= 32 and a
// scratch array otherwise, so both paths are checked, at W up to 110 (largeBucket is W = 96).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketMeta, EMPTY_ADDR, metaLayout } from '../src/bucketMeta.ts';
import { channelOf } from '../src/channels.ts';
import { ChannelHealth } from '../src/reliability/channelHealth.ts';
import { DummyCandidates } from '../src/reliability/dummyCandidates.ts';

interface Bucket {
  Z: number;
  S: number;
  valid: number[];
  /** Entry i: [address or EMPTY, slot]; an empty entry's slot is stale and must be ignored. */
  entries: [number, number][];
}

function reference(
  k: Bucket,
  b: number,
  channels: number,
  avoided: Set<number>,
): { collect: number[]; recovery: number[] } {
  const W = k.Z + k.S;
  const reals = new Set(k.entries.filter(([a]) => a !== EMPTY_ADDR).map(([, s]) => s));
  const all = [...Array(W).keys()];
  const validDummies = all.filter((s) => k.valid[s] === 1 && !reals.has(s));
  const off = validDummies.filter((s) => !avoided.has(channelOf(b, s, 0, channels)));
  const collect = avoided.size === 0 || off.length === 0 ? validDummies : off;
  const recovery = collect.length > 0 ? collect : all.filter((s) => !reals.has(s));
  return { collect, recovery };
}

function metaOf(k: Bucket): BucketMeta {
  const layout = metaLayout(k.Z, k.S, { tree: false, tagsInMeta: false, replicaEntries: 0 });
  const m = new BucketMeta(layout, layout.plainBytes, 0);
  m.reset();
  m.valid.set(k.valid);
  k.entries.forEach(([a, s], i) => {
    m.addr[i] = a;
    m.slot[i] = s;
  });
  return m;
}

const bucketArb = fc
  .record({ Z: fc.integer({ min: 1, max: 40 }), S: fc.integer({ min: 1, max: 70 }) })
  .chain(({ Z, S }) =>
    fc.record({
      Z: fc.constant(Z),
      S: fc.constant(S),
      // Dense, sparse and empty bitmaps: a bucket read S times has no valid dummy left.
      valid: fc.constantFrom(0, 0.1, 0.5, 0.9).chain((p) =>
        fc.array(
          fc.double({ min: 0, max: 1, noNaN: true }).map((u) => (u < p ? 1 : 0)),
          { minLength: Z + S, maxLength: Z + S },
        ),
      ),
      entries: fc.array(
        fc.tuple(
          fc.oneof(fc.constant(EMPTY_ADDR), fc.integer({ min: 0, max: 1 << 20 })),
          fc.integer({ min: 0, max: Z + S - 1 }),
        ),
        { minLength: Z, maxLength: Z },
      ),
    }),
  );

function run(k: Bucket, b: number, channels: number, avoided: number[]) {
  const health = new ChannelHealth(channels);
  for (const c of avoided) health.avoid(c);
  const d = new DummyCandidates(k.Z + k.S, k.Z, health);
  const m = metaOf(k);
  const collect = [...d.cand.subarray(0, d.collect(b, m))];
  const recovery = [...d.cand.subarray(0, d.collectForRecovery(b, m))];
  return { collect, recovery };
}

describe('DummyCandidates', () => {
  it('agrees with the reference filter, with and without avoided channels, at any W', () => {
    fc.assert(
      fc.property(
        bucketArb,
        fc.integer({ min: 0, max: 4094 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
        (k, b, channels, avoidList) => {
          const avoided = avoidList.filter((c) => c < channels);
          expect(run(k, b, channels, avoided)).toEqual(reference(k, b, channels, new Set(avoided)));
        },
      ),
      { numRuns: 400, seed: 1203 },
    );
  });

  it('excludes a real past slot 31 (a 32-bit mask would wrap it onto slot 8)', () => {
    // W = 96 (largeBucket): every slot valid, one real at slot 40.
    const k: Bucket = {
      Z: 33,
      S: 63,
      valid: Array(96).fill(1),
      entries: Array.from(
        { length: 33 },
        (_, i) => [i === 0 ? 7 : EMPTY_ADDR, 0] as [number, number],
      ),
    };
    k.entries[0] = [7, 40];
    const { collect } = run(k, 0, 1, []);
    expect(collect).toHaveLength(95);
    expect(collect).not.toContain(40);
    expect(collect).toContain(8);
  });

  it('ignores the stale slot of an empty entry', () => {
    // Z = 2, S = 3: entry 0 empty but pointing at valid slot 1; entry 1 real at slot 3.
    const k: Bucket = {
      Z: 2,
      S: 3,
      valid: [0, 1, 1, 1, 0],
      entries: [
        [EMPTY_ADDR, 1],
        [5, 3],
      ],
    };
    expect(run(k, 0, 1, [])).toEqual({ collect: [1, 2], recovery: [1, 2] });
  });

  it('falls back to avoided channels when no valid dummy is off them', () => {
    // Bucket 0 (level 0) on 2 channels: slot s on channel s mod 2. Valid dummies 1 and 3 are
    // both on channel 1; with channel 1 avoided they are still the candidates.
    const k: Bucket = { Z: 1, S: 4, valid: [1, 1, 0, 1, 0], entries: [[9, 0]] };
    expect(run(k, 0, 2, [1]).collect).toEqual([1, 3]);
    // With channel 0 avoided instead, the same two dummies are off it.
    expect(run(k, 0, 2, [0]).collect).toEqual([1, 3]);
    // Slot 4 valid too (channel 0): with channel 1 avoided only slot 4 remains.
    k.valid[4] = 1;
    expect(run(k, 0, 2, [1]).collect).toEqual([4]);
  });

  it('recovery re-reads a spent dummy when the bucket has no valid one', () => {
    const k: Bucket = {
      Z: 2,
      S: 2,
      valid: [1, 0, 0, 0],
      entries: [
        [3, 0],
        [4, 2],
      ],
    };
    expect(run(k, 0, 1, [])).toEqual({ collect: [], recovery: [1, 3] });
    expect(run(k, 0, 2, [1])).toEqual({ collect: [], recovery: [1, 3] });
  });
});
