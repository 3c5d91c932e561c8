// Independent Poisson arrivals per function: each function has its own rate, and the merged
// stream is ordered by a small heap of per-function next-arrival times.
import type { Rng } from '@paperlab/stats';
import { EventQueue } from '../eventQueue.js';
import type { Workload } from '../workload.js';

export interface PoissonWorkloadOptions {
  /** Arrival rate per function, invocations per second (one entry per function id). */
  ratesPerSec: readonly number[];
  /** Arrivals stop at this simulated time, ms. */
  durationMs: number;
}

export class PoissonWorkload implements Workload {
  readonly name = 'poisson';
  readonly horizonMs: number;
  readonly expectedCount: number;
  fn = 0;
  durationMs = Number.NaN;
  private readonly ratesPerMs: Float64Array;
  private readonly heap = new EventQueue();
  private rng: Rng | undefined;

  constructor(o: PoissonWorkloadOptions) {
    if (!(o.durationMs > 0 && Number.isFinite(o.durationMs))) {
      throw new RangeError(`workload.durationMs must be a finite number > 0, got ${o.durationMs}`);
    }
    this.ratesPerMs = new Float64Array(o.ratesPerSec.length);
    let total = 0;
    o.ratesPerSec.forEach((r, i) => {
      if (!(r >= 0 && Number.isFinite(r))) {
        throw new RangeError(`workload.ratesPerSec[${i}] must be a finite number >= 0, got ${r}`);
      }
      this.ratesPerMs[i] = r / 1000;
      total += r;
    });
    this.horizonMs = o.durationMs;
    this.expectedCount = (total * o.durationMs) / 1000;
  }

  start(functionCount: number, rng: Rng): void {
    if (this.ratesPerMs.length > functionCount) {
      throw new RangeError(
        `workload.ratesPerSec has ${this.ratesPerMs.length} entries, more than the ${functionCount} functions`,
      );
    }
    this.rng = rng;
    this.heap.clear();
    for (let i = 0; i < this.ratesPerMs.length; i++) {
      const r = this.ratesPerMs[i]!;
      if (r > 0) this.heap.push(rng.exponential(r), 0, i, 0);
    }
  }

  next(): number {
    const h = this.heap;
    if (h.size === 0) return Number.POSITIVE_INFINITY;
    const t = h.peekTime();
    if (t >= this.horizonMs) {
      h.clear();
      return Number.POSITIVE_INFINITY;
    }
    const fn = h.peekKind();
    this.fn = fn;
    h.replaceTop(t + this.rng!.exponential(this.ratesPerMs[fn]!), 0, fn, 0);
    return t;
  }
}
