// The loader the site uses for package sources must keep ES2022 semantics that Babel's loose
// preset-env breaks (spread of a Set, for…of over a Map) and TypeScript's class fields.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const loader = require('../plugins/sucraseTsLoader.cjs') as (this: unknown, source: string) => void;

function load(source: string): string {
  let out = '';
  loader.call(
    {
      resourcePath: '/x/packages/p/src/m.ts',
      callback: (err: Error | null, code: string) => {
        if (err) throw err;
        out = code;
      },
    },
    source,
  );
  return out;
}

describe('sucraseTsLoader', () => {
  it('strips types and keeps spread of a Set and for…of over a Map working', () => {
    const code = load(`
      const seen = new Set<string>(['a', 'b']);
      const m = new Map<string, number>([['x', 1], ['y', 2]]);
      let total: number = 0;
      for (const [, v] of m) total += v;
      result = { keys: [...seen], total };
    `);
    expect(code).not.toContain(': number');
    const scope: { result?: unknown } = {};
    new Function('scope', `let result; ${code}; scope.result = result;`)(scope);
    expect(scope.result).toEqual({ keys: ['a', 'b'], total: 3 });
  });

  it('keeps a bare class field as a field (TS ES2022 define semantics) and drops `declare`', () => {
    const code = load('class A { x: number; declare z: string; y = 1; }\nresult = new A();');
    const scope: { result?: object } = {};
    new Function('scope', `let result; ${code}; scope.result = result;`)(scope);
    expect(Object.keys(scope.result ?? {})).toEqual(['x', 'y']);
  });

  it('leaves imports for webpack', () => {
    expect(load("import { a } from './b.js';\nexport const c = a;")).toContain("from './b.js'");
  });
});
