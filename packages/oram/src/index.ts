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
