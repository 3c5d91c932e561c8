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
  /**
   * The whole state as plain JSON data; gaugeFromJSON restores a gauge that continues exactly
   * as this one would (JSON numbers round-trip doubles bit for bit).
   */
  toJSON(): GaugeJSON;
}

/** Serialised gauge (see TimeWeightedGauge.toJSON). */
export interface GaugeJSON {
  format: 'paperlab-gauge';
  version: 1;
  /** Start of the observation window. */
  startTime: number;
  /** Time of the last update (≥ startTime). */
  lastTime: number;
  /** Value held since lastTime. */
  current: number;
  /** Largest value held so far, the initial 0 included. */
  peak: number;
  /** ∫ value dt over [startTime, lastTime]. */
  area: number;
}

/** Creates a gauge holding 0 from startTime (default 0). O(1) per update, no allocation. */
export function createGauge(startTime = 0): TimeWeightedGauge {
  assertFinite('startTime', startTime);
  return new Gauge(startTime);
}

/**
 * Rebuilds a gauge from TimeWeightedGauge.toJSON() output. Every field must be a finite number,
 * lastTime ≥ startTime and peak ≥ max(current, 0); otherwise a TypeError/RangeError names it.
 */
export function gaugeFromJSON(json: unknown): TimeWeightedGauge {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new TypeError(`json must be an object made by gauge.toJSON, got ${describe(json)}`);
  }
  const j = json as Record<string, unknown>;
  if (j.format !== 'paperlab-gauge') {
    throw new RangeError(`format must be "paperlab-gauge", got ${describe(j.format)}`);
  }
  if (j.version !== 1) throw new RangeError(`version must be 1, got ${describe(j.version)}`);
  for (const field of ['startTime', 'lastTime', 'current', 'peak', 'area'] as const) {
    assertFinite(field, j[field] as number);
  }
  const { startTime, lastTime, current, peak, area } = j as unknown as GaugeJSON;
  if (lastTime < startTime) {
    throw new RangeError(`lastTime must be >= startTime (${startTime}), got ${lastTime}`);
  }
  if (!Number.isFinite(lastTime - startTime)) {
    throw new RangeError(
      `lastTime - startTime must be finite, got startTime=${startTime}, lastTime=${lastTime}`,
    );
  }
  if (!(peak >= current && peak >= 0)) {
    throw new RangeError(`peak must be >= max(current, 0) = ${Math.max(current, 0)}, got ${peak}`);
  }
  const g = new Gauge(startTime);
  g.restore(lastTime, current + 0, peak, area);
  return g;
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
    // −0 becomes +0 so a JSON round trip (which drops the sign) changes nothing.
    this.value = value + 0;
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
    this.value = value + 0;
    if (value > this.highest) this.highest = value;
  }

  average(untilTime: number): number {
    this.checkTime('untilTime', untilTime);
    const elapsed = untilTime - this.start;
    if (elapsed === 0) return this.value;
    return this.areaUntil('untilTime', untilTime) / elapsed;
  }

  toJSON(): GaugeJSON {
    return {
      format: 'paperlab-gauge',
      version: 1,
      startTime: this.start,
      lastTime: this.last,
      current: this.value,
      peak: this.highest,
      area: this.area,
    };
  }

  restore(last: number, value: number, peak: number, area: number): void {
    this.last = last;
    this.value = value;
    this.highest = peak;
    this.area = area;
  }

  private advance(time: number): void {
    this.area = this.areaUntil('time', time);
    this.last = time;
  }

  /**
   * ∫ value dt from start to time. Refused (before any change) when it or time − start is not
   * finite: the average would be ±∞ or NaN, and toJSON's area would not survive JSON.
   */
  private areaUntil(name: string, time: number): number {
    const area = this.area + this.value * (time - this.last);
    if (!(Number.isFinite(area) && Number.isFinite(time - this.start))) {
      throw new RangeError(
        `${name} must keep the elapsed time and the area ∫value dt finite, got ${name}=${time} with startTime=${this.start} and value ${this.value} since ${this.last}`,
      );
    }
    return area;
  }

  private checkTime(name: string, time: number): void {
    if (typeof time !== 'number' || !(time >= this.last && time < Number.POSITIVE_INFINITY)) {
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
