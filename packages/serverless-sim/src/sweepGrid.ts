// Sweeps: the cartesian product of a base config and axes of values at dotted paths
// ("platform", "cluster.nodes", "platformOptions.keepAliveMs"). Browser-safe; the Node entry
// runs the grid on worker threads.
import type { SimulationConfig } from './configSchema.js';

/** One axis: a dotted path into the config and the values it takes. */
export interface SweepAxis {
  path: string;
  values: readonly unknown[];
}

/** Sets `value` at dotted `path` in a copy-on-write fashion (creates objects on the way). */
export function setPath<T extends object>(obj: T, path: string, value: unknown): T {
  const keys = path.split('.');
  if (keys.some((k) => k.length === 0))
    throw new RangeError(`sweep path must be dotted names, got "${path}"`);
  const root = structuredClone(obj) as Record<string, unknown>;
  let cur = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    const next = cur[k];
    if (next === undefined || next === null || typeof next !== 'object') cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys.at(-1)!] = value;
  return root as T;
}

/** Every combination of the axes' values applied to `base`, first axis varying slowest. */
export function expandGrid(base: SimulationConfig, axes: readonly SweepAxis[]): SimulationConfig[] {
  let out: SimulationConfig[] = [structuredClone(base)];
  for (const axis of axes) {
    if (axis.values.length === 0)
      throw new RangeError(`sweep axis ${axis.path} must have at least 1 value, got 0`);
    const next: SimulationConfig[] = [];
    for (const c of out) for (const v of axis.values) next.push(setPath(c, axis.path, v));
    out = next;
  }
  return out;
}
