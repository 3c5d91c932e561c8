// Obliviousness tests the field uses, with @paperlab/stats. Each test also runs a deliberately
// broken variant and shows that the same test rejects it, so the tests can fail.
import { chiSquareTest, createRng, ksTest2 } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { createRingOram, type RingOramOptions, type TraceEvent } from '../src/index.ts';
import { createInsecureRingOram, type InsecureVariant } from '../src/insecureRingOram.ts';
import { budget, MUTATION_RUN } from './support/budget.ts';

// Significance: each assertion on a correct ORAM uses alpha = 1e-3 with fixed seeds, so the
// suite is deterministic; broken variants are required to fall below 1e-6.
const ALPHA = 1e-3;
const BROKEN = 1e-6;
const N = 256;
/** Accesses per observed run. */
const RUN = budget(3000, 600);
/** Tree sizes of the stash test: 64x more blocks in `pnpm test`, 4x in the mutation run. */
const STASH_CAPACITIES = MUTATION_RUN ? [64, 256] : [64, 512, 4096];

type Pattern = 'repeat' | 'scan' | 'random';

interface Observed {
  /** L: leaves are 0 … 2^L − 1, the chi-square's bins. */
  L: number;
  /** Z + S: slots per bucket, the bins of the slot-offset chi-square. */
  W: number;
  leaves: number[];
  /** Slot offset read by ReadPath, per level. */
  offsets: number[][];
  stash: number[];
}

function observe(
  pattern: Pattern,
  accesses: number,
  extra: Partial<RingOramOptions> & { insecureVariant?: InsecureVariant } = {},
  seed = 'obl',
): Observed {
  const online: TraceEvent[] = [];
  const { insecureVariant, ...rest } = extra;
  const options: RingOramOptions = {
    capacity: N,
    blockSize: 4,
    encrypt: false,
    rng: createRng(`${seed}-${pattern}`),
    observer: (e) => {
      if (e.phase === 'online' && e.op === 'read' && e.slot !== 'meta') online.push(e);
    },
    ...rest,
  };
  // A broken variant comes only through the internal test hook, never through the options.
  const oram =
    insecureVariant === undefined
      ? createRingOram(options)
      : createInsecureRingOram(options, insecureVariant);
  const L = oram.levels;
  const ops = createRng(`${seed}-ops-${pattern}`);
  for (let a = 0; a < N; a++) oram.write(a, Uint8Array.of(a & 255, 0, 0, 0));
  online.length = 0;
  const stash: number[] = [];
  for (let i = 0; i < accesses; i++) {
    const addr = pattern === 'repeat' ? 7 : pattern === 'scan' ? i % N : ops.int(0, N - 1);
    oram.read(addr);
    stash.push(oram.counters.stashSize);
  }
  const leaves: number[] = [];
  const offsets: number[][] = Array.from({ length: L + 1 }, () => []);
  for (const e of online) {
    offsets[e.level]!.push(e.slot as number);
    if (e.level === L) leaves.push(e.bucket - (2 ** L - 1));
  }
  return { L, W: oram.parameters.Z + oram.parameters.S, leaves, offsets, stash };
}

function leafCounts(leaves: number[], n: number): number[] {
  const c = new Array<number>(n).fill(0);
  for (const x of leaves) c[x]!++;
  return c;
}

describe('per-leaf read counts are uniform (chi-square)', () => {
  it('correct ORAM passes, reuse-old-leaf variant fails', () => {
    const ok = observe('repeat', budget(4000, 800));
    const n = 2 ** ok.L;
    expect(chiSquareTest(leafCounts(ok.leaves, n)).pValue).toBeGreaterThan(ALPHA);
    const bad = observe('repeat', budget(4000, 800), { insecureVariant: 'reuseLeaf' });
    expect(chiSquareTest(leafCounts(bad.leaves, n)).pValue).toBeLessThan(BROKEN);
  });
});

describe('traces of different logical patterns are indistinguishable (two-sample KS)', () => {
  it('leaves and per-level slot offsets: repeat vs scan vs random', () => {
    const runs = {
      repeat: observe('repeat', RUN),
      scan: observe('scan', RUN),
      random: observe('random', RUN),
    };
    const pairs: [Pattern, Pattern][] = [
      ['repeat', 'scan'],
      ['repeat', 'random'],
      ['scan', 'random'],
    ];
    const levels = runs.repeat.offsets.length;
    // Bonferroni over the levels tested per pair.
    for (const [a, b] of pairs) {
      expect(ksTest2(runs[a].leaves, runs[b].leaves).pValue).toBeGreaterThan(ALPHA);
      for (let l = 0; l < levels; l++) {
        expect(ksTest2(runs[a].offsets[l]!, runs[b].offsets[l]!).pValue).toBeGreaterThan(
          ALPHA / levels,
        );
      }
    }
  });
  it('reuse-old-leaf variant: repeated address is told apart by its leaves', () => {
    const a = observe('repeat', RUN, { insecureVariant: 'reuseLeaf' });
    const b = observe('scan', RUN, { insecureVariant: 'reuseLeaf' });
    expect(ksTest2(a.leaves, b.leaves).pValue).toBeLessThan(BROKEN);
  });
  it('first-dummy variant: slot offsets tell a repeated address from a scan', () => {
    const a = observe('repeat', RUN, { insecureVariant: 'firstDummy' });
    const b = observe('scan', RUN, { insecureVariant: 'firstDummy' });
    const pooled = (o: Observed) => o.offsets.flat();
    expect(ksTest2(pooled(a), pooled(b)).pValue).toBeLessThan(BROKEN);
  });
});

describe('the dummy choice is uniform', () => {
  it('slot offsets read by ReadPath are uniform over the Z+S slots; first-dummy fails', () => {
    const counts = (o: Observed) => leafCounts(o.offsets.flat(), o.W);
    const ok = observe('repeat', RUN);
    expect(ok.W).toBe(9); // the teaching set: Z + S = 4 + 5
    expect(chiSquareTest(counts(ok)).pValue).toBeGreaterThan(ALPHA);
    expect(
      chiSquareTest(counts(observe('repeat', RUN, { insecureVariant: 'firstDummy' }))).pValue,
    ).toBeLessThan(BROKEN);
  });
});

describe('stash occupancy', () => {
  function stashSamples(
    capacity: number,
    opts: Partial<RingOramOptions>,
    accesses: number,
  ): number[] {
    const oram = createRingOram({
      capacity,
      blockSize: 1,
      encrypt: false,
      rng: createRng(`stash-${capacity}`),
      ...opts,
    });
    const ops = createRng(`stash-ops-${capacity}`);
    for (let a = 0; a < capacity; a++) oram.write(a, Uint8Array.of(1));
    const out: number[] = [];
    for (let i = 0; i < accesses; i++) {
      oram.read(ops.int(0, capacity - 1));
      out.push(oram.counters.stashSize);
    }
    return out;
  }
  /** Slope of log P(stash >= s) over the tail (s from the median to where 1 % remain). */
  function tailSlope(xs: number[]): { slope: number; r2: number } {
    const n = xs.length;
    const sorted = [...xs].sort((p, q) => p - q);
    const pts: [number, number][] = [];
    for (let s = sorted[n >> 1]!; ; s++) {
      const surv = xs.filter((x) => x >= s).length / n;
      if (surv < 0.01) break;
      pts.push([s, Math.log(surv)]);
    }
    const mx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
    const my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (const [x, y] of pts) {
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) ** 2;
      syy += (y - my) ** 2;
    }
    return { slope: sxy / sxx, r2: (sxy * sxy) / (sxx * syy) };
  }
  it('has an exponential tail and does not grow with N', () => {
    const means: number[] = [];
    for (const capacity of STASH_CAPACITIES) {
      const xs = stashSamples(capacity, {}, budget(6000, 1500));
      const { slope, r2 } = tailSlope(xs);
      expect(slope).toBeLessThan(-0.2); // log-survival falls linearly: geometric tail
      expect(r2).toBeGreaterThan(0.9);
      means.push(xs.reduce((a, b) => a + b, 0) / xs.length);
    }
    // 64x more blocks, same mean stash (within 1 block): no growth with N.
    expect(Math.abs(means.at(-1)! - means[0]!)).toBeLessThan(1);
  });
  it('an overloaded configuration (Z=1, A=S=4: evicting too rarely) grows with N and fails', () => {
    const small = stashSamples(64, { Z: 1, S: 4, A: 4, levels: 6 }, RUN);
    const big = stashSamples(1024, { Z: 1, S: 4, A: 4, levels: 10 }, RUN);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(big) - mean(small)).toBeGreaterThan(1);
  });
});

describe('with Secure Replication and mirrored metadata on, the same tests still pass', () => {
  const rep: Partial<RingOramOptions> = { replication: true, mirrorMetadata: true, channels: 2 };
  it('per-leaf chi-square, KS on leaves and offsets, uniform slot offsets', () => {
    const runs = {
      repeat: observe('repeat', RUN, rep, 'rep'),
      scan: observe('scan', RUN, rep, 'rep'),
      random: observe('random', RUN, rep, 'rep'),
    };
    const n = 2 ** runs.repeat.L;
    expect(chiSquareTest(leafCounts(runs.repeat.leaves, n)).pValue).toBeGreaterThan(ALPHA);
    const levels = runs.repeat.offsets.length;
    for (const [a, b] of [
      ['repeat', 'scan'],
      ['repeat', 'random'],
    ] as const) {
      expect(ksTest2(runs[a].leaves, runs[b].leaves).pValue).toBeGreaterThan(ALPHA);
      for (let l = 0; l < levels; l++) {
        expect(ksTest2(runs[a].offsets[l]!, runs[b].offsets[l]!).pValue).toBeGreaterThan(
          ALPHA / levels,
        );
      }
    }
    expect(
      chiSquareTest(leafCounts(runs.random.offsets.flat(), runs.random.W)).pValue,
    ).toBeGreaterThan(ALPHA);
  });
});

describe('the broken variants are not reachable from the public API', () => {
  it('an insecureVariant field passed to createRingOram is refused (and without it leaves are remapped)', () => {
    const leavesOf = (options: RingOramOptions): number[] => {
      const leaves: number[] = [];
      const oram = createRingOram({
        ...options,
        observer: (e) => {
          if (e.phase === 'online' && e.op === 'read' && e.slot !== 'meta' && e.level === 3)
            leaves.push(e.bucket);
        },
      });
      for (let i = 0; i < 40; i++) oram.read(7);
      return leaves;
    };
    const base = { capacity: 32, blockSize: 4, levels: 3, encrypt: false };
    const smuggled: RingOramOptions = {
      ...base,
      // @ts-expect-error insecureVariant is not on the public options type
      insecureVariant: 'reuseLeaf',
      rng: createRng('x'),
    };
    // Unknown option names are refused since format 2 (a typo must not select a default), so
    // a smuggled variant cannot even be constructed; without it the leaves are remapped.
    expect(() => leavesOf(smuggled)).toThrow(/unknown option 'insecureVariant'/);
    const { insecureVariant: _dropped, ...clean } = smuggled as RingOramOptions & {
      insecureVariant?: string;
    };
    const viaOptions = new Set(leavesOf(clean)).size;
    expect(viaOptions).toBeGreaterThan(1); // remapped: many leaves visited
    const viaHook = new Set<number>();
    const broken = createInsecureRingOram(
      {
        ...base,
        rng: createRng('x'),
        observer: (e) => {
          if (e.phase === 'online' && e.op === 'read' && e.slot !== 'meta' && e.level === 3)
            viaHook.add(e.bucket);
        },
      },
      'reuseLeaf',
    );
    for (let i = 0; i < 40; i++) broken.read(7);
    expect(viaHook.size).toBe(1); // the hook still builds the broken variant
  });
});
