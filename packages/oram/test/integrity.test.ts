// Attack campaign against the integrity modes: the adversary flips any bit of any stored byte
// (slot, metadata, MAC, counter), replays an older bucket or the whole memory, and moves valid
// ciphertexts. Every trial must end in an IntegrityError naming the place; no read may return
// wrong data; clean runs must raise no false alarm.
import { createRng, type Rng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { createRingOram, IntegrityError, type IntegrityMode, type RingOram } from '../src/index.ts';
import { budget } from './support/budget.ts';
import { type RawStorage, rawStorageLike } from './support/rawStorage.ts';

const CAPACITY = 8;
const BLOCK = 8;
const LONG = process.env.ORAM_LONG === '1';

function setup(
  mode: IntegrityMode,
  seed: string,
): { oram: RingOram; raw: RawStorage; model: Uint8Array[]; rng: Rng } {
  const rng = createRng(seed);
  const key = new Uint8Array(32).fill(9);
  const probe = createRingOram({
    capacity: CAPACITY,
    blockSize: BLOCK,
    integrity: mode,
    key,
    rng: rng.fork('p'),
  });
  const raw = rawStorageLike(probe);
  const oram = createRingOram({
    capacity: CAPACITY,
    blockSize: BLOCK,
    integrity: mode,
    key,
    storage: raw,
    rng: rng.fork('oram'),
  });
  const model: Uint8Array[] = [];
  for (let a = 0; a < CAPACITY; a++) {
    model[a] = new Uint8Array(BLOCK).fill(a * 17 + 1);
    oram.write(a, model[a]!);
  }
  return { oram, raw, model, rng };
}

function churn(oram: RingOram, model: Uint8Array[], rng: Rng, n: number): void {
  for (let i = 0; i < n; i++) {
    const a = rng.int(0, CAPACITY - 1);
    if (rng.bernoulli(0.5)) {
      model[a] = new Uint8Array(BLOCK).fill(rng.int(0, 255));
      oram.write(a, model[a]!);
    } else expect(oram.read(a)).toEqual(model[a]);
  }
}

function expectIntegrityError(
  fn: () => void,
  bucket: number,
  slot: number | 'meta' | undefined,
): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IntegrityError);
    const err = e as IntegrityError;
    expect(err.bucket).toBe(bucket);
    if (slot !== undefined) expect(err.slot).toBe(slot);
    return;
  }
  throw new Error(`tampering at bucket ${bucket}, slot ${String(slot)} went undetected`);
}

/** Where a corrupted byte is reported: slot-level for RIT, bucket-level for Merkle. */
function namedSlot(mode: IntegrityMode, slot: number | 'meta'): number | 'meta' | undefined {
  if (slot === 'meta') return 'meta';
  return mode === 'merkle' ? 'meta' : slot;
}

// 6,000 trials in `pnpm test` (about 20 s on a loaded 2-core machine); `pnpm test:long`
// (ORAM_LONG=1) runs 14,000, with RIT, the scheme the paper proposes, taking 10,000.
const TRIALS: Record<string, number> = LONG
  ? { merkle: 2000, rit: 10_000, 'rit+must': 2000 }
  : { merkle: budget(2000, 100), rit: budget(2000, 100), 'rit+must': budget(2000, 100) };

/**
 * How often a flip is followed by reads through the access path (which re-opens the ORAM and
 * costs far more than an audit): 1 in 4 trials in the long and mutation runs (about 17 % of
 * trials), 1 in 20 in `pnpm test` (about 3.5 %), where every 4th took the file past two minutes
 * under load.
 */
const READ_EVERY = LONG ? 4 : budget(20, 4);

/** One draw inside each attack kind's range below: flip, bucket replay, memory replay, moves. */
const FIRST_KINDS = [0.1, 0.75, 0.82, 0.9, 0.97];

describe('attack campaign', () => {
  for (const mode of ['merkle', 'rit', 'rit+must'] as const) {
    it(`${mode}: ${TRIALS[mode]} random bit flips, replays and moves are all detected`, () => {
      const { oram, raw, model, rng } = setup(mode, `campaign-${mode}`);
      // Slots per bucket from the parameters (Z real + S dummy), not a constant.
      const W = oram.parameters.Z + oram.parameters.S;
      expect(raw.slotsPerBucket).toBe(W);
      const B = oram.bucketCount;
      const kinds = {
        flip: 0,
        replayBucket: 0,
        replayAll: 0,
        moveSlot: 0,
        moveMeta: 0,
        readTrials: 0,
      };
      for (let t = 0; t < TRIALS[mode]!; t++) {
        if (t % 50 === 0) {
          churn(oram, model, rng, 3);
          // MUST keeps updated metadata in trusted state; export folds it so memory is current.
          oram.exportState();
        }
        // The first five trials run one attack of each kind (a reduced run has them all too).
        const drawn = rng.next();
        const kind = t < FIRST_KINDS.length ? FIRST_KINDS[t]! : drawn;
        if (kind < 0.7) {
          // Flip one bit of one stored byte: anywhere in a slot or in the metadata block.
          kinds.flip++;
          const b = rng.int(0, B - 1);
          const inMeta = rng.bernoulli(0.4);
          const s = inMeta ? 'meta' : rng.int(0, W - 1);
          const base = s === 'meta' ? raw.metaOffset(b) : raw.slotOffset(b, s);
          const at = base + rng.int(0, (s === 'meta' ? raw.metaBytes : raw.slotBytes) - 1);
          const mask = 1 << rng.int(0, 7);
          raw.bytes[at]! ^= mask;
          if (t % READ_EVERY === 0) {
            // Through the access path (every READ_EVERY-th trial): every read returns the right
            // data or throws.
            kinds.readTrials++;
            const snapshot = raw.bytes.slice();
            const state = oram.exportState();
            let clone = createRingOram({
              capacity: CAPACITY,
              blockSize: BLOCK,
              integrity: mode,
              key: new Uint8Array(32).fill(9),
              storage: raw,
              state,
              rng: rng.fork(`r${t}`),
            });
            for (let a = 0; a < CAPACITY; a++) {
              try {
                expect(clone.read(a)).toEqual(model[a]);
              } catch (e) {
                expect(e).toBeInstanceOf(IntegrityError);
                raw.bytes.set(snapshot);
                clone = createRingOram({
                  capacity: CAPACITY,
                  blockSize: BLOCK,
                  integrity: mode,
                  key: new Uint8Array(32).fill(9),
                  storage: raw,
                  state,
                  rng: rng.fork(`r${t}-${a}`),
                });
              }
            }
            raw.bytes.set(snapshot);
          }
          expectIntegrityError(() => oram.audit(), b, namedSlot(mode, s));
          raw.bytes[at]! ^= mask;
        } else if (kind < 0.8) {
          // Replay an older version of one bucket (all its slots and metadata).
          kinds.replayBucket++;
          oram.exportState(); // MUST: fold trusted state so memory is current
          const b = rng.int(0, B - 1);
          const lo = raw.slotOffset(b, 0);
          const oldSlots = raw.bytes.slice(lo, lo + W * raw.slotBytes);
          const oldMeta = raw.bytes.slice(raw.metaOffset(b), raw.metaOffset(b) + raw.metaBytes);
          let guard = 0;
          while (guard++ < 200 && oldMeta.every((x, i) => x === raw.bytes[raw.metaOffset(b) + i])) {
            churn(oram, model, rng, 1);
            oram.exportState();
          }
          const nowSlots = raw.bytes.slice(lo, lo + W * raw.slotBytes);
          const nowMeta = raw.bytes.slice(raw.metaOffset(b), raw.metaOffset(b) + raw.metaBytes);
          raw.bytes.set(oldSlots, lo);
          raw.bytes.set(oldMeta, raw.metaOffset(b));
          expectIntegrityError(() => oram.audit(), b, 'meta');
          raw.bytes.set(nowSlots, lo);
          raw.bytes.set(nowMeta, raw.metaOffset(b));
        } else if (kind < 0.85) {
          // Replay the whole memory.
          kinds.replayAll++;
          oram.exportState();
          const old = raw.bytes.slice();
          churn(oram, model, rng, 2);
          oram.exportState();
          const now = raw.bytes.slice();
          raw.bytes.set(old);
          expectIntegrityError(() => oram.audit(), 0, 'meta');
          raw.bytes.set(now);
        } else if (kind < 0.95) {
          // Move a valid slot ciphertext to another slot (same or other bucket).
          kinds.moveSlot++;
          const b1 = rng.int(0, B - 1);
          const s1 = rng.int(0, W - 1);
          const b2 = rng.int(0, B - 1);
          let s2 = rng.int(0, W - 1);
          if (b1 === b2 && s1 === s2) s2 = (s2 + 1) % W;
          const from = raw.slotOffset(b1, s1);
          const to = raw.slotOffset(b2, s2);
          const saved = raw.bytes.slice(to, to + raw.slotBytes);
          raw.bytes.copyWithin(to, from, from + raw.slotBytes);
          expectIntegrityError(() => oram.audit(), b2, namedSlot(mode, s2));
          raw.bytes.set(saved, to);
        } else {
          // Move a valid metadata block to another bucket.
          kinds.moveMeta++;
          oram.exportState();
          const b1 = rng.int(0, B - 1);
          let b2 = rng.int(0, B - 2);
          if (b2 >= b1) b2++;
          const saved = raw.bytes.slice(raw.metaOffset(b2), raw.metaOffset(b2) + raw.metaBytes);
          raw.bytes.copyWithin(
            raw.metaOffset(b2),
            raw.metaOffset(b1),
            raw.metaOffset(b1) + raw.metaBytes,
          );
          expectIntegrityError(() => oram.audit(), b2, 'meta');
          raw.bytes.set(saved, raw.metaOffset(b2));
        }
      }
      oram.audit(); // everything restored: clean again
      for (const v of Object.values(kinds)) expect(v).toBeGreaterThan(0);
    });
  }
});

// 25,000 clean accesses per mode: 100,000 in the default run, the floor; test:long
// runs 100,000 per mode.
describe('no false alarms on clean runs', () => {
  for (const mode of ['none', 'merkle', 'rit', 'rit+must'] as const) {
    const n = LONG ? 100_000 : budget(25_000, 300);
    it(`${mode}: ${n} clean accesses and periodic audits raise nothing`, () => {
      const { oram, model, rng } = setup(mode, `clean-${mode}`);
      for (let i = 0; i < n; i += 1000) {
        churn(oram, model, rng, 1000);
        oram.audit();
      }
      expect(oram.counters.accesses).toBeGreaterThanOrEqual(n);
    }, 600_000);
  }
});
