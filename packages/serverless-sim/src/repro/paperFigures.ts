// The paper's own figures that the reproduction prints beside ours, each with its source. These
// are what we compare against, never inputs of the simulation.

/** TrEnv (SOSP'24, DOI 10.1145/3694715.3695967) and TrEnv-X abstracts, containers. */
export const paperContainers = {
  /** "up to a 7× speedup in P99 end-to-end latency" against REAP+ and FaaSnap+. paper */
  p99UpTo: 7,
  /** "reducing memory usage by 48 % on average compared to state-of-the-art on-demand
   * restoring systems" (REAP+, FaaSnap+). paper */
  memoryMeanReduction: 0.48,
  /** A summary quoting the paper: 5.69× P99 and 49 % memory vs REAP+/FaaSnap+. 2nd */
  p99UpToSecondary: 5.69,
  memoryMeanReductionSecondary: 0.49,
  /** One unnamed case, P99 ms: TrEnv 13, FaaSnap+ 49, REAP+ 90. 2nd */
  oneCaseP99Ms: { trenv: 13, 'faasnap-plus': 49, 'reap-plus': 90 },
} as const;

/** Systems of the authors' agent figure. */
export type AgentSystem = 'e2b' | 'e2b+' | 'trenv-x';

/**
 * Peak memory (GB) of six agent workloads on E2B, E2B+ and TrEnv-X: the authors' README figure
 * (kvcache-ai/TrEnv-X, pics/memory.png), read off the chart, ±2–5 GB. paper
 */
export const paperAgentPeakGb: Readonly<Record<string, Readonly<Record<AgentSystem, number>>>> = {
  Blackjack: { e2b: 18.7, 'e2b+': 13.9, 'trenv-x': 13.2 },
  'Bug fixer': { e2b: 23.5, 'e2b+': 21, 'trenv-x': 21 },
  'Map reduce': { e2b: 44.5, 'e2b+': 29.8, 'trenv-x': 28 },
  'Shop assistant': { e2b: 182, 'e2b+': 159, 'trenv-x': 83.5 },
  'Blog summary': { e2b: 182, 'e2b+': 165, 'trenv-x': 119 },
  'Game design': { e2b: 182, 'e2b+': 113, 'trenv-x': 71 },
};

/** TrEnv-X abstract: "reduces the P99 latency by up to 58 % and memory usage by 61 %" vs E2B;
 * the README: "up to 61 % memory reduction", a sandbox "started < 40 ms". paper */
export const paperAgents = {
  p99UpToReduction: 0.58,
  memoryUpToReduction: 0.61,
  sandboxStartMs: 40,
} as const;
