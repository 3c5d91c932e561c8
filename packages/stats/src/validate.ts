// Small assertion helpers shared by every public entry point. Each one throws before any state
// is touched, so a rejected call leaves generators, recorders and gauges unchanged, and each
// message names the argument and the range it must lie in.

/** Formats a received value for an error message without throwing on odd inputs. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value;
}

export function assertFinite(name: string, value: number): void {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a finite number, got ${describe(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${describe(value)}`);
  }
}

/** value must be finite and > 0. */
export function assertPositive(name: string, value: number): void {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a finite number > 0, got ${describe(value)}`);
  }
  if (!(value > 0 && value < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`${name} must be a finite number > 0, got ${describe(value)}`);
  }
}

/** value must be finite and >= 0. */
export function assertNonNegative(name: string, value: number): void {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a finite number >= 0, got ${describe(value)}`);
  }
  if (!(value >= 0 && value < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${describe(value)}`);
  }
}

export function assertProbability(name: string, value: number): void {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a number in [0, 1], got ${describe(value)}`);
  }
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be a number in [0, 1], got ${describe(value)}`);
  }
}

export function assertInteger(name: string, value: number, min: number, max: number): void {
  const range = `an integer in [${formatBound(min)}, ${formatBound(max)}]`;
  if (typeof value !== 'number')
    throw new TypeError(`${name} must be ${range}, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be ${range}, got ${describe(value)}`);
  }
}

function formatBound(bound: number): string {
  if (bound === Number.MAX_SAFE_INTEGER) return '2^53-1';
  if (bound === Number.MIN_SAFE_INTEGER) return '-(2^53-1)';
  return String(bound);
}

/**
 * Checks a sample: array-like, non-empty, every element a finite number. Returns its length.
 * O(n); every descriptive function calls it once so NaN never silently poisons a result.
 */
export function assertSample(name: string, xs: ArrayLike<number>): number {
  if (xs === null || typeof xs !== 'object' || typeof xs.length !== 'number') {
    throw new TypeError(`${name} must be an array or typed array of numbers, got ${describe(xs)}`);
  }
  const n = xs.length;
  if (n === 0) throw new RangeError(`${name} must contain at least 1 value, got an empty array`);
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    if (typeof x !== 'number') {
      throw new TypeError(`${name}[${i}] must be a finite number, got ${describe(x)}`);
    }
    if (!Number.isFinite(x)) {
      throw new RangeError(`${name}[${i}] must be a finite number, got ${describe(x)}`);
    }
  }
  return n;
}
