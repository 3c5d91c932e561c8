// Public API of @paperlab/stats. Every public name is listed here; types apart.

export type { Rng } from './rng.js';
export { createRng } from './rng.js';
