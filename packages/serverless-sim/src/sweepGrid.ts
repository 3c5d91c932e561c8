// Sweeps: the cartesian product of a base config and axes of values at dotted paths
// ("platform", "cluster.nodes", "platformOptions.keepAliveMs"). Browser-safe; the Node entry
// runs the grid on worker threads.
import { checkOptionNames } from '@paperlab/stats';
import type { SimulationConfig } from './configSchema.js';

/** One axis: a dotted path into the config and the values it takes. */
export interface SweepAxis {
  path: string;
  values: readonly unknown[];
}

/** Keys that would reach an object's prototype instead of a config field. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Splits a sweep path into its keys, refusing empty and prototype keys. */
export function pathKeys(path: string): string[] {
  if (typeof path !== 'string') {
    throw new TypeError(`sweep path must be a string, got ${typeName(path)}`);
  }
  const keys = path.split('.');
  if (keys.some((k) => k.length === 0))
    throw new RangeError(`sweep path must be dotted names, got "${path}"`);
  const bad = keys.find((k) => FORBIDDEN_KEYS.has(k));
  if (bad !== undefined)
    throw new RangeError(
      `sweep path must not contain __proto__, prototype or constructor, got "${path}"`,
    );
  return keys;
}

/**
 * Sets `value` at dotted `path` in a copy of `obj` (creates objects on the way). Prototype keys
 * (`__proto__`, `prototype`, `constructor`) are refused, so a path cannot pollute
 * `Object.prototype`.
 */
export function setPath<T extends object>(obj: T, path: string, value: unknown): T {
  const keys = pathKeys(path);
  const root = structuredClone(obj) as Record<string, unknown>;
  let cur = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    const next = Object.hasOwn(cur, k) ? cur[k] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys.at(-1)!] = value;
  return root as T;
}

/**
 * Most points a grid may have (ours: every point is a config cloned in memory and a whole
 * simulation to run; 2^20 runs is weeks of CPU, while 8 axes of 20 values, 2.6·10^10 points,
 * used to exhaust memory before anything ran).
 */
export const maxGridPoints = 2 ** 20;

/** Checks the axes (shape, paths, non-empty values) and the grid size before building it. */
function checkAxes(axes: readonly SweepAxis[]): void {
  if (!Array.isArray(axes)) {
    throw new TypeError(`axes must be an array of { path, values }, got ${typeName(axes)}`);
  }
  let points = 1;
  axes.forEach((axis: unknown, i) => {
    if (axis === null || typeof axis !== 'object' || Array.isArray(axis)) {
      throw new TypeError(`axes[${i}] must be an object { path, values }, got ${typeName(axis)}`);
    }
    checkOptionNames<SweepAxis>(`axes[${i}]`, axis, { path: true, values: true });
    const { path, values } = axis as SweepAxis;
    pathKeys(path);
    // A string has a length too: '12' used to sweep the values "1" and "2".
    if (!Array.isArray(values)) {
      throw new TypeError(`axes[${i}].values must be an array, got ${typeName(values)}`);
    }
    if (values.length === 0)
      throw new RangeError(`sweep axis ${path} must have at least 1 value, got 0`);
    points *= values.length;
  });
  if (points > maxGridPoints) {
    throw new RangeError(
      `sweep grid must have at most ${maxGridPoints} points, got ${points} (${axes.map((a) => a.values.length).join(' × ')})`,
    );
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v;
}

/** Every combination of the axes' values applied to `base`, first axis varying slowest. */
export function expandGrid(base: SimulationConfig, axes: readonly SweepAxis[]): SimulationConfig[] {
  checkAxes(axes);
  let out: SimulationConfig[] = [structuredClone(base)];
  for (const axis of axes) {
    const next: SimulationConfig[] = [];
    for (const c of out) for (const v of axis.values) next.push(setPath(c, axis.path, v));
    out = next;
  }
  return out;
}

/** The value at dotted `path` in `obj` (own properties only), or undefined. */
export function getPath(obj: unknown, path: string): unknown {
  let v = obj;
  for (const k of pathKeys(path)) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}
