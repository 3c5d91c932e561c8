// The six agent workloads of TrEnv-X's README figure (Blackjack, Bug fixer, Map reduce, Shop
// assistant, Blog summary, Game design) as agent profiles: the sandbox's memory, its tool
// (a code run or a browser navigation) and its chain of LLM-call + tool steps. The numbers and
// their sources are in parameters.ts (`agentWorkloads`): memory sizes start from the lit
// templates, everything a session does is our estimate.
import {
  type AgentWorkloadParameters,
  agentSteps,
  agentTemplates,
  agentWorkloads,
} from '../parameters.js';
import type { AgentProfile, AgentStepModel } from './agentWorkload.js';

/** One workload: the profile its sessions use and their step model. */
export interface AgentWorkloadProfile {
  name: string;
  profile: AgentProfile;
  steps: AgentStepModel;
}

/** Builds a workload's profile and steps from its parameters. */
export function agentWorkloadProfile(
  name: string,
  p: AgentWorkloadParameters,
): AgentWorkloadProfile {
  const template = agentTemplates[p.template];
  const usesBrowser = template.usesBrowser;
  const tool = { medianMs: p.tool.medianMs, p99Ms: p.tool.p99Ms };
  return {
    name,
    profile: {
      name,
      weight: 1,
      vmMemoryMb: template.vmMemoryMb,
      anonTouchedMb: p.anonTouchedMb,
      fileMb: p.fileMb,
      writtenShare: p.writtenShare,
      usesBrowser,
    },
    steps: {
      llm: { ...agentSteps.llm },
      codeRun: usesBrowser ? { ...agentSteps.codeRun } : tool,
      browserNav: usesBrowser ? tool : { ...agentSteps.browserNav },
      minToolSteps: p.minRounds,
      maxToolSteps: p.maxRounds,
    },
  };
}

/** The six workloads, in the order of the authors' figure. */
export function agentWorkloadProfiles(): AgentWorkloadProfile[] {
  return Object.entries(agentWorkloads).map(([name, p]) => agentWorkloadProfile(name, p));
}
