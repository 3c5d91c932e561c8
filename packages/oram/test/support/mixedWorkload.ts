// The read/write mix the driver tests replay on two ORAMs at once (oramShell.test.ts,
// asyncOram.test.ts): seeded, so both twins see the same operations.
import { createRng } from '@paperlab/stats';

export interface Op {
  addr: number;
  /** The block to write, or undefined for a read. */
  data: Uint8Array | undefined;
}

/**
 * n accesses over addresses [0, capacity), about half of them writes of a block of blockSize
 * bytes filled with fill(i) (a value that names step i).
 */
export function mixedWorkload(
  seed: string,
  capacity: number,
  n: number,
  blockSize: number,
  fill: (i: number) => number,
): Op[] {
  const w = createRng(seed);
  return Array.from({ length: n }, (_, i) => ({
    addr: w.int(0, capacity - 1),
    data: w.next() < 0.5 ? new Uint8Array(blockSize).fill(fill(i)) : undefined,
  }));
}
