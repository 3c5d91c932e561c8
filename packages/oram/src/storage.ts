// Kept so existing imports of './storage.js' keep working; the storage layer lives in storage/.
export * from './storage/memoryStorage.js';
export * from './storage/oramStorage.js';
