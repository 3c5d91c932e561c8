// Public API of @paperlab/serverless-sim (browser-safe; Node-only parts are in ./node).
export { ConfigError, parseWith } from './configError.js';
export { EventQueue } from './eventQueue.js';
export type { ExecDistribution, FunctionProfile, Runtime } from './functionProfile.js';
export { checkFunctionProfile, execMeanMs, FunctionTable, runtimes } from './functionProfile.js';
export type { MemoryKindCode, MemorySummary } from './memoryAccounting.js';
export { MemoryAccounting, MemoryKind } from './memoryAccounting.js';
export * as parameters from './parameters.js';
export type {
  Platform,
  PlatformContext,
  PlatformFactory,
  Retention,
  StartPathCode,
  StartPathName,
  StartPlan,
} from './platform.js';
export { createPlan, resetPlan, StartPath, startPathNames } from './platform.js';
export {
  planCriuRestore,
  planFaasnap,
  planReap,
  planVanillaCold,
  runtimeInit,
} from './platforms/containerCosts.js';
export type { HybridHistogramOptions } from './platforms/hybridHistogram.js';
export { HybridHistogramPlatform } from './platforms/hybridHistogram.js';
export { createPlatform, platformNames, platforms } from './platforms/index.js';
export type { MissPlanner } from './platforms/keepAlivePlatform.js';
export { KeepAlivePlatform } from './platforms/keepAlivePlatform.js';
export type { TimeSeries } from './resultCollector.js';
export { ResultCollector } from './resultCollector.js';
export type { InvocationRecord, PlacementPolicy, SimulatorOptions } from './simulator.js';
export { placementPolicies, Simulator } from './simulator.js';
export type { Workload } from './workload.js';
export type { PoissonWorkloadOptions } from './workloads/poissonWorkload.js';
export { PoissonWorkload } from './workloads/poissonWorkload.js';
// --- TrEnv / TrEnv-X / agents (engineer B) ---
