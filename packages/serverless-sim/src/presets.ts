// Named, ready-made configurations. The TrEnv presets are merged in from
// presetsTrenv.ts: export `containerPresets: Record<string, SimulationConfig>` there.
import type { SimulationConfig } from './configSchema.js';
import * as trenv from './presetsTrenv.js';

const HOUR = 3_600_000;

/** 8 nodes × 96 cores × 256 GiB (estimate: a small rack of large hosts). */
const smallCluster = { nodes: 8, coresPerNode: 96, memoryMbPerNode: 256 * 1024 };

const azureDay = (platform: string, extra: Partial<SimulationConfig> = {}): SimulationConfig => ({
  seed: 2020,
  platform,
  cluster: smallCluster,
  placement: 'locality',
  workload: { kind: 'azure-like', functions: 1000, durationMs: 2 * HOUR, totalRatePerSec: 100 },
  ...extra,
});

const catalogueBurst = (platform: string): SimulationConfig => ({
  seed: 7,
  platform,
  cluster: { nodes: 1, coresPerNode: 64, memoryMbPerNode: 128 * 1024 },
  workload: {
    kind: 'on-off',
    onRatePerSec: 5,
    meanOnMs: 20_000,
    meanOffMs: 100_000,
    durationMs: HOUR,
  },
});

export const basePresets: Record<string, SimulationConfig> = {
  /**
   * SimFaaS's README case: Poisson 0.9 req/s, warm 1.991 s, cold 2.244 s, keep-alive 600 s.
   * The cold path is sandbox creation (30 ms) + native runtime (10 ms) + 213 ms app init = 253 ms.
   */
  'simfaas-readme': {
    seed: 1,
    platform: 'keep-alive',
    platformOptions: { keepAliveMs: 600_000 },
    cluster: { nodes: 1, coresPerNode: 1_000_000, memoryMbPerNode: 1_000_000 },
    functions: [
      {
        name: 'simfaas',
        runtime: 'native',
        memoryMb: 0,
        initMs: 213,
        exec: { kind: 'exponential', meanMs: 1991 },
      },
    ],
    workload: { kind: 'poisson', ratePerSec: 0.9, durationMs: 1e6 * 1000 },
    sampleIntervalMs: HOUR,
  },
  /** Azure-like workload, 1,000 functions, 2 h, 100 req/s, fixed 10-minute keep-alive. */
  'azure-keep-alive': azureDay('keep-alive'),
  /** The same with the hybrid-histogram policy (ATC'20 defaults). */
  'azure-hybrid-histogram': azureDay('hybrid-histogram'),
  /** The same with a cold start on every invocation. */
  'azure-faasd': azureDay('faasd'),
  /** Bursty catalogue functions on one node, every miss restored from CRIU images. */
  'burst-criu': catalogueBurst('criu'),
  'burst-reap-plus': catalogueBurst('reap-plus'),
  'burst-faasnap-plus': catalogueBurst('faasnap-plus'),
  'burst-faasd': catalogueBurst('faasd'),
};

const trenvPresets =
  (trenv as { containerPresets?: Record<string, SimulationConfig> }).containerPresets ?? {};

export const presets: Record<string, SimulationConfig> = { ...basePresets, ...trenvPresets };

/** Names of the presets. */
export function presetNames(): string[] {
  return Object.keys(presets);
}

/** A preset by name (a fresh copy); throws a RangeError listing the names. */
export function preset(name: string): SimulationConfig {
  // Own keys only: presets['__proto__'] is Object.prototype, which used to come back as {}.
  const p = Object.hasOwn(presets, name) ? presets[name] : undefined;
  if (p === undefined)
    throw new RangeError(`preset must be one of ${presetNames().join(', ')}, got ${name}`);
  return structuredClone(p);
}
