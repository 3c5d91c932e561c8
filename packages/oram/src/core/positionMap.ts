import type { RandomSource } from '../randomSource.js';

/**
 * The client's position map: the leaf each block is mapped to, and which addresses were ever
 * written (an address never written reads as zeros and is on no path, so a missing block of a
 * written address is data loss, not an empty block).
 */
export class PositionMap {
  readonly leaf: Uint32Array;
  readonly written: Uint8Array;
  writtenCount = 0;

  constructor(readonly capacity: number) {
    this.leaf = new Uint32Array(capacity);
    this.written = new Uint8Array(capacity);
  }

  /** Every address on a uniformly random leaf (a fresh ORAM). */
  randomize(rng: RandomSource, leaves: number): void {
    for (let a = 0; a < this.capacity; a++) this.leaf[a] = rng.int(0, leaves - 1);
  }

  markWritten(addr: number): void {
    if (this.written[addr] === 1) return;
    this.written[addr] = 1;
    this.writtenCount++;
  }
}
