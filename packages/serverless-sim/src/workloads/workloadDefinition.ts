// What a workload kind contributes to the config: its schema (a strict object whose `kind` is a
// literal) and how to build it from a validated config. The registry (`workloadRegistry.ts`)
// lists the kinds; the config schema's `workload` union and `buildWorkload` are derived from it,
// so a new workload is its own file plus one line there.
import type { Rng } from '@paperlab/stats';
import { ConfigError } from '../configError.js';
import {
  array,
  MAX_MS,
  MIN_MS,
  num,
  type ObjectField,
  type OutputOf,
  type Shape,
  union,
} from '../configFields.js';
import type { FunctionProfile } from '../functionProfile.js';
import type { Workload } from '../workload.js';

export interface WorkloadBuildContext {
  /** Functions from the config or the caller, if any (else the kind picks: catalogue, or its own). */
  functions: readonly FunctionProfile[] | undefined;
  /** A substream of the config's seed for building (not for arrivals). */
  rng: Rng;
}

export interface WorkloadDefinition<S extends ObjectField<Shape> = ObjectField<Shape>> {
  readonly kind: string;
  readonly description: string;
  readonly schema: S;
  build(
    config: OutputOf<S>,
    ctx: WorkloadBuildContext,
  ): { functions: readonly FunctionProfile[]; workload: Workload };
}

/** Helper keeping the schema's type in the definition. */
export function defineWorkload<S extends ObjectField<Shape>>(
  d: WorkloadDefinition<S>,
): WorkloadDefinition<S> {
  return d;
}

/** One rate for every function, or one per function. */
export function perFunction(field: string, value: number | number[], n: number): number[] {
  if (typeof value === 'number') return new Array<number>(n).fill(value);
  if (value.length !== n) {
    throw new ConfigError(field, `must hold one rate per function (${n}), got ${value.length}`);
  }
  return value;
}

/** Invocations per second, per function: at most 10^6 (far above any one function's load). */
export const rateField = () => union([num(0, 1e6), array(num(0, 1e6), 1, 10_000_000)]);

/** How long arrivals run, ms. */
export const durationField = () => num(MIN_MS, MAX_MS);
