// The visualiser's logic (src/components/oram/oramSession.ts and visualiserView.ts) against a
// trace worked out by hand from Ring ORAM's schedule (Ren et al. 2015) for a tiny tree, and
// against the library's own counters and a Map model over a longer run.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  createOramSession,
  type LogicalOp,
  type PhysicalEvent,
  stateAt,
} from '../src/components/oram/oramSession';
import { describeOp, nextPhaseStep, stepView } from '../src/components/oram/visualiserView';

/** Compact form of an event: "r 0 m online" (metadata), "r 0 s online" (any slot, the slot
 * ReadPath picks is random), "w 3 1 evict" (slot writes go in slot order, so the slot is known). */
const compact = (e: PhysicalEvent) =>
  `${e.op[0]} ${e.bucket} ${e.slot === 'meta' ? 'm' : e.op === 'read' ? 's' : e.slot} ${e.phase}`;

/** The buckets of the path to `leaf` in a tree of L levels below the root, root first. */
const path = (leaf: number, L: number) =>
  Array.from({ length: L + 1 }, (_, l) => 2 ** l - 1 + (leaf >> (L - l)));

/*
 * The tiny tree: capacity 2 with Z = 1, S = 1, A = 1 gives L = 2 (7 buckets, 4 leaves) and
 * W = Z + S = 2 slots per bucket. By hand, one access is:
 *
 * - ReadPath on the block's leaf x: read every bucket's metadata (root first, one batch), then
 *   one slot per bucket (one batch), then write the metadata back leaf first: 3(L + 1) = 9.
 * - EvictPath (every A = 1 accesses) on leaf bitReverse(G, L) for G = 0, 1, 2 …: leaves 0, 2, 1,
 *   i.e. buckets [0, 1, 3], [0, 2, 5], [0, 1, 4]. Read every level's metadata, then Z = 1 slot
 *   per level, then leaf first write all W = 2 slots and the metadata: (L+1)(1+Z) + (L+1)(W+1).
 * - EarlyReshuffle: every bucket of the read path read S = 1 times since its last write, i.e.
 *   those below the level the read path shares with the eviction path: their metadata, then Z
 *   slots each, then (deepest first) W slots and metadata: 5 events per bucket.
 *
 * The seed "tiny" puts blocks 0 and 1 on leaf 3 (path [0, 2, 6]); that one fact comes from the
 * seeded RNG (read off the first event at level L), everything else from the schedule above.
 */
const tiny = () => createOramSession({ seed: 'tiny', capacity: 2, Z: 1, S: 1, A: 1 });

function expectedAccess(x: number, evictLeaf: number, L: number, W: number): string[] {
  const read = path(x, L);
  const evict = path(evictLeaf, L);
  const out: string[] = [];
  // Path-batched: the path's metadata in one batch, then one slot per bucket in another.
  for (const b of read) out.push(`r ${b} m online`);
  for (const b of read) out.push(`r ${b} s online`);
  for (const b of [...read].reverse()) out.push(`w ${b} m online`);
  for (const b of evict) out.push(`r ${b} m evict`);
  for (const b of evict) out.push(`r ${b} s evict`);
  const writeBucket = (b: number, phase: string) => {
    for (let s = 0; s < W; s++) out.push(`w ${b} ${s} ${phase}`);
    out.push(`w ${b} m ${phase}`);
  };
  for (const b of [...evict].reverse()) writeBucket(b, 'evict');
  const reshuffled = read.filter((b, l) => b !== evict[l]);
  for (const b of reshuffled) out.push(`r ${b} m reshuffle`);
  for (const b of reshuffled) out.push(`r ${b} s reshuffle`);
  for (const b of [...reshuffled].reverse()) writeBucket(b, 'reshuffle');
  return out;
}

describe('oramSession on a hand-computed tiny tree', () => {
  it('has the geometry worked out above', () => {
    const s = tiny();
    expect(s.geometry).toEqual({
      capacity: 2,
      levels: 2,
      bucketCount: 7,
      slotsPerBucket: 2,
      Z: 1,
      S: 1,
      A: 1,
    });
  });

  it('records exactly the hand-computed physical trace for three accesses', () => {
    const s = tiny();
    const ops: LogicalOp[] = [
      s.access('write', 0, 7),
      s.access('write', 1, 9),
      s.access('read', 0),
    ];
    // Access 1: read path [0,2,6], evict [0,1,3] (shares only the root): 9 + 15 + 2·5 = 34.
    // Access 2: evict [0,2,5] shares [0,2]: only bucket 6 is reshuffled: 9 + 15 + 5 = 29.
    // Access 3: evict [0,1,4]: 34 again.
    expect(ops.map((o) => o.events.length)).toEqual([34, 29, 34]);
    const evictLeaves = [0, 2, 1];
    ops.forEach((op, i) => {
      const x = op.events.find((e) => e.phase === 'online' && e.level === 2)!.bucket - 3;
      expect(x, 'leaf 3 from the seed').toBe(3);
      expect(op.events.map(compact)).toEqual(expectedAccess(x, evictLeaves[i]!, 2, 2));
      expect(op.onlineEnd).toBe(9);
    });
    // seq numbers the whole session's trace from 1.
    expect(ops.flatMap((o) => o.events.map((e) => e.seq))).toEqual(
      Array.from({ length: 97 }, (_, i) => i + 1),
    );
    // The library's counters: one eviction per access; reshuffles 2, 1, 2 as worked out.
    expect(ops.map((o) => [o.evictions, o.earlyReshuffles])).toEqual([
      [1, 2],
      [2, 3],
      [3, 5],
    ]);
    expect(ops[2]!.value).toBe(7);
  });

  it('replays the first access step by step: stash, counts and valid bits', () => {
    const s = tiny();
    const op = s.access('write', 0, 7);
    const before = s.before;
    // Step 0: the fresh tree, all valid dummies, nothing in the stash.
    const s0 = stateAt(before, op, 0);
    expect(s0.stash.size).toBe(0);
    expect(s0.count).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(s0.slots.flat().every((x) => x.valid && x.content === null)).toBe(true);
    // End of ReadPath (step 9): the block is written in the stash (the write applies once the
    // path is read); each bucket of the path read once, one slot of each now invalid.
    const s9 = stateAt(before, op, 9);
    expect([...s9.stash]).toEqual([[0, 7]]);
    expect(s9.count).toEqual([1, 0, 1, 0, 0, 0, 1]);
    expect(s9.slots.map((b) => b.filter((x) => !x.valid).length)).toEqual([1, 0, 1, 0, 0, 0, 1]);
    // End of EvictPath (step 24): buckets 0, 1, 3 rewritten (count 0, all valid) and the block
    // left the stash for one slot of that path; 2 and 6 still read once.
    const s24 = stateAt(before, op, 24);
    expect(s24.stash.size).toBe(0);
    expect(s24.count).toEqual([0, 0, 1, 0, 0, 0, 1]);
    const holding = s24.slots.flatMap((b, i) =>
      b.flatMap((x, j) => (x.content ? [[i, j, x.content.addr, x.content.value]] : [])),
    );
    expect(holding).toHaveLength(1);
    expect([0, 1, 3]).toContain(holding[0]![0]);
    expect(holding[0]!.slice(2)).toEqual([0, 7]);
    // The slot the trace wrote the block to is the one the picture holds it in.
    const w = op.events.find((e) => e.op === 'write' && e.content !== null)!;
    expect([w.bucket, w.slot]).toEqual(holding[0]!.slice(0, 2));
    // After the reshuffle: every count 0, every slot valid, and the final state agrees.
    const end = stateAt(before, op, op.events.length);
    expect(end.count).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(end.slots.flat().every((x) => x.valid)).toBe(true);
    expect(end).toEqual(s.state);
    expect(s.check().ok).toBe(true);
    // Steps beyond the ends are clamped.
    expect(stateAt(before, op, -5)).toEqual(s0);
    expect(stateAt(before, op, 1000)).toEqual(end);
  });

  it('the view shows the read path, then the eviction path, then the reshuffle', () => {
    const s = tiny();
    const op = s.access('write', 0, 7);
    const at = (step: number) =>
      stepView(2, stateAt(s.before, op, step), op.events.slice(0, step), op.events);
    const looks = (step: number) => Array.from({ length: 7 }, (_, b) => at(step).bucketLook(b));
    expect(at(0).pathLeaf).toBeUndefined();
    expect(looks(0)).toEqual(Array(7).fill(undefined));
    const v9 = at(9);
    expect(v9.pathLeaf).toBe(3);
    expect(looks(9)).toEqual(['path', undefined, 'path', undefined, undefined, undefined, 'path']);
    // The fresh tree holds no block: every slot ReadPath chose is a dummy.
    const chosen = op.events.filter(
      (e) => e.phase === 'online' && e.op === 'read' && e.slot !== 'meta',
    );
    for (const e of chosen) expect(v9.slotLook(e.bucket, e.slot as number)).toBe('readDummy');
    expect(looks(24)).toEqual(['evict', 'evict', 'path', 'evict', undefined, undefined, 'path']);
    const w = op.events.find((e) => e.op === 'write' && e.content !== null)!;
    // With this seed ReadPath chose the very root slot EvictPath then filled with the block:
    // once rewritten, the slot shows the block, not the dummy ReadPath found there.
    expect(chosen.some((e) => e.bucket === w.bucket && e.slot === w.slot)).toBe(true);
    expect(at(24).slotLook(w.bucket, w.slot as number)).toBe('writtenReal');
    expect(at(24).slotText(w.bucket, w.slot as number)).toBe('0');
    expect(looks(34)).toEqual([
      'evict',
      'evict',
      'reshuffle',
      'evict',
      undefined,
      undefined,
      'reshuffle',
    ]);
    // A later access reads the block: the chosen slot on its path shows it.
    s.access('write', 1, 9);
    const read = s.access('read', 0);
    const online = read.events.slice(0, read.onlineEnd);
    const real = online.find((e) => e.op === 'read' && e.content !== null)!;
    expect(real.content).toEqual({ addr: 0, value: 7 });
    const view = stepView(2, stateAt(s.before, read, read.onlineEnd), online);
    expect(view.slotLook(real.bucket, real.slot as number)).toBe('readReal');
    expect(view.slotText(real.bucket, real.slot as number)).toBe('0');
  });

  it("names the read path's leaf from the first event on, and the eviction's once it starts", () => {
    // By hand (see the top of this file): access 1 reads the path to leaf 3 (buckets 0, 2, 6)
    // and evicts along leaf bitReverse(0, 2) = 0; accesses 2 and 3 evict leaves 2 and 1. The
    // client knows leaf 3 before its first physical read, so step 1 (the root's metadata) already
    // says leaf 3. Reading it off the deepest bucket reached so far would say 0 − 3 = −3 at
    // step 1 and 2 − 3 = −1 at steps 3 and 4.
    const s = tiny();
    const evictLeaves = [0, 2, 1];
    for (let n = 0; n < 3; n++) {
      const op = s.access('write', n % 2, 7);
      const view = (step: number) =>
        stepView(2, stateAt(s.before, op, step), op.events.slice(0, step), op.events);
      expect(view(0).pathLeaf).toBeUndefined();
      expect(view(0).evictLeaf).toBeUndefined();
      for (let step = 1; step <= op.events.length; step++) {
        expect(view(step).pathLeaf, `access ${n + 1}, step ${step}`).toBe(3);
        // EvictPath's events are 10..24 (1-based), see the '"Next phase"' test below.
        expect(view(step).evictLeaf, `access ${n + 1}, step ${step}`).toBe(
          step > 9 ? evictLeaves[n] : undefined,
        );
      }
    }
    // Over a longer run of the default tree (L = 3), every leaf shown is one of 0..7.
    const t = createOramSession({ seed: 'leaves' });
    for (let n = 0; n < 30; n++) {
      const op = t.access('read', n % 16);
      for (let step = 1; step <= op.events.length; step++) {
        const v = stepView(3, stateAt(t.before, op, step), op.events.slice(0, step), op.events);
        expect(v.pathLeaf).toBeGreaterThanOrEqual(0);
        expect(v.pathLeaf).toBeLessThan(8);
      }
    }
  });

  it('"Next phase" stops at the phase boundaries 9, 24, 34', () => {
    const s = tiny();
    const { events } = s.access('write', 0, 7);
    const stops: number[] = [];
    for (let k = 0; k < events.length; k = nextPhaseStep(events, k)) stops.push(k);
    expect(stops).toEqual([0, 9, 24]);
    expect(nextPhaseStep(events, 24)).toBe(34);
    expect(nextPhaseStep(events, 34)).toBe(34);
    expect(nextPhaseStep(events, 3)).toBe(9);
  });

  it('describes accesses', () => {
    expect(describeOp({ op: 'write', addr: 5, value: 42 })).toBe('write(5, 42)');
    expect(describeOp({ op: 'read', addr: 5, value: 42 })).toBe('read(5) → 42');
    expect(describeOp({ op: 'read', addr: 3, value: null })).toBe('read(3) → 0 (never written)');
  });
});

describe('oramSession over a longer run (default teaching tree)', () => {
  it('matches a Map model, the library counters and the schedule after every access', () => {
    const s = createOramSession({ seed: 'model' });
    const { levels: L, Z, A, slotsPerBucket: W, capacity } = s.geometry;
    expect([capacity, L, Z, s.geometry.S, A, W]).toEqual([16, 3, 4, 5, 3, 9]);
    const model = new Map<number, number>();
    const rng = createRng('model/workload');
    for (let n = 1; n <= 300; n++) {
      const addr = rng.int(0, capacity - 1);
      let op: LogicalOp;
      if (rng.bernoulli(0.5)) {
        const v = rng.int(0, 255);
        op = s.access('write', addr, v);
        model.set(addr, v);
      } else {
        op = s.access('read', addr);
        expect(op.value).toBe(model.get(addr) ?? null);
      }
      // ReadPath is always 3(L + 1) events; an eviction comes every A accesses.
      expect(op.onlineEnd).toBe(3 * (L + 1));
      expect(op.evictions).toBe(Math.floor(n / A));
      const evict = op.events.filter((e) => e.phase === 'evict').length;
      expect(evict).toBe(n % A === 0 ? (L + 1) * (1 + Z) + (L + 1) * (W + 1) : 0);
      // The picture agrees with the library's stash counter and inspect().
      const check = s.check();
      expect(check.ok, check.detail).toBe(true);
      expect(s.state.stash.size).toBe(op.stashSize);
    }
    expect(s.history.at(-1)!.earlyReshuffles).toBeGreaterThan(0);
  });

  it('rejects bad input without touching the session', () => {
    const s = createOramSession({ seed: 'bad' });
    expect(() => s.access('write', 0, 256)).toThrow(
      /value must be an integer in \[0, 255\], got 256/,
    );
    expect(() => s.access('read', 16)).toThrow(RangeError);
    expect(s.history).toHaveLength(0);
    expect(() => createOramSession({ seed: 'x', capacity: 1 })).toThrow(/capacity must be/);
  });
});
