// Public API of @paperlab/oram (browser-safe: no node:* import is reachable from here).
// Node-only parts (file storage, CLI) live behind '@paperlab/oram/node'.

export type { ChannelMapping } from './channels.js';
export { channelOf, levelOfBucket } from './channels.js';
export { type BenchWorkload, createBenchWorkload } from './cli/benchWorkload.js';
export type { CipherProvider, CipherSuite } from './crypto/cipherSuite.js';
export { chacha20Poly1305 } from './crypto/cipherSuite.js';
export type { KeystreamCipher } from './crypto/keystreamCipher.js';
export { DataLossError } from './dataLossError.js';
export { IntegrityError } from './integrityError.js';
export type {
  CommonOramOptions,
  IntegrityMode,
  Oram,
  OramCounters,
  OramInspection,
} from './oram.js';
export { OramFailedError } from './oramFailedError.js';
export type { RingParameterSetName, RingParameters } from './parameters.js';
export {
  DEFAULT_CHANNELS,
  DEFAULT_PATH_Z,
  DEFAULT_RING_PARAMETERS,
  defaultLevels,
  MAX_BLOCK_SIZE,
  MAX_CAPACITY,
  MAX_LEVELS,
  RING_PARAMETER_SETS,
} from './parameters.js';
export type {
  AsyncPathOram,
  AsyncPathOramOptions,
  PathOram,
  PathOramOptions,
} from './pathOram.js';
export { createAsyncPathOram, createPathOram, pathStorageShape } from './pathOram.js';
export type { RandomSource } from './randomSource.js';
export { createCryptoRandom } from './randomSource.js';
export type {
  AsyncRingOram,
  AsyncRingOramOptions,
  RingOram,
  RingOramOptions,
} from './ringOram.js';
export { createAsyncRingOram, createRingOram, ringStorageShape } from './ringOram.js';
export {
  asyncStorageOf,
  batchedStorageOf,
  isAsyncBatchedStorage,
  isBatchedStorage,
} from './storage/batchedStorageOf.js';
export type { MemoryStorage } from './storage/memoryStorage.js';
export type { AnyStorage } from './storage/resolveStorage.js';
export type {
  AsyncBatchedStorage,
  BatchedStorage,
  IoBatch,
} from './storage/storageProtocol.js';
export { createIoBatch, META_SLOT } from './storage/storageProtocol.js';
export type { OramStorage, StorageShape } from './storage.js';
export {
  assertStorageShape,
  ChannelFailedError,
  createMemoryStorage,
  MAX_STORAGE_BYTES,
  UnreadableLocationError,
  validateStorageShape,
} from './storage.js';
export type { Observer, TraceEvent } from './trace.js';
export { WrongKeyError } from './wrongKeyError.js';

// --- IRO timing model and reliability ---

export type { EcpTable } from './reliability/ecpTable.js';
export { createEcpTable, ecpBitsPerLine } from './reliability/ecpTable.js';
export type {
  FaultCampaignOptions,
  FaultCampaignResult,
  ScenarioSummary,
} from './reliability/faultCampaign.js';
export { runFaultCampaign } from './reliability/faultCampaign.js';
export type {
  FaultLocation,
  FaultStats,
  FaultyStorage,
  FaultyStorageOptions,
} from './reliability/faultyStorage.js';
export { createFaultyStorage, UncorrectableLineError } from './reliability/faultyStorage.js';
export type { CryptoUnitPool } from './timing/cryptoUnitPool.js';
export { createCryptoUnitPool } from './timing/cryptoUnitPool.js';
export type { DesignExpander, ExpandedAccess } from './timing/designExpander.js';
export { createDesignExpander } from './timing/designExpander.js';
export type {
  DesignComparison,
  DesignTrace,
  RecordedAccess,
  ReplayOptions,
  ReplayResult,
} from './timing/designTrace.js';
export { compareDesigns, cryptoWorkOf, enoughMacUnits, replayTrace } from './timing/designTrace.js';
export type { DesignVariant } from './timing/designVariants.js';
export { iroAsStated, iroDesignVariants, metadataLayout } from './timing/designVariants.js';
export type { DramModel, DramStats } from './timing/dramModel.js';
export { createDramModel } from './timing/dramModel.js';
export { formatIroReproduction } from './timing/formatIroReproduction.js';
export type {
  BreakdownRow,
  IroReproductionOptions,
  IroReproductionResult,
  Overhead,
  VariantResult,
} from './timing/iroReproduction.js';
export {
  PAPER_OVERHEAD_ENOUGH_UNITS,
  PAPER_OVERHEAD_FOUR_UNITS,
  runIroReproduction,
} from './timing/iroReproduction.js';
export type {
  BucketRewrite,
  ChannelPicker,
  PathRead,
  RingOramSequence,
  RingOramSequenceOptions,
  SequenceAccess,
} from './timing/ringOramSequence.js';
export { createRingOramSequence } from './timing/ringOramSequence.js';
export type {
  AccessTiming,
  CryptoWork,
  TimedEvent,
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
  LayoutParameters,
  TimingOverrides,
  TimingParameters,
  TreeParameters,
  WorkloadProfile,
} from './timing/timingParameters.js';
export {
  aesGcmIntervalSweep,
  aesGcmLatencySweep,
  computeCyclesPerMiss,
  defaultLayoutParameters,
  defaultTimingParameters,
  hardwareTree,
  mustCapacitySweep,
  resolveTimingParameters,
  syntheticWorkloadProfiles,
  teachingTree,
} from './timing/timingParameters.js';

// --- remote storage and crash consistency (src/remote/) ---

export type { BatchStore } from './remote/batchStore.js';
export type { ClientJournal } from './remote/clientJournal.js';
export { createMemoryJournal } from './remote/clientJournal.js';
export type {
  DrivenOram,
  DurableOram,
  DurableOramOptions,
  EpochStorage,
} from './remote/durableOram.js';
export { openDurableOram } from './remote/durableOram.js';
export type { IndexedDbStorage, IndexedDbStorageOptions } from './remote/indexedDbStorage.js';
export { createIndexedDbStorage } from './remote/indexedDbStorage.js';
export type { DurableStoreOptions } from './remote/openDurableRingOram.js';
export { openDurablePathOram, openDurableRingOram } from './remote/openDurableRingOram.js';
export type {
  RemoteCounters,
  RemoteStorage,
  RemoteStorageOptions,
  WebSocketConstructor,
  WebSocketLike,
} from './remote/remoteStorage.js';
export { createRemoteStorage, RemoteStorageError } from './remote/remoteStorage.js';
export { RollbackError } from './remote/rollbackError.js';
export type { UploadTreeOptions } from './remote/uploadTree.js';
export { uploadTree } from './remote/uploadTree.js';
export { WireFormatError } from './remote/wireCodec.js';
export type { BatchEntry, Location, WriteBatch } from './remote/writeBatch.js';
