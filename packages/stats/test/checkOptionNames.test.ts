import { describe, expect, it } from 'vitest';
import { checkOptionNames, type OptionNames } from '../src/index.ts';

interface Opts {
  seed?: number;
  rate?: number;
}
const NAMES: OptionNames<Opts> = { seed: true, rate: true };

describe('checkOptionNames', () => {
  it('accepts the listed names (and none), refuses any other by name, listing the options', () => {
    expect(() => checkOptionNames('f', {}, NAMES)).not.toThrow();
    expect(() => checkOptionNames('f', { seed: 1, rate: undefined }, NAMES)).not.toThrow();
    expect(() => checkOptionNames('f', { Seed: 1 }, NAMES)).toThrow(
      new RangeError("f: unknown option 'Seed'; the options are seed, rate"),
    );
    // An inherited name is not an option: only own keys of the list count.
    expect(() => checkOptionNames('f', { toString: 1 }, NAMES)).toThrow(
      /unknown option 'toString'/,
    );
    expect(() => checkOptionNames('f', JSON.parse('{"__proto__": 1}'), NAMES)).toThrow(
      /unknown option '__proto__'/,
    );
  });

  it('refuses an unknown name inherited from a prototype, which destructuring would read', () => {
    const inherited = { __proto__: { Seed: 1 } };
    expect(() => checkOptionNames('f', inherited, NAMES)).toThrow(
      new RangeError("f: unknown option 'Seed'; the options are seed, rate"),
    );
    expect(() => checkOptionNames('f', Object.create({ seed: 1 }), NAMES)).not.toThrow();
    const bare = Object.assign(Object.create(null), { rate: 1 });
    expect(() => checkOptionNames('f', bare, NAMES)).not.toThrow();
    bare.Rate = 2;
    expect(() => checkOptionNames('f', bare, NAMES)).toThrow(/unknown option 'Rate'/);
    // A class instance's methods live on its prototype, non-enumerable: not options.
    expect(() => checkOptionNames('f', new Date(0), NAMES)).not.toThrow();
  });

  it('refuses what is not a plain object', () => {
    for (const [v, got] of [
      [null, 'null'],
      [[], 'an array'],
      [3, 'number'],
      ['seed', 'string'],
    ] as const) {
      expect(() => checkOptionNames('f', v, NAMES)).toThrow(
        new TypeError(`f: options must be an object, got ${got}`),
      );
    }
  });
});
