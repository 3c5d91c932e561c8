// Every tunable default and outside constant of @paperlab/stats, with its source:
// lit = published literature or a reference tool; ours = chosen here, with the reason.

/** Values a recorder keeps exactly before switching to buckets (ours: 512 KiB at most, and
 * exact numpy quantiles for every simulation run shorter than that). */
export const DEFAULT_EXACT_CAPACITY = 65_536;

/** Largest exactCapacity accepted (ours: 2^26 values = 512 MiB, beyond any sane use). */
export const MAX_EXACT_CAPACITY = 2 ** 26;

/** Recorder bucket relative error α (lit: the DDSketch paper's running example, Masson et al.
 * VLDB 2019; 1 % is well below the run-to-run noise of simulated tail latencies). */
export const DEFAULT_RELATIVE_ERROR = 0.01;

/** Accepted range of α (ours: below 1e-4 the bucket array outgrows an exact buffer; above
 * 0.5 the buckets are too coarse to be called quantiles). */
export const MIN_RELATIVE_ERROR = 0.0001;
export const MAX_RELATIVE_ERROR = 0.5;

/** Bootstrap resamples (lit: scipy.stats.bootstrap's default n_resamples). */
export const DEFAULT_RESAMPLES = 9999;

/** Bootstrap confidence level (lit: scipy.stats.bootstrap's default confidence_level). */
export const DEFAULT_CONFIDENCE_LEVEL = 0.95;

/** Largest sample for the exact two-sample KS p-value (lit: scipy.stats.ks_2samp's MAX_AUTO_N). */
export const KS_MAX_EXACT_N = 10_000;

/** Φ⁻¹(0.99) (lit: python3 -c 'from scipy.stats import norm; print(repr(norm.ppf(0.99)))'
 * → 2.3263478740408408), the z-score of a 99th percentile. */
export const Z99 = 2.3263478740408408;

/** Largest shape a accepted by regularizedGammaP/Q (ours: the series and continued fraction
 * need O(√a) terms near x ≈ a, ~1 ms at 1e10; a chi-square test's a = df/2 stays below 2^31). */
export const MAX_GAMMA_SHAPE = 1e10;
