import { checkOptionNames, type OptionNames } from './checkOptionNames.js';
import { assertFinite, assertInteger, assertSample, describe } from './validate.js';

export interface HistogramOptions {
  /** Number of bins, an integer in [1, 2^24]. */
  bins: number;
  /** 'linear': equal widths. 'log': equal ratios (geometric edges; needs min > 0). Default 'linear'. */
  scale?: 'linear' | 'log';
  /** Left edge of the first bin; defaults to the sample minimum. */
  min?: number;
  /** Right edge of the last bin; defaults to the sample maximum. */
  max?: number;
}

export interface Histogram {
  /** bins + 1 ascending edges. Bin i is [edges[i], edges[i+1]); the last bin also holds its right edge. */
  edges: Float64Array;
  /** Count per bin. */
  counts: Float64Array;
  /** Values below edges[0] (only possible when min is given). */
  underflow: number;
  /** Values above the last edge (only possible when max is given). */
  overflow: number;
}

const MAX_BINS = 2 ** 24;
const HISTOGRAM_OPTIONS: OptionNames<HistogramOptions> = {
  bins: true,
  scale: true,
  min: true,
  max: true,
};

/**
 * Histogram with linear or logarithmic bins. Linear bins reproduce `np.histogram(xs, bins, range)`
 * exactly: the same np.linspace edges, the same binning arithmetic, the same closed last bin.
 * Log bins use np.geomspace-style edges (10^linspace of the log10 bounds, ends exact) and place
 * values by binary search, like `np.histogram(xs, bins=edges)`. Values outside [min, max] are
 * counted in underflow/overflow rather than dropped silently. O(n) linear, O(n log bins) log.
 */
export function histogram(xs: ArrayLike<number>, options: HistogramOptions): Histogram {
  const n = assertSample('xs', xs);
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`options must be an object with bins, got ${describe(options)}`);
  }
  checkOptionNames('histogram', options, HISTOGRAM_OPTIONS);
  const { bins, scale = 'linear' } = options;
  assertInteger('bins', bins, 1, MAX_BINS);
  if (scale !== 'linear' && scale !== 'log') {
    throw new RangeError(`scale must be 'linear' or 'log', got ${describe(scale)}`);
  }
  let lo = options.min;
  let hi = options.max;
  if (lo !== undefined) assertFinite('min', lo);
  if (hi !== undefined) assertFinite('max', hi);
  if (lo === undefined || hi === undefined) {
    let sampleMin = Number.POSITIVE_INFINITY;
    let sampleMax = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      if (x < sampleMin) sampleMin = x;
      if (x > sampleMax) sampleMax = x;
    }
    lo ??= sampleMin;
    hi ??= sampleMax;
  }
  if (lo > hi) throw new RangeError(`min must be <= max, got min=${lo}, max=${hi}`);
  if (!Number.isFinite(hi - lo)) {
    throw new RangeError(`max - min must be a finite number, got min=${lo}, max=${hi}`);
  }
  if (scale === 'log' && !(lo > 0)) {
    throw new RangeError(
      `min must be > 0 for log-scale bins, got ${lo}${options.min === undefined ? ' (the sample minimum)' : ''}`,
    );
  }
  return scale === 'linear' ? linearHistogram(xs, bins, lo, hi) : logHistogram(xs, bins, lo, hi);
}

function linearHistogram(xs: ArrayLike<number>, bins: number, lo: number, hi: number): Histogram {
  // numpy's _get_outer_edges widens an empty range by 0.5 each side.
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = new Float64Array(bins + 1);
  const step = (hi - lo) / bins;
  for (let i = 0; i <= bins; i++) edges[i] = i * step + lo;
  edges[bins] = hi;
  checkEdges(edges, false);
  const counts = new Float64Array(bins);
  const width = hi - lo;
  let underflow = 0;
  let overflow = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x < lo) {
      underflow++;
      continue;
    }
    if (x > hi) {
      overflow++;
      continue;
    }
    let k = Math.trunc(((x - lo) / width) * bins);
    if (k === bins) k--;
    // The float estimate can be off by one next to an edge; the edges are the truth.
    if (x < edges[k]!) k--;
    else if (k !== bins - 1 && x >= edges[k + 1]!) k++;
    counts[k]!++;
  }
  return { edges, counts, underflow, overflow };
}

function logHistogram(xs: ArrayLike<number>, bins: number, lo: number, hi: number): Histogram {
  if (lo === hi) {
    // A one-point range gets a decade around it, the log analogue of numpy's ±0.5.
    lo /= Math.sqrt(10);
    hi *= Math.sqrt(10);
  }
  const edges = new Float64Array(bins + 1);
  const a = Math.log10(lo);
  const step = (Math.log10(hi) - a) / bins;
  for (let i = 0; i <= bins; i++) edges[i] = 10 ** (i * step + a);
  edges[0] = lo;
  edges[bins] = hi;
  checkEdges(edges, true);
  const counts = new Float64Array(bins);
  let underflow = 0;
  let overflow = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x < lo) {
      underflow++;
      continue;
    }
    if (x > hi) {
      overflow++;
      continue;
    }
    // Largest k with edges[k] <= x, capped at the last bin.
    let left = 0;
    let right = bins;
    while (right - left > 1) {
      const mid = (left + right) >>> 1;
      if (edges[mid]! <= x) left = mid;
      else right = mid;
    }
    counts[left]!++;
  }
  return { edges, counts, underflow, overflow };
}

/**
 * Edges must be finite and strictly ascending (numpy: "Too many bins for data range"); else
 * equal edges (a one-value range near 1e17, where ±0.5 rounds away, or more bins than doubles
 * in the range) or a widened log range that overflows or reaches 0 would drop or misplace values silently.
 */
function checkEdges(edges: Float64Array, log: boolean): void {
  const bins = edges.length - 1;
  let ok =
    edges[0]! > (log ? 0 : Number.NEGATIVE_INFINITY) && edges[bins]! < Number.POSITIVE_INFINITY;
  for (let i = 0; ok && i < bins; i++) ok = edges[i]! < edges[i + 1]!;
  if (!ok) {
    throw new RangeError(
      `bins must leave every bin a finite non-zero width over [${edges[0]}, ${edges[bins]}], got ${bins}`,
    );
  }
}
