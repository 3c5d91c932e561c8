// Kept so existing imports of `./memoryAccounting.js` keep working; it lives in cluster/.
export * from './cluster/memoryAccounting.js';
