import { type DramParameters, resolveTimingParameters } from './timingParameters.js';

/** Row-buffer outcome counts of a DRAM model. */
export interface DramStats {
  requests: number;
  rowHits: number;
  /** The bank had no open row (first touch): activate + column command. */
  rowEmpty: number;
  /** Another row was open: precharge + activate + column command. */
  rowConflicts: number;
  bytes: number;
}

/**
 * An open-page DRAM with per-bank row buffers and one data bus per channel. All times are in
 * processor cycles; DRAM cycles are scaled by cpuClock / dramClock.
 *
 * One request: it starts when its bank is free; the command latency is tCL (tCWL for writes) on
 * a row hit, tRCD + tCL on an idle bank, tRP + tRCD + tCL on a row conflict; then its bursts
 * occupy the channel's data bus, after any earlier transfer. The bank is busy until its data has
 * moved (no command pipelining inside one bank), so a row-hit stream to one bank costs exactly
 * N × (tCL + bursts). Refresh, bank-group timings (tCCD_L), tWR and bus turnaround are not
 * modelled (ours: they shift both designs alike).
 */
export interface DramModel {
  /** Issues a request at `time`; returns the time its last byte has moved. */
  request(time: number, channel: number, address: number, bytes: number, write: boolean): number;
  readonly stats: DramStats;
  /** Closes every row and frees every bank and bus. */
  reset(): void;
}

export function createDramModel(
  dram: DramParameters,
  channels: number,
  cpuClockMhz: number,
): DramModel {
  // The same checks as the timing model's parameters, naming the field.
  resolveTimingParameters({ dram, channels, cpuClockMhz });
  const scale = cpuClockMhz / dram.clockMhz;
  const banks = dram.banks;
  const openRow = new Float64Array(channels * banks).fill(-1);
  const bankFree = new Float64Array(channels * banks);
  const busFree = new Float64Array(channels);
  const hit = dram.tCL * scale;
  const hitWrite = dram.tCWL * scale;
  const activate = dram.tRCD * scale;
  const precharge = dram.tRP * scale;
  const burst = dram.burstCycles * scale;
  const stats: DramStats = { requests: 0, rowHits: 0, rowEmpty: 0, rowConflicts: 0, bytes: 0 };

  return {
    stats,
    request(time, channel, address, bytes, write) {
      if (!Number.isInteger(channel) || channel < 0 || channel >= channels) {
        throw new RangeError(`channel must be an integer in [0, ${channels - 1}], got ${channel}`);
      }
      // Rows interleave across banks so consecutive rows of a channel land on different banks.
      const globalRow = Math.floor(address / dram.rowBytes);
      const bank = globalRow % banks;
      const row = Math.floor(globalRow / banks);
      const cb = channel * banks + bank;
      const start = Math.max(time, bankFree[cb]!);
      let latency = write ? hitWrite : hit;
      const open = openRow[cb]!;
      if (open === row) stats.rowHits++;
      else if (open < 0) {
        latency += activate;
        stats.rowEmpty++;
      } else {
        latency += precharge + activate;
        stats.rowConflicts++;
      }
      const transferStart = Math.max(start + latency, busFree[channel]!);
      const end = transferStart + Math.ceil(bytes / dram.burstBytes) * burst;
      busFree[channel] = end;
      bankFree[cb] = end;
      openRow[cb] = row;
      stats.requests++;
      stats.bytes += bytes;
      return end;
    },
    reset() {
      openRow.fill(-1);
      bankFree.fill(0);
      busFree.fill(0);
      stats.requests = 0;
      stats.rowHits = 0;
      stats.rowEmpty = 0;
      stats.rowConflicts = 0;
      stats.bytes = 0;
    },
  };
}
