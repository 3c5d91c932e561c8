// The library entry point: validate a config, build functions, workload and platform from it,
// run the simulator, and return a summary. Runs in the browser (no Node API); a Web Worker can
// pass `onProgress` to drive a progress bar.
import { createRng } from '@paperlab/stats';
import { catalogue, catalogueFunction } from './catalogue.js';
import { ConfigError, parseWith } from './configError.js';
import { configSchema, type ResolvedConfig, type SimulationConfig } from './configSchema.js';
import { type InvocationRecord, Simulator } from './engine/simulator.js';
import { type FunctionProfile, FunctionTable } from './functionProfile.js';
import type { Platform } from './platform.js';
import { createPlatform } from './platforms/index.js';
import { buildResult, type SimulationResult } from './simulationResult.js';
import type { Workload } from './workload.js';
import type { WorkloadDefinition } from './workloads/workloadDefinition.js';
import { workloadRegistry } from './workloads/workloadRegistry.js';

export interface SimulateOptions {
  /** A workload object (e.g. a trace replay); replaces `config.workload`. */
  workload?: Workload;
  /** Function profiles (e.g. from a trace); replace `config.functions`. */
  functions?: readonly FunctionProfile[];
  /** A platform instance; replaces `config.platform`. */
  platform?: Platform;
  /** Called for each finished invocation with a reused object (copy what you keep). */
  onRecord?: (record: InvocationRecord, functions: FunctionTable) => void;
  /** Called now and then with the fraction done, in [0, 1]. */
  onProgress?: (fraction: number) => void;
}

/** Resolves the functions and the workload a config describes. */
export function buildWorkload(
  c: ResolvedConfig,
  options: Pick<SimulateOptions, 'workload' | 'functions'> = {},
): { functions: readonly FunctionProfile[]; workload: Workload } {
  const rng = createRng(c.seed);
  let functions: readonly FunctionProfile[] | undefined = options.functions;
  if (functions === undefined && c.functions !== undefined) {
    functions = c.functions.map((f) => (typeof f === 'string' ? catalogueFunction(f) : f));
  }
  if (options.workload !== undefined) {
    return { functions: functions ?? catalogue, workload: options.workload };
  }
  const w = c.workload;
  if (w === undefined)
    throw new ConfigError('config.workload', 'is required unless a workload object is given');
  const def = workloadRegistry.find((d) => d.kind === w.kind)!;
  // The azure-like kind makes its own functions unless the caller passes some.
  const given = w.kind === 'azure-like' ? options.functions : functions;
  return (def as WorkloadDefinition).build(w as never, { functions: given, rng });
}

/** Validates `config` (a ConfigError names the bad field) and fills in defaults. */
export function resolveConfig(config: SimulationConfig): ResolvedConfig {
  return parseWith(configSchema, config, 'config');
}

/** Runs one simulation and returns its summary. Deterministic for a given config. */
export function simulate(
  config: SimulationConfig,
  options: SimulateOptions = {},
): SimulationResult {
  const c = resolveConfig(config);
  const { functions, workload } = buildWorkload(c, options);
  const table = new FunctionTable(functions);
  const platform = options.platform ?? createPlatform(c.platform, c.platformOptions);
  const onRecord = options.onRecord;
  const sim = new Simulator({
    functions: table,
    platform,
    workload,
    rng: createRng(c.seed).fork('simulation'),
    nodes: c.cluster.nodes,
    coresPerNode: c.cluster.coresPerNode,
    memoryMbPerNode: c.cluster.memoryMbPerNode,
    placement: c.placement,
    sampleIntervalMs: c.sampleIntervalMs,
    ...(c.maxInvocations !== undefined ? { maxInvocations: c.maxInvocations } : {}),
    ...(onRecord !== undefined ? { onRecord: (r: InvocationRecord) => onRecord(r, table) } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
  });
  sim.run();
  return buildResult(sim.results, {
    platform: platform.name,
    workload: workload.name,
    seed: c.seed,
    events: sim.eventCount,
    memory: sim.memory.summary(sim.results.endTimeMs),
    platformStats: platform.stats?.() ?? {},
  });
}
