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

/** Heap order (the trace's numbering): root 0, children of b at 2b+1 and 2b+2. */
function bucketAt(leaf: number, level: number, L: number): number {
  return 2 ** level - 1 + Math.floor(leaf / 2 ** (L - level));
}

/**
 * Reference model of Ring ORAM's bucket counters, written from the paper (Ren et al. 2015,
 * Algorithms 1–3), not from src/: ReadPath(x) reads one slot of every bucket on the path to leaf
 * x, adding 1 to its count; every A-th access EvictPath rewrites the whole path to the G-th leaf
 * in reverse-lexicographic order (G mod 2^L with its L bits reversed), resetting those counts;
 * then EarlyReshuffle(x) rewrites every bucket on path x whose count reached S, resetting it.
 * Trusted (tree-top) buckets keep counts like the others; only the trace omits them.
 */
class RingCountModel {
  private readonly count = new Map<number, number>();
  private round = 0;
  private g = 0;
  constructor(
    private readonly L: number,
    private readonly S: number,
    private readonly A: number,
  ) {}

  /** One access that read the path to leaf x: the eviction leaf (−1 if none) and the
   * reshuffled buckets, root first. */
  access(x: number): { evictLeaf: number; reshuffled: { bucket: number; level: number }[] } {
    const { L, S, A, count } = this;
    for (let l = 0; l <= L; l++) {
      const b = bucketAt(x, l, L);
      count.set(b, (count.get(b) ?? 0) + 1);
    }
    let evictLeaf = -1;
    if (++this.round === A) {
      this.round = 0;
      const bits = (this.g++ % 2 ** L).toString(2).padStart(L, '0');
      evictLeaf = L === 0 ? 0 : Number.parseInt([...bits].reverse().join(''), 2);
      for (let l = 0; l <= L; l++) count.set(bucketAt(evictLeaf, l, L), 0);
    }
    const reshuffled: { bucket: number; level: number }[] = [];
    for (let l = 0; l <= L; l++) {
      const b = bucketAt(x, l, L);
      if ((count.get(b) ?? 0) >= S) {
        reshuffled.push({ bucket: b, level: l });
        count.set(b, 0);
      }
    }
    return { evictLeaf, reshuffled };
  }
}

/** The leaf an access read, as the memory bus shows it: its online read of a leaf bucket. */
function leafRead(events: readonly TraceEvent[], L: number): number {
  const leafBuckets = events.filter(
    (e) => e.phase === 'online' && e.op === 'read' && e.slot === 'meta' && e.level === L,
  );
  expect(leafBuckets).toHaveLength(1);
  return leafBuckets[0]!.bucket - (2 ** L - 1);
}

const metaBuckets = (
  events: readonly TraceEvent[],
  phase: TraceEvent['phase'],
  op: 'read' | 'write',
) =>
  events.filter((e) => e.phase === phase && e.op === op && e.slot === 'meta').map((e) => e.bucket);

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
      const model = new RingCountModel(L, s.S, s.A);
      const rng = createRng('ops');
      let modelReshuffles = 0;
      for (let i = 1; i <= budget(300, 60); i++) {
        events.length = 0;
        const before = oram.counters;
        oram.write(rng.int(0, s.capacity - 1), new Uint8Array(16));
        const t = tally(events);
        const after = oram.counters;
        const { evictLeaf, reshuffled } = model.access(leafRead(events, L));
        // Online (ReadPath): metadata of every bucket, one slot per bucket, metadata written back.
        expect(t['online.read.meta']).toBe(Lk);
        expect(t['online.read.slot']).toBe(Lk);
        expect(t['online.write.meta']).toBe(Lk);
        // EvictPath every A accesses, on the model's reverse-lexicographic leaf: Z slot reads
        // and Z+S slot writes per bucket, plus metadata.
        const evicted = i % s.A === 0;
        expect(evictLeaf >= 0).toBe(evicted);
        expect(after.evictions - before.evictions).toBe(evicted ? 1 : 0);
        const evictPath = evicted
          ? Array.from({ length: L + 1 }, (_, l) => l)
              .filter(untrusted)
              .map((l) => bucketAt(evictLeaf, l, L))
          : [];
        expect(new Set(metaBuckets(events, 'evict', 'read'))).toEqual(new Set(evictPath));
        expect(t['evict.read.meta'] ?? 0).toBe(evicted ? Lk : 0);
        expect(t['evict.read.slot'] ?? 0).toBe(evicted ? Lk * s.Z : 0);
        expect(t['evict.write.slot'] ?? 0).toBe(evicted ? Lk * W : 0);
        expect(t['evict.write.meta'] ?? 0).toBe(evicted ? Lk : 0);
        // EarlyReshuffle: the model's buckets (untrusted ones on the bus), each 1 meta read,
        // Z slot reads, W slot writes, 1 meta write; the counter counts trusted ones too.
        const onBus = reshuffled.filter((b) => untrusted(b.level)).map((b) => b.bucket);
        const r = onBus.length;
        expect(new Set(metaBuckets(events, 'reshuffle', 'write'))).toEqual(new Set(onBus));
        expect(t['reshuffle.read.meta'] ?? 0).toBe(r);
        expect(t['reshuffle.read.slot'] ?? 0).toBe(r * s.Z);
        expect(t['reshuffle.write.slot'] ?? 0).toBe(r * W);
        expect(t['reshuffle.write.meta'] ?? 0).toBe(r);
        expect(after.earlyReshuffles - before.earlyReshuffles).toBe(reshuffled.length);
        modelReshuffles += reshuffled.length;
        // Merkle needs whole buckets to check their hashes: W − 1 more slot reads per bucket on
        // ReadPath, and W − Z more per bucket that eviction or a reshuffle reads (Z slots).
        expect(t['integrity.read.slot'] ?? 0).toBe(
          s.integrity === 'merkle' ? Lk * (W - 1) + ((evicted ? Lk : 0) + r) * (W - s.Z) : 0,
        );
        // RIT: the only extra metadata traffic is rewriting ancestors of a reshuffled bucket.
        if (s.integrity === 'none') expect(t['integrity.write.meta'] ?? 0).toBe(0);
        expect(t['integrity.read.meta'] ?? 0).toBe(0);
      }
      // The campaign must reach the reshuffle path at all (S reads of one bucket between
      // two evictions of it), or the checks above would hold vacuously.
      expect(modelReshuffles).toBeGreaterThan(0);
    });
  }
});

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
      const leaves: number[] = [];
      const ring = createRingOram({
        capacity: N,
        blockSize: 8,
        parameterSet: set,
        encrypt: false,
        rng: createRng(`bw-${set}`),
        observer: (e) => {
          if (e.phase === 'online' && e.op === 'read' && e.slot === 'meta' && e.level === L)
            leaves.push(e.bucket - (2 ** L - 1));
        },
      });
      const L = ring.levels;
      for (let i = 0; i < accesses; i++) ring.read(rng.int(0, N - 1));
      const c = ring.counters;
      const { Z, S, A } = ring.parameters;
      expect(ring.treeTopLevels).toBe(0); // every level's traffic is on the bus
      const L1 = L + 1;
      const ringBlocks = (c.slotReads + c.slotWrites) / accesses;
      // Early reshuffles from the reference model, given the leaves the bus shows were read.
      expect(leaves).toHaveLength(accesses);
      const model = new RingCountModel(L, S, A);
      let reshuffles = 0;
      for (const x of leaves) reshuffles += model.access(x).reshuffled.length;
      // Ring ORAM formula (lit): online L+1, eviction (L+1)(2Z+S)/A, each reshuffle 2Z+S.
      const formula =
        L1 +
        (Math.floor(accesses / A) * L1 * (2 * Z + S)) / accesses +
        (reshuffles * (2 * Z + S)) / accesses;
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

describe('hashes: one per metadata block that crosses the bus', () => {
  // The integrity trees' cost model (IRO; Merkle as the baseline): a metadata block read from
  // memory is checked with one hash against its parent, one written is sealed with one hash, and
  // a block that stays in the client (cached tree-top levels, MUST's kept subtree) needs none.
  for (const integrity of ['merkle', 'rit', 'rit+must'] as const) {
    for (const treeTopLevels of [0, 2]) {
      it(`${integrity}, tree-top ${treeTopLevels}`, () => {
        const events: TraceEvent[] = [];
        const oram = createRingOram({
          capacity: 64,
          blockSize: 16,
          Z: 4,
          S: 5,
          A: 3,
          treeTopLevels,
          integrity,
          rng: createRng(`hashes-${integrity}-${treeTopLevels}`),
          observer: (e) => events.push(e),
        });
        const ops = createRng('hash-ops');
        for (let i = 0; i < budget(60, 24); i++) {
          events.length = 0;
          const before = oram.counters.hashComputations;
          oram.write(ops.int(0, 63), new Uint8Array(16));
          const metaMoves = events.filter((e) => e.slot === 'meta').length;
          expect(oram.counters.hashComputations - before).toBe(metaMoves);
        }
      });
    }
  }
});
