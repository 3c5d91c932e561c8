// Kept so existing imports of `./simulator.js` keep working; the engine lives in engine/.
export * from './engine/simulator.js';
