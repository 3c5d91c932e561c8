export type { ChannelMapping } from './channels.js';
export { channelOf, levelOfBucket } from './channels.js';
export type { OramStorage, StorageShape } from './storage.js';
export {
  assertStorageShape,
  ChannelFailedError,
  createMemoryStorage,
  MAX_STORAGE_BYTES,
  validateStorageShape,
} from './storage.js';
export type { Observer, TraceEvent } from './trace.js';

// --- IRO timing model and reliability (engineer B) ---

export type { EcpTable } from './reliability/ecpTable.js';
export { createEcpTable, ecpBitsPerLine } from './reliability/ecpTable.js';
export type {
  FaultLocation,
  FaultStats,
  FaultyStorage,
  FaultyStorageOptions,
} from './reliability/faultyStorage.js';
export { createFaultyStorage, UncorrectableLineError } from './reliability/faultyStorage.js';
export type { CryptoUnitPool } from './timing/cryptoUnitPool.js';
export { createCryptoUnitPool } from './timing/cryptoUnitPool.js';
export type {
  DesignComparison,
  DesignTrace,
  RecordedAccess,
  ReplayOptions,
  ReplayResult,
} from './timing/designTrace.js';
export { compareDesigns, cryptoWorkOf, enoughMacUnits, replayTrace } from './timing/designTrace.js';
export type { DramModel, DramStats } from './timing/dramModel.js';
export { createDramModel } from './timing/dramModel.js';
export type {
  DesignUnderTest,
  IroReproductionOptions,
  IroReproductionResult,
  OverheadBreakdown,
  ReproductionRow,
  TracedOram,
  TraceSummary,
} from './timing/iroReproduction.js';
export {
  PAPER_OVERHEAD_ENOUGH_UNITS,
  PAPER_OVERHEAD_FOUR_UNITS,
  recordDesignTrace,
  runIroReproduction,
} from './timing/iroReproduction.js';
export type {
  AccessTiming,
  CryptoWork,
  TimingModel,
  TimingModelOptions,
  TimingShape,
  TimingStats,
} from './timing/timingModel.js';
export { createTimingModel } from './timing/timingModel.js';
export type {
  AesGcmParameters,
  DramParameters,
  HashParameters,
  TimingOverrides,
  TimingParameters,
  WorkloadProfile,
} from './timing/timingParameters.js';
export {
  computeCyclesPerMiss,
  defaultTimingParameters,
  resolveTimingParameters,
  syntheticWorkloadProfiles,
} from './timing/timingParameters.js';
