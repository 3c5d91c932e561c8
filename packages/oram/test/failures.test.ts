// What a refused or failed call leaves behind. Attacks the integrity-free modes cannot refuse
// at the metadata (replay under integrity 'none', replay against Path ORAM) and double faults
// beyond replication must end in the package's typed errors (IntegrityError naming bucket and
// slot, DataLossError naming the block), never a raw cipher or "internal error" and never
// wrong data; after such an error the ORAM fails closed (OramFailedError on every call);
// bad input is refused before any physical access and leaves the ORAM usable.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  createPathOram,
  createRingOram,
  DataLossError,
  IntegrityError,
  type Oram,
  OramFailedError,
  type RingOramOptions,
} from '../src/index.ts';
import { runFaultCampaign } from '../src/reliability/faultCampaign.ts';
import { budget } from './support/budget.ts';
import { type RawStorage, rawStorageLike } from './support/rawStorage.ts';

const KEY = new Uint8Array(32).fill(9);
const N = 8;
const B = 8;

function ringOver(seed: string, extra: Partial<RingOramOptions>): { oram: Oram; raw: RawStorage } {
  const probe = createRingOram({
    capacity: N,
    blockSize: B,
    key: KEY,
    rng: createRng('p'),
    ...extra,
  });
  const raw = rawStorageLike(probe);
  const oram = createRingOram({
    capacity: N,
    blockSize: B,
    key: KEY,
    storage: raw,
    rng: createRng(seed),
    ...extra,
  });
  return { oram, raw };
}

function pathOver(seed: string): { oram: Oram; raw: RawStorage } {
  const probe = createPathOram({ capacity: N, blockSize: B, key: KEY, rng: createRng('p') });
  const raw = rawStorageLike(probe);
  const oram = createPathOram({
    capacity: N,
    blockSize: B,
    key: KEY,
    storage: raw,
    rng: createRng(seed),
  });
  return { oram, raw };
}

/**
 * Reads until the first error. Without a freshness tree a replayed block that sits where the
 * client expects it is indistinguishable from the current one (README: 'none' does not detect
 * replay), so a read may return an OLDER value written to that address, never anything else.
 */
function readBack(
  oram: Oram,
  history: Uint8Array[][],
  ops: ReturnType<typeof createRng>,
  counts: { stale: number },
): unknown {
  for (let i = 0; i < 40; i++) {
    const a = ops.int(0, N - 1);
    let got: Uint8Array;
    try {
      got = oram.read(a);
    } catch (e) {
      return e;
    }
    const versions = history[a]!;
    const k = versions.findIndex((v) => v.every((x, j) => x === got[j]));
    expect(k, `read ${a} returned data never written there`).toBeGreaterThanOrEqual(0);
    if (k !== versions.length - 1) counts.stale++;
  }
  return undefined;
}

describe('replay without an integrity tree ends in a typed error, never a raw one', () => {
  const cases: [string, (seed: string) => { oram: Oram; raw: RawStorage }, number][] = [
    ["ring, integrity 'none'", (seed) => ringOver(seed, {}), 9],
    ["ring, integrity 'none', XOR trick", (seed) => ringOver(seed, { xorTrick: true }), 9],
    ['path', pathOver, 4],
  ];
  const REPLAYS = budget(150, 30);
  for (const [name, make, W] of cases) {
    it(`${name}: ${REPLAYS} bucket and whole-memory replays`, () => {
      const outcomes = { correct: 0, integrity: 0, dataLoss: 0, stale: 0 };
      for (let t = 0; t < REPLAYS; t++) {
        const { oram, raw } = make(`replay-${t}`);
        const ops = createRng(`ops-${t}`);
        const history: Uint8Array[][] = [];
        for (let a = 0; a < N; a++) {
          history[a] = [new Uint8Array(B).fill(a + 1)];
          oram.write(a, history[a]![0]!);
        }
        const old = raw.bytes.slice();
        for (let i = 0; i < 10; i++) {
          const a = ops.int(0, N - 1);
          const v = new Uint8Array(B).fill(100 + i);
          history[a]!.push(v);
          oram.write(a, v);
        }
        if (t % 3 === 0)
          raw.bytes.set(old); // the whole memory
        else {
          const b = ops.int(0, oram.bucketCount - 1);
          const lo = raw.slotOffset(b, 0);
          raw.bytes.set(old.subarray(lo, lo + W * raw.slotBytes), lo);
          const m = raw.metaOffset(b);
          raw.bytes.set(old.subarray(m, m + raw.metaBytes), m);
        }
        const e = readBack(oram, history, ops, outcomes);
        if (e === undefined) outcomes.correct++;
        else if (e instanceof IntegrityError) {
          outcomes.integrity++;
          expect(e.message).toMatch(/^integrity check failed at bucket \d+, slot (\d+|meta): /);
        } else if (e instanceof DataLossError) {
          outcomes.dataLoss++;
          expect(e.message).toMatch(/^block \d+ is unrecoverable/);
        } else throw e; // a raw error (cipher, "internal error") fails the test
        if (e !== undefined) expect(() => oram.read(0)).toThrow(OramFailedError);
      }
      // Most replays are noticed (typed errors); a stale block on the leaf the client expects
      // is not, by design of 'none' (use 'rit', which test/integrity.test.ts covers).
      // (More than 20 of 150 each in `pnpm test`, more than 2 of 30 in the mutation run.)
      expect(outcomes.integrity).toBeGreaterThan(budget(20, 2));
      expect(outcomes.dataLoss).toBeGreaterThan(budget(20, 2));
    });
  }
});

describe('double fault: n + 1 stuck cells per line plus a lost channel', () => {
  it('ends detected-unrecoverable or correct: never wrong data, never an internal error', () => {
    const r = runFaultCampaign({
      seed: 'combined',
      capacity: 64,
      accesses: 120,
      trials: budget(4, 1),
      combined: true,
    });
    const s = r.scenarios.find((x) => x.scenario === '7 stuck cells per line + channel 0 lost')!;
    expect(s.faultsInjected).toBeGreaterThan(0);
    expect(s.silentCorruptions).toBe(0);
    expect(s.detectedUnrecoverable + s.readsCorrect).toBeGreaterThan(0);
    for (const name of Object.keys(s.errors))
      expect(['IntegrityError', 'ChannelFailedError', 'DataLossError']).toContain(name);
    for (const m of s.messages) expect(m).not.toMatch(/internal error|expected Uint8Array/);
  });
});

describe('after a detected failure the ORAM fails closed', () => {
  it('every later call throws OramFailedError naming the first failure, with no physical access', () => {
    let events = 0;
    const probe = createRingOram({
      capacity: N,
      blockSize: B,
      key: KEY,
      integrity: 'rit',
      rng: createRng('p'),
    });
    const raw = rawStorageLike(probe);
    const oram = createRingOram({
      capacity: N,
      blockSize: B,
      key: KEY,
      integrity: 'rit',
      storage: raw,
      rng: createRng('closed'),
      observer: () => {
        events++;
      },
    });
    for (let a = 0; a < N; a++) oram.write(a, new Uint8Array(B).fill(a));
    raw.bytes[raw.metaOffset(0) + 20]! ^= 1; // the root bucket: on every path
    expect(() => oram.read(1)).toThrow(IntegrityError);
    const before = events;
    for (const call of [
      () => oram.read(1),
      () => oram.read(2),
      () => oram.write(3, new Uint8Array(B)),
      () => oram.audit(),
      () => oram.exportState(),
      () => oram.inspect(),
    ]) {
      expect(call).toThrow(OramFailedError);
      expect(call).toThrow(
        /detected tampering or data loss \(IntegrityError: integrity check failed at bucket 0, slot meta.*refuses further access/,
      );
    }
    expect(events).toBe(before);
    // Bad input is still reported as bad input.
    expect(() => oram.read(-1)).toThrow(RangeError);
  });

  it('audit() only reads: an audit failure leaves the ORAM usable once memory is repaired', () => {
    const { oram, raw } = ringOver('audit', { integrity: 'rit' });
    for (let a = 0; a < N; a++) oram.write(a, new Uint8Array(B).fill(a));
    raw.bytes[raw.metaOffset(2) + 20]! ^= 1;
    expect(() => oram.audit()).toThrow(IntegrityError);
    raw.bytes[raw.metaOffset(2) + 20]! ^= 1;
    oram.audit();
    expect([...oram.read(5)]).toEqual(new Array(B).fill(5));
  });
});

describe('a rejected call does no physical access and leaves the ORAM usable', () => {
  for (const kind of ['ring', 'path'] as const) {
    it(kind, () => {
      let events = 0;
      const options = {
        capacity: 16,
        blockSize: 8,
        rng: createRng(2),
        observer: () => void events++,
      };
      const o: Oram = kind === 'ring' ? createRingOram(options) : createPathOram(options);
      o.write(3, new Uint8Array(8).fill(3));
      const counters = o.counters;
      const before = events;
      const bad: (() => unknown)[] = [
        () => o.read(16),
        () => o.read(-1),
        () => o.read(1.5),
        () => o.read(Number.NaN),
        () => o.read('3' as unknown as number),
        () => o.write(3, new Uint8Array(7)),
        () => o.write(3, [1, 2, 3, 4, 5, 6, 7, 8] as unknown as Uint8Array),
        () => o.write(16, new Uint8Array(8)),
      ];
      const afterGood = () => {
        expect(o.counters).toEqual(counters);
        expect(events).toBe(before);
      };
      for (const call of bad) {
        expect(call).toThrow(/must be/);
        afterGood();
      }
      expect([...o.read(3)]).toEqual(new Array(8).fill(3));
      expect(events).toBeGreaterThan(before);
    });
  }
});
