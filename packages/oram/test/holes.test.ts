// The holes found by attacking the library (each test failed before its fix):
// 1. replica fallback must keep the trace's shape whatever the access pattern, with a dead and
//    with a lying channel (two-proportion z-test over patterns), and recovery from MAC failures
//    is bounded; 2. an uncorrectable line in a dummy slot or in metadata copy 0 is handled like
//    any unreadable location; 3. encrypt: false with replication/mirroring detects flips;
// 4. bad input names the field; a corrupted or truncated state says so; audit() never writes.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import {
  ChannelFailedError,
  channelOf,
  createFaultyStorage,
  createMemoryStorage,
  createPathOram,
  createRingOram,
  IntegrityError,
  type OramStorage,
  type RingOramOptions,
  type TraceEvent,
} from '../src/index.ts';
import { MAX_RECOVERED_MAC_FAILURES } from '../src/parameters.ts';
import { createRawStorage, type RawStorage, rawStorageLike } from './support/rawStorage.ts';

const N = 64;
const BLOCK = 8;
const base: RingOramOptions = {
  capacity: N,
  blockSize: BLOCK,
  replication: true,
  mirrorMetadata: true,
  channels: 2,
  key: new Uint8Array(32).fill(3),
};

type Fault = { kind: 'none' | 'dead' | 'tamper'; channel: number };

/** Raw memory whose channel `fault.channel` is dead, or returns every slot with a bit flipped. */
function faulty(raw: RawStorage, fault: Fault): OramStorage {
  const ch = (b: number, s: number | 'meta', copy: 0 | 1 = 0) => channelOf(b, s, copy, 2);
  return {
    ...raw,
    readSlot(b, s, out) {
      if (fault.kind === 'dead' && ch(b, s) === fault.channel)
        throw new ChannelFailedError(fault.channel, b, s);
      raw.readSlot(b, s, out);
      if (fault.kind === 'tamper' && ch(b, s) === fault.channel) out[0]! ^= 1;
    },
    writeSlot(b, s, data) {
      if (fault.kind === 'dead' && ch(b, s) === fault.channel)
        throw new ChannelFailedError(fault.channel, b, s);
      raw.writeSlot(b, s, data);
    },
    readMeta(b, out, copy = 0) {
      if (fault.kind === 'dead' && ch(b, 'meta', copy) === fault.channel)
        throw new ChannelFailedError(fault.channel, b, 'meta');
      raw.readMeta(b, out, copy);
    },
    writeMeta(b, data, copy = 0) {
      if (fault.kind === 'dead' && ch(b, 'meta', copy) === fault.channel)
        throw new ChannelFailedError(fault.channel, b, 'meta');
      raw.writeMeta(b, data, copy);
    },
  };
}

/** Fraction of ReadPaths (after the fault appears) whose online slot reads are not exactly L+1. */
function irregularReadPaths(pattern: 'repeat' | 'scan' | 'random', fault: Fault, n: number) {
  const raw = rawStorageLike(createRingOram({ ...base, rng: createRng('probe') }));
  const live: Fault = { kind: 'none', channel: fault.channel };
  let reads = 0;
  const oram = createRingOram({
    ...base,
    storage: faulty(raw, live),
    rng: createRng(`oram-${pattern}-${fault.kind}`),
    observer: (e: TraceEvent) => {
      if (e.phase === 'online' && e.op === 'read' && e.slot !== 'meta') reads++;
    },
  });
  for (let a = 0; a < N; a++) oram.write(a, new Uint8Array(BLOCK).fill(a));
  live.kind = fault.kind;
  const ops = createRng(`ops-${pattern}`);
  let irregular = 0;
  for (let i = 0; i < n; i++) {
    const a = pattern === 'repeat' ? 7 : pattern === 'scan' ? i % N : ops.int(0, N - 1);
    reads = 0;
    expect(oram.read(a)).toEqual(new Uint8Array(BLOCK).fill(a));
    if (reads !== oram.levels + 1) irregular++;
  }
  return { irregular, n, recoveries: oram.counters.replicaRecoveries };
}

/** Two-proportion z statistic (pooled); |z| > 3.29 rejects equality at α = 1e-3 two-sided. */
function z(a: { irregular: number; n: number }, b: { irregular: number; n: number }): number {
  const p = (a.irregular + b.irregular) / (a.n + b.n);
  const se = Math.sqrt(p * (1 - p) * (1 / a.n + 1 / b.n));
  return se === 0 ? 0 : (a.irregular / a.n - b.irregular / b.n) / se;
}

describe('replica recovery is oblivious', () => {
  for (const kind of ['dead', 'tamper'] as const) {
    it(`a ${kind} channel: ReadPath reads L+1 slots whatever the pattern (two-proportion z)`, () => {
      const fault: Fault = { kind, channel: 1 };
      const runs = {
        repeat: irregularReadPaths('repeat', fault, 1500),
        scan: irregularReadPaths('scan', fault, 1500),
        random: irregularReadPaths('random', fault, 1500),
      };
      // Recovery happened (the channel's copies were really needed) ...
      for (const r of Object.values(runs)) expect(r.recoveries).toBeGreaterThan(0);
      // ... and is invisible in the number of slots read per ReadPath.
      expect(Math.abs(z(runs.repeat, runs.scan))).toBeLessThan(3.29);
      expect(Math.abs(z(runs.repeat, runs.random))).toBeLessThan(3.29);
      expect(Math.abs(z(runs.scan, runs.random))).toBeLessThan(3.29);
      // At most the discovery of a lying channel costs one irregular ReadPath per run.
      for (const r of Object.values(runs)) expect(r.irregular).toBeLessThanOrEqual(1);
    });
  }

  it('the access that discovers a lying channel reads one more slot at EVERY level, not only where the block was', () => {
    // Before this rule the discovering ReadPath read L+2 slots, the extra one in the bucket that
    // held the block: the server learnt the block's level. Now the extra batch reads one slot per
    // level (the other copy there, a fresh dummy elsewhere): 2(L+1) reads, two per level.
    for (const seed of ['d1', 'd2', 'd3']) {
      const raw = rawStorageLike(createRingOram({ ...base, rng: createRng('probe') }));
      const live: Fault = { kind: 'none', channel: 1 };
      let levels: number[] = [];
      const oram = createRingOram({
        ...base,
        storage: faulty(raw, live),
        rng: createRng(seed),
        observer: (e: TraceEvent) => {
          if (e.phase === 'online' && e.op === 'read' && e.slot !== 'meta') levels.push(e.level);
        },
      });
      for (let a = 0; a < N; a++) oram.write(a, new Uint8Array(BLOCK).fill(a));
      live.kind = 'tamper';
      const ops = createRng(`ops-${seed}`);
      let discovering: number[] | undefined;
      for (let i = 0; i < 400 && discovering === undefined; i++) {
        levels = [];
        const a = ops.int(0, N - 1);
        expect(oram.read(a)).toEqual(new Uint8Array(BLOCK).fill(a));
        if (levels.length !== oram.levels + 1) discovering = levels;
      }
      expect(discovering).toBeDefined();
      expect(discovering!.length).toBe(2 * (oram.levels + 1));
      for (let l = 0; l <= oram.levels; l++) {
        expect(discovering!.filter((x) => x === l)).toHaveLength(2);
      }
    }
  });

  it(`stops recovering after ${MAX_RECOVERED_MAC_FAILURES} MAC failures and names them`, () => {
    const small = { ...base, capacity: 16, integrity: 'rit' as const };
    const raw = rawStorageLike(createRingOram({ ...small, rng: createRng('p') }));
    const oram = createRingOram({ ...small, storage: raw, rng: createRng('b') });
    const rng = createRng('bound');
    for (let a = 0; a < 16; a++) oram.write(a, new Uint8Array(BLOCK).fill(a));
    let error: unknown;
    let rounds = 0;
    try {
      // The adversary keeps flipping stored bits; every block is read back after each flip,
      // so no block has both copies hit and each failure is recoverable on its own.
      for (; rounds < 20_000; rounds++) {
        const b = rng.int(0, raw.bucketCount - 1);
        const s = rng.int(0, raw.slotsPerBucket - 1);
        raw.bytes[raw.slotOffset(b, s) + rng.int(0, raw.slotBytes - 1)]! ^= 1 << rng.int(0, 7);
        for (let a = 0; a < 16; a++) expect(oram.read(a)).toEqual(new Uint8Array(BLOCK).fill(a));
      }
    } catch (e) {
      error = e;
    }
    expect(rounds).toBeLessThan(20_000);
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as Error).message).toMatch(
      new RegExp(`${MAX_RECOVERED_MAC_FAILURES + 1} MAC failures in this session \\(bucket \\d+`),
    );
    expect(oram.counters.replicaRecoveries).toBeGreaterThanOrEqual(MAX_RECOVERED_MAC_FAILURES);
  }, 300_000);
});

describe('an uncorrectable line is handled like any unreadable location', () => {
  it('worn-out lines in metadata copy 0 and in a slot of the root: the mirror and replicas serve', () => {
    const probe = createRingOram({ ...base, rng: createRng('p') });
    const rng = createRng('wear');
    const storage = createFaultyStorage(createMemoryStorage(probe.storage), {
      channels: 2,
      ecpEntries: 1,
      rng: rng.fork('faults'),
    });
    const oram = createRingOram({ ...base, storage, rng: rng.fork('oram') });
    // 16 stuck cells in the first line: far more than ECP-1 corrects, whatever is written.
    for (let bit = 0; bit < 16; bit++) {
      storage.stickCell({ bucket: 0, slot: 'meta', copy: 0, bit: bit * 7 }, (bit & 1) as 0 | 1);
      storage.stickCell({ bucket: 0, slot: 0, bit: bit * 7 }, (bit & 1) as 0 | 1);
    }
    const model = new Map<number, Uint8Array>();
    for (let i = 0; i < 600; i++) {
      const a = rng.int(0, N - 1);
      if (rng.bernoulli(0.5)) {
        const d = rng.fillBytes(new Uint8Array(BLOCK));
        oram.write(a, d);
        model.set(a, d);
      } else expect(oram.read(a)).toEqual(model.get(a) ?? new Uint8Array(BLOCK));
    }
    expect(storage.stats.uncorrectableReads).toBeGreaterThan(0);
  });
});

describe('encrypt: false with replication or mirroring', () => {
  it('carries a checksum: flipped primaries are detected and served from the replica', () => {
    const opts: RingOramOptions = { ...base, encrypt: false, key: undefined };
    const raw = rawStorageLike(createRingOram({ ...opts, rng: createRng('p') }));
    const oram = createRingOram({ ...opts, storage: raw, rng: createRng('o') });
    const rng = createRng('flips');
    for (let a = 0; a < N; a++) oram.write(a, new Uint8Array(BLOCK).fill(a + 1));
    let wrong = 0;
    for (let round = 0; round < 40; round++) {
      const b = rng.int(0, raw.bucketCount - 1);
      const s = rng.int(0, raw.slotsPerBucket - 1);
      raw.bytes[raw.slotOffset(b, s) + rng.int(0, BLOCK - 1)]! ^= 1 << rng.int(0, 7);
      for (let a = 0; a < N; a++) if (oram.read(a)[0] !== a + 1) wrong++;
    }
    expect(wrong).toBe(0);
    expect(oram.counters.replicaRecoveries).toBeGreaterThan(0);
    // The data is still in the clear (no key): the checksum is not a secret.
    expect(raw.slotBytes).toBe(BLOCK + 16);
  });
});

describe('bad input names the field and changes nothing', () => {
  const ok = { capacity: 16, blockSize: 8, encrypt: false };
  it('options objects', () => {
    // @ts-expect-error null options
    expect(() => createRingOram(null)).toThrow(/createRingOram: options must be an object.*null/);
    // @ts-expect-error an array
    expect(() => createPathOram([])).toThrow(TypeError);
    // @ts-expect-error a typo must not silently turn integrity off
    expect(() => createRingOram({ ...ok, Integrity: 'rit' })).toThrow(
      /unknown option 'Integrity'; the options are .*integrity/,
    );
    // @ts-expect-error Path ORAM has no integrity modes
    expect(() => createPathOram({ ...ok, integrity: 'rit' })).toThrow(
      /option 'integrity' is a Ring ORAM option; Path ORAM has no integrity modes/,
    );
    // @ts-expect-error not a set name
    expect(() => createRingOram({ ...ok, parameterSet: '__proto__' })).toThrow(
      /parameterSet must be one of teaching, largeBucket, got __proto__/,
    );
    const proto = JSON.parse('{"capacity":16,"blockSize":8,"__proto__":{"Z":1}}');
    expect(() => createRingOram(proto)).toThrow(/unknown option '__proto__'/);
    // @ts-expect-error observer must be a function
    expect(() => createRingOram({ ...ok, observer: 'log' })).toThrow(
      /observer must be a function .* got string/,
    );
    // @ts-expect-error rng without int()
    expect(() => createRingOram({ ...ok, rng: { next: () => 0.5 } })).toThrow(
      /rng must be a RandomSource with an int\(lo, hi\) method/,
    );
    // @ts-expect-error fork must be callable
    expect(() => createRingOram({ ...ok, rng: { int: () => 0, fork: 1 } })).toThrow(
      /rng.fork must be a function/,
    );
  });

  it('a corrupted or truncated state says so (not "wrong key")', () => {
    const key = new Uint8Array(32).fill(1);
    const raw = createRawStorage(createRingOram({ capacity: 16, blockSize: 8, key }).storage);
    const oram = createRingOram({ capacity: 16, blockSize: 8, key, storage: raw });
    for (let a = 0; a < 16; a++) oram.write(a, new Uint8Array(8).fill(a));
    const state = oram.exportState();
    const reopen = (s: Uint8Array) =>
      createRingOram({ capacity: 16, blockSize: 8, key, storage: raw, state: s });
    expect(() => reopen(state.subarray(0, state.length - 9))).toThrow(
      /state is corrupted or truncated/,
    );
    const flipped = state.slice();
    flipped[state.length - 100]! ^= 4;
    expect(() => reopen(flipped)).toThrow(/state is corrupted or truncated/);
    expect(reopen(state).read(5)[0]).toBe(5);
    // Unencrypted states have no MAC: the structure check still refuses a cut body.
    const plainRaw = createRawStorage(createRingOram({ ...ok }).storage);
    const plain = createRingOram({ ...ok, storage: plainRaw });
    plain.write(1, new Uint8Array(8));
    const ps = plain.exportState();
    expect(() => createRingOram({ ...ok, storage: plainRaw, state: ps.subarray(0, 60) })).toThrow(
      /state is corrupted or truncated/,
    );
  });
});

describe('audit() only reads', () => {
  for (const integrity of ['none', 'rit', 'rit+must'] as const) {
    it(`${integrity}, mirrored: no write, even with copy 0 corrupted`, () => {
      const opts: RingOramOptions = { ...base, integrity };
      const raw = rawStorageLike(createRingOram({ ...opts, rng: createRng('p') }));
      let writes = 0;
      const counting: OramStorage = {
        ...raw,
        writeSlot: (b, s, d) => {
          writes++;
          raw.writeSlot(b, s, d);
        },
        writeMeta: (b, d, c) => {
          writes++;
          raw.writeMeta(b, d, c);
        },
      };
      const oram = createRingOram({ ...opts, storage: counting, rng: createRng('a') });
      for (let i = 0; i < 50; i++) oram.write(i % N, new Uint8Array(BLOCK).fill(i));
      raw.bytes[raw.metaOffset(3, 0) + 13]! ^= 1; // copy 0 of bucket 3 corrupted
      writes = 0;
      try {
        oram.audit();
      } catch (e) {
        expect(e).toBeInstanceOf(IntegrityError);
      }
      expect(writes).toBe(0);
    });
  }
});
