// Streams what a run produces into bounded state: latency recorders from @paperlab/stats (their
// memory does not grow with the number of invocations), start-path counts, time-weighted
// gauges of busy instances and sandboxes, and a time series sampled at a fixed interval.
import {
  createGauge,
  createRecorder,
  type Recorder,
  type TimeWeightedGauge,
} from '@paperlab/stats';
import { startPathNames } from './platform.js';

/** A time series sampled every `intervalMs` (value at the first event at or after each tick). */
export interface TimeSeries {
  intervalMs: number;
  timeMs: number[];
  /** Arrivals since the previous sample. */
  arrivals: number[];
  /** Non-warm starts since the previous sample. */
  coldStarts: number[];
  /** Invocations in the system (queued or running). */
  inSystem: number[];
  liveSandboxes: number[];
  idleSandboxes: number[];
  memoryMb: number[];
}

export class ResultCollector {
  readonly endToEnd: Recorder = createRecorder();
  readonly startup: Recorder = createRecorder();
  readonly queue: Recorder = createRecorder();
  readonly pathCounts = new Float64Array(startPathNames.length);
  /** Invocations in the system (queued + running), time-weighted. */
  readonly inSystem: TimeWeightedGauge = createGauge(0);
  readonly live: TimeWeightedGauge = createGauge(0);
  readonly idle: TimeWeightedGauge = createGauge(0);
  readonly series: TimeSeries;
  nextSampleAt = 0;
  prewarms = 0;
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

  arrival(t: number): void {
    this.arrivals++;
    this.arrivalsSince++;
    this.inSystem.add(t, 1);
  }

  invocation(
    path: number,
    endToEndMs: number,
    startupMs: number,
    queueMs: number,
    t: number,
  ): void {
    this.ended++;
    this.pathCounts[path]!++;
    if (path !== 0) this.coldSince++;
    this.endToEnd.add(endToEndMs);
    this.startup.add(startupMs);
    this.queue.add(queueMs);
    this.inSystem.add(t, -1);
  }

  sandboxes(t: number, live: number, idle: number): void {
    this.live.set(t, live);
    this.idle.set(t, idle);
  }

  prewarm(): void {
    this.prewarms++;
  }

  /** Appends a sample at `t`; returns the next sample time. */
  sample(t: number, inSystem: number, live: number, idle: number, memoryMb: number): number {
    const s = this.series;
    const iv = s.intervalMs;
    // Ticks with no event in between carry the same state; the first tick at or before t.
    const tick = Math.floor(t / iv) * iv;
    s.timeMs.push(tick);
    s.arrivals.push(this.arrivalsSince);
    s.coldStarts.push(this.coldSince);
    s.inSystem.push(inSystem);
    s.liveSandboxes.push(live);
    s.idleSandboxes.push(idle);
    s.memoryMb.push(memoryMb);
    this.arrivalsSince = 0;
    this.coldSince = 0;
    this.nextSampleAt = tick + iv;
    return this.nextSampleAt;
  }

  finish(untilMs: number, live: number, idle: number, inFlight: number): void {
    this.endTimeMs = untilMs;
    this.leftLive = live;
    this.leftIdle = idle;
    this.leftInFlight = inFlight;
  }
}
