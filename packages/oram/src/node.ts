// Node-only entry point of @paperlab/oram: file-backed storage and state files. Everything
// browser-safe is re-exported from the main entry so Node users need one import.

export type { FileStorageOptions } from './fileStorage.js';
export { createFileStorage } from './fileStorage.js';
export * from './index.js';
// Remote storage (Node side): the server, the durable file store and the client's file journal.
export type { FileBatchStoreOptions } from './node/fileBatchStore.js';
export { createFileBatchStore } from './node/fileBatchStore.js';
export type { FileJournalOptions } from './node/fileJournal.js';
export { createFileJournal } from './node/fileJournal.js';
export type { OramServer, OramServerOptions, ServerTraceEvent } from './node/oramServer.js';
export { startOramServer } from './node/oramServer.js';
export { createRemoteStorage } from './node/remoteStorageNode.js';
export { nodeAes, nodeAesGcm } from './nodeAes.js';
export { readStateFile, writeStateFile } from './stateFile.js';
