/**
 * The fault demo's state machine, apart from its React component so the tests can drive it
 * without a DOM: IRO's configuration of the real Ring ORAM (RIT + MUST, mirrored metadata,
 * optionally Secure Replication) over a FaultyStorage from @paperlab/oram with two channels
 * and ECP-6. Every read is checked against what was written, so the tally counts correct,
 * refused and silently wrong reads rather than trusting the library. Each action returns the
 * line the page logs.
 */
import {
  createFaultyStorage,
  createMemoryStorage,
  createRingOram,
  type FaultyStorage,
  type RingOram,
  type RingOramOptions,
} from '@paperlab/oram';
import { createRng, type Rng } from '@paperlab/stats';
import { drain, type Steps } from './sliced';

export const FAULT_CAPACITY = 16;
export const FAULT_BLOCK = 16;
export const CHANNELS = 2;
export const ECP_ENTRIES = 6;
export const LINE_BITS = 512;

export interface Tally {
  correct: number;
  refused: number;
  silentlyWrong: number;
  lastError: string | null;
}

export interface Rig {
  readonly oram: RingOram;
  readonly storage: FaultyStorage;
  /** What the client wrote: the reference every read is checked against. */
  readonly model: Map<number, Uint8Array>;
  readonly rng: Rng;
  readonly tally: Tally;
  readonly replication: boolean;
}

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export function createRig(replication: boolean, seed: string): Rig {
  return drain(rigSteps(replication, seed));
}

/** createRig as steps, one yield per ORAM write (for the page to run in slices). */
export function* rigSteps(replication: boolean, seed: string): Steps<Rig> {
  const rng = createRng(seed);
  const options: RingOramOptions = {
    capacity: FAULT_CAPACITY,
    blockSize: FAULT_BLOCK,
    integrity: 'rit+must',
    mirrorMetadata: true,
    replication,
    channels: CHANNELS,
    key: rng.fork('key').fillBytes(new Uint8Array(32)),
  };
  // The memory's shape follows from the ORAM's options: learn it from a probe.
  const probe = createRingOram({ ...options, rng: rng.fork('probe') });
  yield;
  const storage = createFaultyStorage(
    createMemoryStorage({
      bucketCount: probe.storage.bucketCount,
      slotsPerBucket: probe.storage.slotsPerBucket,
      slotBytes: probe.storage.slotBytes,
      metaBytes: probe.storage.metaBytes,
    }),
    // 'raw': an uncorrectable line is handed up as is, so the MAC rejects it and the ORAM can
    // still try a replica.
    {
      channels: CHANNELS,
      ecpEntries: ECP_ENTRIES,
      rng: rng.fork('faults'),
      onUncorrectable: 'raw',
    },
  );
  const oram = createRingOram({ ...options, storage, rng: rng.fork('oram') });
  yield;
  const model = new Map<number, Uint8Array>();
  const work = rng.fork('workload');
  for (let a = 0; a < FAULT_CAPACITY; a++) {
    const data = work.fillBytes(new Uint8Array(FAULT_BLOCK));
    oram.write(a, data);
    model.set(a, data);
    yield;
  }
  return {
    oram,
    storage,
    model,
    rng: work,
    tally: { correct: 0, refused: 0, silentlyWrong: 0, lastError: null },
    replication,
  };
}

/** Reads `a` and tallies the result against the model; false if the read was refused. */
export function checkedRead(rig: Rig, a: number): boolean {
  const { tally } = rig;
  try {
    const got = rig.oram.read(a);
    const want = rig.model.get(a)!;
    if (got.length === want.length && got.every((v, i) => v === want[i])) tally.correct++;
    else tally.silentlyWrong++;
    return true;
  } catch (e) {
    tally.refused++;
    tally.lastError = errorText(e);
    return false;
  }
}

function since(rig: Rig, before: Tally): string {
  const t = rig.tally;
  return `${t.correct - before.correct} correct, ${t.refused - before.refused} refused, ${t.silentlyWrong - before.silentlyWrong} silently wrong`;
}

/** Reads every block in address order, stopping at the first refused read. */
export function readAll(rig: Rig): string {
  const before = { ...rig.tally };
  for (let a = 0; a < FAULT_CAPACITY; a++) if (!checkedRead(rig, a)) break;
  return `read every block: ${since(rig, before)}`;
}

/** `n` random accesses, half writes of fresh random data; stops at the first refusal. */
export function workload(rig: Rig, n: number): string {
  return drain(workloadSteps(rig, n));
}

/** workload as steps, one yield per access. */
export function* workloadSteps(rig: Rig, n: number): Steps<string> {
  const { tally } = rig;
  const before = { ...tally };
  let done = 0;
  for (; done < n; done++) {
    const a = rig.rng.int(0, FAULT_CAPACITY - 1);
    if (rig.rng.bernoulli(0.5)) {
      const data = rig.rng.fillBytes(new Uint8Array(FAULT_BLOCK));
      try {
        rig.oram.write(a, data);
        rig.model.set(a, data);
      } catch (e) {
        tally.refused++;
        tally.lastError = errorText(e);
        break;
      }
    } else if (!checkedRead(rig, a)) break;
    yield;
  }
  const t = rig.tally;
  return `${done} random accesses (half writes): ${t.correct - before.correct} reads correct, ${t.refused - before.refused} refused, ${t.silentlyWrong - before.silentlyWrong} silently wrong`;
}

export function killChannel(rig: Rig, channel: number): string {
  rig.storage.killChannel(channel);
  return `channel ${channel} killed: every slot and metadata copy on it is gone`;
}

/**
 * Wear-out as in the package's fault campaign: `cells` cells of each of `lines` random 512-bit
 * lines get stuck at the value they hold now, so nothing shows until a later write wants the
 * other value; write-verify then spots them and ECP patches up to 6 per line. Returns the
 * number of cells stuck and the log line.
 */
export function stickCells(
  rig: Rig,
  cells: number,
  lines: number,
): { injected: number; line: string } {
  const { storage } = rig;
  let injected = 0;
  for (let k = 0; k < lines; k++) {
    const loc = storage.randomLocation();
    const bits = (loc.slot === 'meta' ? storage.metaBytes : storage.slotBytes) * 8;
    const start = Math.floor(loc.bit / LINE_BITS) * LINE_BITS;
    const len = Math.min(LINE_BITS, bits - start);
    const buf = new Uint8Array(bits / 8);
    try {
      if (loc.slot === 'meta') storage.readMeta(loc.bucket, buf, loc.copy ?? 0);
      else storage.readSlot(loc.bucket, loc.slot, buf);
    } catch {
      continue;
    }
    const chosen = new Set<number>();
    while (chosen.size < Math.min(cells, len)) chosen.add(start + rig.rng.int(0, len - 1));
    for (const bit of chosen) {
      storage.stickCell({ ...loc, bit }, ((buf[bit >>> 3]! >>> (bit & 7)) & 1) as 0 | 1);
      injected++;
    }
  }
  return { injected, line: `${injected} cells stuck (${cells} in each of ${lines} random lines)` };
}

export function flipBits(rig: Rig, n: number): string {
  for (let i = 0; i < n; i++) rig.storage.flipBit(rig.storage.randomLocation());
  return `${n} random stored bits flipped (transient faults)`;
}
