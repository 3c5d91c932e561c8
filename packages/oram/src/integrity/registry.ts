import type { IntegrityScheme } from './integrityScheme.js';
import { merkleScheme } from './merkle.js';
import { noneScheme } from './none.js';
import { ritScheme } from './rit.js';
import { ritMustScheme } from './ritMust.js';

/**
 * Every integrity scheme, by name. A new scheme is one file plus one line here; its id is
 * stored in the metadata, so ids are explicit and never reused (not an array's order).
 */
const SCHEMES = new Map<string, IntegrityScheme>();

/** Adds a scheme (also for tests: a scheme defined in a test file). */
export function registerIntegrityScheme(s: IntegrityScheme): void {
  if (!Number.isInteger(s.id) || s.id < 0 || s.id > 15) {
    throw new RangeError(`integrity scheme id must be an integer in [0, 15], got ${s.id}`);
  }
  for (const o of SCHEMES.values()) {
    if (o.id === s.id && o.name !== s.name) {
      throw new RangeError(`integrity scheme id ${s.id} is taken by '${o.name}'`);
    }
  }
  SCHEMES.set(s.name, s);
}

registerIntegrityScheme(noneScheme);
registerIntegrityScheme(merkleScheme);
registerIntegrityScheme(ritScheme);
registerIntegrityScheme(ritMustScheme);

/** The scheme named `name` (own names only: '__proto__' is not one), or undefined. */
export function integritySchemeNamed(name: unknown): IntegrityScheme | undefined {
  return typeof name === 'string' ? SCHEMES.get(name) : undefined;
}

export function integritySchemeNames(): string[] {
  return [...SCHEMES.keys()];
}
