import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { MemoryPool, PoolAcquire } from '../src/cluster/memoryPool.js';

// Reference model: a Map whose insertion order is the LRU order (delete + set = touch), with
// the eviction rule spelled out naively: evict the oldest unpinned entries until the new one
// fits, unless even evicting all of them would not make room.
class MapPool {
  readonly entries = new Map<number, { size: number; refs: number }>();
  used = 0;
  constructor(readonly capacity: number) {}
  acquire(id: number, size: number): number {
    const e = this.entries.get(id);
    if (e !== undefined) {
      e.refs++;
      this.entries.delete(id);
      this.entries.set(id, e);
      return PoolAcquire.hit;
    }
    let freeable = 0;
    for (const v of this.entries.values()) if (v.refs === 0) freeable += v.size;
    if (size > this.capacity || this.used - freeable + size > this.capacity) {
      return PoolAcquire.rejected;
    }
    for (const [k, v] of [...this.entries]) {
      if (this.used + size <= this.capacity) break;
      if (v.refs === 0) {
        this.entries.delete(k);
        this.used -= v.size;
      }
    }
    this.entries.set(id, { size, refs: 1 });
    this.used += size;
    return PoolAcquire.placed;
  }
  release(id: number): void {
    this.entries.get(id)!.refs--;
  }
}

describe('MemoryPool', () => {
  it('stores a template once however many instances map it', () => {
    const pool = new MemoryPool(1000, 4);
    expect(pool.acquire(2, 300)).toBe(PoolAcquire.placed);
    for (let i = 0; i < 50; i++) expect(pool.acquire(2, 300)).toBe(PoolAcquire.hit);
    expect(pool.usedMb).toBe(300);
    expect(pool.pins(2)).toBe(51);
  });

  it('evicts the least recently used unpinned template, never a pinned one', () => {
    const pool = new MemoryPool(1000, 8);
    pool.acquire(0, 400);
    pool.acquire(1, 400);
    pool.release(0);
    pool.release(1);
    pool.acquire(0, 400); // touch 0: 1 is now least recently used
    pool.release(0);
    expect(pool.acquire(2, 400)).toBe(PoolAcquire.placed);
    expect(pool.has(1)).toBe(false);
    expect(pool.has(0)).toBe(true);
    // 0 and 2 pinned: a third cannot fit and nothing is evicted.
    pool.acquire(0, 400);
    expect(pool.acquire(3, 400)).toBe(PoolAcquire.rejected);
    expect(pool.has(0) && pool.has(2)).toBe(true);
    expect(pool.stats()).toMatchObject({ evictions: 1, rejections: 1, usedMb: 800 });
  });

  it('wouldAcquire predicts acquire without changing state', () => {
    const pool = new MemoryPool(500, 4);
    pool.acquire(0, 300);
    expect(pool.wouldAcquire(1, 300)).toBe(PoolAcquire.rejected);
    pool.release(0);
    expect(pool.wouldAcquire(1, 300)).toBe(PoolAcquire.placed);
    expect(pool.has(0)).toBe(true);
    expect(pool.wouldAcquire(0, 300)).toBe(PoolAcquire.hit);
    expect(pool.wouldAcquire(2, 600)).toBe(PoolAcquire.rejected);
  });

  it('matches a Map-based LRU model on a random sequence', () => {
    const rng = createRng('pool-model');
    const pool = new MemoryPool(2000, 20);
    const model = new MapPool(2000);
    const sizes = Array.from({ length: 20 }, (_, i) => 100 + 37 * i);
    const held: number[] = [];
    for (let step = 0; step < 5000; step++) {
      if (held.length > 0 && rng.bernoulli(0.5)) {
        const id = held.splice(rng.int(0, held.length - 1), 1)[0]!;
        pool.release(id);
        model.release(id);
      } else {
        const id = rng.zipf(20, 1.1) - 1;
        const predicted = pool.wouldAcquire(id, sizes[id]!);
        const got = pool.acquire(id, sizes[id]!);
        expect(got).toBe(predicted);
        expect(got).toBe(model.acquire(id, sizes[id]!));
        if (got !== PoolAcquire.rejected) held.push(id);
      }
      expect(pool.usedMb).toBe(model.used);
    }
    for (let id = 0; id < 20; id++) expect(pool.has(id)).toBe(model.entries.has(id));
  });

  it('rejects bad arguments naming the field', () => {
    expect(() => new MemoryPool(0, 4)).toThrow(/capacityMb must be > 0/);
    expect(() => new MemoryPool(100, 0)).toThrow(/maxTemplates must be an integer/);
    const pool = new MemoryPool(100, 4);
    expect(() => pool.acquire(4, 10)).toThrow(/template id must be an integer in \[0, 3\], got 4/);
    expect(() => pool.acquire(1, -5)).toThrow(/sizeMb must be/);
    expect(() => pool.release(1)).toThrow(/not pinned/);
    expect(pool.usedMb).toBe(0);
  });
});
