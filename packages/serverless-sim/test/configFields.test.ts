// The config field kit (configFields.ts): each builder's accept/refuse boundary and message, the
// resolved values it returns, and agreement with an independent JSON Schema validator (ajv) on
// the schema the kit generates, over random configs.
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/configError.js';
import {
  array,
  boolean,
  literal,
  num,
  object,
  oneOf,
  optional,
  record,
  string,
  union,
  unknown,
  variant,
  withDefault,
} from '../src/configFields.js';
import { configJsonSchema } from '../src/configJsonSchema.js';
import { preset, presetNames } from '../src/presets.js';
import { resolveConfig } from '../src/simulate.js';

/** The message a check throws, or 'ok'. */
function outcome(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
}

describe('num', () => {
  const f = num(1, 1e6);
  it('accepts the closed range and names it when refusing', () => {
    expect(f.parse(1, 'x')).toBe(1);
    expect(f.parse(1e6, 'x')).toBe(1e6);
    const bad = [0.999_999_9, 1e6 + 0.5, Number.NaN, Infinity, -Infinity, 5e-324, 1e308, '5', null];
    for (const v of bad) {
      expect(outcome(() => f.parse(v, 'config.x'))).toMatch(
        /^config\.x: must be a number in \[1, 1e6\], got /,
      );
    }
    expect(outcome(() => f.parse(Number.NaN, 'x'))).toBe(
      'x: must be a number in [1, 1e6], got NaN',
    );
    expect(outcome(() => f.parse(undefined, 'x'))).toBe(
      'x: must be a number in [1, 1e6], got nothing',
    );
  });
  it('an open low end and integers', () => {
    const g = num(0, 1, { openLow: true });
    expect(outcome(() => g.parse(0, 'p'))).toBe('p: must be a number in (0, 1], got 0');
    expect(g.parse(5e-324, 'p')).toBe(5e-324);
    const i = num(1, 100_000, { int: true });
    expect(outcome(() => i.parse(1.5, 'n'))).toBe('n: must be an integer in [1, 100000], got 1.5');
    expect(i.parse(2, 'n')).toBe(2);
    expect(g.jsonSchema()).toEqual({ type: 'number', exclusiveMinimum: 0, maximum: 1 });
    expect(i.jsonSchema()).toEqual({ type: 'integer', minimum: 1, maximum: 100_000 });
  });
});

describe('strings, enums, literals, booleans', () => {
  it('counts characters as code points, like JSON Schema', () => {
    const s = string(1, 3);
    expect(s.parse('😀😀😀', 's')).toBe('😀😀😀'); // 6 UTF-16 units, 3 characters
    expect(outcome(() => s.parse('', 's'))).toBe(
      's: must be a string of 1 to 3 characters, got ""',
    );
    expect(outcome(() => s.parse('abcd', 's'))).toMatch(/^s: must be a string of 1 to 3/);
    expect(outcome(() => s.parse('x'.repeat(1e6), 's'))).toMatch(/got "x+\.\.\.$/);
  });
  it('lists the allowed values', () => {
    const e = oneOf(['a', 'b']);
    expect(e.parse('b', 'e')).toBe('b');
    // A BOM or a different case is another string.
    for (const v of ['\uFEFFa', 'A', '', 'toString', '__proto__']) {
      expect(outcome(() => e.parse(v, 'e'))).toBe(
        `e: must be one of "a"|"b", got ${JSON.stringify(v)}`,
      );
    }
    expect(outcome(() => literal('x').parse('y', 'k'))).toBe('k: must be "x", got "y"');
    expect(outcome(() => boolean().parse(1, 'b'))).toBe('b: must be true or false, got 1');
  });
});

describe('objects', () => {
  const o = object({
    a: num(0, 10),
    b: withDefault(num(0, 10), 3),
    c: optional(string(0, 5)),
    d: withDefault(object({ e: withDefault(boolean(), true) }), {}),
  });
  it('fills defaults, leaves optional keys out, and returns a fresh object', () => {
    const input = { a: 1 };
    const out = o.parse(input, 'o');
    expect(out).toEqual({ a: 1, b: 3, d: { e: true } });
    expect('c' in out).toBe(false);
    expect(input).toEqual({ a: 1 }); // the input is not changed
    // Defaults are resolved per call: mutating one result does not leak into the next.
    out.d.e = false;
    expect(o.parse({ a: 1 }, 'o').d.e).toBe(true);
  });
  it('refuses unknown keys (also __proto__ from JSON), non-objects and missing keys', () => {
    expect(outcome(() => o.parse({ a: 1, z: 2, y: 3 }, 'o'))).toMatch(
      /^o: unknown key\(s\) z, y, got /,
    );
    const proto = JSON.parse('{"a": 1, "__proto__": {"polluted": true}}');
    expect(outcome(() => o.parse(proto, 'o'))).toMatch(/^o: unknown key\(s\) __proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const v of [null, [], 'x', 1]) {
      expect(outcome(() => o.parse(v, 'o'))).toMatch(/^o: must be an object, got /);
    }
    expect(outcome(() => o.parse({}, 'o'))).toBe('o.a: must be a number in [0, 10], got nothing');
    expect(outcome(() => o.parse({ a: 1, d: { e: 'yes' } }, 'o'))).toBe(
      'o.d.e: must be true or false, got "yes"',
    );
  });
  it('a record keeps a __proto__ key as a plain key', () => {
    const r = record(unknown()).parse(JSON.parse('{"__proto__": 1, "k": 2}'), 'r');
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(Object.keys(r)).toEqual(['__proto__', 'k']);
  });
  it('JSON Schema lists required keys and defaults', () => {
    expect(o.jsonSchema()).toMatchObject({
      type: 'object',
      required: ['a'],
      additionalProperties: false,
      properties: { b: { default: 3, type: 'number' }, c: { type: 'string', maxLength: 5 } },
    });
  });
});

describe('arrays and unions', () => {
  it('an array names the bad item by index', () => {
    const a = array(num(0, 1), 1, 3);
    expect(a.parse([0, 1], 'a')).toEqual([0, 1]);
    expect(outcome(() => a.parse([0, 2], 'a'))).toBe('a[1]: must be a number in [0, 1], got 2');
    expect(outcome(() => a.parse([], 'a'))).toBe('a: must be an array of 1 to 3 items, got []');
    expect(outcome(() => a.parse([0, 0, 0, 0], 'a'))).toMatch(
      /^a: must be an array of 1 to 3 items/,
    );
  });
  it('a union reports the member of the value’s JSON type', () => {
    const u = union([num(0, 1), array(num(0, 1), 1, 2)]);
    expect(outcome(() => u.parse(3, 'u'))).toBe('u: must be a number in [0, 1], got 3');
    expect(outcome(() => u.parse([3], 'u'))).toBe('u[0]: must be a number in [0, 1], got 3');
    expect(outcome(() => u.parse('3', 'u'))).toBe('u: must be a number or an array, got "3"');
    const own = union([num(0, 1, { int: true }), string(0, 2)], 'must be a bit or a short string');
    expect(outcome(() => own.parse(0.5, 'v'))).toBe('v: must be a bit or a short string, got 0.5');
    expect(own.parse('ab', 'v')).toBe('ab');
  });
  it('a variant picks its member by tag and lists the tags', () => {
    const v = variant('kind', [
      object({ kind: literal('a'), x: num(0, 1) }),
      object({ kind: literal('b'), y: withDefault(num(0, 1), 1) }),
    ]);
    expect(v.parse({ kind: 'b' }, 'w')).toEqual({ kind: 'b', y: 1 });
    expect(outcome(() => v.parse({ kind: 'c' }, 'w'))).toBe(
      'w.kind: must be one of "a"|"b", got "c"',
    );
    expect(outcome(() => v.parse({ x: 1 }, 'w'))).toBe(
      'w.kind: must be one of "a"|"b", got nothing',
    );
    expect(outcome(() => v.parse({ kind: 'a', x: 2 }, 'w'))).toBe(
      'w.x: must be a number in [0, 1], got 2',
    );
  });
});

describe('the generated JSON Schema agrees with the config check (ajv as the reference)', () => {
  const validate = new Ajv2020({ strict: false }).compile(configJsonSchema());
  const interesting = [
    0,
    -0,
    1,
    -1,
    0.5,
    1.5,
    5e-324,
    1e308,
    -1e308,
    1e6,
    1e6 + 1,
    1e13,
    100_000,
    100_001,
    Number.MAX_SAFE_INTEGER,
    2 ** 53,
    '',
    '\uFEFF',
    'keep-alive',
    'poisson',
    'x'.repeat(201),
    true,
    false,
    null,
    [],
    [1],
    [-1],
    {},
    { kind: 'fixed', ms: 1 },
  ];
  const leafPaths = (v: unknown, prefix: string[] = []): string[][] =>
    v !== null && typeof v === 'object'
      ? Object.entries(v).flatMap(([k, x]) => [[...prefix, k], ...leafPaths(x, [...prefix, k])])
      : [];
  const setAt = (root: unknown, path: string[], value: unknown) => {
    let o = root as Record<string, unknown>;
    for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
    o[path.at(-1)!] = value;
  };

  it('on presets with one field replaced by an edge value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...presetNames()),
        fc.nat(),
        fc.oneof(fc.constantFrom(...interesting), fc.jsonValue({ maxDepth: 2 })),
        fc.boolean(),
        (name, pick, value, extraKey) => {
          const c = JSON.parse(JSON.stringify(preset(name))) as Record<string, unknown>;
          const paths = [...leafPaths(c), ['cluster', 'nodes'], ['workload', 'kind'], ['seed']];
          const path = paths[pick % paths.length]!;
          setAt(c, extraKey ? [...path.slice(0, -1), 'extra'] : path, value);
          const accepted = outcome(() => resolveConfig(c as never)) === 'ok';
          expect({ path, value, accepted }).toEqual({ path, value, accepted: validate(c) });
        },
      ),
      { numRuns: 2000 },
    );
  });
});
