// Field builders for the config schemas (zod/mini, so the validator adds little to a browser
// bundle). Every numeric field has a finite range, not only a sign: a config that would make the
// simulator spin (a 5e-324 ms sample interval, a 1e-300 ms burst) is refused with a message that
// names the range, e.g. `must be a number in [1, 1e13]`.
import * as z from 'zod/mini';

const show = (x: number) =>
  Math.abs(x) >= 1e6 && Number.isInteger(Math.log10(Math.abs(x)))
    ? `1e${Math.log10(Math.abs(x))}`
    : String(x);

/**
 * A finite number in [lo, hi] (or (lo, hi] with `openLow`), an integer with `int`. The range is
 * in the error message and in the exported JSON Schema.
 */
export function num(lo: number, hi: number, o: { int?: boolean; openLow?: boolean } = {}) {
  const error = `must be ${o.int ? 'an integer' : 'a number'} in ${o.openLow ? '(' : '['}${show(lo)}, ${show(hi)}]`;
  const base = o.int ? z.int({ error }) : z.number({ error });
  return base.check(o.openLow ? z.gt(lo, { error }) : z.gte(lo, { error }), z.lte(hi, { error }));
}

/** A fraction in [0, 1]. */
export const fraction = () => num(0, 1);

/** One of `values`, listed in the error. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: `must be one of ${values.map((v) => JSON.stringify(v)).join('|')}`,
  });
}

/** Longest simulated span any field may ask for: 1e13 ms ≈ 317 years. */
export const MAX_MS = 1e13;
/** Shortest time constant: 1 ms, far below anything the models resolve. */
export const MIN_MS = 1;
