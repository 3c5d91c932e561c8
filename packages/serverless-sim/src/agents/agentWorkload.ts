// LLM-agent sessions as a workload. A session holds one microVM sandbox for its whole life and
// runs a chain of steps: an LLM call, then a tool step (a code run or a browser navigation),
// repeated. LLM latency dominates (seconds). Sessions arrive by a Poisson process or one with
// periodic bursts, the two arrival shapes of the function workloads.
import type { Rng } from '@paperlab/stats';
import { agentSteps, agentTemplates } from '../parameters.js';

/** One kind of agent sandbox (an image/template) and how its sessions use memory. */
export interface AgentProfile {
  name: string;
  /** Relative share of arriving sessions. */
  weight: number;
  /** Configured VM memory, MiB (what a naive accounting would reserve). */
  vmMemoryMb: number;
  /** Anonymous memory a session touches (guest kernel, runtime, agent), MiB. */
  anonTouchedMb: number;
  /** File-backed pages a session reads (rootfs, libraries), MiB. */
  fileMb: number;
  /** Fraction of the touched anonymous pages a session writes, in [0, 1]. */
  writtenShare: number;
  /** Share of the session's memory accesses to pages it only reads, in [0, 1] (default
   * `parameters.defaultReadOnlyAccessShare`): drives in-place CXL reads, not memory. */
  readOnlyAccessShare?: number;
  /** Whether the agent drives a browser (its tool steps are navigations, else code runs). */
  usesBrowser: boolean;
}

/** Latency of one kind of step: lognormal given by its median and P99. */
export interface StepLatency {
  medianMs: number;
  p99Ms: number;
}

export interface AgentStepModel {
  llm: StepLatency;
  codeRun: StepLatency;
  browserNav: StepLatency;
  /** Tool steps per session, uniform in [minToolSteps, maxToolSteps]. */
  minToolSteps: number;
  maxToolSteps: number;
}

export type AgentArrivals =
  | { kind: 'poisson'; ratePerSec: number }
  | {
      kind: 'bursty';
      /** Rate outside bursts. */
      ratePerSec: number;
      /** Rate multiplier inside a burst. */
      burstFactor: number;
      /** A burst starts every `burstEverySec` seconds (first at half that)… */
      burstEverySec: number;
      /** …and lasts this long. */
      burstLengthSec: number;
    };

/** Two agent templates (browser-use, code-interpreter), equal shares. */
export function defaultAgentProfiles(): AgentProfile[] {
  return [
    { name: 'browser-use', weight: 1, ...agentTemplates.browserUse },
    { name: 'code-interpreter', weight: 1, ...agentTemplates.codeInterpreter },
  ];
}

export function defaultAgentSteps(): AgentStepModel {
  return {
    llm: { ...agentSteps.llm },
    codeRun: { ...agentSteps.codeRun },
    browserNav: { ...agentSteps.browserNav },
    minToolSteps: agentSteps.minToolSteps,
    maxToolSteps: agentSteps.maxToolSteps,
  };
}

function checkLatency(name: string, s: StepLatency): void {
  if (!(s.medianMs > 0) || !Number.isFinite(s.medianMs)) {
    throw new RangeError(`${name}.medianMs must be a finite number > 0, got ${s.medianMs}`);
  }
  if (!(s.p99Ms > s.medianMs) || !Number.isFinite(s.p99Ms)) {
    throw new RangeError(
      `${name}.p99Ms must be finite and > medianMs=${s.medianMs}, got ${s.p99Ms}`,
    );
  }
}

/** Throws a RangeError naming the first invalid field. */
export function validateAgentWorkload(
  profiles: readonly AgentProfile[],
  steps: AgentStepModel,
  arrivals: AgentArrivals,
): void {
  if (profiles.length === 0) throw new RangeError('profiles must hold at least one profile');
  for (const p of profiles) {
    const at = `profile '${p.name}'`;
    if (!(p.weight > 0)) throw new RangeError(`${at}: weight must be > 0, got ${p.weight}`);
    if (!(p.anonTouchedMb > 0) || !Number.isFinite(p.anonTouchedMb)) {
      throw new RangeError(
        `${at}: anonTouchedMb must be a finite number > 0, got ${p.anonTouchedMb}`,
      );
    }
    if (!(p.fileMb >= 0) || !Number.isFinite(p.fileMb)) {
      throw new RangeError(`${at}: fileMb must be a finite number >= 0, got ${p.fileMb}`);
    }
    if (!(p.writtenShare >= 0 && p.writtenShare <= 1)) {
      throw new RangeError(`${at}: writtenShare must be in [0, 1], got ${p.writtenShare}`);
    }
    const a = p.readOnlyAccessShare;
    if (a !== undefined && !(a >= 0 && a <= 1)) {
      throw new RangeError(`${at}: readOnlyAccessShare must be in [0, 1], got ${a}`);
    }
  }
  checkLatency('steps.llm', steps.llm);
  checkLatency('steps.codeRun', steps.codeRun);
  checkLatency('steps.browserNav', steps.browserNav);
  if (
    !Number.isInteger(steps.minToolSteps) ||
    steps.minToolSteps < 1 ||
    !Number.isInteger(steps.maxToolSteps) ||
    steps.maxToolSteps < steps.minToolSteps
  ) {
    throw new RangeError(
      `steps.minToolSteps/maxToolSteps must be integers with 1 <= min <= max, got ${steps.minToolSteps}/${steps.maxToolSteps}`,
    );
  }
  if (!(arrivals.ratePerSec > 0) || !Number.isFinite(arrivals.ratePerSec)) {
    throw new RangeError(
      `arrivals.ratePerSec must be a finite number > 0, got ${arrivals.ratePerSec}`,
    );
  }
  if (arrivals.kind === 'bursty') {
    if (!(arrivals.burstFactor >= 1)) {
      throw new RangeError(`arrivals.burstFactor must be >= 1, got ${arrivals.burstFactor}`);
    }
    if (!(arrivals.burstEverySec > 0)) {
      throw new RangeError(`arrivals.burstEverySec must be > 0, got ${arrivals.burstEverySec}`);
    }
    if (!(arrivals.burstLengthSec > 0 && arrivals.burstLengthSec <= arrivals.burstEverySec)) {
      throw new RangeError(
        `arrivals.burstLengthSec must be in (0, burstEverySec=${arrivals.burstEverySec}], got ${arrivals.burstLengthSec}`,
      );
    }
  }
}

/** Arrival rate (per ms) at time `t` ms. */
function rateAt(a: AgentArrivals, tMs: number): number {
  if (a.kind === 'poisson') return a.ratePerSec / 1000;
  const period = a.burstEverySec * 1000;
  const phase = (tMs + period / 2) % period;
  const inBurst = phase < a.burstLengthSec * 1000;
  return ((inBurst ? a.burstFactor : 1) * a.ratePerSec) / 1000;
}

/**
 * Next arrival after `tMs` (ms). A non-homogeneous Poisson process sampled by thinning
 * (Lewis & Shedler 1979): candidates at the peak rate, each kept with rate(t) / peak.
 */
export function nextArrivalMs(a: AgentArrivals, tMs: number, rng: Rng): number {
  const peak = a.kind === 'poisson' ? a.ratePerSec / 1000 : (a.burstFactor * a.ratePerSec) / 1000;
  let t = tMs;
  for (;;) {
    t += rng.exponential(peak);
    if (a.kind === 'poisson' || rng.next() * peak < rateAt(a, t)) return t;
  }
}

/** Mean arrival rate per second over a whole burst period. */
export function meanArrivalRatePerSec(a: AgentArrivals): number {
  if (a.kind === 'poisson') return a.ratePerSec;
  const f = a.burstLengthSec / a.burstEverySec;
  return a.ratePerSec * (1 - f + f * a.burstFactor);
}
