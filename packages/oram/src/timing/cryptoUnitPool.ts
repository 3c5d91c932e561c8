/**
 * A pool of identical crypto units (AES-GCM MAC engines or hash engines). An operation on
 * `blocks` input blocks takes the unit that frees first, feeds one block
 * every `initiationInterval` cycles and finishes `latency` cycles after its last block entered.
 * The unit accepts the next operation once the last block has entered, so with
 * initiationInterval = latency an op of one block holds its unit for `latency` cycles and u units
 * sustain u / latency ops per cycle; with initiationInterval = 1 a unit streams one block per
 * cycle.
 */
export interface CryptoUnitPool {
  /** Submits an operation ready at `time`; returns its completion time. */
  submit(time: number, blocks: number): number;
  /** Operations submitted so far. */
  readonly operations: number;
  /** Sum over operations of (start − ready): cycles spent waiting for a free unit. */
  readonly queueingCycles: number;
  reset(): void;
}

export function createCryptoUnitPool(
  units: number,
  latency: number,
  initiationInterval: number,
): CryptoUnitPool {
  if (!Number.isInteger(units) || units < 1) {
    throw new RangeError(`units must be an integer >= 1, got ${units}`);
  }
  // A binary min-heap of the units' free times: the earliest-free unit is at the root. Units
  // are identical, so which of several equally free units is taken does not change any time.
  const heap = new Float64Array(units);
  let operations = 0;
  let queueingCycles = 0;
  const siftDown = (): void => {
    const x = heap[0]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= units) break;
      const r = l + 1;
      const c = r < units && heap[r]! < heap[l]! ? r : l;
      if (heap[c]! >= x) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = x;
  };
  return {
    get operations() {
      return operations;
    },
    get queueingCycles() {
      return queueingCycles;
    },
    submit(time, blocks) {
      const start = Math.max(time, heap[0]!);
      const n = Math.max(1, blocks);
      heap[0] = start + n * initiationInterval;
      siftDown();
      operations++;
      queueingCycles += start - time;
      return start + (n - 1) * initiationInterval + latency;
    },
    reset() {
      heap.fill(0);
      operations = 0;
      queueingCycles = 0;
    },
  };
}
