/**
 * A pool of identical crypto units (AES-GCM MAC engines or hash engines). An operation on
 * `blocks` input blocks takes the unit that frees first (lowest index on ties), feeds one block
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
  const free = new Float64Array(units);
  let operations = 0;
  let queueingCycles = 0;
  return {
    get operations() {
      return operations;
    },
    get queueingCycles() {
      return queueingCycles;
    },
    submit(time, blocks) {
      let best = 0;
      for (let i = 1; i < units; i++) if (free[i]! < free[best]!) best = i;
      const start = Math.max(time, free[best]!);
      const n = Math.max(1, blocks);
      free[best] = start + n * initiationInterval;
      operations++;
      queueingCycles += start - time;
      return start + (n - 1) * initiationInterval + latency;
    },
    reset() {
      free.fill(0);
      operations = 0;
      queueingCycles = 0;
    },
  };
}
