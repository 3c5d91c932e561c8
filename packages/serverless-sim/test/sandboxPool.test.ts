// The sandbox pool against a reference model written with plain arrays: per (node, function)
// a stack of idle sandboxes (a warm start takes the most recently idle one), per node a queue
// in the order they went idle (eviction takes the least recently idle one, LRU).
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { grow, LruSandboxPool, SB_BUSY, SB_FREE, SB_IDLE } from '../src/sandboxes/sandboxPool.js';

const NODES = 3;
const FNS = 4;

class Model {
  /** sandbox → { node, fn, mb, state } for live ones. */
  live = new Map<number, { node: number; fn: number; mb: number; idle: boolean }>();
  /** per pair: idle sandboxes, most recently idle last. */
  stacks = Array.from({ length: NODES * FNS }, () => [] as number[]);
  /** per node: idle sandboxes, least recently idle first. */
  lru = Array.from({ length: NODES }, () => [] as number[]);

  idleOf(pair: number): number {
    return this.stacks[pair]!.at(-1) ?? -1;
  }
  unlink(sb: number): void {
    const s = this.live.get(sb)!;
    const pair = s.node * FNS + s.fn;
    this.stacks[pair] = this.stacks[pair]!.filter((x) => x !== sb);
    this.lru[s.node] = this.lru[s.node]!.filter((x) => x !== sb);
    s.idle = false;
  }
}

/** The pool's observable state and the model's, as two plain values compared in one assertion. */
function views(pool: LruSandboxPool, m: Model) {
  const pairs = Array.from({ length: NODES * FNS }, (_, pair) => pair);
  const nodes = Array.from({ length: NODES }, (_, node) => node);
  const sbs = [...m.live.keys()];
  const got = {
    live: pool.live,
    idle: pool.idle,
    idleCount: pairs.map((p) => pool.idleCount[p]),
    liveCount: pairs.map((p) => pool.liveCount[p]),
    victims: nodes.map((n) => pool.victim(n)),
    sandboxes: sbs.map((sb) => [
      pool.state(sb),
      pool.nodeOf(sb),
      pool.fnOf(sb),
      pool.privateMbOf(sb),
    ]),
  };
  const ss = [...m.live.values()];
  const want = {
    live: m.live.size,
    idle: ss.filter((s) => s.idle).length,
    idleCount: pairs.map((p) => m.stacks[p]!.length),
    liveCount: pairs.map((p) => ss.filter((s) => s.node * FNS + s.fn === p).length),
    victims: nodes.map((n) => m.lru[n]![0] ?? -1),
    sandboxes: ss.map((s) => [s.idle ? SB_IDLE : SB_BUSY, s.node, s.fn, s.mb]),
  };
  return { got, want };
}

describe('LruSandboxPool', () => {
  it('matches the reference model over a random sequence of operations', () => {
    const rng = createRng('sandbox-pool');
    const pool = new LruSandboxPool(NODES, FNS);
    const m = new Model();
    for (let step = 0; step < 800; step++) {
      const op = rng.int(0, 4);
      const node = rng.int(0, NODES - 1);
      const fn = rng.int(0, FNS - 1);
      const pair = node * FNS + fn;
      const busy = [...m.live].filter(([, s]) => !s.idle).map(([sb]) => sb);
      if (op === 0 || m.live.size === 0) {
        const mb = rng.int(1, 500);
        const sb = pool.create(node, fn, mb);
        expect(m.live.has(sb)).toBe(false); // a fresh slot, never a live one
        expect(pool.readyAt[sb]).toBe(0);
        expect(pool.timerAt[sb]).toBe(Number.POSITIVE_INFINITY);
        m.live.set(sb, { node, fn, mb, idle: false });
      } else if (op === 1 && busy.length > 0) {
        // A busy sandbox goes idle.
        const sb = busy[rng.int(0, busy.length - 1)]!;
        const s = m.live.get(sb)!;
        pool.makeIdle(sb, step);
        s.idle = true;
        m.stacks[s.node * FNS + s.fn]!.push(sb);
        m.lru[s.node]!.push(sb);
      } else if (op === 2) {
        // A warm start on (node, fn): the most recently idle sandbox of the pair, or none.
        const want = m.idleOf(pair);
        expect(pool.takeIdle(pair)).toBe(want);
        if (want !== -1) m.unlink(want);
      } else if (op === 3) {
        // Eviction on `node`: the least recently idle sandbox, unlinked then freed.
        const victim = pool.victim(node);
        expect(victim).toBe(m.lru[node]![0] ?? -1);
        if (victim !== -1) {
          pool.unlinkIdle(victim);
          m.unlink(victim);
          pool.free(victim);
          expect(pool.state(victim)).toBe(SB_FREE);
          m.live.delete(victim);
        }
      } else if (busy.length > 0) {
        // A busy sandbox is released (keep-alive 0).
        const sb = busy[rng.int(0, busy.length - 1)]!;
        pool.timerAt[sb] = 123;
        pool.free(sb);
        expect(pool.timerAt[sb]).toBe(Number.POSITIVE_INFINITY);
        m.live.delete(sb);
      }
      const { got, want } = views(pool, m);
      if (JSON.stringify(got) !== JSON.stringify(want))
        expect({ step, ...got }).toEqual({ step, ...want });
    }
  });

  it('unlinks from the middle, the head and the tail of both lists', () => {
    // One node, one function: a, b, c go idle in that order.
    //   pair stack (MRU first): c b a     node LRU queue: a b c
    const pool = new LruSandboxPool(1, 1);
    const [a, b, c] = [pool.create(0, 0, 1), pool.create(0, 0, 2), pool.create(0, 0, 3)];
    for (const sb of [a, b, c]) pool.makeIdle(sb, 0);
    pool.unlinkIdle(b); // middle of both
    expect([pool.victim(0), pool.idleCount[0], pool.idle]).toEqual([a, 2, 2]);
    expect(pool.takeIdle(0)).toBe(c); // head of the stack, tail of the queue
    expect(pool.victim(0)).toBe(a);
    pool.makeIdle(b, 1); // b is now the most recently idle: stack b a, queue a b
    expect(pool.victim(0)).toBe(a);
    pool.unlinkIdle(a); // tail of the stack, head of the queue
    expect(pool.victim(0)).toBe(b);
    expect(pool.takeIdle(0)).toBe(b);
    expect([pool.victim(0), pool.takeIdle(0), pool.idle, pool.idleCount[0]]).toEqual([
      -1, -1, 0, 0,
    ]);
    pool.makeIdle(c, 2);
    expect([pool.victim(0), pool.takeIdle(0)]).toEqual([c, c]);
  });

  it('grows past its initial 1024 slots and recycles freed ones', () => {
    const pool = new LruSandboxPool(2, 1);
    const ids = new Set<number>();
    for (let i = 0; i < 2500; i++) ids.add(pool.create(i % 2, 0, i));
    expect(ids.size).toBe(2500);
    expect(pool.live).toBe(2500);
    expect([pool.liveCount[0], pool.liveCount[1]]).toEqual([1250, 1250]);
    expect([pool.nodeOf(2499), pool.privateMbOf(2499), pool.privateMbOf(3)]).toEqual([1, 2499, 3]);
    pool.free(7);
    pool.free(2000);
    // The last freed slot is reused first (a free list).
    expect(pool.create(0, 0, 1)).toBe(2000);
    expect(pool.create(0, 0, 1)).toBe(7);
    expect(pool.create(0, 0, 1)).toBe(2500);
  });
});

describe('grow', () => {
  it('keeps the type and the contents, zero-filling the new part', () => {
    const a = grow(Int32Array.from([5, -6]), 4);
    expect(a).toBeInstanceOf(Int32Array);
    expect([...a]).toEqual([5, -6, 0, 0]);
    const b = grow(Float64Array.from([0.5]), 2);
    expect(b).toBeInstanceOf(Float64Array);
    expect([...b]).toEqual([0.5, 0]);
  });
});

describe('LruSandboxPool sizes', () => {
  it('refuses a node or function count that is not an integer in [1, 2^30], naming it', () => {
    // NaN or 0 nodes used to build empty arrays and answer undefined for every lookup;
    // 1.5 sized them for one node; -1 and Infinity failed inside the typed-array constructor.
    for (const bad of [Number.NaN, 0, -1, 1.5, Number.POSITIVE_INFINITY, '2']) {
      expect(() => new LruSandboxPool(bad as number, 2)).toThrow(
        `nodes: must be an integer in [1, 1073741824], got ${typeof bad === 'string' ? '"2"' : bad}`,
      );
      expect(() => new LruSandboxPool(2, bad as number)).toThrow(/^functions: must be an integer/);
    }
    expect(() => new LruSandboxPool(2 ** 16, 2 ** 15)).toThrow(
      'nodes × functions must be at most 2^30, got 2147483648',
    );
  });
});
