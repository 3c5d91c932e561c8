// Node-only entry point of @paperlab/oram: file-backed storage and state files. Everything
// browser-safe is re-exported from the main entry so Node users need one import.

export type { FileStorageOptions } from './fileStorage.js';
export { createFileStorage } from './fileStorage.js';
export * from './index.js';
export { nodeAes, nodeAesGcm } from './nodeAes.js';
export { readStateFile, writeStateFile } from './stateFile.js';
