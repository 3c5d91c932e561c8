/**
 * Validation of an options object before any field is read (ours): a typo such as
 * `Integrity:` must not silently select the default, and values that are called later
 * (observer, rng) are checked where they are passed, not where they first fail.
 */
export const COMMON_OPTION_NAMES = [
  'capacity',
  'blockSize',
  'levels',
  'treeTopLevels',
  'key',
  'encrypt',
  'cipher',
  'storage',
  'observer',
  'rng',
  'state',
] as const;

export const RING_OPTION_NAMES = [
  ...COMMON_OPTION_NAMES,
  'Z',
  'S',
  'A',
  'parameterSet',
  'xorTrick',
  'integrity',
  'mirrorMetadata',
  'replication',
  'channels',
] as const;

export const PATH_OPTION_NAMES = [...COMMON_OPTION_NAMES, 'Z'] as const;

const RING_ONLY = new Set<string>(RING_OPTION_NAMES.filter((n) => n !== 'Z'));

/** Throws TypeError/RangeError naming the field; returns the options typed as a record. */
export function checkOptions(
  o: unknown,
  allowed: readonly string[],
  who: 'createRingOram' | 'createPathOram',
): Record<string, unknown> {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new TypeError(
      `${who}: options must be an object such as { capacity, blockSize }, got ${o === null ? 'null' : Array.isArray(o) ? 'an array' : typeof o}`,
    );
  }
  const names = new Set(allowed);
  for (const k of Object.keys(o)) {
    if (names.has(k)) continue;
    if (who === 'createPathOram' && RING_ONLY.has(k)) {
      throw new RangeError(
        `${who}: option '${k}' is a Ring ORAM option; Path ORAM has no ${k === 'integrity' ? 'integrity modes' : k}`,
      );
    }
    throw new RangeError(`${who}: unknown option '${k}'; the options are ${[...names].join(', ')}`);
  }
  const r = o as Record<string, unknown>;
  if (r.observer !== undefined && typeof r.observer !== 'function') {
    throw new TypeError(
      `observer must be a function (event: TraceEvent) => void, got ${describe(r.observer)}`,
    );
  }
  const rng = r.rng as { int?: unknown; fork?: unknown } | undefined | null;
  if (rng !== undefined) {
    if (rng === null || typeof rng !== 'object' || typeof rng.int !== 'function') {
      throw new TypeError(
        `rng must be a RandomSource with an int(lo, hi) method (e.g. createRng(seed) from @paperlab/stats), got ${describe(rng)}`,
      );
    }
    if (rng.fork !== undefined && typeof rng.fork !== 'function') {
      throw new TypeError(`rng.fork must be a function when present, got ${describe(rng.fork)}`);
    }
  }
  return r;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

/**
 * An optional boolean option: `dflt` when undefined. Anything else that is not a boolean is
 * refused, so that `fsync: 0` or `fsync: 'false'` cannot pass for a choice the caller did not make.
 */
export function checkBooleanOption(name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') {
    // An object is named by its type: its own toString could throw or lie.
    const got =
      v === null
        ? 'null'
        : typeof v === 'object'
          ? 'an object'
          : typeof v === 'function'
            ? 'a function'
            : String(v);
    throw new TypeError(`${name} must be true or false, got ${got}`);
  }
  return v;
}
