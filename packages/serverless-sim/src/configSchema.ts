// The simulation config: a plain, JSON-serialisable object (what presets, config files and the
// CLI hold), validated by a zod/mini schema. Defaults come from parameters.ts; the `workload`
// union is derived from the workload registry. `configSchema` is a value a JSON Schema can be
// generated from (`z.toJSONSchema(configSchema)` from `zod/mini`).
import * as z from 'zod/mini';
import { catalogue } from './catalogue.js';
import { placementPolicies } from './cluster/placement.js';
import { fraction, MAX_MS, MIN_MS, num, oneOf } from './configFields.js';
import { runtimes } from './functionProfile.js';
import { clusterDefaults } from './parameters.js';
import { platformNames } from './platforms/index.js';
import type { WorkloadDefinition } from './workloads/workloadDefinition.js';
import { workloadRegistry } from './workloads/workloadRegistry.js';

export const execSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), ms: num(0, 1e9) }),
  z.strictObject({ kind: z.literal('exponential'), meanMs: num(1e-3, 1e9) }),
  z.strictObject({
    kind: z.literal('lognormal'),
    medianMs: num(1e-3, 1e9),
    p99Ms: num(1e-3, 1e12),
  }),
  z.strictObject({ kind: z.literal('gamma'), shape: num(1e-3, 1e6), scaleMs: num(1e-3, 1e9) }),
]);

export const functionProfileSchema = z.strictObject({
  /** Unique name. */
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Owner; sandboxes are only shared within a tenant. */
  tenant: z._default(z.string().check(z.minLength(1), z.maxLength(200)), 'default'),
  runtime: z._default(oneOf(runtimes), 'python'),
  /** Container image / rootfs, MiB. */
  imageMb: z._default(num(0, 1e6), 100),
  /** Footprint of an initialised instance (its snapshot), MiB. */
  memoryMb: num(0, 1e6),
  /** Share of `memoryMb` an invocation touches. */
  touchedFraction: z._default(fraction(), 0.4),
  /** Share of the touched pages that are only read. */
  readOnlyFraction: z._default(fraction(), 0.6),
  /** Share of memory accesses that go to read-only pages (TrEnv: 24–90 %). */
  readOnlyAccessShare: z.optional(fraction()),
  /** File-backed memory in the page cache, MiB. */
  fileCacheMb: z._default(num(0, 1e6), 0),
  /** Application init after the runtime boots, ms. */
  initMs: z._default(num(0, 1e9), 0),
  exec: execSchema,
});

// Generic so the mapped type keeps the registry's tuple shape (and each kind's exact type).
function schemasOf<T extends readonly WorkloadDefinition<z.ZodMiniObject>[]>(
  defs: T,
): { -readonly [K in keyof T]: T[K] extends WorkloadDefinition<infer S> ? S : never } {
  return defs.map((d) => d.schema) as never;
}

export const workloadSchema = z.discriminatedUnion('kind', schemasOf(workloadRegistry));

const catalogueNames = catalogue.map((f) => f.name) as [string, ...string[]];

/** The cluster: identical nodes. */
const clusterSchema = z.strictObject({
  /** Number of nodes. */
  nodes: z._default(num(1, 100_000, { int: true }), clusterDefaults.nodes),
  /** Cores per node; an invocation holds one from dispatch to end. */
  coresPerNode: z._default(num(1, 1e9, { int: true }), clusterDefaults.coresPerNode),
  /** Memory per node, MiB. */
  memoryMbPerNode: z._default(num(0, 1e12, { openLow: true }), clusterDefaults.memoryMbPerNode),
});

export const configSchema = z.strictObject({
  /** Seed of every random stream of the run (same seed, same result). */
  seed: z._default(
    z.union([
      z.int({ error: 'must be an integer or a string' }),
      z.string().check(z.maxLength(1000)),
    ]),
    1,
  ),
  /** Registered platform name (`platformNames()`). */
  platform: z._default(oneOf(platformNames() as [string, ...string[]]), 'keep-alive'),
  /** Options of the platform, validated by its factory. */
  platformOptions: z.optional(z.record(z.string(), z.unknown())),
  /** Nodes, cores and memory. */
  cluster: z._default(clusterSchema, { ...clusterDefaults }),
  /** How an arrival picks its node. */
  placement: z._default(oneOf(placementPolicies), 'least-loaded'),
  /** Catalogue names or full profiles. Ignored by the azure-like workload (it makes its own). */
  functions: z.optional(
    z
      .array(z.union([oneOf(catalogueNames), functionProfileSchema]))
      .check(z.minLength(1), z.maxLength(10_000_000)),
  ),
  /** The arrivals: one of the registered workload kinds. */
  workload: z.optional(workloadSchema),
  /** Interval of the time series, ms (at most 10^6 samples per run). */
  sampleIntervalMs: z._default(num(MIN_MS, MAX_MS), 60_000),
  /** Stop after this many arrivals (the workload may offer more). */
  maxInvocations: z.optional(num(1, Number.MAX_SAFE_INTEGER, { int: true })),
});

export type SimulationConfig = z.input<typeof configSchema>;
export type ResolvedConfig = z.output<typeof configSchema>;
