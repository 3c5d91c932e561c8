/**
 * Every option name of T, as the keys of a `Record<keyof T, true>` literal: TypeScript then
 * refuses a name that T lacks and one that T has and the list forgot, so the run-time check
 * cannot drift from the options' type.
 */
export type OptionNames<T> = Record<keyof T, true>;

/**
 * Refuses an options value that is not a plain object, or that has a key `names` does not
 * list: a typo (`Seed:`, `maxinvocations:`) must not silently select the default. `who` names
 * the function in the error. Shared by every package of the workspace.
 */
export function checkOptionNames<T>(who: string, options: unknown, names: OptionNames<T>): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    const got = options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options;
    throw new TypeError(`${who}: options must be an object, got ${got}`);
  }
  // Inherited enumerable keys too (Object.create(defaults), `{ __proto__: {...} }`): destructuring
  // reads them, so a typo there would select a default as silently as an own one. The walk stops
  // at a prototype without a prototype (Object.prototype of any realm), whose keys are not options.
  for (let o: object | null = options; o !== null; o = Object.getPrototypeOf(o)) {
    if (o !== options && Object.getPrototypeOf(o) === null) break;
    for (const k of Object.keys(o)) {
      if (!Object.hasOwn(names, k)) {
        throw new RangeError(
          `${who}: unknown option '${k}'; the options are ${Object.keys(names).join(', ')}`,
        );
      }
    }
  }
}
