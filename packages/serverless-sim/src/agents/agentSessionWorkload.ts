// Agent sessions as a workload of the shared engine: each arrival is a session of one profile
// (the engine's function id) with a chain of steps, LLM call then tool, repeated. Steps are drawn
// at the arrival from a substream of the seed that does not depend on the platform, so two
// platforms run with one seed see the very same sessions (common random numbers): their
// differences are the mechanisms', not sampling noise.
import { createRng, type Rng } from '@paperlab/stats';
import type { Workload } from '../workload.js';
import {
  type AgentArrivals,
  type AgentProfile,
  type AgentStepModel,
  nextArrivalMs,
  type StepLatency,
} from './agentWorkload.js';

export class AgentSessionWorkload implements Workload {
  readonly name = 'agent-sessions';
  readonly horizonMs: number;
  readonly expectedCount = Number.NaN;
  readonly maxExtraSteps: number;
  fn = 0;
  durationMs = 0;
  extraSteps = 0;
  readonly extraStepMs: Float64Array;
  private readonly seed: number | string;
  private readonly arrivals: AgentArrivals;
  private readonly steps: AgentStepModel;
  private readonly weights: Float64Array;
  private readonly browser: Uint8Array;
  private arrivalRng!: Rng;
  private sessionRng!: Rng;
  private last = 0;

  /** Sessions arrive during [0, durationMs). */
  constructor(
    seed: number | string,
    arrivals: AgentArrivals,
    profiles: readonly AgentProfile[],
    steps: AgentStepModel,
    durationMs: number,
  ) {
    this.seed = seed;
    this.arrivals = arrivals;
    this.steps = steps;
    this.horizonMs = durationMs;
    this.weights = Float64Array.from(profiles, (p) => p.weight);
    this.browser = Uint8Array.from(profiles, (p) => (p.usesBrowser ? 1 : 0));
    // A session has 2 × tools steps; the first is the arrival's own duration.
    this.maxExtraSteps = 2 * steps.maxToolSteps - 1;
    this.extraStepMs = new Float64Array(this.maxExtraSteps);
  }

  start(): void {
    const root = createRng(this.seed);
    this.arrivalRng = root.fork('agent-arrivals');
    this.sessionRng = root.fork('agent-sessions');
    this.last = 0;
  }

  next(): number {
    const t = nextArrivalMs(this.arrivals, this.last, this.arrivalRng);
    if (!(t < this.horizonMs)) return Number.POSITIVE_INFINITY;
    this.last = t;
    const rng = this.sessionRng;
    const p = rng.weightedIndex(this.weights);
    this.fn = p;
    const tools = rng.int(this.steps.minToolSteps, this.steps.maxToolSteps);
    const tool = this.browser[p] === 1 ? this.steps.browserNav : this.steps.codeRun;
    const out = this.extraStepMs;
    this.durationMs = sample(rng, this.steps.llm);
    out[0] = sample(rng, tool);
    for (let k = 1; k < tools; k++) {
      out[2 * k - 1] = sample(rng, this.steps.llm);
      out[2 * k] = sample(rng, tool);
    }
    this.extraSteps = 2 * tools - 1;
    return t;
  }
}

function sample(rng: Rng, lat: StepLatency): number {
  return rng.lognormalFromMedianP99(lat.medianMs, lat.p99Ms);
}
