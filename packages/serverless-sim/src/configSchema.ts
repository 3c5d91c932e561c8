// The simulation config: a plain, JSON-serialisable object (what presets, config files and the
// CLI hold), validated by zod. Defaults come from parameters.ts.
import { z } from 'zod';
import { catalogue } from './catalogue.js';
import { runtimes } from './functionProfile.js';
import { clusterDefaults } from './parameters.js';
import { platformNames } from './platforms/index.js';
import { placementPolicies } from './simulator.js';

const positive = z.number().positive();
const nonNegative = z.number().min(0);
const fraction = z.number().min(0).max(1);

export const execSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), ms: nonNegative }),
  z.strictObject({ kind: z.literal('exponential'), meanMs: positive }),
  z.strictObject({ kind: z.literal('lognormal'), medianMs: positive, p99Ms: positive }),
  z.strictObject({ kind: z.literal('gamma'), shape: positive, scaleMs: positive }),
]);

export const functionProfileSchema = z.strictObject({
  name: z.string().min(1),
  tenant: z.string().min(1).default('default'),
  runtime: z.enum(runtimes).default('python'),
  imageMb: nonNegative.default(100),
  memoryMb: nonNegative,
  touchedFraction: fraction.default(0.4),
  readOnlyFraction: fraction.default(0.6),
  fileCacheMb: nonNegative.default(0),
  initMs: nonNegative.default(0),
  exec: execSchema,
});

const catalogueNames = catalogue.map((f) => f.name) as [string, ...string[]];
const rates = z.union([nonNegative, z.array(nonNegative).min(1)]);
const durationMs = positive.refine(Number.isFinite, 'must be finite');

export const workloadSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('poisson'),
    /** One rate for every function, or one per function; invocations per second. */
    ratePerSec: rates,
    durationMs,
  }),
  z.strictObject({
    kind: z.literal('on-off'),
    onRatePerSec: rates,
    offRatePerSec: nonNegative.default(0),
    meanOnMs: positive,
    meanOffMs: positive,
    durationMs,
  }),
  z.strictObject({
    kind: z.literal('diurnal'),
    ratePerSec: rates,
    amplitude: fraction.default(0.5),
    periodMs: positive.default(86_400_000),
    peakAtMs: nonNegative.default(14 * 3_600_000),
    durationMs,
  }),
  z.strictObject({
    kind: z.literal('azure-like'),
    functions: z.number().int().min(1).max(10_000_000),
    durationMs,
    totalRatePerSec: positive.optional(),
    execSpread: z.number().min(1).optional(),
    burstOnFraction: z.number().gt(0).max(1).optional(),
    burstOnMs: positive.optional(),
    functionsPerApp: z.number().int().min(1).optional(),
  }),
]);

/** The platform names known when this module loaded (the registry in platforms/index.ts). */
function platformEnum() {
  return z.enum(platformNames() as [string, ...string[]]);
}

export const configSchema = z.strictObject({
  seed: z.union([z.number().int(), z.string()]).default(1),
  platform: platformEnum().default('keep-alive'),
  platformOptions: z.record(z.string(), z.unknown()).optional(),
  cluster: z
    .strictObject({
      nodes: z.number().int().min(1).max(100_000).default(clusterDefaults.nodes),
      coresPerNode: z
        .number()
        .int()
        .min(1)
        .max(1_000_000_000)
        .default(clusterDefaults.coresPerNode),
      memoryMbPerNode: positive.default(clusterDefaults.memoryMbPerNode),
    })
    .default({ ...clusterDefaults }),
  placement: z.enum(placementPolicies).default('least-loaded'),
  /** Catalogue names or full profiles. Ignored by the azure-like workload (it makes its own). */
  functions: z
    .array(z.union([z.enum(catalogueNames), functionProfileSchema]))
    .min(1)
    .optional(),
  workload: workloadSchema.optional(),
  /** Interval of the time series, ms. */
  sampleIntervalMs: positive.default(60_000),
  /** Stop after this many arrivals (the workload may offer more). */
  maxInvocations: z.number().int().min(1).optional(),
});

export type SimulationConfig = z.input<typeof configSchema>;
export type ResolvedConfig = z.output<typeof configSchema>;
