// Turns schema failures into one error whose message names the field and what is allowed, e.g.
// `config.cluster.nodes: must be an integer >= 1, got 0`.
import type * as z from 'zod/mini';

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
export function parseWith<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  prefix: string,
): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  let path = issue.path;
  let msg = issue.message;
  const raw = issue as unknown as {
    code: string;
    keys?: string[];
    options?: unknown[];
    discriminator?: string;
    expected?: string;
  };
  if (raw.code === 'unrecognized_keys') {
    msg = `unknown key(s) ${(raw.keys ?? []).join(', ')}`;
  } else if (raw.code === 'invalid_union' && raw.discriminator !== undefined) {
    if (path.at(-1) !== raw.discriminator) path = [...path, raw.discriminator];
    msg = `must be one of ${(raw.options ?? []).map((o) => JSON.stringify(o)).join('|')}`;
  } else if (msg === 'Invalid input' || msg === '') {
    // zod/mini ships no locale: say what was expected.
    msg = raw.expected !== undefined ? `must be ${raw.expected}` : 'is not valid';
  }
  const field = `${prefix}${path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('')}`;
  throw new ConfigError(field, `${msg}, got ${describeValue(valueAt(value, path))}`);
}
