// Public API of @paperlab/serverless-sim (browser-safe; Node-only parts are in ./node).

export type { Azure2019Options } from './azure2019Trace.js';
export { Azure2019TraceBuilder } from './azure2019Trace.js';
export { Azure2021TraceBuilder } from './azure2021Trace.js';
export { catalogue, catalogueFunction } from './catalogue.js';
export { CreationLock } from './cluster/creationLock.js';
export type { MemoryKindCode, MemorySummary } from './cluster/memoryAccounting.js';
export { MemoryAccounting, MemoryKind } from './cluster/memoryAccounting.js';
export { StorageBandwidth } from './cluster/storageBandwidth.js';
export { ConfigError, parseWith } from './configError.js';
export type { ResolvedConfig, SimulationConfig } from './configSchema.js';
export { configSchema, functionProfileSchema, workloadSchema } from './configSchema.js';
export { EventQueue } from './engine/eventQueue.js';
export type { InvocationRecord, PlacementPolicy, SimulatorOptions } from './engine/simulator.js';
export { MAX_SAMPLES, placementPolicies, Simulator } from './engine/simulator.js';
export type { ExecDistribution, FunctionProfile, Runtime } from './functionProfile.js';
export { checkFunctionProfile, execMeanMs, FunctionTable, runtimes } from './functionProfile.js';
export { LineSplitter } from './lineSplitter.js';
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
export type { HybridHistogramOptions } from './platforms/hybridHistogram.js';
export { HybridHistogramPlatform } from './platforms/hybridHistogram.js';
export { createPlatform, platformNames, platforms } from './platforms/index.js';
export type { MissPlanner } from './platforms/keepAlivePlatform.js';
export { KeepAlivePlatform } from './platforms/keepAlivePlatform.js';
export { basePresets, preset, presetNames, presets } from './presets.js';
export type { TimeSeries } from './resultCollector.js';
export { ResultCollector } from './resultCollector.js';
export type { SandboxPool } from './sandboxes/sandboxPool.js';
export { LruSandboxPool } from './sandboxes/sandboxPool.js';
export { SandboxRecycler } from './sandboxes/sandboxRecycler.js';
export type { SimulateOptions } from './simulate.js';
export { buildWorkload, resolveConfig, simulate } from './simulate.js';
export type { SimulationResult } from './simulationResult.js';
export {
  buildResult,
  recordCsvHeader,
  recordToCsv,
  resultToJson,
  summaryRows,
  summaryTable,
  timeSeriesToCsv,
} from './simulationResult.js';
export { planVanillaCold, runtimeInit } from './startPaths/coldStart.js';
export { planCriuRestore } from './startPaths/criuRestore.js';
export { planFaasnap, planReap } from './startPaths/microVmSnapshot.js';
export type { SweepAxis } from './sweepGrid.js';
export { expandGrid, setPath } from './sweepGrid.js';
export type { Workload } from './workload.js';
export type { AzureLikeOptions } from './workloads/azureLikeWorkload.js';
export { AzureLikeWorkload, azureLikeRateModel } from './workloads/azureLikeWorkload.js';
export type { DiurnalWorkloadOptions } from './workloads/diurnalWorkload.js';
export { DiurnalWorkload } from './workloads/diurnalWorkload.js';
export { InvocationListWorkload } from './workloads/invocationListWorkload.js';
export { MinuteCountsWorkload } from './workloads/minuteCountsWorkload.js';
export type { OnOffWorkloadOptions } from './workloads/onOffWorkload.js';
export { OnOffWorkload } from './workloads/onOffWorkload.js';
export type { PoissonWorkloadOptions } from './workloads/poissonWorkload.js';
export { PoissonWorkload } from './workloads/poissonWorkload.js';

// --- TrEnv / TrEnv-X / agents ---

export type { AgentPlatform, AgentPlatformCosts } from './agents/agentPlatform.js';
export { defaultAgentPlatformCosts } from './agents/agentPlatform.js';
export type { AgentWorkloadProfile } from './agents/agentProfiles.js';
export { agentWorkloadProfile, agentWorkloadProfiles } from './agents/agentProfiles.js';
export type { AgentCounts } from './agents/agentSandboxPlatform.js';
export { AgentSandboxPlatform } from './agents/agentSandboxPlatform.js';
export { AgentSessionWorkload } from './agents/agentSessionWorkload.js';
export type {
  AgentArrivals,
  AgentProfile,
  AgentStepModel,
  StepLatency,
} from './agents/agentWorkload.js';
export {
  defaultAgentProfiles,
  defaultAgentSteps,
  meanArrivalRatePerSec,
  nextArrivalMs,
  validateAgentWorkload,
} from './agents/agentWorkload.js';
export type {
  AgentMemoryResult,
  AgentSimulationConfig,
  AgentSimulationResult,
} from './agents/simulateAgents.js';
export { simulateAgents } from './agents/simulateAgents.js';
export type { MemoryPoolStats, PoolAcquireResult } from './cluster/memoryPool.js';
export { MemoryPool, PoolAcquire } from './cluster/memoryPool.js';
export type { E2bOptions } from './platforms/e2b.js';
export { e2bPlatform } from './platforms/e2b.js';
export { e2bPlusPlatform } from './platforms/e2bPlus.js';
export type { TrenvOptions } from './platforms/trenv.js';
export {
  TrenvPlatform,
  trenvCxlFactory,
  trenvName,
  trenvOptionsSchema,
  trenvRdmaFactory,
} from './platforms/trenv.js';
export type { TrenvXOptions } from './platforms/trenvX.js';
export { trenvXPlatform } from './platforms/trenvX.js';
export type { AgentPreset } from './presetsTrenv.js';
export {
  agentPresets,
  containerPresets,
  trenvContainersPreset,
  trenvXAgentsPreset,
} from './presetsTrenv.js';
export type { AgentVariant, SweepParameter } from './repro/agentSensitivity.js';
export { agentSensitivity, agentSweepParameters } from './repro/agentSensitivity.js';
export type { ContainerVariant } from './repro/containerSensitivity.js';
export { containerSensitivity, containerSweepParameters } from './repro/containerSensitivity.js';
export { criuPlatform } from './repro/criuPlatform.js';
export { paperAgentPeakGb, paperAgents, paperContainers } from './repro/paperFigures.js';
export type { FunctionRatio, Range } from './repro/paperMetrics.js';
export {
  FunctionTailCollector,
  functionTailRatios,
  meanReduction,
  rangeOf,
  reduction,
  upToTailRatio,
} from './repro/paperMetrics.js';
export { renderReproductionPage, renderReproMarkdown } from './repro/renderRepro.js';
export type {
  AgentHeadline,
  AgentReproSetup,
  AgentWorkloadRun,
} from './repro/reproduceAgents.js';
export {
  agentArrivals,
  agentHeadline,
  agentReproPlatforms,
  agentReproSetup,
  paperPeakReductions,
  reproduceAgents,
  runAgentWorkload,
} from './repro/reproduceAgents.js';
export type { ContainerHeadline, ContainerRun } from './repro/reproduceContainers.js';
export {
  containerBaselines,
  containerHeadline,
  containerReproPlatforms,
  headlineBaselines,
  reproduceContainers,
  runContainerPlatform,
} from './repro/reproduceContainers.js';
export type {
  Comparison,
  FigurePoint,
  ReproFigure,
  ReproReport,
  ReproRow,
} from './repro/reproReport.js';
export type {
  ReproductionOptions,
  ReproductionOutput,
  ReproTarget,
} from './repro/runReproduction.js';
export { runReproduction } from './repro/runReproduction.js';
export type { FaultCostParameters, MemoryTier } from './startPaths/mmTemplate.js';
export {
  templateAttachMs,
  templateFaultMs,
  templatePrivatePages,
} from './startPaths/mmTemplate.js';
