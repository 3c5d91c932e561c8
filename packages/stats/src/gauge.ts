import { assertFinite, describe } from './validate.js';

/**
 * A piecewise-constant quantity over simulated time (memory in use, busy instances): its
 * current value, its peak, and its time-weighted average ∫v dt / elapsed.
 */
export interface TimeWeightedGauge {
  /** Sets the value from `time` on. Times must not go backwards. */
  set(time: number, value: number): void;
  /** Changes the value by delta from `time` on. */
  add(time: number, delta: number): void;
  readonly current: number;
  /** Largest value held at any time so far (the initial 0 included). */
  readonly peak: number;
  /** Time-weighted mean over [startTime, untilTime]; untilTime ≥ the last update time. */
  average(untilTime: number): number;
}

/** Creates a gauge holding 0 from startTime (default 0). O(1) per update, no allocation. */
export function createGauge(startTime = 0): TimeWeightedGauge {
  assertFinite('startTime', startTime);
  return new Gauge(startTime);
}

class Gauge implements TimeWeightedGauge {
  private readonly start: number;
  private last: number;
  private value = 0;
  private highest = 0;
  /** ∫ value dt from start to last. */
  private area = 0;

  constructor(start: number) {
    this.start = start;
    this.last = start;
  }

  get current(): number {
    return this.value;
  }
  get peak(): number {
    return this.highest;
  }

  set(time: number, value: number): void {
    this.checkTime('time', time);
    if (!Number.isFinite(value)) assertFinite('value', value);
    this.advance(time);
    this.value = value;
    if (value > this.highest) this.highest = value;
  }

  add(time: number, delta: number): void {
    this.checkTime('time', time);
    if (!Number.isFinite(delta)) assertFinite('delta', delta);
    const value = this.value + delta;
    if (!Number.isFinite(value)) {
      throw new RangeError(`delta must keep the value finite, got ${this.value} + ${delta}`);
    }
    this.advance(time);
    this.value = value;
    if (value > this.highest) this.highest = value;
  }

  average(untilTime: number): number {
    this.checkTime('untilTime', untilTime);
    const elapsed = untilTime - this.start;
    if (elapsed === 0) return this.value;
    return (this.area + this.value * (untilTime - this.last)) / elapsed;
  }

  private advance(time: number): void {
    this.area += this.value * (time - this.last);
    this.last = time;
  }

  private checkTime(name: string, time: number): void {
    if (!(time >= this.last && time < Number.POSITIVE_INFINITY)) {
      if (typeof time !== 'number') {
        throw new TypeError(
          `${name} must be a finite number >= ${this.last}, got ${describe(time)}`,
        );
      }
      throw new RangeError(
        `${name} must be a finite number >= ${this.last} (the last update time), got ${describe(time)}`,
      );
    }
  }
}
