// Bounded-memory latency recorder. Values are kept exactly in a typed array up to
// exactCapacity; past that, they move into logarithmic buckets (the DDSketch scheme of Masson,
// Rim & Lee, VLDB 2019): bucket i holds (γ^(i-1), γ^i] with γ = (1 + α)/(1 − α), and reports
// 2γ^i/(γ + 1), which is within relative error α of every value in the bucket. Memory is then
// proportional to log(max/min)/α, not to the number of samples: ~1 KB per decade at α = 1 %.
import { checkOptionNames, type OptionNames } from './checkOptionNames.js';

import { ExactMoments } from './exactMoments.js';
import {
  DEFAULT_EXACT_CAPACITY,
  DEFAULT_RELATIVE_ERROR,
  MAX_EXACT_CAPACITY,
  MAX_RELATIVE_ERROR,
  MIN_RELATIVE_ERROR,
} from './parameters.js';
import { quantileSorted } from './quantile.js';
import type { Summary } from './summarize.js';
import { assertInteger, assertNonNegative, assertProbability, describe } from './validate.js';

export interface RecorderOptions {
  /** Values kept exactly before switching to buckets; an integer in [0, 2^26]. Default 65 536. */
  exactCapacity?: number;
  /** Bucket relative error α in [0.0001, 0.5]. Default 0.01 (1 %). */
  relativeError?: number;
}

/** Streams values ≥ 0 (latencies, sizes) into bounded memory; see createRecorder. */
export interface Recorder {
  /** Records one finite value ≥ 0. O(1) amortized, no allocation except occasional growth. */
  add(value: number): void;
  readonly count: number;
  /** Mean, correctly rounded from the exact sum, in both modes. NaN when empty. */
  readonly mean: number;
  /** Exact minimum; +∞ when empty. */
  readonly min: number;
  /** Exact maximum; −∞ when empty. */
  readonly max: number;
  /**
   * While exact: numpy's default 'linear' quantile of everything recorded. After switching to
   * buckets: within relativeError of the order statistic numpy calls 'lower' (x₍⌊p(n−1)⌋₎),
   * clamped to [min, max]; p = 0 and p = 1 give min and max exactly.
   */
  quantile(p: number): number;
  /**
   * Summary of everything recorded. mean and stdev (ddof = 1) are correctly rounded from exact
   * sums, min and max exact, in both modes; percentiles as quantile().
   */
  summary(): Summary;
  /**
   * Adds everything other recorded (same relativeError if either has switched to buckets).
   * Exact: recorders with the same options fed any split of a stream, merged in any order,
   * end in the state of one recorder fed the whole stream (same toJSON, summary, quantiles).
   */
  merge(other: Recorder): void;
  /**
   * The whole state as plain JSON data (a canonical form: equal recorders give equal
   * JSON.stringify bytes); recorderFromJSON restores it exactly.
   */
  toJSON(): RecorderJSON;
  /** Bytes held by the recorder's arrays plus a fixed overhead estimate. */
  memoryBytes(): number;
  /** true once values have moved into buckets. */
  readonly approximate: boolean;
}

/**
 * Serialised recorder (see Recorder.toJSON). Numbers are plain JSON numbers, which round-trip
 * doubles exactly; the two sums are exact integers in hexadecimal.
 */
export interface RecorderJSON {
  format: 'paperlab-recorder';
  version: 1;
  exactCapacity: number;
  relativeError: number;
  count: number;
  /** null when count is 0 (JSON has no ±∞). */
  min: number | null;
  max: number | null;
  /** Σx·2^1074 as a lowercase hexadecimal integer (every double is a multiple of 2^-1074). */
  sum: string;
  /** Σx²·2^2148, likewise. */
  sumOfSquares: string;
  /** Exact mode: every value, ascending. null once the recorder has switched to buckets. */
  values: number[] | null;
  /** Bucket mode: how many values were 0 (they have no logarithmic bucket). */
  zeros: number;
  /** Bucket index of buckets[0]; bucket i holds (γ^(i−1), γ^i]. */
  bucketOffset: number;
  /** Counts from the first to the last non-empty bucket; [] in exact mode. */
  buckets: number[];
}

/** Object header, fields and typed-array headers, roughly, as V8 lays them out on 64-bit. */
const FIXED_OVERHEAD_BYTES = 256;

const RECORDER_OPTIONS: OptionNames<RecorderOptions> = { exactCapacity: true, relativeError: true };

/** Creates an empty recorder. */
export function createRecorder(options: RecorderOptions = {}): Recorder {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  checkOptionNames('createRecorder', options, RECORDER_OPTIONS);
  const { exactCapacity = DEFAULT_EXACT_CAPACITY, relativeError = DEFAULT_RELATIVE_ERROR } =
    options;
  assertInteger('exactCapacity', exactCapacity, 0, MAX_EXACT_CAPACITY);
  if (
    typeof relativeError !== 'number' ||
    !(relativeError >= MIN_RELATIVE_ERROR && relativeError <= MAX_RELATIVE_ERROR)
  ) {
    throw new RangeError(
      `relativeError must be a number in [${MIN_RELATIVE_ERROR}, ${MAX_RELATIVE_ERROR}], got ${describe(relativeError)}`,
    );
  }
  return new LogBucketRecorder(exactCapacity, relativeError);
}

/**
 * Rebuilds a recorder from Recorder.toJSON() output (or its JSON.parse). Checks every field and
 * the consistency between them (count against values or buckets, min/max against the extreme
 * buckets, sums against values, bounds and Cauchy–Schwarz), and throws a TypeError/RangeError
 * naming the field otherwise.
 */
export function recorderFromJSON(json: unknown): Recorder {
  return fromJSON(json);
}

// The members without `private` are read by fromJSON below (this class is not exported).
class LogBucketRecorder implements Recorder {
  readonly exactCapacity: number;
  private readonly relativeError: number;
  private readonly logGamma: number;
  private readonly gamma: number;
  exact: Float64Array | null;
  private exactCount = 0;
  private exactSorted = true;
  private buckets: Float64Array | null = null;
  /** Bucket index of buckets[0]. */
  private offset = 0;
  zeroCount = 0;
  n = 0;
  /**
   * Exact Σx, Σx² of every value except the exact buffer's entries from index `folded` on:
   * those are folded in lazily (before any read, sort or switch), so exact-mode adds stay as
   * cheap as a store.
   */
  readonly moments = new ExactMoments();
  private folded = 0;
  /** mean, computed from the exact sum on first read after a change (BigInt work). */
  private cachedMean = Number.NaN;
  meanIsCurrent = true;
  lo = Number.POSITIVE_INFINITY;
  hi = Number.NEGATIVE_INFINITY;

  constructor(exactCapacity: number, relativeError: number) {
    this.exactCapacity = exactCapacity;
    this.relativeError = relativeError;
    this.gamma = (1 + relativeError) / (1 - relativeError);
    this.logGamma = Math.log(this.gamma);
    this.exact = exactCapacity > 0 ? new Float64Array(Math.min(exactCapacity, 1024)) : null;
  }

  get count(): number {
    return this.n;
  }
  get mean(): number {
    if (!this.meanIsCurrent) {
      this.fold();
      this.cachedMean = this.moments.mean(this.n);
      this.meanIsCurrent = true;
    }
    return this.cachedMean;
  }
  get min(): number {
    return this.lo;
  }
  get max(): number {
    return this.hi;
  }
  get approximate(): boolean {
    return this.exact === null;
  }

  add(value: number): void {
    // typeof too: '8' >= 0 holds, and a string would reach the buffer and the moments.
    if (typeof value !== 'number' || !(value >= 0 && value < Number.POSITIVE_INFINITY))
      assertNonNegative('value', value);
    // −0 becomes +0: JSON cannot carry the sign, and a round trip must change nothing.
    if (value === 0) value = 0;
    this.n++;
    this.meanIsCurrent = false;
    if (value < this.lo) this.lo = value;
    if (value > this.hi) this.hi = value;
    if (this.store(value)) this.moments.add(value);
  }

  /** Adds the exact buffer's not-yet-counted values into the exact moments. */
  fold(): void {
    const exact = this.exact;
    if (exact === null) return;
    for (let i = this.folded; i < this.exactCount; i++) this.moments.add(exact[i]!);
    this.folded = this.exactCount;
  }

  /**
   * Places a value in the exact buffer or a bucket. Returns true when it went to a bucket: the
   * caller must then add it to the moments (buffered values are folded in later).
   */
  store(value: number): boolean {
    const exact = this.exact;
    if (exact !== null) {
      if (this.exactCount < exact.length) {
        exact[this.exactCount++] = value;
        this.exactSorted = false;
        return false;
      }
      if (exact.length < this.exactCapacity) {
        const grown = new Float64Array(Math.min(this.exactCapacity, exact.length * 2));
        grown.set(exact);
        this.exact = grown;
        grown[this.exactCount++] = value;
        this.exactSorted = false;
        return false;
      }
      this.switchToBuckets();
    }
    this.bucketAdd(value, 1);
    return true;
  }

  switchToBuckets(): void {
    this.fold();
    const exact = this.exact;
    this.exact = null;
    this.folded = 0;
    if (exact === null) return;
    for (let i = 0; i < this.exactCount; i++) this.bucketAdd(exact[i]!, 1);
    this.exactCount = 0;
  }

  bucketIndex(value: number): number {
    return Math.ceil(Math.log(value) / this.logGamma);
  }

  private bucketAdd(value: number, weight: number): void {
    if (value === 0) {
      this.zeroCount += weight;
      return;
    }
    this.bucketAddIndex(this.bucketIndex(value), weight);
  }

  bucketAddIndex(index: number, weight: number): void {
    let buckets = this.buckets;
    if (buckets === null) {
      buckets = new Float64Array(64);
      this.offset = index - 32;
      this.buckets = buckets;
    }
    let k = index - this.offset;
    if (k < 0 || k >= buckets.length) {
      buckets = this.grow(index);
      k = index - this.offset;
    }
    buckets[k]! += weight;
  }

  /** Reallocates the dense bucket array to cover index, with as much slack again. */
  private grow(index: number): Float64Array {
    const old = this.buckets!;
    const first = Math.min(this.offset, index);
    const last = Math.max(this.offset + old.length - 1, index);
    const span = last - first + 1;
    const size = Math.max(span * 2, 64);
    const newOffset = index < this.offset ? first - (size - span) : first;
    const grown = new Float64Array(size);
    grown.set(old, this.offset - newOffset);
    this.buckets = grown;
    this.offset = newOffset;
    return grown;
  }

  private sortedExact(): Float64Array {
    const view = this.exact!.subarray(0, this.exactCount);
    if (!this.exactSorted) {
      this.fold(); // sorting would mix counted and uncounted values
      // Order inside the buffer carries no meaning, so sorting in place costs no memory.
      view.sort();
      this.exactSorted = true;
    }
    return view;
  }

  quantile(p: number): number {
    assertProbability('p', p);
    if (this.n === 0) throw new RangeError('quantile needs at least 1 recorded value, got 0');
    if (this.exact !== null) return quantileSorted(this.sortedExact(), p);
    if (p === 0) return this.lo;
    if (p === 1) return this.hi;
    const rank = p * (this.n - 1);
    let seen = this.zeroCount;
    if (seen > rank) return 0;
    const buckets = this.buckets!;
    for (let k = 0; k < buckets.length; k++) {
      seen += buckets[k]!;
      if (seen > rank) {
        const estimate = (2 * this.gamma ** (k + this.offset)) / (this.gamma + 1);
        return Math.min(Math.max(estimate, this.lo), this.hi);
      }
    }
    return this.hi;
  }

  summary(): Summary {
    if (this.n === 0) throw new RangeError('summary needs at least 1 recorded value, got 0');
    this.fold();
    return {
      count: this.n,
      mean: this.mean,
      stdev: this.moments.stdev(this.n),
      min: this.lo,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p99: this.quantile(0.99),
      p999: this.quantile(0.999),
      max: this.hi,
    };
  }

  merge(other: Recorder): void {
    if (!(other instanceof LogBucketRecorder)) {
      throw new TypeError('other must be a recorder made by createRecorder');
    }
    if (other === this) throw new RangeError('other must be a different recorder than this one');
    // Exact values can go anywhere; buckets only line up when both use the same γ.
    if (other.exact === null && other.relativeError !== this.relativeError) {
      throw new RangeError(
        `other.relativeError must equal this recorder's (${this.relativeError}) to merge buckets, got ${other.relativeError}`,
      );
    }
    if (other.n === 0) return;
    if (this.n + other.n > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`count must stay below 2^53 after merging, got ${this.n} + ${other.n}`);
    }
    this.n += other.n;
    other.fold();
    // Buffered values of other are re-stored one by one below; store() says which to count.
    if (other.exact === null) this.moments.merge(other.moments);
    this.meanIsCurrent = false;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
    if (other.exact !== null) {
      for (let i = 0; i < other.exactCount; i++) {
        const x = other.exact[i]!;
        if (this.store(x)) this.moments.add(x);
      }
      return;
    }
    this.switchToBuckets();
    this.zeroCount += other.zeroCount;
    const theirs = other.buckets;
    if (theirs === null) return;
    for (let k = 0; k < theirs.length; k++) {
      const w = theirs[k]!;
      if (w !== 0) this.bucketAddIndex(k + other.offset, w);
    }
  }

  memoryBytes(): number {
    return (
      FIXED_OVERHEAD_BYTES +
      this.moments.byteLength() +
      (this.exact?.byteLength ?? 0) +
      (this.buckets?.byteLength ?? 0)
    );
  }

  toJSON(): RecorderJSON {
    this.fold();
    let values: number[] | null = null;
    let bucketOffset = 0;
    let buckets: number[] = [];
    if (this.exact !== null) {
      values = Array.from(this.sortedExact());
    } else if (this.buckets !== null) {
      // Only the non-empty span: the dense array's slack depends on the order of growth.
      const all = this.buckets;
      let first = 0;
      while (first < all.length && all[first] === 0) first++;
      let last = all.length - 1;
      while (last >= first && all[last] === 0) last--;
      if (first <= last) {
        bucketOffset = first + this.offset;
        buckets = Array.from(all.subarray(first, last + 1));
      }
    }
    return {
      format: 'paperlab-recorder',
      version: 1,
      exactCapacity: this.exactCapacity,
      relativeError: this.relativeError,
      count: this.n,
      min: this.n === 0 ? null : this.lo,
      max: this.n === 0 ? null : this.hi,
      sum: this.moments.sumScaled().toString(16),
      sumOfSquares: this.moments.sumOfSquaresScaled().toString(16),
      values,
      zeros: this.exact === null ? this.zeroCount : 0,
      bucketOffset,
      buckets,
    };
  }
}

// Outside the class (with the helpers below) so that a bundle which never restores a recorder
// drops this code; class methods cannot be tree-shaken.
function fromJSON(json: unknown): LogBucketRecorder {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new TypeError(`json must be an object made by Recorder.toJSON, got ${describe(json)}`);
  }
  const j = json as Record<string, unknown>;
  if (j.format !== 'paperlab-recorder') {
    throw new RangeError(`format must be "paperlab-recorder", got ${describe(j.format)}`);
  }
  if (j.version !== 1) throw new RangeError(`version must be 1, got ${describe(j.version)}`);
  const r = createRecorder({
    exactCapacity: j.exactCapacity as number,
    relativeError: j.relativeError as number,
  }) as LogBucketRecorder;
  const count = j.count as number;
  assertInteger('count', count, 0, Number.MAX_SAFE_INTEGER);
  const sum = parseHex('sum', j.sum);
  const sumOfSquares = parseHex('sumOfSquares', j.sumOfSquares);
  if (count === 0) {
    if (j.min !== null || j.max !== null) {
      throw new RangeError(`min and max must be null when count is 0, got ${describe(j.min)}`);
    }
  } else {
    assertNonNegative('min', j.min as number);
    assertNonNegative('max', j.max as number);
    if ((j.min as number) > (j.max as number)) {
      throw new RangeError(`min must be <= max, got min=${j.min}, max=${j.max}`);
    }
  }
  const min = count === 0 ? Number.POSITIVE_INFINITY : (j.min as number) + 0;
  const max = count === 0 ? Number.NEGATIVE_INFINITY : (j.max as number) + 0;
  const values = j.values;
  if (values === null) {
    loadBuckets(r, j, count, min, max);
  } else {
    if (!Array.isArray(values)) {
      throw new TypeError(`values must be an array or null, got ${describe(values)}`);
    }
    if (r.exact === null || values.length > r.exactCapacity || values.length !== count) {
      throw new RangeError(
        `values must hold count (${count}) values, at most exactCapacity (${r.exactCapacity}), got ${values.length}`,
      );
    }
    if (j.zeros !== 0 || j.bucketOffset !== 0 || !isEmptyArray(j.buckets)) {
      throw new RangeError('zeros, bucketOffset and buckets must be 0, 0 and [] in exact mode');
    }
    let previous = 0;
    for (let i = 0; i < values.length; i++) {
      const x = values[i] as number;
      assertNonNegative(`values[${i}]`, x);
      if (x < previous) {
        throw new RangeError(`values must be ascending, got values[${i}] = ${x} < ${previous}`);
      }
      previous = x;
      r.store(x + 0);
    }
    if (count > 0 && (values[0] !== min || values[count - 1] !== max)) {
      throw new RangeError(`min and max must equal the first and last values, got ${min}, ${max}`);
    }
  }
  r.n = count;
  r.lo = min;
  r.hi = max;
  checkSums(r, sum, sumOfSquares, values !== null);
  return r;
}

/** Rebuilds the bucket state of fromJSON; r is fresh, so a throw leaves nothing behind. */
function loadBuckets(
  r: LogBucketRecorder,
  j: Record<string, unknown>,
  count: number,
  min: number,
  max: number,
): void {
  const zeros = j.zeros as number;
  assertInteger('zeros', zeros, 0, count);
  const offset = j.bucketOffset as number;
  // Indices of the smallest and largest positive doubles, ⌈ln x / ln γ⌉.
  const lowest = r.bucketIndex(Number.MIN_VALUE);
  const highest = r.bucketIndex(Number.MAX_VALUE);
  const buckets = j.buckets;
  if (!Array.isArray(buckets)) {
    throw new TypeError(`buckets must be an array, got ${describe(buckets)}`);
  }
  if (buckets.length > 0) {
    assertInteger('bucketOffset', offset, lowest, highest - buckets.length + 1);
  } else if (offset !== 0) {
    throw new RangeError(`bucketOffset must be 0 when buckets is empty, got ${describe(offset)}`);
  }
  if (buckets.length > 0 && (buckets[0] === 0 || buckets[buckets.length - 1] === 0)) {
    throw new RangeError('buckets must start and end with a non-empty bucket');
  }
  let total = zeros;
  for (let i = 0; i < buckets.length; i++) {
    assertInteger(`buckets[${i}]`, buckets[i] as number, 0, count);
    total += buckets[i] as number;
  }
  if (total !== count) {
    throw new RangeError(`zeros + buckets must add up to count (${count}), got ${total}`);
  }
  // min and max must sit in the lowest and highest non-empty buckets (or be 0).
  const minOk = zeros > 0 ? min === 0 : min > 0 && r.bucketIndex(min) === offset;
  const maxOk =
    buckets.length === 0 ? max === 0 : r.bucketIndex(max) === offset + buckets.length - 1;
  if (count > 0 && !(minOk && maxOk)) {
    throw new RangeError(
      `min and max must lie in the first and last non-empty buckets, got ${min}, ${max}`,
    );
  }
  r.switchToBuckets();
  r.zeroCount = zeros;
  for (let i = 0; i < buckets.length; i++) {
    if (buckets[i] !== 0) r.bucketAddIndex(offset + i, buckets[i] as number);
  }
}

/**
 * Loads the exact sums after checking them: equal to the values' sums in exact mode; in
 * bucket mode within [n·min, n·max] (and squares within [n·min², n·max²]) and nΣx² ≥ (Σx)².
 */
function checkSums(r: LogBucketRecorder, sum: bigint, sumOfSquares: bigint, exact: boolean): void {
  const n = BigInt(r.n);
  if (exact) {
    // Fresh recorder: nothing folded yet, so this counts every value once.
    r.fold();
    if (r.moments.sumScaled() !== sum || r.moments.sumOfSquaresScaled() !== sumOfSquares) {
      throw new RangeError('sum and sumOfSquares must be the exact sums of values');
    }
  } else {
    const lo = new ExactMoments();
    const hi = new ExactMoments();
    if (r.n > 0) {
      lo.add(r.lo);
      hi.add(r.hi);
    }
    const inRange =
      sum >= n * lo.sumScaled() &&
      sum <= n * hi.sumScaled() &&
      sumOfSquares >= n * lo.sumOfSquaresScaled() &&
      sumOfSquares <= n * hi.sumOfSquaresScaled() &&
      n * sumOfSquares >= sum * sum;
    if (!inRange) {
      throw new RangeError(
        'sum and sumOfSquares must be consistent with count, min and max (n·min ≤ Σx ≤ n·max, nΣx² ≥ (Σx)²)',
      );
    }
    r.moments.load(sum, sumOfSquares);
  }
  r.meanIsCurrent = false;
}

function parseHex(name: string, value: unknown): bigint {
  if (typeof value !== 'string' || !/^(0|[1-9a-f][0-9a-f]*)$/.test(value)) {
    throw new TypeError(
      `${name} must be a lowercase hexadecimal integer string without leading zeros, got ${describe(value)}`,
    );
  }
  return BigInt(`0x${value}`);
}

function isEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}
