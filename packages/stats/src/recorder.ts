// Bounded-memory latency recorder. Values are kept exactly in a typed array up to
// exactCapacity; past that, they move into logarithmic buckets (the DDSketch scheme of Masson,
// Rim & Lee, VLDB 2019): bucket i holds (γ^(i-1), γ^i] with γ = (1 + α)/(1 − α), and reports
// 2γ^i/(γ + 1), which is within relative error α of every value in the bucket. Memory is then
// proportional to log(max/min)/α, not to the number of samples: ~1 KB per decade at α = 1 %.
import {
  DEFAULT_EXACT_CAPACITY,
  DEFAULT_RELATIVE_ERROR,
  MAX_EXACT_CAPACITY,
  MAX_RELATIVE_ERROR,
  MIN_RELATIVE_ERROR,
} from './parameters.js';
import { quantileSorted } from './quantile.js';
import { type Summary, summarizeSorted } from './summarize.js';
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
  /** Exact mean (compensated sum), in both modes. NaN when empty. */
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
  /** Summary of everything recorded; mean, stdev (ddof = 1), min, max exact in both modes. */
  summary(): Summary;
  /** Adds everything other recorded (same relativeError if either has switched to buckets). */
  merge(other: Recorder): void;
  /** Bytes held by the recorder's arrays plus a fixed overhead estimate. */
  memoryBytes(): number;
  /** true once values have moved into buckets. */
  readonly approximate: boolean;
}

/** Object header, fields and typed-array headers, roughly, as V8 lays them out on 64-bit. */
const FIXED_OVERHEAD_BYTES = 256;

/** Creates an empty recorder. */
export function createRecorder(options: RecorderOptions = {}): Recorder {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
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

class LogBucketRecorder implements Recorder {
  private readonly exactCapacity: number;
  private readonly relativeError: number;
  private readonly logGamma: number;
  private readonly gamma: number;
  private exact: Float64Array | null;
  private exactCount = 0;
  private exactSorted = true;
  private buckets: Float64Array | null = null;
  /** Bucket index of buckets[0]. */
  private offset = 0;
  private zeroCount = 0;
  private n = 0;
  private sum = 0;
  private sumCompensation = 0;
  private welfordMean = 0;
  private m2 = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;

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
    return this.n === 0 ? Number.NaN : (this.sum + this.sumCompensation) / this.n;
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
    if (!(value >= 0 && value < Number.POSITIVE_INFINITY)) assertNonNegative('value', value);
    this.addMoments(value);
    this.store(value);
  }

  private addMoments(value: number): void {
    const n = ++this.n;
    const t = this.sum + value;
    this.sumCompensation +=
      Math.abs(this.sum) >= value ? this.sum - t + value : value - t + this.sum;
    this.sum = t;
    const d = value - this.welfordMean;
    this.welfordMean += d / n;
    this.m2 += d * (value - this.welfordMean);
    if (value < this.lo) this.lo = value;
    if (value > this.hi) this.hi = value;
  }

  /** Places a value in the exact buffer or a bucket; moments are the caller's business. */
  private store(value: number): void {
    const exact = this.exact;
    if (exact !== null) {
      if (this.exactCount < exact.length) {
        exact[this.exactCount++] = value;
        this.exactSorted = false;
        return;
      }
      if (exact.length < this.exactCapacity) {
        const grown = new Float64Array(Math.min(this.exactCapacity, exact.length * 2));
        grown.set(exact);
        this.exact = grown;
        grown[this.exactCount++] = value;
        this.exactSorted = false;
        return;
      }
      this.switchToBuckets();
    }
    this.bucketAdd(value, 1);
  }

  private switchToBuckets(): void {
    const exact = this.exact;
    this.exact = null;
    if (exact === null) return;
    for (let i = 0; i < this.exactCount; i++) this.bucketAdd(exact[i]!, 1);
    this.exactCount = 0;
  }

  private bucketIndex(value: number): number {
    return Math.ceil(Math.log(value) / this.logGamma);
  }

  private bucketAdd(value: number, weight: number): void {
    if (value === 0) {
      this.zeroCount += weight;
      return;
    }
    this.bucketAddIndex(this.bucketIndex(value), weight);
  }

  private bucketAddIndex(index: number, weight: number): void {
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
    if (this.exact !== null) return summarizeSorted(this.sortedExact(), this.mean);
    return {
      count: this.n,
      mean: this.mean,
      stdev: this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : Number.NaN,
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
    this.mergeMoments(other);
    if (other.exact !== null) {
      for (let i = 0; i < other.exactCount; i++) this.store(other.exact[i]!);
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

  /** Chan, Golub & LeVeque's pairwise update for mean and M2; compensated sums add exactly. */
  private mergeMoments(other: LogBucketRecorder): void {
    const na = this.n;
    const nb = other.n;
    const n = na + nb;
    const delta = other.welfordMean - this.welfordMean;
    this.m2 += other.m2 + (delta * delta * na * nb) / n;
    this.welfordMean += (delta * nb) / n;
    this.n = n;
    for (const x of [other.sum, other.sumCompensation]) {
      const t = this.sum + x;
      this.sumCompensation +=
        Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
      this.sum = t;
    }
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
  }

  memoryBytes(): number {
    return FIXED_OVERHEAD_BYTES + (this.exact?.byteLength ?? 0) + (this.buckets?.byteLength ?? 0);
  }
}
