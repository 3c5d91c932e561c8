// Public API of @paperlab/stats: every public name is listed here, types apart.

export type { BootstrapOptions, ConfidenceInterval } from './bootstrapCi.js';
// Inference
export { bootstrapCi } from './bootstrapCi.js';
export type { OptionNames } from './checkOptionNames.js';
// Validation shared by the workspace's packages
export { checkOptionNames } from './checkOptionNames.js';
export type { ChiSquareResult } from './chiSquareTest.js';
export { chiSquareTest } from './chiSquareTest.js';
export type { Ecdf } from './ecdf.js';
export { ecdf } from './ecdf.js';
export { formatRatio } from './formatRatio.js';
export { formatReduction } from './formatReduction.js';
export type { GaugeJSON, TimeWeightedGauge } from './gauge.js';
export { createGauge, gaugeFromJSON } from './gauge.js';
export type { Histogram, HistogramOptions } from './histogram.js';
export { histogram } from './histogram.js';
export type { KsResult } from './ksTest2.js';
export { ksTest2 } from './ksTest2.js';
// Descriptive statistics
export { mean } from './mean.js';
// Distributions
export { normalQuantile } from './normalQuantile.js';
export type { QuantileMethod } from './quantile.js';
export { quantile, quantileSorted } from './quantile.js';
export type { Recorder, RecorderJSON, RecorderOptions } from './recorder.js';
// Streaming, bounded memory
export { createRecorder, recorderFromJSON } from './recorder.js';
export { regularizedGammaP, regularizedGammaQ } from './regularizedGamma.js';
export { renderCsv } from './renderCsv.js';
// Reporting
export { renderMarkdownTable } from './renderMarkdownTable.js';
export type { Rng } from './rng.js';
// Randomness
export { createRng } from './rng.js';
export type { Summary } from './summarize.js';
export { summarize } from './summarize.js';
export type { Row } from './tableColumns.js';
export { stdev, variance } from './variance.js';
