// Sample quantiles with numpy's semantics: the same 13 methods as `np.quantile(xs, p, method=)`
// (Hyndman & Fan 1996 types 1–9 plus numpy's lower/higher/midpoint/nearest), the same index
// arithmetic and the same interpolation formula, so results agree with numpy bit for bit
// (up to which of −0 and +0 is returned when both occur: they compare equal).
import { copySample } from './copySample.js';
import { assertProbability, assertSample, describe } from './validate.js';

/** numpy's quantile methods; the default everywhere in this package is 'linear' (H&F type 7). */
export type QuantileMethod =
  | 'linear'
  | 'lower'
  | 'higher'
  | 'midpoint'
  | 'nearest'
  | 'inverted_cdf'
  | 'averaged_inverted_cdf'
  | 'closest_observation'
  | 'interpolated_inverted_cdf'
  | 'hazen'
  | 'weibull'
  | 'median_unbiased'
  | 'normal_unbiased';

/** (alpha, beta) of the continuous Hyndman & Fan methods; numpy computes 'linear' as (n-1)p. */
const PLOTTING_POSITIONS: Partial<Record<QuantileMethod, readonly [number, number]>> = {
  interpolated_inverted_cdf: [0, 1],
  hazen: [0.5, 0.5],
  weibull: [0, 0],
  median_unbiased: [1 / 3, 1 / 3],
  normal_unbiased: [3 / 8, 3 / 8],
};

const METHODS: ReadonlySet<string> = new Set<QuantileMethod>([
  'linear',
  'lower',
  'higher',
  'midpoint',
  'nearest',
  'inverted_cdf',
  'averaged_inverted_cdf',
  'closest_observation',
  'interpolated_inverted_cdf',
  'hazen',
  'weibull',
  'median_unbiased',
  'normal_unbiased',
]);

function assertMethod(method: string): void {
  if (!METHODS.has(method)) {
    throw new RangeError(
      `method must be one of ${[...METHODS].join(', ')}; got ${describe(method)}`,
    );
  }
}

/**
 * Where the p-quantile sits in a sorted sample of n values: order-statistic indices lo and hi
 * (0-based, clamped to [0, n-1]) and the weight t of hi, so the quantile is lerp(x[lo], x[hi], t).
 */
interface Position {
  lo: number;
  hi: number;
  t: number;
}

function position(n: number, p: number, method: QuantileMethod, out: Position): Position {
  let index: number;
  let t: number;
  switch (method) {
    case 'lower':
      return clamp(Math.floor((n - 1) * p), 0, n, out);
    case 'higher':
      return clamp(Math.ceil((n - 1) * p), 0, n, out);
    case 'nearest':
      return clamp(roundHalfEven((n - 1) * p), 0, n, out);
    case 'inverted_cdf':
    case 'closest_observation': {
      const v = method === 'inverted_cdf' ? n * p - 1 : n * p - 1 - 0.5;
      const previous = Math.floor(v);
      const g = v - previous;
      // H&F: at g = 0 take the lower statistic (type 1), or the even 1-based one (type 3).
      const takePrevious = method === 'inverted_cdf' ? g === 0 : g === 0 && mod(previous, 2) === 1;
      return clamp(Math.max(0, takePrevious ? previous : previous + 1), 0, n, out);
    }
    case 'midpoint':
      index = 0.5 * (Math.floor((n - 1) * p) + Math.ceil((n - 1) * p));
      t = index % 1 === 0 ? 0 : 0.5;
      break;
    case 'averaged_inverted_cdf':
      index = n * p - 1;
      t = index - Math.floor(index) === 0 ? 0.5 : 1;
      break;
    case 'linear':
      index = (n - 1) * p;
      t = index - Math.floor(index);
      break;
    default: {
      const [alpha, beta] = PLOTTING_POSITIONS[method]!;
      index = n * p + (alpha + p * (1 - alpha - beta)) - 1;
      t = index - Math.floor(index);
    }
  }
  // numpy's _get_indexes: beyond either end both neighbours are the extreme value.
  if (index >= n - 1) {
    out.lo = n - 1;
    out.hi = n - 1;
  } else if (index < 0) {
    out.lo = 0;
    out.hi = 0;
  } else {
    out.lo = Math.floor(index);
    out.hi = out.lo + 1;
  }
  out.t = t;
  return out;
}

function clamp(i: number, t: number, n: number, out: Position): Position {
  const k = Math.min(Math.max(i, 0), n - 1);
  out.lo = k;
  out.hi = k;
  out.t = t;
  return out;
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** np.around: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** numpy's _lerp: exact at both ends. numpy hands back x[lo] itself when t = 0 (so −0 stays −0). */
function lerp(a: number, b: number, t: number): number {
  if (t === 0) return a;
  const diff = b - a;
  if (!Number.isFinite(diff)) {
    // b − a overflowed (a and b near ∓1.8e308) or both are the same infinity (a statistic's
    // results in bootstrapCi may be): numpy's formula would give ±∞ or NaN.
    if (a === b) return a;
    return Math.min(Math.max(a * (1 - t) + b * t, a), b);
  }
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * Quantile of an already sorted (ascending) sample. O(1); no copy. The caller vouches for
 * the order and for the values being finite (summarize and the recorder use this).
 */
export function quantileSorted(
  sorted: ArrayLike<number>,
  p: number,
  method: QuantileMethod = 'linear',
): number {
  if (sorted === null || typeof sorted !== 'object' || typeof sorted.length !== 'number') {
    throw new TypeError(
      `sorted must be an array or typed array of numbers, got ${describe(sorted)}`,
    );
  }
  if (sorted.length === 0)
    throw new RangeError('sorted must contain at least 1 value, got an empty array');
  assertProbability('p', p);
  assertMethod(method);
  const pos = position(sorted.length, p, method, { lo: 0, hi: 0, t: 0 });
  return lerp(sorted[pos.lo]!, sorted[pos.hi]!, pos.t);
}

/**
 * The p-quantile of xs, p in [0, 1]. Default method 'linear' is numpy's default
 * (`np.quantile(xs, p)`, Hyndman & Fan type 7, R's default too): x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])
 * with h = (n − 1)·p. Other numpy methods by name. Expected O(n): copies xs once and
 * partially orders the copy by quickselect instead of sorting it. xs is not modified.
 */
export function quantile(
  xs: ArrayLike<number>,
  p: number,
  method: QuantileMethod = 'linear',
): number {
  const n = assertSample('xs', xs);
  assertProbability('p', p);
  assertMethod(method);
  const pos = position(n, p, method, { lo: 0, hi: 0, t: 0 });
  const work = copySample(xs);
  select(work, pos.lo, 0, n - 1);
  const a = work[pos.lo]!;
  if (pos.hi === pos.lo) return lerp(a, a, pos.t);
  // After selecting lo, everything right of it is ≥ it, so the next order statistic is their minimum.
  let b = Number.POSITIVE_INFINITY;
  for (let i = pos.lo + 1; i < n; i++) if (work[i]! < b) b = work[i]!;
  return lerp(a, b, pos.t);
}

/**
 * Linear quantiles at ascending probabilities ps, by successive quickselects on `work`, which
 * is reordered (pass a copy). Each selection only scans what lies right of the previous one, so
 * a handful of percentiles cost a few passes over the data instead of a sort.
 */
export function linearQuantilesBySelection(work: Float64Array, ps: readonly number[]): number[] {
  const n = work.length;
  const out: number[] = [];
  const pos: Position = { lo: 0, hi: 0, t: 0 };
  let left = 0;
  for (const p of ps) {
    position(n, p, 'linear', pos);
    // Everything left of `left` is ≤ work[left] ≤ everything right of it, so order statistics
    // from `left` on live in work[left..n-1].
    select(work, pos.lo, left, n - 1);
    const a = work[pos.lo]!;
    let b = a;
    if (pos.hi !== pos.lo) {
      // The next order statistic is the smallest value right of lo: a scan, no reordering.
      b = Number.POSITIVE_INFINITY;
      for (let i = pos.lo + 1; i < n; i++) if (work[i]! < b) b = work[i]!;
    }
    out.push(lerp(a, b, pos.t));
    left = pos.lo;
  }
  return out;
}

/**
 * Rearranges a[left..right] so a[k] is the value it would have if sorted, smaller values before
 * it and larger after (Hoare's quickselect with median-of-three pivots; expected O(n)).
 */
export function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    // Median of three guards against sorted and reverse-sorted input.
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
