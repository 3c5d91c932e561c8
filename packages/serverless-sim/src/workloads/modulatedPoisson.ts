// A two-state Markov-modulated Poisson process per function (an interrupted Poisson process
// when the "off" rate is 0). Sojourn times in each state are exponential, so the process is
// memoryless at every state switch, which is what makes sampling exact: draw the next arrival
// at the current state's rate, and if it falls after the switch, jump to the switch and draw
// again in the other state.
import type { Rng } from '@paperlab/stats';

export class ModulatedPoisson {
  private on = new Uint8Array(0);
  private switchAt = new Float64Array(0);

  /**
   * @param onRate per function, arrivals per ms while "on"
   * @param offRate arrivals per ms while "off", every function
   * @param toOff rate of leaving "on" (1 / mean on period, per ms)
   * @param toOn rate of leaving "off" (1 / mean off period, per ms; Infinity: never off)
   */
  constructor(
    private readonly onRate: Float64Array,
    private readonly offRate: number,
    private readonly toOff: number,
    private readonly toOn: number,
  ) {}

  /** Long-run fraction of time in the "on" state. */
  get onFraction(): number {
    return this.toOn / (this.toOn + this.toOff);
  }

  /** Forgets every function's state; call before a fresh pass. */
  reset(count: number): void {
    this.on = new Uint8Array(count);
    this.switchAt = new Float64Array(count);
  }

  /** Function `fn` starts in the stationary state distribution. */
  startModulated(fn: number, rng: Rng): void {
    const on = rng.next() < this.onFraction;
    this.on[fn] = on ? 1 : 0;
    this.switchAt[fn] = rng.exponential(on ? this.toOff : this.toOn);
  }

  /** Function `fn` stays "on" for ever: a plain Poisson process at its on-rate. */
  startSteady(fn: number): void {
    this.on[fn] = 1;
    this.switchAt[fn] = Number.POSITIVE_INFINITY;
  }

  /** The arrival of `fn` after time `from`, or Infinity if none falls before `horizonMs`. */
  next(fn: number, from: number, horizonMs: number, rng: Rng): number {
    let t = from;
    for (;;) {
      const rate = this.on[fn] === 1 ? this.onRate[fn]! : this.offRate;
      const sw = this.switchAt[fn]!;
      const cand = rate > 0 ? t + rng.exponential(rate) : Number.POSITIVE_INFINITY;
      if (cand < sw) return cand;
      if (sw >= horizonMs) return Number.POSITIVE_INFINITY;
      t = sw;
      const on = this.on[fn] === 0;
      this.on[fn] = on ? 1 : 0;
      this.switchAt[fn] = t + rng.exponential(on ? this.toOff : this.toOn);
    }
  }
}
