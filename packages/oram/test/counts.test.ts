// Exact physical counts per access against Ring ORAM's and Path ORAM's formulas, and the
// measured bandwidth ratio printed against the paper's claim.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  createPathOram,
  createRingOram,
  type IntegrityMode,
  type TraceEvent,
} from '../src/index.ts';
import { budget } from './support/budget.ts';

type Tally = Record<string, number>;
function tally(events: TraceEvent[]): Tally {
  const t: Tally = {};
  for (const e of events) {
    const key = `${e.phase}.${e.op}.${e.slot === 'meta' ? 'meta' : 'slot'}`;
    t[key] = (t[key] ?? 0) + 1;
  }
  return t;
}

function ringCase(opts: {
  Z: number;
  S: number;
  A: number;
  treeTopLevels: number;
  integrity: IntegrityMode;
  capacity: number;
}) {
  const events: TraceEvent[] = [];
  const oram = createRingOram({
    capacity: opts.capacity,
    blockSize: 16,
    Z: opts.Z,
    S: opts.S,
    A: opts.A,
    treeTopLevels: opts.treeTopLevels,
    integrity: opts.integrity,
    encrypt: opts.integrity !== 'none',
    rng: createRng(`counts-${JSON.stringify(opts)}`),
    observer: (e) => events.push(e),
  });
  return { oram, events };
}

describe('Ring ORAM physical counts equal the formulas', () => {
  const settings = [
    { Z: 4, S: 5, A: 3, treeTopLevels: 0, integrity: 'none' as const, capacity: 128 },
    { Z: 2, S: 3, A: 2, treeTopLevels: 2, integrity: 'none' as const, capacity: 64 },
    { Z: 4, S: 5, A: 3, treeTopLevels: 0, integrity: 'rit' as const, capacity: 64 },
    { Z: 4, S: 5, A: 3, treeTopLevels: 1, integrity: 'merkle' as const, capacity: 64 },
  ];
  for (const s of settings) {
    it(JSON.stringify(s), () => {
      const { oram, events } = ringCase(s);
      const L = oram.levels;
      const W = s.Z + s.S;
      const untrusted = (level: number) => level >= s.treeTopLevels;
      const Lk = L + 1 - s.treeTopLevels; // untrusted levels on a path
      const rng = createRng('ops');
      for (let i = 1; i <= budget(300, 60); i++) {
        events.length = 0;
        const before = oram.counters;
        oram.write(rng.int(0, s.capacity - 1), new Uint8Array(16));
        const t = tally(events);
        const after = oram.counters;
        // Online (ReadPath): metadata of every bucket, one slot per bucket, metadata written back.
        expect(t['online.read.meta']).toBe(Lk);
        expect(t['online.read.slot']).toBe(Lk);
        expect(t['online.write.meta']).toBe(Lk);
        // Merkle needs the whole bucket to check its hash: W - 1 extra slot reads per bucket.
        expect(t['integrity.read.slot'] ?? 0).toBe(
          s.integrity === 'merkle' ? Lk * (W - 1) + extraMerkle(events, s.Z, W) : 0,
        );
        // EvictPath every A accesses: Z slot reads and Z+S slot writes per bucket, plus metadata.
        const evicted = i % s.A === 0;
        expect(after.evictions - before.evictions).toBe(evicted ? 1 : 0);
        expect(t['evict.read.meta'] ?? 0).toBe(evicted ? Lk : 0);
        expect(t['evict.read.slot'] ?? 0).toBe(evicted ? Lk * s.Z : 0);
        expect(t['evict.write.slot'] ?? 0).toBe(evicted ? Lk * W : 0);
        expect(t['evict.write.meta'] ?? 0).toBe(evicted ? Lk : 0);
        // EarlyReshuffle: per reshuffled (untrusted) bucket 1 meta read, Z slot reads, W slot writes, 1 meta write.
        const reshuffled = new Set(
          events
            .filter((e) => e.phase === 'reshuffle' && e.op === 'write' && e.slot === 'meta')
            .map((e) => e.bucket),
        );
        const r = reshuffled.size;
        expect(t['reshuffle.read.meta'] ?? 0).toBe(r);
        expect(t['reshuffle.read.slot'] ?? 0).toBe(r * s.Z);
        expect(t['reshuffle.write.slot'] ?? 0).toBe(r * W);
        const allReshuffles = after.earlyReshuffles - before.earlyReshuffles;
        expect(allReshuffles).toBeGreaterThanOrEqual(r);
        for (const b of reshuffled)
          expect(untrusted(events.find((e) => e.bucket === b)!.level)).toBe(true);
        // RIT: the only extra metadata traffic is rewriting ancestors of a reshuffled bucket.
        if (s.integrity === 'none') expect(t['integrity.write.meta'] ?? 0).toBe(0);
        expect(t['integrity.read.meta'] ?? 0).toBe(0);
      }
    });
  }
});

/** Merkle also reads the W - Z slots not needed by each eviction/reshuffle ReadBucket. */
function extraMerkle(events: TraceEvent[], Z: number, W: number): number {
  const buckets = new Set(
    events
      .filter(
        (e) =>
          (e.phase === 'evict' || e.phase === 'reshuffle') && e.op === 'read' && e.slot === 'meta',
      )
      .map((e) => e.bucket),
  );
  return buckets.size * (W - Z);
}

describe('Path ORAM physical counts equal 2Z(L+1)', () => {
  it('reads and writes Z(L+1) slots per access', () => {
    const events: TraceEvent[] = [];
    const oram = createPathOram({
      capacity: 100,
      blockSize: 8,
      Z: 4,
      treeTopLevels: 1,
      rng: createRng(3),
      observer: (e) => events.push(e),
    });
    const n = oram.levels + 1 - 1;
    for (let i = 0; i < 100; i++) {
      events.length = 0;
      oram.read(i);
      expect(events.filter((e) => e.op === 'read').length).toBe(4 * n);
      expect(events.filter((e) => e.op === 'write').length).toBe(4 * n);
    }
  });
});

describe('bandwidth: Path ORAM / Ring ORAM', () => {
  it('measured blocks per access match the formulas; ratio printed against the paper', () => {
    const N = 4096;
    const accesses = budget(3000, 400);
    const rows: string[] = [];
    const path = createPathOram({
      capacity: N,
      blockSize: 8,
      encrypt: false,
      rng: createRng('bw-path'),
    });
    const rng = createRng('bw-ops');
    for (let i = 0; i < accesses; i++) path.read(rng.int(0, N - 1));
    const pc = path.counters;
    const pathBlocks = (pc.slotReads + pc.slotWrites) / accesses;
    // Path ORAM formula: 2 Z (L + 1) (lit).
    expect(pathBlocks).toBe(2 * 4 * (path.levels + 1));
    for (const set of ['teaching', 'largeBucket'] as const) {
      const ring = createRingOram({
        capacity: N,
        blockSize: 8,
        parameterSet: set,
        encrypt: false,
        rng: createRng(`bw-${set}`),
      });
      for (let i = 0; i < accesses; i++) ring.read(rng.int(0, N - 1));
      const c = ring.counters;
      const { Z, S, A } = ring.parameters;
      const L1 = ring.levels + 1;
      const ringBlocks = (c.slotReads + c.slotWrites) / accesses;
      // Ring ORAM formula (lit): online L+1, eviction (L+1)(2Z+S)/A, each reshuffle 2Z+S.
      const formula =
        L1 +
        (Math.floor(accesses / A) * L1 * (2 * Z + S)) / accesses +
        (c.earlyReshuffles * (2 * Z + S)) / accesses;
      expect(ringBlocks).toBeCloseTo(formula, 10);
      rows.push(
        `${set} Z=${Z} S=${S} A=${A} L=${L1 - 1}: ring ${ringBlocks.toFixed(1)} vs path ${pathBlocks} blocks/access -> ${(pathBlocks / ringBlocks).toFixed(2)}x less (paper: 2.3-4x)`,
      );
      if (set === 'largeBucket') expect(pathBlocks / ringBlocks).toBeGreaterThan(2.3);
      if (set === 'teaching') {
        // Not the paper's range, by design of the parameters: the paper's 2.3-4x is for its
        // bandwidth-optimised sets. Without reshuffles the closed form is
        // 2 Z_path (L+1) / ((L+1)(1 + (2Z+S)/A)) = 8 / (1 + 13/3) = 1.5 for every L;
        // reshuffles only add blocks on Ring ORAM's side, so 1.5 is an upper bound.
        const bound = (2 * 4) / (1 + (2 * Z + S) / A);
        expect(bound).toBe(1.5);
        expect(pathBlocks / ringBlocks).toBeLessThanOrEqual(bound);
        // ... and Ring ORAM still moves fewer blocks than Path ORAM (measured 1.37x).
        expect(pathBlocks / ringBlocks).toBeGreaterThan(1);
      }
    }
    console.log(rows.join('\n'));
  });
});

describe('integrity modes: who pays for what (same workload, same seed)', () => {
  const MODE_ACCESSES = budget(600, 120);
  it('RIT reads no extra slots; MUST adds no metadata access and cuts hashes; Merkle reads whole buckets', () => {
    const per: Record<string, ReturnType<typeof createRingOram>['counters']> = {};
    for (const mode of ['none', 'merkle', 'rit', 'rit+must'] as const) {
      const oram = createRingOram({
        capacity: 256,
        blockSize: 16,
        integrity: mode,
        rng: createRng('modes'),
      });
      const ops = createRng('modes-ops');
      for (let i = 0; i < MODE_ACCESSES; i++) oram.read(ops.int(0, 255));
      per[mode] = oram.counters;
    }
    const { none, merkle, rit } = per;
    const must = per['rit+must']!;
    // RIT: exactly the baseline's slot traffic; its only extra metadata writes come from
    // re-hashing the ancestors of early-reshuffled buckets.
    expect(rit!.slotReads).toBe(none!.slotReads);
    expect(rit!.integrityMetaReads).toBe(0);
    expect(rit!.metaWrites - none!.metaWrites).toBe(rit!.integrityMetaWrites);
    // MUST: no integrity-caused access at all, fewer metadata accesses and fewer hashes.
    expect(must.integrityMetaReads + must.integrityMetaWrites + must.integritySlotReads).toBe(0);
    expect(must.metaReads).toBeLessThan(none!.metaReads);
    expect(must.hashComputations).toBeLessThan(rit!.hashComputations);
    // Merkle: W - 1 extra slot reads for every bucket on every ReadPath.
    expect(merkle!.integritySlotReads).toBeGreaterThanOrEqual(
      MODE_ACCESSES *
        8 *
        (createRingOram({ capacity: 256, blockSize: 16, encrypt: false }).levels + 1),
    );
  });
});
