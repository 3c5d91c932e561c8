/**
 * Ring ORAM throughput as a reader's browser reaches it: a fresh `createRingOram` from the
 * public @paperlab/oram API, driven with the package bench's workload for a fixed wall-clock
 * time: every block is written once first (a full tree: an almost empty one runs about 1.8×
 * faster and flatters the figure), then uniformly random addresses with a fair coin between
 * read and write. Runs in a Web Worker on the page (speedWorker.ts); the clock and the ORAM
 * factory are injected so the tests can count exactly and look at the tree.
 */
import {
  createBenchWorkload,
  createRingOram,
  type Oram,
  type RingOramOptions,
} from '@paperlab/oram';
import { createRng } from '@paperlab/stats';

export interface SpeedConfig {
  /** Blocks N (the package bench's headline is 2^16). */
  readonly capacity: number;
  /** Bytes per block. */
  readonly blockSize: number;
  /** ChaCha20-Poly1305 sealing of every slot and metadata block. */
  readonly encrypt: boolean;
  /** Wall-clock seconds of timed accesses, after set-up and warm-up. */
  readonly seconds: number;
  readonly seed?: string;
}

export interface SpeedResult {
  readonly capacity: number;
  readonly blockSize: number;
  readonly encrypt: boolean;
  /** Timed accesses (a multiple of the batch size). */
  readonly accesses: number;
  /** Seconds they took. */
  readonly seconds: number;
  /** accesses / seconds. */
  readonly perSecond: number;
  /** Seconds spent creating the ORAM and writing every block once, not in `seconds`. */
  readonly setupSeconds: number;
}

/** Accesses between clock reads (the package bench uses 10 as well). */
export const BATCH = 10;
const WARM_UP = 50;

/** Milliseconds, like performance.now(). */
export type Clock = () => number;

export function measureAccessRate(
  config: SpeedConfig,
  now: Clock = () => performance.now(),
  create: (options: RingOramOptions) => Oram = createRingOram,
): SpeedResult {
  const { capacity, blockSize, encrypt, seconds } = config;
  if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= 60)) {
    throw new RangeError(`seconds must be in (0, 60], got ${seconds}`);
  }
  const rng = createRng(config.seed ?? 'speed');
  const t0 = now();
  const oram = create({ capacity, blockSize, encrypt, rng: rng.fork('oram') });
  // The package bench's own workload (createBenchWorkload), so both time the same accesses.
  const workload = createBenchWorkload(oram, capacity, blockSize);
  workload.prefill();
  const setupSeconds = (now() - t0) / 1000;
  const step = workload.step;
  for (let i = 0; i < WARM_UP; i++) step();
  let accesses = 0;
  const start = now();
  const end = start + seconds * 1000;
  let t = start;
  while (t < end) {
    for (let i = 0; i < BATCH; i++) step();
    accesses += BATCH;
    t = now();
  }
  const elapsed = (t - start) / 1000;
  return {
    capacity,
    blockSize,
    encrypt,
    accesses,
    seconds: elapsed,
    perSecond: accesses / elapsed,
    setupSeconds,
  };
}

/** "52,726" — whole accesses per second with thousands separators. */
export function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US');
}
