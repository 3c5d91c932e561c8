// Per-function arrival processes merged into one time-ordered stream. Each function's next
// arrival waits in a small heap keyed by time; emitting it asks that function's process for
// the one after. Subclasses supply only the process (`advance`), so the merge, the horizon
// cut-off and the Workload bookkeeping live here once.
import type { Rng } from '@paperlab/stats';
import { EventQueue } from '../engine/eventQueue.js';
import type { Workload } from '../workload.js';

export abstract class MergedArrivals implements Workload {
  abstract readonly name: string;
  abstract readonly horizonMs: number;
  abstract readonly expectedCount: number;
  fn = 0;
  durationMs = Number.NaN;
  private readonly heap = new EventQueue();
  private rngRef: Rng | undefined;

  abstract start(functionCount: number, rng: Rng): void;

  /**
   * The arrival of function `fn` after the one at `from` (0 for the first), in ms, or Infinity
   * when it has no more before the horizon. Draws from `rng` only.
   */
  protected abstract advance(fn: number, from: number, rng: Rng): number;

  /** Called before function `i`'s first arrival is drawn (e.g. to draw its initial state). */
  protected startFunction(_i: number, _rng: Rng): void {}

  /** Starts a fresh pass over `count` functions: their first arrivals fill the heap. */
  protected seedArrivals(count: number, rng: Rng): void {
    this.rngRef = rng;
    this.heap.clear();
    for (let i = 0; i < count; i++) {
      this.startFunction(i, rng);
      const t = this.advance(i, 0, rng);
      if (t < this.horizonMs) this.heap.push(t, 0, i, 0);
    }
  }

  next(): number {
    const h = this.heap;
    if (h.size === 0) return Number.POSITIVE_INFINITY;
    const t = h.peekTime();
    const fn = h.peekKind();
    this.fn = fn;
    const nt = this.advance(fn, t, this.rngRef!);
    if (nt < this.horizonMs) h.replaceTop(nt, 0, fn, 0);
    else h.pop();
    return t;
  }
}
