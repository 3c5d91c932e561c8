// Streams what a run produces into bounded state: latency recorders from @paperlab/stats (their
// memory does not grow with the number of invocations), start-path counts, time-weighted
// gauges of busy instances and sandboxes, and a time series sampled at a fixed interval.
import { createRecorder, type Recorder } from '@paperlab/stats';
import { startPathNames } from './platform.js';

/** A time series with one entry per tick of `intervalMs`: the state at the tick. */
export interface TimeSeries {
  /** Time between two samples, ms (the config's `sampleIntervalMs`). */
  intervalMs: number;
  /** Simulated time of each sample, ms. */
  timeMs: number[];
  /** Arrivals since the previous tick. */
  arrivals: number[];
  /** Invocations that ended since the previous tick after a non-warm start. */
  coldStarts: number[];
  /** Invocations in the system (queued or running). */
  inSystem: number[];
  /** Sandboxes alive (idle or busy) at the sample. */
  liveSandboxes: number[];
  /** Idle sandboxes at the sample. */
  idleSandboxes: number[];
  /** Cluster memory in use at the sample (private + page cache + shared), MiB. */
  memoryMb: number[];
}

export class ResultCollector {
  readonly endToEnd: Recorder = createRecorder();
  readonly startup: Recorder = createRecorder();
  readonly queue: Recorder = createRecorder();
  readonly pathCounts = new Float64Array(startPathNames.length);
  private areaT = 0;
  private inSystemArea = 0;
  private liveArea = 0;
  private idleArea = 0;
  /** Most sandboxes alive at once. */
  peakLive = 0;
  readonly series: TimeSeries;
  nextSampleAt = 0;
  prewarms = 0;
  /** Idle sandboxes evicted to make room for a new one. */
  evictions = 0;
  arrivals = 0;
  ended = 0;
  private arrivalsSince = 0;
  private coldSince = 0;
  endTimeMs = 0;
  leftLive = 0;
  leftIdle = 0;
  leftInFlight = 0;

  constructor(intervalMs: number) {
    this.series = {
      intervalMs,
      timeMs: [],
      arrivals: [],
      coldStarts: [],
      inSystem: [],
      liveSandboxes: [],
      idleSandboxes: [],
      memoryMb: [],
    };
  }

  /** Accumulates the occupancy areas up to `t` (call before changing any count at t). */
  advance(t: number, inSystem: number, live: number, idle: number): void {
    const dt = t - this.areaT;
    if (dt > 0) {
      this.inSystemArea += inSystem * dt;
      this.liveArea += live * dt;
      this.idleArea += idle * dt;
      this.areaT = t;
    }
  }

  /** Time-weighted mean of invocations in the system (queued or running) over [0, endTimeMs]. */
  averageInSystem(): number {
    return this.endTimeMs > 0 ? this.inSystemArea / this.endTimeMs : 0;
  }

  /** Time-weighted mean of live sandboxes (idle or busy). */
  averageLive(): number {
    return this.endTimeMs > 0 ? this.liveArea / this.endTimeMs : 0;
  }

  /** Time-weighted mean of idle sandboxes. */
  averageIdle(): number {
    return this.endTimeMs > 0 ? this.idleArea / this.endTimeMs : 0;
  }

  arrival(): void {
    this.arrivals++;
    this.arrivalsSince++;
  }

  invocation(path: number, endToEndMs: number, startupMs: number, queueMs: number): void {
    this.ended++;
    this.pathCounts[path]!++;
    if (path !== 0) this.coldSince++;
    this.endToEnd.add(endToEndMs);
    this.startup.add(startupMs);
    this.queue.add(queueMs);
  }

  prewarm(): void {
    this.prewarms++;
  }

  /**
   * Records every tick up to `t` (called before the event at `t` changes anything, so the state
   * passed in held at each tick); returns the next tick. Arrivals and cold starts since the
   * previous tick go to the first tick; later ticks in a quiet gap get 0.
   */
  sample(t: number, inSystem: number, live: number, idle: number, memoryMb: number): number {
    const s = this.series;
    const iv = s.intervalMs;
    while (this.nextSampleAt <= t) {
      s.timeMs.push(this.nextSampleAt);
      s.arrivals.push(this.arrivalsSince);
      s.coldStarts.push(this.coldSince);
      s.inSystem.push(inSystem);
      s.liveSandboxes.push(live);
      s.idleSandboxes.push(idle);
      s.memoryMb.push(memoryMb);
      this.arrivalsSince = 0;
      this.coldSince = 0;
      this.nextSampleAt += iv;
    }
    return this.nextSampleAt;
  }

  finish(untilMs: number, live: number, idle: number, inFlight: number): void {
    this.advance(untilMs, inFlight, live, idle);
    this.endTimeMs = untilMs;
    this.leftLive = live;
    this.leftIdle = idle;
    this.leftInFlight = inFlight;
  }
}
