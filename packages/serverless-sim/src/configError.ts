// The error every config check throws: its message names the field and what is allowed, e.g.
// `config.cluster.nodes: must be an integer in [1, 100000], got 0`.
import type { AnyField, OutputOf } from './configFields.js';

export class ConfigError extends RangeError {
  /** Dotted path of the offending field, e.g. `config.workload.ratePerSec`. */
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ConfigError';
    this.field = field;
  }
}

/** A short rendering of an offending value for an error message. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  // JSON would print NaN and ±Infinity as null.
  if (typeof v === 'number') return String(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

/** Checks `value` with `schema`; on failure throws a ConfigError naming `prefix.path`. */
export function parseWith<F extends AnyField>(
  schema: F,
  value: unknown,
  prefix: string,
): OutputOf<F> {
  return schema.parse(value, prefix);
}
