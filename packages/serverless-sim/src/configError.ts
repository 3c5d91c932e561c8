// Turns schema failures into one error whose message names the field and what is allowed, e.g.
// `config.cluster.nodes: must be an integer >= 1, got 0`.
import type { z } from 'zod';

export class ConfigError extends RangeError {
  /** Dotted path of the first offending field. */
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ConfigError';
    this.field = field;
  }
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** Parses `value` with `schema`; on failure throws a ConfigError naming `prefix.path`. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: string,
): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
  const field = `${prefix}${path}`;
  const got = valueAt(value, issue.path);
  let msg = issue.message;
  if (issue.code === 'unrecognized_keys') {
    msg = `unknown key(s) ${(issue as { keys: string[] }).keys.join(', ')}`;
  }
  throw new ConfigError(field, `${msg}, got ${describeValue(got)}`);
}
