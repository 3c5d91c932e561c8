import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../src/engine/eventQueue.js';

type Ev = { t: number; p: number; seq: number; arg: number };

/** The reference model's pop: the earliest event by (time, priority, insertion), removed. */
function takeMin(model: Ev[]): Ev {
  let best = 0;
  for (let i = 1; i < model.length; i++) {
    const a = model[i]!;
    const b = model[best]!;
    if ((a.t - b.t || a.p - b.p || a.seq - b.seq) < 0) best = i;
  }
  return model.splice(best, 1)[0]!;
}

describe('EventQueue', () => {
  it('pops in (time, priority, insertion) order, like a stable sort of the same events', () => {
    const rng = createRng('event-queue');
    const q = new EventQueue();
    const model: Ev[] = [];
    let seq = 0;
    const popped: number[] = [];
    const expected: number[] = [];
    for (let round = 0; round < 2000; round++) {
      // Coarse times force many ties.
      const t = rng.int(0, 50);
      const p = rng.int(0, 3);
      q.push(t, p, 7, seq);
      model.push({ t, p, seq, arg: seq });
      seq++;
      if (rng.next() < 0.1) {
        // replaceTop = drop the earliest, then insert (with the next sequence number).
        takeMin(model);
        const t2 = rng.int(0, 50);
        const p2 = rng.int(0, 3);
        q.replaceTop(t2, p2, 7, seq);
        model.push({ t: t2, p: p2, seq, arg: seq });
        seq++;
      }
      if (rng.next() < 0.4) {
        const m = takeMin(model);
        expect(q.pop()).toBe(true);
        expected.push(m.arg);
        popped.push(q.arg);
        expect(q.time).toBe(m.t);
        expect(q.kind).toBe(7);
      }
    }
    model.sort((a, b) => a.t - b.t || a.p - b.p || a.seq - b.seq);
    for (const m of model) {
      expect(q.pop()).toBe(true);
      expected.push(m.arg);
      popped.push(q.arg);
    }
    expect(popped).toEqual(expected);
    expect(q.pop()).toBe(false);
    expect(q.size).toBe(0);
  });

  it('rejects a non-finite time and leaves the queue unchanged', () => {
    const q = new EventQueue();
    q.push(1, 0, 0, 0);
    expect(() => q.push(Number.NaN, 0, 0, 0)).toThrow(
      /event time must be a finite number, got NaN/,
    );
    expect(q.size).toBe(1);
    expect(() => q.replaceTop(Number.POSITIVE_INFINITY, 0, 0, 0)).toThrow(/got Infinity/);
    q.pop();
    expect(() => q.replaceTop(1, 0, 0, 0)).toThrow(/non-empty queue, got size 0/);
  });

  it('rejects a priority, kind or arg the int32 arrays would silently change', () => {
    // Stored as 0 but sifted as NaN, a NaN priority used to jump ahead of (5, 0) events pushed
    // before it: the pop order was 3, 1, 4, 2 instead of a refusal.
    for (const [bad, field] of [
      [Number.NaN, 'priority'],
      [1.5, 'priority'],
      [Number.POSITIVE_INFINITY, 'priority'],
      ['1', 'priority'],
      [2 ** 31, 'kind'],
      [0.5, 'arg'],
    ] as const) {
      const q = new EventQueue();
      q.push(5, 0, 0, 1);
      const args = [5, 0, 0, 3] as number[];
      args[field === 'priority' ? 1 : field === 'kind' ? 2 : 3] = bad as number;
      expect(() => q.push(args[0]!, args[1]!, args[2]!, args[3]!)).toThrow(
        new RangeError(`event ${field} must be a 32-bit integer, got ${bad}`),
      );
      expect(() => q.replaceTop(args[0]!, args[1]!, args[2]!, args[3]!)).toThrow(RangeError);
      expect(q.size).toBe(1);
      expect(q.pop() && q.arg).toBe(1);
    }
  });

  it('peeks at the earliest event and reports every field of the popped one', () => {
    // Pushed: (5, 1, kind 3, arg 30), (5, 0, kind 4, arg 40), (2, 9, kind 5, arg 50),
    //         (5, 0, kind 6, arg 60). Order: t=2; then t=5 prio 0 in insertion order (40, 60);
    //         then t=5 prio 1 (30).
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
    q.push(5, 1, 3, 30);
    q.push(5, 0, 4, 40);
    q.push(2, 9, 5, 50);
    q.push(5, 0, 6, 60);
    expect([q.size, q.peekTime(), q.peekPriority(), q.peekKind(), q.peekArg()]).toEqual([
      4, 2, 9, 5, 50,
    ]);
    const popped: number[][] = [];
    while (q.pop()) popped.push([q.time, q.kind, q.arg]);
    expect(popped).toEqual([
      [2, 5, 50],
      [5, 4, 40],
      [5, 6, 60],
      [5, 3, 30],
    ]);
    // The last popped event stays readable after the queue empties.
    expect([q.time, q.kind, q.arg, q.size]).toEqual([5, 3, 30, 0]);
  });

  it('replaceTop drops the earliest event and orders the new one after equal ones', () => {
    // (1, 0, a=1), (3, 0, a=3), (3, 0, a=4). replaceTop(3, 0, a=9) drops a=1; a=9 is the newest
    // of three events at (3, 0), so it pops last. Then replaceTop(0, 5, a=7) drops a=3 and
    // goes first (t=0).
    const q = new EventQueue();
    q.push(1, 0, 0, 1);
    q.push(3, 0, 0, 3);
    q.push(3, 0, 0, 4);
    q.replaceTop(3, 0, 0, 9);
    expect([q.size, q.peekArg()]).toEqual([3, 3]);
    q.replaceTop(0, 5, 0, 7);
    const args: number[] = [];
    while (q.pop()) args.push(q.arg);
    expect(args).toEqual([7, 4, 9]);
  });

  it('sifts down through both children, preferring the earlier one', () => {
    // A heap of 7 events whose root's two children differ in time, then priority, then
    // sequence: popping must always take the earliest of the two.
    const q = new EventQueue();
    const events: [number, number][] = [
      [1, 0],
      [4, 0],
      [2, 0],
      [4, 1],
      [4, 0],
      [2, 1],
      [2, 1],
    ];
    events.forEach(([t, p], i) => {
      q.push(t, p, i, i);
    });
    const order: number[] = [];
    while (q.pop()) order.push(q.arg);
    // Sorted by (time, priority, insertion): (1,0)#0, (2,0)#2, (2,1)#5, (2,1)#6, (4,0)#1,
    // (4,0)#4, (4,1)#3.
    expect(order).toEqual([0, 2, 5, 6, 1, 4, 3]);
  });

  it('grows past its initial 1024 entries keeping every field, and clear empties it', () => {
    const q = new EventQueue();
    const n = 3000;
    // Pushed in decreasing time so every push sifts to the root.
    for (let i = 0; i < n; i++) q.push(n - i, i % 3, i + 100_000, -i);
    expect(q.size).toBe(n);
    const wrong: number[][] = [];
    for (let i = n - 1; i >= 0; i--) {
      const ok = q.pop();
      if (!ok || q.time !== n - i || q.kind !== i + 100_000 || q.arg !== -i) {
        wrong.push([i, q.time, q.kind, q.arg]);
      }
    }
    expect(wrong).toEqual([]);
    for (let i = 0; i < 10; i++) q.push(i, 0, 0, i);
    q.clear();
    expect([q.size, q.peekTime(), q.pop()]).toEqual([0, Number.POSITIVE_INFINITY, false]);
    // Sequence numbers keep counting after clear: ties still pop in insertion order.
    q.push(1, 0, 0, 1);
    q.push(1, 0, 0, 2);
    q.pop();
    expect(q.arg).toBe(1);
  });
});
