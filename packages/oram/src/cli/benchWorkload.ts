import { createRng } from '@paperlab/stats';
import type { CipherProvider } from '../crypto/keystreamCipher.js';
import type { Oram } from '../oram.js';
import { createPathOram } from '../pathOram.js';
import { createRingOram } from '../ringOram.js';

/**
 * The bench's workload, shared by the Node bench (oramBench.ts) and the headless-Chromium bench
 * (bench/browser.ts) so both time exactly the same accesses. Browser-safe: no Node module.
 *
 * Prefill writes every address once, so the tree is as full as it will ever be (an almost empty
 * tree is about 1.8× faster and flatters the figure); the timed workload then draws uniformly
 * random addresses from a seeded generator, a fair coin choosing read or write.
 */
export interface BenchWorkload {
  /** Writes every address 0..capacity-1 once; `progress` gets a line every ~5 s. */
  prefill(progress?: (percent: number) => void): void;
  /** One access: a uniform address, read or written on a fair coin. */
  step(): void;
}

export function createBenchWorkload(
  oram: Oram,
  capacity: number,
  blockSize: number,
): BenchWorkload {
  if (oram === null || typeof oram !== 'object' || typeof oram.write !== 'function')
    throw new TypeError('oram must be a synchronous ORAM (createRingOram, createPathOram)');
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > oram.capacity)
    throw new RangeError(`capacity must be an integer in [1, ${oram.capacity}], got ${capacity}`);
  if (blockSize !== oram.blockSize)
    throw new RangeError(`blockSize must be the ORAM's, ${oram.blockSize}, got ${blockSize}`);
  const data = new Uint8Array(blockSize).fill(7);
  const work = createRng(`bench ${capacity} ${blockSize}`);
  return {
    prefill(progress) {
      let lastReport = performance.now();
      for (let a = 0; a < capacity; a++) {
        oram.write(a, data);
        if ((a & 1023) === 1023 && performance.now() - lastReport > 5000) {
          lastReport = performance.now();
          progress?.(Math.round((100 * (a + 1)) / capacity));
        }
      }
    },
    step() {
      const a = work.int(0, capacity - 1);
      if (work.next() < 0.5) oram.read(a);
      else oram.write(a, data);
    },
  };
}

/** A bench row's ORAM: default options but for the cipher (none when `cipher` is undefined). */
export function createBenchOram(
  kind: 'ring' | 'path',
  capacity: number,
  blockSize: number,
  cipher: CipherProvider | undefined,
): Oram {
  const encrypt = cipher !== undefined;
  return kind === 'ring'
    ? createRingOram({ capacity, blockSize, encrypt, cipher })
    : createPathOram({ capacity, blockSize, encrypt, cipher });
}
