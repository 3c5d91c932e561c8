// Presets of the TrEnv-X reproduction. `trenv-x-agents` drives `simulateAgents`; the container
// preset `trenv-containers` is a simulator config (merged into the preset list by presets.ts).
import type { AgentArrivals, AgentProfile, AgentStepModel } from './agents/agentWorkload.js';
import { defaultAgentProfiles, defaultAgentSteps } from './agents/agentWorkload.js';

export interface AgentPreset {
  nodes: number;
  nodeMemoryMb: number;
  durationMs: number;
  seed: number | string;
  arrivals: AgentArrivals;
  profiles: AgentProfile[];
  steps: AgentStepModel;
}

/**
 * One 128 GiB host (estimate: a mid-size VM host) running browser-use and code-interpreter
 * agents half and half, 2 sessions/s with ×4 bursts of 30 s every 5 min, for 30 min. The load is
 * a round number chosen before any run, not fitted: on average E2B fills ~40 % of the host and
 * a burst asks for more than the host has, which is the regime the paper's "up to" figures
 * describe. The sensitivity sweep varies the rate.
 */
export const trenvXAgentsPreset: AgentPreset = {
  nodes: 1,
  nodeMemoryMb: 128 * 1024,
  durationMs: 30 * 60_000,
  seed: 2025,
  arrivals: {
    kind: 'bursty',
    ratePerSec: 2,
    burstFactor: 4,
    burstEverySec: 300,
    burstLengthSec: 30,
  },
  profiles: defaultAgentProfiles(),
  steps: defaultAgentSteps(),
};
