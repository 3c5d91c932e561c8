// TrEnv's parked sandboxes, worked by hand: at most `maxPerSlot` per (node, group), each keeping
// `parkedMb` on its node until a start of the same group takes it.
import { describe, expect, it } from 'vitest';
import { MemoryAccounting } from '../src/cluster/memoryAccounting.js';
import { SandboxRecycler } from '../src/sandboxes/sandboxRecycler.js';

describe('SandboxRecycler', () => {
  it('parks up to the limit per (node, group), accounts the kept memory, and hands them out', () => {
    // 2 nodes × 3 groups, 2 parked per slot, 4 MiB each.
    const memory = new MemoryAccounting(2, 0);
    const r = new SandboxRecycler(2, 3, 2, 4, memory);
    expect([r.maxPerSlot, r.parkedMb]).toEqual([2, 4]);
    expect(r.park(1, 2, 10)).toBe(true);
    expect(r.park(1, 2, 20)).toBe(true);
    expect(r.park(1, 2, 30)).toBe(false); // slot full: this one is destroyed
    expect(r.park(0, 2, 30)).toBe(true); // another node's slot
    expect(r.park(1, 1, 30)).toBe(true); // another group's slot
    expect([r.count(1, 2), r.count(0, 2), r.count(1, 1), r.count(0, 0)]).toEqual([2, 1, 1, 0]);
    expect(r.parkedTotal).toBe(4);
    // Node 1 keeps 3 × 4 MiB, node 0 4 MiB, all private memory.
    expect([memory.nodeUsedMb(0), memory.nodeUsedMb(1), memory.privateMb[1]]).toEqual([4, 12, 12]);
    r.take(1, 2, 40);
    expect([r.count(1, 2), r.repurposed, memory.nodeUsedMb(1)]).toEqual([1, 1, 8]);
    expect(r.park(1, 2, 50)).toBe(true); // room again
    expect(r.count(1, 2)).toBe(2);
  });

  it('refuses to take from an empty slot and leaves the books unchanged', () => {
    const memory = new MemoryAccounting(1, 0);
    const r = new SandboxRecycler(1, 2, 1, 4, memory);
    r.park(0, 0, 0);
    expect(() => r.take(0, 1, 5)).toThrow(/no parked sandbox of group 1 on node 0 to take/);
    expect([r.count(0, 0), r.count(0, 1), r.repurposed, memory.nodeUsedMb(0)]).toEqual([
      1, 0, 0, 4,
    ]);
    r.take(0, 0, 5);
    expect(() => r.take(0, 0, 6)).toThrow(RangeError);
    expect(memory.nodeUsedMb(0)).toBe(0);
  });
});
