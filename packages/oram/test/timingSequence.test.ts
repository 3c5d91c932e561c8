import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { createRingOram } from '../src/ringOram.js';
import { createDesignExpander } from '../src/timing/designExpander.js';
import { iroDesignVariants } from '../src/timing/designVariants.js';
import { createRingOramSequence } from '../src/timing/ringOramSequence.js';
import { defaultLayoutParameters, type TreeParameters } from '../src/timing/timingParameters.js';
import type { TraceEvent } from '../src/trace.js';

// The metadata-only Ring ORAM against the functional, encrypted one (src/ringOram.ts, integrity
// 'none'). Ring ORAM's physical sequence depends only on the read-path leaves (EvictPath's
// leaf is bit-reverse(G), counts grow with every ReadPath and reset on every rewrite), so when
// both see the same leaves — taken from the functional ORAM's own trace — the plain design's
// requests must equal the functional trace request for request (see streams() for the one
// reordering path batching makes): op, bucket, phase, metadata
// or slot, every slot written in index order, Z slots read per rewritten bucket, EvictPath
// every A-th access and every EarlyReshuffle in the same place.

interface Config {
  Z: number;
  S: number;
  A: number;
  capacity: number;
  cached: number;
}

function functionalTrace(c: Config, addrs: number[]) {
  const per: TraceEvent[][] = [];
  let cur: TraceEvent[] = [];
  const oram = createRingOram({
    capacity: c.capacity,
    blockSize: 16,
    Z: c.Z,
    S: c.S,
    A: c.A,
    treeTopLevels: c.cached,
    rng: createRng(`functional-${c.Z}-${c.S}-${c.A}`),
    key: new Uint8Array(32),
    observer: (e) => cur.push(e),
  });
  const data = new Uint8Array(16);
  for (const a of addrs) {
    cur = [];
    oram.write(a, data);
    per.push(cur);
  }
  return { per, levels: oram.levels, counters: oram.counters };
}

/**
 * The functional ORAM is path-batched: it reads a path's metadata in one batch and then its
 * slots in another, where the hardware model interleaves them level by level. So the requests
 * are compared as streams that batching does not reorder: every write in order, and per phase
 * the metadata reads in order and the slot reads in order (together: the same requests).
 */
function streams(events: readonly TraceEvent[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of events) {
    const name =
      e.op === 'write' ? 'writes' : `${e.phase} ${e.slot === 'meta' ? 'meta' : 'slot'} reads`;
    const list = out[name] ?? [];
    list.push(key(e));
    out[name] = list;
  }
  return out;
}

const key = (e: TraceEvent) =>
  `${e.op} ${e.bucket} ${e.phase} ${e.slot === 'meta' ? 'meta' : e.op === 'write' ? `slot ${e.slot}` : 'slot'}`;

describe('metadata-only Ring ORAM vs the functional ORAM', () => {
  const configs: Config[] = [
    { Z: 4, S: 5, A: 3, capacity: 64, cached: 0 },
    { Z: 4, S: 5, A: 3, capacity: 256, cached: 2 },
    // A small S makes EarlyReshuffle frequent.
    { Z: 2, S: 3, A: 2, capacity: 32, cached: 1 },
  ];
  for (const c of configs) {
    it(`matches request for request (Z ${c.Z}, S ${c.S}, A ${c.A}, N ${c.capacity}, ${c.cached} cached)`, () => {
      const w = createRng('addresses');
      const n = 200;
      const addrs = Array.from({ length: n }, () => w.int(0, c.capacity - 1));
      const f = functionalTrace(c, addrs);
      const L = f.levels;
      // Each access's read leaf, from the deepest ReadPath metadata read of the functional trace.
      const leaves = f.per.map((evs) => {
        const leafMeta = evs.find(
          (e) => e.phase === 'online' && e.slot === 'meta' && e.level === L,
        );
        return leafMeta!.bucket - (2 ** L - 1);
      });
      const firstLeaf = new Map<number, number>();
      const next: number[] = [];
      for (let i = 0; i < n; i++) {
        if (!firstLeaf.has(addrs[i]!)) firstLeaf.set(addrs[i]!, leaves[i]!);
        const j = addrs.indexOf(addrs[i]!, i + 1);
        next.push(j < 0 ? 0 : leaves[j]!);
      }
      let k = 0;
      const seq = createRingOramSequence({
        levels: L,
        Z: c.Z,
        S: c.S,
        A: c.A,
        capacity: c.capacity,
        channels: 2,
        replication: false,
        rng: createRng('sequence'),
        initialLeaf: (a) => firstLeaf.get(a) ?? 0,
        initiallyEmpty: true,
        newLeaf: () => next[k++]!,
      });
      const tree: TreeParameters = {
        name: 'test',
        levels: L,
        Z: c.Z,
        S: c.S,
        A: c.A,
        capacity: c.capacity,
        blockBytes: 16,
        cachedLevels: c.cached,
      };
      const ring = iroDesignVariants([]).find((v) => v.id === 'ring')!;
      const ex = createDesignExpander(ring, tree, defaultLayoutParameters, 2);
      let evictions = 0;
      let reshuffles = 0;
      for (let i = 0; i < n; i++) {
        const r = seq.access(addrs[i]!);
        expect(r.leaf).toBe(leaves[i]);
        if (r.evict) evictions++;
        reshuffles += r.reshuffles.length;
        const mine = ex.expand(r).events;
        expect(streams(mine)).toEqual(streams(f.per[i]!));
      }
      expect(evictions).toBe(Math.floor(n / c.A));
      expect(evictions).toBe(f.counters.evictions);
      expect(reshuffles).toBe(f.counters.earlyReshuffles);
      if (c.S === 3) expect(reshuffles).toBeGreaterThan(25);
    });
  }

  it('keeps every block: tree + stash = N, at most Z reals per bucket, a small stash', () => {
    const seq = createRingOramSequence({
      levels: 6,
      Z: 4,
      S: 5,
      A: 3,
      capacity: 200,
      channels: 2,
      replication: true,
      rng: createRng('occupancy'),
    });
    const w = createRng('w');
    let maxStash = 0;
    for (let i = 0; i < 1500; i++) {
      const r = seq.access(w.int(0, 199));
      maxStash = Math.max(maxStash, r.stashSize);
      expect(seq.blocksInTree() + seq.stashSize).toBe(200);
      // One slot per level, and the block is found at most once on its path.
      expect(r.path).toHaveLength(7);
      expect(r.path.filter((p) => p.real).length).toBeLessThanOrEqual(1);
    }
    expect(seq.maxRealsPerBucket()).toBeLessThanOrEqual(4);
    expect(maxStash).toBeLessThan(40);
  });

  it('starts full: every first access finds its block in its leaf bucket', () => {
    const seq = createRingOramSequence({
      levels: 12,
      Z: 5,
      S: 7,
      A: 5,
      capacity: 4 * 2 ** 12,
      channels: 2,
      replication: true,
      rng: createRng('full'),
    });
    const w = createRng('first');
    const seen = new Set<number>();
    let found = 0;
    let atLeaf = 0;
    for (let i = 0; i < 300; i++) {
      let a = w.int(0, 4 * 2 ** 12 - 1);
      while (seen.has(a)) a = (a + 1) % (4 * 2 ** 12);
      seen.add(a);
      const r = seq.access(a);
      // Its leaf has not changed since the start, so it is on its path unless an EvictPath
      // left it in the stash; at 300 of 2^12 leaves evicted that is rare.
      if (r.path.some((p) => p.real)) found++;
      if (r.path[12]!.real) atLeaf++;
    }
    expect(found).toBeGreaterThan(290);
    expect(atLeaf).toBeGreaterThan(250);
    expect(seq.blocksInTree() + seq.stashSize).toBe(4 * 2 ** 12);
  });

  it('puts each replica on another channel, and H2 reads take the less loaded one', () => {
    const seq = createRingOramSequence({
      levels: 5,
      Z: 4,
      S: 5,
      A: 3,
      capacity: 100,
      channels: 2,
      replication: true,
      rng: createRng('replicas'),
    });
    const w = createRng('w2');
    let served = 0;
    for (let i = 0; i < 500; i++) {
      const load = [0, 0];
      const picked: number[] = [];
      const r = seq.access(w.int(0, 99), (_b, _l, options) => {
        let c = options[0]!;
        for (const o of options) if (load[o]! < load[c]!) c = o;
        load[c]!++;
        picked.push(c);
        return c;
      });
      r.path.forEach((p, l) => {
        // Slot s of a bucket at level l is on channel (l + s) mod 2: the read went where the
        // picker said, and a block's two copies are on different channels.
        expect((p.level + p.slot) % 2).toBe(picked[l]);
        if (p.real && p.replicaSlot >= 0) {
          expect((p.level + p.replicaSlot) % 2).not.toBe(picked[l]);
          served++;
        }
      });
    }
    expect(served).toBeGreaterThan(50);
  });

  it('rejects bad options naming the field', () => {
    const base = {
      levels: 3,
      Z: 2,
      S: 3,
      A: 2,
      capacity: 16,
      channels: 2,
      replication: false,
      rng: createRng(1),
    };
    expect(() => createRingOramSequence({ ...base, capacity: 17 })).toThrow(
      'capacity must be an integer in [1, 16], got 17',
    );
    expect(() => createRingOramSequence({ ...base, A: 4 })).toThrow(
      'A must be an integer in [1, 3], got 4',
    );
    expect(() => createRingOramSequence({ ...base, replication: true, channels: 1 })).toThrow(
      /channels/,
    );
    expect(() => createRingOramSequence({ ...base, replicate: true } as never)).toThrow(
      /createRingOramSequence: unknown option 'replicate'/,
    );
    expect(() => createRingOramSequence({ ...base, rng: undefined } as never)).toThrow(
      'rng must be an Rng from @paperlab/stats (createRng(seed))',
    );
    const s = createRingOramSequence(base);
    expect(() => s.access(16)).toThrow('addr must be an integer in [0, 15], got 16');
    expect(() => s.access(Number.NaN)).toThrow(/addr/);
  });
});
