// The field builders the config schemas are made of. Each field checks a value, throwing a
// ConfigError that names the field and what is allowed (`config.cluster.nodes: must be an
// integer in [1, 100000], got 0`), and describes itself as JSON Schema (draft 2020-12), so the
// shipped schema file and the check cannot disagree.
//
// Written here rather than taken from zod or valibot because of the browser bundle: with these
// ~60 fields, zod/mini's core added 27 KiB minified to `simulate` and a valibot 1.5 prototype of
// the same field types 8.9 KiB; this file is about 3 KiB (esbuild, minified), against a budget
// of 80 KiB for the whole simulator (`node scripts/size.mjs`). It covers only what the configs use: finite numbers in a range, bounded strings,
// enums, booleans, arrays, strict objects, unions and `kind`-tagged unions.
//
// Every numeric field has a finite range, not only a sign: a config that would make the
// simulator spin (a 5e-324 ms sample interval, a 1e-300 ms burst) is refused.
import { ConfigError, describeValue } from './configError.js';

/** A JSON Schema fragment. */
export type JsonSchema = Record<string, unknown>;

/** Whether an object key may be left out, and if so whether the check fills it in. */
export type Presence = 'required' | 'optional' | 'default';

/** The JSON type a field accepts (a union dispatches on it); `any` for `unknown()`. */
type Kind = 'number' | 'string' | 'boolean' | 'array' | 'object' | 'any';

/** A checked field: input type `I`, resolved (output) type `O`. */
export interface Field<I, O = I, P extends Presence = 'required'> {
  /**
   * Checks `value`, found at `path` (e.g. `config.cluster.nodes`), and returns its resolved form
   * (defaults filled in, unknown keys refused). Throws a ConfigError naming `path`.
   */
  parse(value: unknown, path: string): O;
  /** The JSON Schema of the values `parse` accepts. */
  jsonSchema(): JsonSchema;
  readonly presence: P;
  readonly kind: Kind;
  /** Never set: carries the input type. */
  readonly input?: I;
}

// biome-ignore lint/suspicious/noExplicitAny: the widest field, for constraints.
export type AnyField = Field<any, any, Presence>;
/** What a field accepts. */
export type InputOf<F> = F extends Field<infer I, unknown, Presence> ? I : never;
/** What a field's check returns. */
export type OutputOf<F> = F extends Field<unknown, infer O, Presence> ? O : never;

export type Shape = Record<string, AnyField>;
type KeysWith<S extends Shape, P extends Presence> = {
  [K in keyof S]: S[K]['presence'] extends P ? K : never;
}[keyof S];
// Homomorphic mapped types, so each property keeps its JSDoc from the shape.
type Flat<T> = { [K in keyof T]: T[K] } & {};
export type ObjectInput<S extends Shape> = Flat<
  { [K in keyof S as K extends KeysWith<S, 'required'> ? K : never]: InputOf<S[K]> } & {
    [K in keyof S as K extends KeysWith<S, 'required'> ? never : K]?: InputOf<S[K]>;
  }
>;
export type ObjectOutput<S extends Shape> = Flat<
  { [K in keyof S as K extends KeysWith<S, 'optional'> ? never : K]: OutputOf<S[K]> } & {
    [K in keyof S as K extends KeysWith<S, 'optional'> ? K : never]?: OutputOf<S[K]>;
  }
>;

/** A strict object field; `shape` lists its fields. */
export interface ObjectField<S extends Shape>
  extends Field<ObjectInput<S>, ObjectOutput<S>, 'required'> {
  readonly shape: S;
}

const fail = (path: string, message: string, value: unknown): never => {
  throw new ConfigError(path, `${message}, got ${describeValue(value)}`);
};

function field<I, O = I>(
  kind: Kind,
  check: (value: unknown, path: string) => O,
  jsonSchema: () => JsonSchema,
): Field<I, O> {
  return { parse: check, jsonSchema, presence: 'required', kind };
}

const show = (x: number) =>
  Math.abs(x) >= 1e6 && Number.isInteger(Math.log10(Math.abs(x)))
    ? `1e${Math.log10(Math.abs(x))}`
    : String(x);

/**
 * A finite number in [lo, hi] (or (lo, hi] with `openLow`), an integer with `int`. The range is
 * in the error message and in the JSON Schema.
 */
export function num(
  lo: number,
  hi: number,
  o: { int?: boolean; openLow?: boolean } = {},
): Field<number> {
  const message = `must be ${o.int ? 'an integer' : 'a number'} in ${o.openLow ? '(' : '['}${show(lo)}, ${show(hi)}]`;
  return field(
    'number',
    (v, path) =>
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (!o.int || Number.isInteger(v)) &&
      (o.openLow ? v > lo : v >= lo) &&
      v <= hi
        ? v
        : fail(path, message, v),
    () => ({
      type: o.int ? 'integer' : 'number',
      [o.openLow ? 'exclusiveMinimum' : 'minimum']: lo,
      maximum: hi,
    }),
  );
}

/** A fraction in [0, 1]. */
export const fraction = () => num(0, 1);

/** A string of `min` to `max` characters (code points, as JSON Schema's minLength counts). */
export function string(min: number, max: number): Field<string> {
  const message = `must be a string of ${min} to ${max} characters`;
  const fits = (n: number) => n >= min && n <= max;
  // A string has at most twice as many UTF-16 units as code points: a huge one is refused
  // before it is split.
  return field(
    'string',
    (v, path) =>
      typeof v === 'string' && v.length <= 2 * max && fits([...v].length)
        ? v
        : fail(path, message, v),
    () => ({ type: 'string', ...(min > 0 ? { minLength: min } : {}), maxLength: max }),
  );
}

/** `true` or `false`. */
export const boolean = (): Field<boolean> =>
  field(
    'boolean',
    (v, path) => (typeof v === 'boolean' ? v : fail(path, 'must be true or false', v)),
    () => ({ type: 'boolean' }),
  );

/** Exactly `value` (the tag of a `variant` member). */
export function literal<const T extends string>(value: T): Field<T> {
  return field(
    'string',
    (v, path) => (v === value ? value : fail(path, `must be ${JSON.stringify(value)}`, v)),
    () => ({ type: 'string', const: value }),
  );
}

/** One of `values`, listed in the error. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): Field<T[number]> {
  const message = `must be one of ${values.map((v) => JSON.stringify(v)).join('|')}`;
  return field(
    'string',
    (v, path) => (values.includes(v as string) ? (v as T[number]) : fail(path, message, v)),
    () => ({ type: 'string', enum: [...values] }),
  );
}

/** Anything (checked later, e.g. by a platform's own options schema). */
export const unknown = (): Field<unknown> =>
  field(
    'any',
    (v) => v,
    () => ({}),
  );

/** The key may be left out (then absent from the result too). */
export function optional<I, O>(f: Field<I, O>): Field<I | undefined, O | undefined, 'optional'> {
  return {
    ...f,
    parse: (v, path) => (v === undefined ? undefined : f.parse(v, path)),
    presence: 'optional',
  };
}

/** The key may be left out; the check then resolves `fallback` as if it had been given. */
export function withDefault<I, O>(f: Field<I, O>, fallback: I): Field<I | undefined, O, 'default'> {
  return {
    ...f,
    parse: (v, path) => f.parse(v === undefined ? fallback : v, path),
    jsonSchema: () => ({ default: fallback, ...f.jsonSchema() }),
    presence: 'default',
  };
}

const kindOf = (v: unknown): Kind =>
  Array.isArray(v)
    ? 'array'
    : v === null
      ? 'any'
      : ((['number', 'string', 'boolean', 'object'] as const).find((k) => typeof v === k) ?? 'any');

const isRecord = (v: unknown): v is Record<string, unknown> => kindOf(v) === 'object';

/** An array of `min` to `max` items, each checked by `item`. */
export function array<I, O>(item: Field<I, O>, min: number, max: number): Field<I[], O[]> {
  const message = `must be an array of ${min} to ${show(max)} items`;
  return field(
    'array',
    (v, path) =>
      Array.isArray(v) && v.length >= min && v.length <= max
        ? v.map((x, i) => item.parse(x, `${path}[${i}]`))
        : fail(path, message, v),
    () => ({ type: 'array', items: item.jsonSchema(), minItems: min, maxItems: max }),
  );
}

/** An object with any keys, each value checked by `value`. */
export function record<I, O>(value: Field<I, O>): Field<Record<string, I>, Record<string, O>> {
  return field(
    'object',
    (v, path) =>
      isRecord(v)
        ? // fromEntries defines own properties, so a `__proto__` key stays a plain key.
          Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value.parse(x, `${path}.${k}`)]))
        : fail(path, 'must be an object', v),
    () => ({ type: 'object', additionalProperties: value.jsonSchema() }),
  );
}

/** An object with exactly the keys of `shape` (an unknown key is refused: it is likely a typo). */
export function object<S extends Shape>(shape: S): ObjectField<S> {
  const keys = Object.keys(shape);
  return {
    ...field<ObjectInput<S>, ObjectOutput<S>>(
      'object',
      (v, path) => {
        if (!isRecord(v)) return fail(path, 'must be an object', v);
        const unknownKeys = Object.keys(v).filter((k) => !keys.includes(k));
        if (unknownKeys.length > 0) fail(path, `unknown key(s) ${unknownKeys.join(', ')}`, v);
        const out: Record<string, unknown> = {};
        for (const k of keys) {
          const x = shape[k]!.parse(v[k], `${path}.${k}`);
          if (x !== undefined) out[k] = x;
        }
        return out as ObjectOutput<S>;
      },
      () => {
        const required = keys.filter((k) => shape[k]!.presence === 'required');
        return {
          type: 'object',
          properties: Object.fromEntries(keys.map((k) => [k, shape[k]!.jsonSchema()])),
          ...(required.length > 0 ? { required } : {}),
          additionalProperties: false,
        };
      },
    ),
    shape,
  };
}

/**
 * Objects told apart by their `key` (a `literal` field of each): the value's tag picks the
 * member, and an unknown tag is reported at `path.key` with the tags allowed.
 */
export function variant<const M extends readonly ObjectField<Shape>[]>(
  key: string,
  members: M,
): Field<InputOf<M[number]>, OutputOf<M[number]>> {
  const tags = members.map((m) => m.shape[key]!.jsonSchema().const as string);
  const message = `must be one of ${tags.map((t) => JSON.stringify(t)).join('|')}`;
  return field(
    'object',
    (v, path) => {
      if (!isRecord(v)) return fail(path, 'must be an object', v);
      const i = tags.indexOf(v[key] as string);
      return i < 0
        ? fail(`${path}.${key}`, message, v[key])
        : (members[i]!.parse(v, path) as OutputOf<M[number]>);
    },
    () => ({ oneOf: members.map((m) => m.jsonSchema()) }),
  );
}

/**
 * One of `members`, which accept different JSON types (a number or an array; a name or an
 * object): the value's type picks the member, whose error is reported. `message` replaces it.
 */
export function union<const M extends readonly AnyField[]>(
  members: M,
  message?: string,
): Field<InputOf<M[number]>, OutputOf<M[number]>> {
  const what = members.map((m) =>
    m.kind === 'object' || m.kind === 'array' ? `an ${m.kind}` : `a ${m.kind}`,
  );
  return field(
    'any',
    (v, path) => {
      const m = members.find((x) => x.kind === kindOf(v));
      if (m === undefined) return fail(path, message ?? `must be ${what.join(' or ')}`, v);
      if (message === undefined) return m.parse(v, path);
      try {
        return m.parse(v, path);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        return fail(path, message, v);
      }
    },
    () => ({ anyOf: members.map((m) => m.jsonSchema()) }),
  );
}

/** Longest simulated span any field may ask for: 1e13 ms ≈ 317 years. */
export const MAX_MS = 1e13;
/** Shortest time constant: 1 ms, far below anything the models resolve. */
export const MIN_MS = 1;
