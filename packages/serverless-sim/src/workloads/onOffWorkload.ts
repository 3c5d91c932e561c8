// Bursty arrivals: per function, a two-state Markov-modulated Poisson process (an interrupted
// Poisson process when the "off" rate is 0). Sojourn times in each state are exponential, so
// the process is memoryless at every state switch, which is what makes sampling exact: draw the
// next arrival at the current state's rate, and if it falls after the switch, jump to the switch
// and draw again in the other state.
import type { Rng } from '@paperlab/stats';
import { EventQueue } from '../eventQueue.js';
import type { Workload } from '../workload.js';

export interface OnOffWorkloadOptions {
  /** Rate while "on", per function, invocations per second. */
  onRatesPerSec: readonly number[];
  /** Rate while "off" (0 for on/off), per second; same for every function. */
  offRatePerSec: number;
  /** Mean length of an "on" period, ms. */
  meanOnMs: number;
  /** Mean length of an "off" period, ms. */
  meanOffMs: number;
  durationMs: number;
}

export class OnOffWorkload implements Workload {
  readonly name = 'on-off';
  readonly horizonMs: number;
  readonly expectedCount: number;
  fn = 0;
  durationMs = Number.NaN;
  private readonly onRate: Float64Array;
  private readonly offRate: number;
  private readonly toOff: number;
  private readonly toOn: number;
  private on = new Uint8Array(0);
  private switchAt = new Float64Array(0);
  private readonly heap = new EventQueue();
  private rng: Rng | undefined;

  constructor(o: OnOffWorkloadOptions) {
    if (!(o.durationMs > 0 && Number.isFinite(o.durationMs))) {
      throw new RangeError(`workload.durationMs must be a finite number > 0, got ${o.durationMs}`);
    }
    if (!(o.meanOnMs > 0)) throw new RangeError(`workload.meanOnMs must be > 0, got ${o.meanOnMs}`);
    if (!(o.meanOffMs > 0))
      throw new RangeError(`workload.meanOffMs must be > 0, got ${o.meanOffMs}`);
    if (!(o.offRatePerSec >= 0)) {
      throw new RangeError(`workload.offRatePerSec must be >= 0, got ${o.offRatePerSec}`);
    }
    this.onRate = Float64Array.from(o.onRatesPerSec, (r, i) => {
      if (!(r >= 0 && Number.isFinite(r))) {
        throw new RangeError(`workload.onRatesPerSec[${i}] must be a finite number >= 0, got ${r}`);
      }
      return r / 1000;
    });
    this.offRate = o.offRatePerSec / 1000;
    this.toOff = 1 / o.meanOnMs;
    this.toOn = 1 / o.meanOffMs;
    this.horizonMs = o.durationMs;
    const pOn = o.meanOnMs / (o.meanOnMs + o.meanOffMs);
    let sum = 0;
    for (const r of this.onRate) sum += pOn * r + (1 - pOn) * this.offRate;
    this.expectedCount = sum * o.durationMs;
  }

  /** Long-run mean rate of function `fn`, per second. */
  meanRatePerSec(fn: number): number {
    const pOn = this.toOn / (this.toOn + this.toOff);
    return (pOn * this.onRate[fn]! + (1 - pOn) * this.offRate) * 1000;
  }

  start(functionCount: number, rng: Rng): void {
    const n = this.onRate.length;
    if (n > functionCount) {
      throw new RangeError(
        `workload.onRatesPerSec has ${n} entries, more than the ${functionCount} functions`,
      );
    }
    this.rng = rng;
    this.on = new Uint8Array(n);
    this.switchAt = new Float64Array(n);
    this.heap.clear();
    const pOn = this.toOn / (this.toOn + this.toOff);
    for (let i = 0; i < n; i++) {
      // Start in the stationary state distribution.
      const on = rng.next() < pOn;
      this.on[i] = on ? 1 : 0;
      this.switchAt[i] = rng.exponential(on ? this.toOff : this.toOn);
      const t = this.advance(i, 0);
      if (t < this.horizonMs) this.heap.push(t, 0, i, 0);
    }
  }

  private advance(fn: number, from: number): number {
    const rng = this.rng!;
    let t = from;
    for (;;) {
      const rate = this.on[fn] === 1 ? this.onRate[fn]! : this.offRate;
      const sw = this.switchAt[fn]!;
      const cand = rate > 0 ? t + rng.exponential(rate) : Number.POSITIVE_INFINITY;
      if (cand < sw) return cand;
      if (sw >= this.horizonMs) return Number.POSITIVE_INFINITY;
      t = sw;
      const on = this.on[fn] === 0;
      this.on[fn] = on ? 1 : 0;
      this.switchAt[fn] = t + rng.exponential(on ? this.toOff : this.toOn);
    }
  }

  next(): number {
    const h = this.heap;
    if (h.size === 0) return Number.POSITIVE_INFINITY;
    const t = h.peekTime();
    const fn = h.peekKind();
    this.fn = fn;
    const nt = this.advance(fn, t);
    if (nt < this.horizonMs) h.replaceTop(nt, 0, fn, 0);
    else h.pop();
    return t;
  }
}
