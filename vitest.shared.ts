// Shared Vitest settings: every package's tests resolve workspace packages to their TypeScript
// source through the `@paperlab/source` export condition, so a test run needs no build.
import { defineConfig } from 'vitest/config';

// Vite's default server conditions (vite ≥ 6) with ours in front.
const conditions = ['@paperlab/source', 'module', 'node', 'development|production'];

export const sharedConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'threads',
  },
});
