import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../src/engine/eventQueue.js';

describe('EventQueue', () => {
  it('pops in (time, priority, insertion) order, like a stable sort of the same events', () => {
    const rng = createRng('event-queue');
    const q = new EventQueue();
    const model: { t: number; p: number; seq: number; arg: number }[] = [];
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
        model.sort((a, b) => a.t - b.t || a.p - b.p || a.seq - b.seq);
        model.shift();
        const t2 = rng.int(0, 50);
        const p2 = rng.int(0, 3);
        q.replaceTop(t2, p2, 7, seq);
        model.push({ t: t2, p: p2, seq, arg: seq });
        seq++;
      }
      if (rng.next() < 0.4) {
        model.sort((a, b) => a.t - b.t || a.p - b.p || a.seq - b.seq);
        const m = model.shift()!;
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
});
