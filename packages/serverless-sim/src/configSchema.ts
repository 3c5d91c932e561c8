// The simulation config: a plain, JSON-serialisable object (what presets, config files and the
// CLI hold), checked by the fields of configFields.ts. Defaults come from parameters.ts; the
// `workload` union is derived from the workload registry. `configSchema.jsonSchema()` is the
// JSON Schema shipped as simulation-config.schema.json (see configJsonSchema.ts).
import { catalogue } from './catalogue.js';
import { placementPolicies } from './cluster/placement.js';
import {
  array,
  fraction,
  type InputOf,
  literal,
  MAX_MS,
  MIN_MS,
  num,
  type OutputOf,
  object,
  oneOf,
  optional,
  record,
  string,
  union,
  unknown,
  variant,
  withDefault,
} from './configFields.js';
import { runtimes } from './functionProfile.js';
import { clusterDefaults } from './parameters.js';
import { platformNames } from './platforms/index.js';
import type { WorkloadDefinition } from './workloads/workloadDefinition.js';
import { workloadRegistry } from './workloads/workloadRegistry.js';

export const execSchema = variant('kind', [
  object({ kind: literal('fixed'), ms: num(0, 1e9) }),
  object({ kind: literal('exponential'), meanMs: num(1e-3, 1e9) }),
  object({ kind: literal('lognormal'), medianMs: num(1e-3, 1e9), p99Ms: num(1e-3, 1e12) }),
  object({ kind: literal('gamma'), shape: num(1e-3, 1e6), scaleMs: num(1e-3, 1e9) }),
]);

export const functionProfileSchema = object({
  /** Unique name. */
  name: string(1, 200),
  /** Owner; sandboxes are only shared within a tenant. */
  tenant: withDefault(string(1, 200), 'default'),
  /** Language runtime; sets the runtime's boot cost. */
  runtime: withDefault(oneOf(runtimes), 'python'),
  /** Container image / rootfs, MiB. */
  imageMb: withDefault(num(0, 1e6), 100),
  /** Footprint of an initialised instance (its snapshot), MiB. */
  memoryMb: num(0, 1e6),
  /** Share of `memoryMb` an invocation touches. */
  touchedFraction: withDefault(fraction(), 0.4),
  /** Share of the touched pages that are only read. */
  readOnlyFraction: withDefault(fraction(), 0.6),
  /** Share of memory accesses that go to read-only pages (TrEnv: 24–90 %). */
  readOnlyAccessShare: optional(fraction()),
  /** File-backed memory in the page cache, MiB. */
  fileCacheMb: withDefault(num(0, 1e6), 0),
  /** Application init after the runtime boots, ms. */
  initMs: withDefault(num(0, 1e9), 0),
  /** Execution time distribution of one invocation. */
  exec: execSchema,
});

// Generic so the mapped type keeps the registry's tuple shape (and each kind's exact type).
function schemasOf<T extends readonly WorkloadDefinition[]>(
  defs: T,
): { -readonly [K in keyof T]: T[K] extends WorkloadDefinition<infer S> ? S : never } {
  return defs.map((d) => d.schema) as never;
}

export const workloadSchema = variant('kind', schemasOf(workloadRegistry));

const catalogueNames = catalogue.map((f) => f.name) as [string, ...string[]];

/** The cluster: identical nodes. */
export const clusterSchema = object({
  /** Number of nodes. */
  nodes: withDefault(num(1, 100_000, { int: true }), clusterDefaults.nodes),
  /** Cores per node; an invocation holds one from dispatch to end. */
  coresPerNode: withDefault(num(1, 1e9, { int: true }), clusterDefaults.coresPerNode),
  /** Memory per node, MiB. */
  memoryMbPerNode: withDefault(num(0, 1e12, { openLow: true }), clusterDefaults.memoryMbPerNode),
});

export const configSchema = object({
  /** Seed of every random stream of the run (same seed, same result). */
  seed: withDefault(
    union(
      [num(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, { int: true }), string(0, 1000)],
      'must be a safe integer or a string of at most 1000 characters',
    ),
    1,
  ),
  /** Registered platform name (`platformNames()`). */
  platform: withDefault(oneOf(platformNames() as [string, ...string[]]), 'keep-alive'),
  /** Options of the platform, validated by its factory. */
  platformOptions: optional(record(unknown())),
  /** Nodes, cores and memory. */
  cluster: withDefault(clusterSchema, { ...clusterDefaults }),
  /** How an arrival picks its node. */
  placement: withDefault(oneOf(placementPolicies), 'least-loaded'),
  /** Catalogue names or full profiles. Ignored by the azure-like workload (it makes its own). */
  functions: optional(array(union([oneOf(catalogueNames), functionProfileSchema]), 1, 10_000_000)),
  /** The arrivals: one of the registered workload kinds. */
  workload: optional(workloadSchema),
  /** Interval of the time series, ms (at most 10^6 samples per run). */
  sampleIntervalMs: withDefault(num(MIN_MS, MAX_MS), 60_000),
  /** Stop after this many arrivals (the workload may offer more). */
  maxInvocations: optional(num(1, Number.MAX_SAFE_INTEGER, { int: true })),
});

/**
 * A simulation config as written in a config file, a preset or a `simulate()` call: every key but
 * `workload` may be left out (defaults from the package parameters). Plain JSON, checked by
 * `resolveConfig`; its JSON Schema ships as `simulation-config.schema.json`.
 */
export type SimulationConfig = InputOf<typeof configSchema>;
/** A checked config with its defaults filled in (what `resolveConfig` returns). */
export type ResolvedConfig = OutputOf<typeof configSchema>;
