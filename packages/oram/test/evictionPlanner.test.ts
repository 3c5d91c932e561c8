// The eviction planner (src/core/evictionPlanner.ts) and the position map (src/core/positionMap.ts)
// against definitions written out here, independent of the code under test.
//
// Greedy write-back (Stefanov et al. 2013, Path ORAM, Fig. 1 lines 10-14; Ren et al. 2015, Ring
// ORAM's EvictPath): going from the leaf bucket (level L) up to the root (level 0), the bucket at
// level l takes up to Z of the stash blocks not yet placed whose own path passes through it,
// i.e. whose leaf shares the top l bits with the evicted leaf. Which blocks a full bucket takes
// is an implementation choice, but how many each level takes is not: a block eligible at level
// l is eligible at every level above, so
//   placed(l) = min(Z, #{blocks with common depth >= l} - sum over l' > l of placed(l')).
// The reference below computes that closed form, with the common depth found bit by bit
// (not with treeGeometry's clz32 formula).
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { EvictionPlanner } from '../src/core/evictionPlanner.ts';
import { PositionMap } from '../src/core/positionMap.ts';
import { Stash } from '../src/core/stash.ts';
import type { RandomSource } from '../src/randomSource.ts';

/** Largest l in [0, L] with the top l bits of the L-bit leaves a and b equal. */
function depthBitByBit(a: number, b: number, L: number): number {
  let l = 0;
  while (l < L && ((a >>> (L - 1 - l)) & 1) === ((b >>> (L - 1 - l)) & 1)) l++;
  return l;
}

function expectedCounts(leaves: number[], leaf: number, L: number, Z: number): number[] {
  const atDepth = new Array<number>(L + 1).fill(0);
  for (const x of leaves) atDepth[depthBitByBit(x, leaf, L)]!++;
  const counts = new Array<number>(L + 1).fill(0);
  let waiting = 0;
  for (let l = L; l >= 0; l--) {
    waiting += atDepth[l]!;
    counts[l] = Math.min(Z, waiting);
    waiting -= counts[l]!;
  }
  return counts;
}

/** Checks one plan: the per-level counts of the closed form, every chosen block on the path at
 * its level, none chosen twice. */
function checkPlan(
  planner: EvictionPlanner,
  stash: Stash,
  leafOf: Map<number, number>,
  leaf: number,
  L: number,
  Z: number,
): void {
  planner.plan(stash, leaf);
  const counts = Array.from(planner.counts);
  expect(counts).toEqual(expectedCounts([...leafOf.values()], leaf, L, Z));
  const seen = new Set<number>();
  for (let l = 0; l <= L; l++) {
    for (let k = 0; k < counts[l]!; k++) {
      const a = planner.addrs[l]![k]!;
      expect(leafOf.has(a), `level ${l} chose address ${a}, not in the stash`).toBe(true);
      expect(seen.has(a), `address ${a} chosen twice`).toBe(false);
      seen.add(a);
      expect(depthBitByBit(leafOf.get(a)!, leaf, L)).toBeGreaterThanOrEqual(l);
    }
  }
}

function fill(stash: Stash, leafOf: Map<number, number>): void {
  for (const [a, x] of leafOf) stash.addZero(a, x);
}

describe('EvictionPlanner: greedy deepest-first write-back', () => {
  it('places every block of a small stash whose leaves all equal the evicted one (hand-worked)', () => {
    // L = 2, Z = 2, three blocks on leaf 1 (path 0 -> 1 -> 4): the leaf bucket takes two, the
    // middle bucket the third; nothing is left for the root. Block at stash index 0 included.
    const L = 2;
    const Z = 2;
    const stash = new Stash(8, 4, 4);
    const leafOf = new Map([
      [5, 1],
      [6, 1],
      [7, 1],
    ]);
    fill(stash, leafOf);
    const planner = new EvictionPlanner(L, Z);
    checkPlan(planner, stash, leafOf, 1, L, Z);
    expect(Array.from(planner.counts)).toEqual([0, 1, 2]);
  });

  it('fills the root with blocks whose paths share only the root (hand-worked)', () => {
    // L = 2, Z = 1, evicted leaf 0 (binary 00). Leaves 2 and 3 (1x) share only the root,
    // leaf 1 (01) shares level 1. Level 2 gets nothing (no block on leaf 0), level 1 takes the
    // block on leaf 1, the root takes one of the two others.
    const L = 2;
    const Z = 1;
    const stash = new Stash(8, 4, 4);
    const leafOf = new Map([
      [0, 2],
      [1, 3],
      [2, 1],
    ]);
    fill(stash, leafOf);
    const planner = new EvictionPlanner(L, Z);
    checkPlan(planner, stash, leafOf, 0, L, Z);
    expect(Array.from(planner.counts)).toEqual([1, 1, 0]);
    expect(planner.addrs[1]![0]).toBe(2);
  });

  it('matches the closed form on random stashes larger than its initial 64-entry lists', () => {
    // Stashes of up to 300 blocks: the planner's linked lists start at 64 entries and must
    // grow to the stash size before the first link is written. One planner is reused, as the
    // ORAMs do, across stashes of growing and shrinking size.
    const rng = createRng(20131104);
    const L = 5;
    const Z = 4;
    const planner = new EvictionPlanner(L, Z);
    for (const size of [3, 65, 120, 1, 300, 40, 129]) {
      const capacity = 512;
      const stash = new Stash(capacity, 4, 1);
      const leafOf = new Map<number, number>();
      while (leafOf.size < size) leafOf.set(rng.int(0, capacity - 1), rng.int(0, 2 ** L - 1));
      fill(stash, leafOf);
      checkPlan(planner, stash, leafOf, rng.int(0, 2 ** L - 1), L, Z);
    }
  });
});

describe('PositionMap', () => {
  it('draws exactly one uniform leaf per address from the injected source', () => {
    // A source that records its draws: randomize(rng, leaves) must ask capacity times for
    // int(0, leaves - 1) and store the answers in address order (the seeded trace depends on
    // the number of draws, so an extra draw shifts every later leaf and dummy choice).
    const draws: Array<[number, number]> = [];
    let next = 0;
    const source: RandomSource = {
      int(lo, hi) {
        draws.push([lo, hi]);
        return (next++ * 7) % (hi + 1);
      },
    };
    const map = new PositionMap(10);
    map.randomize(source, 16);
    expect(draws).toEqual(new Array(10).fill([0, 15]));
    expect(Array.from(map.leaf)).toEqual([0, 7, 14, 5, 12, 3, 10, 1, 8, 15]);
  });

  it('counts each written address once, like a Set of addresses', () => {
    const rng = createRng(7);
    const map = new PositionMap(50);
    const model = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const a = rng.int(0, 49);
      map.markWritten(a);
      model.add(a);
      expect(map.writtenCount).toBe(model.size);
    }
    for (let a = 0; a < 50; a++) expect(map.written[a]).toBe(model.has(a) ? 1 : 0);
  });
});
