// The page side of bench/browser.ts, bundled by esbuild for the browser: runs one bench row
// (the Node bench's ORAM, prefill, workload and timed rounds, imported from the same modules)
// and returns its rates. The JavaScript yardstick is interleaved with the rounds, as in Node.
import { runBenchRounds } from '../src/cli/benchRounds.js';
import { createBenchOram, createBenchWorkload } from '../src/cli/benchWorkload.js';
import { jsYardstickSealsPerSecond } from '../src/cli/jsYardstick.js';
import { chacha20Poly1305 } from '../src/index.js';

export interface BrowserRow {
  kind: 'ring' | 'path';
  /** 'off' or the browser-safe cipher, ChaCha20-Poly1305 (this package's own). */
  cipher: 'off' | 'chacha20-poly1305';
  capacity: number;
  blockSize: number;
  seconds: number;
}

export interface BrowserRowResult {
  prefillSeconds: number;
  rates: number[];
  yardsticks: number[];
  accesses: number;
  userAgent: string;
}

function runRow(row: BrowserRow): BrowserRowResult {
  const cipher = row.cipher === 'off' ? undefined : chacha20Poly1305;
  const oram = createBenchOram(row.kind, row.capacity, row.blockSize, cipher);
  const workload = createBenchWorkload(oram, row.capacity, row.blockSize);
  const t0 = performance.now();
  workload.prefill();
  const prefillSeconds = (performance.now() - t0) / 1000;
  const timed = runBenchRounds(workload.step, row.seconds, jsYardstickSealsPerSecond);
  return { prefillSeconds, ...timed, userAgent: navigator.userAgent };
}

(globalThis as unknown as { runRow: typeof runRow }).runRow = runRow;
