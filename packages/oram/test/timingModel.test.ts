import { describe, expect, it } from 'vitest';
import { createCryptoUnitPool } from '../src/timing/cryptoUnitPool.js';
import { createDramModel } from '../src/timing/dramModel.js';
import { runIroReproduction } from '../src/timing/iroReproduction.js';
import { createTimingModel } from '../src/timing/timingModel.js';
import {
  computeCyclesPerMiss,
  defaultTimingParameters,
  resolveTimingParameters,
} from '../src/timing/timingParameters.js';
import type { TraceEvent } from '../src/trace.js';

// DRAM clock = CPU clock, so DRAM cycles read directly as model cycles in the closed forms.
const dram = { ...defaultTimingParameters.dram, clockMhz: 1000 };
const { tCL, tCWL, tRCD, tRP, burstCycles: B, banks, rowBytes } = dram;

describe('DRAM model closed forms (DDR4-2400 16-16-16, BL8)', () => {
  it('a row-hit stream to one bank costs tRCD + N × (tCL + burst)', () => {
    const d = createDramModel(dram, 1, 1000);
    let t = 0;
    const n = 50;
    for (let i = 0; i < n; i++) t = d.request(t, 0, (i * 64) % rowBytes, 64, false);
    expect(t).toBe(tRCD + n * (tCL + B));
    expect(d.stats.rowHits).toBe(n - 1);
    expect(d.stats.rowEmpty).toBe(1);
  });

  it('k requests on k channels overlap completely', () => {
    for (const k of [1, 2, 4, 8]) {
      const d = createDramModel(dram, k, 1000);
      const ends = Array.from({ length: k }, (_, c) => d.request(0, c, 0, 64, false));
      expect(ends).toEqual(new Array(k).fill(tRCD + tCL + B));
    }
  });

  it('k requests to k banks of one channel share its data bus', () => {
    const k = 6;
    const d = createDramModel(dram, 1, 1000);
    let last = 0;
    for (let i = 0; i < k; i++) last = d.request(0, 0, i * rowBytes, 64, false);
    expect(last).toBe(tRCD + tCL + k * B);
  });

  it('a row conflict adds precharge and activate; writes use tCWL', () => {
    const d = createDramModel(dram, 1, 1000);
    const first = d.request(0, 0, 0, 64, false);
    // Row `banks` of the channel maps to bank 0 again, but a different row.
    const second = d.request(first, 0, banks * rowBytes, 64, true);
    expect(second - first).toBe(tRP + tRCD + tCWL + B);
    expect(d.stats.rowConflicts).toBe(1);
  });

  it('a 256-byte request moves four bursts, and times scale with the CPU clock', () => {
    const d = createDramModel(dram, 1, 3000);
    expect(d.request(0, 0, 0, 256, false)).toBe(3 * (tRCD + tCL + 4 * B));
  });

  it('rejects a channel outside the range', () => {
    const d = createDramModel(dram, 2, 1000);
    expect(() => d.request(0, 2, 0, 64, false)).toThrow(/channel must be an integer in \[0, 1\]/);
  });
});

describe('crypto unit pool', () => {
  it('u unpipelined units sustain u / latency one-block ops per cycle', () => {
    for (const u of [1, 2, 4, 7]) {
      const pool = createCryptoUnitPool(u, 40, 40);
      let last = 0;
      const n = 1000;
      for (let i = 0; i < n; i++) last = Math.max(last, pool.submit(0, 1));
      expect(last).toBe(Math.ceil(n / u) * 40);
    }
  });

  it('a fully pipelined unit streams one block per cycle after its latency', () => {
    const pool = createCryptoUnitPool(1, 40, 1);
    let last = 0;
    for (let i = 0; i < 100; i++) last = pool.submit(0, 1);
    expect(last).toBe(99 + 40);
    // An op of 4 blocks finishes latency after its 4th block enters.
    const p2 = createCryptoUnitPool(1, 40, 10);
    expect(p2.submit(5, 4)).toBe(5 + 30 + 40);
  });
});

const shape = { bucketCount: 15, slotsPerBucket: 4, slotBytes: 64, metaBytes: 64 };
const ev = (
  op: 'read' | 'write',
  bucket: number,
  slot: number | 'meta',
  phase: TraceEvent['phase'] = 'online',
  level = 1,
): TraceEvent => ({ op, bucket, slot, bytes: 64, level, phase });

// Bucket b on channel b mod C, its metadata mirror on the next: easy to reason about by hand.
const channelOf = (bucket: number, _slot: number | 'meta', copy: 0 | 1, channels: number) =>
  (bucket + copy) % channels;

describe('timing model', () => {
  const base = {
    cpuClockMhz: 1000,
    channels: 2,
    dram,
    treeTopCachedLevels: 0,
    aesGcm: { units: 4, latency: 40, initiationInterval: 10 },
  };

  it('times ReadPath as metadata, then slot reads, then MAC checks', () => {
    const m = createTimingModel({ channelOf, parameters: base, shape });
    // Buckets 1 and 2 sit on channels 1 and 0: their requests overlap.
    const t = m.access(
      [ev('read', 1, 'meta'), ev('read', 2, 'meta'), ev('read', 1, 0), ev('read', 2, 3)],
      {
        onlineMacs: 2,
      },
    );
    const metaIn = tRCD + tCL + B;
    const slotIn = metaIn + tCL + B; // same row as the metadata: a row hit
    expect(t.onlineDone).toBe(slotIn + 3 * 10 + 40); // 64 B = 4 blocks
    expect(t.done).toBe(t.onlineDone);
    const m1 = createTimingModel({
      channelOf,
      parameters: { ...base, aesGcm: { units: 1 } },
      shape,
    });
    const t1 = m1.access(
      [ev('read', 1, 'meta'), ev('read', 2, 'meta'), ev('read', 1, 0), ev('read', 2, 3)],
      { onlineMacs: 2 },
    );
    // One unit: the second MAC starts when the first's 4 blocks have entered.
    expect(t1.onlineDone).toBe(slotIn + 4 * 10 + 3 * 10 + 40);
  });

  it('metadata hash checks delay slot reads only when verification is required first', () => {
    const events = [ev('read', 1, 'meta'), ev('read', 1, 2)];
    const strict = createTimingModel({
      channelOf,
      parameters: { ...base, hash: { engine: 'dedicated', latency: 80 } },
      shape,
    });
    const lax = createTimingModel({
      channelOf,
      parameters: {
        ...base,
        hash: { engine: 'dedicated', latency: 80 },
        verifyMetadataBeforeSlotReads: false,
      },
      shape,
    });
    const metaIn = tRCD + tCL + B;
    expect(strict.access(events, { onlineHashes: 1 }).onlineDone).toBe(metaIn + 80 + tCL + B);
    expect(lax.access(events, { onlineHashes: 1 }).onlineDone).toBe(metaIn + 80);
  });

  it('the cached tree top costs no memory time', () => {
    const m = createTimingModel({
      channelOf,
      parameters: { ...base, treeTopCachedLevels: 2 },
      shape,
    });
    const t = m.access([ev('read', 0, 'meta', 'online', 0), ev('read', 1, 'meta', 'online', 1)]);
    expect(t.onlineDone).toBe(0);
    expect(m.stats.cachedEvents).toBe(2);
    expect(m.stats.dram.requests).toBe(0);
  });

  it('background work overlaps CPU compute; the next access waits for both', () => {
    const m = createTimingModel({ channelOf, parameters: base, shape });
    const a = m.access([ev('read', 1, 'meta'), ev('read', 1, 0), ev('write', 1, 1, 'evict')]);
    const metaIn = tRCD + tCL + B;
    const slotIn = metaIn + tCL + B;
    expect(a.onlineDone).toBe(slotIn);
    expect(a.done).toBe(slotIn + tCWL + B);
    m.compute(5); // shorter than the background write
    expect(m.elapsed).toBe(a.done);
    const b = m.access([ev('read', 1, 'meta')]);
    expect(b.start).toBe(a.done);
    m.compute(1000);
    expect(m.elapsed).toBe(b.onlineDone + 1000);
  });

  it('background MACs precede the hash chain, which precedes the metadata write', () => {
    const m = createTimingModel({
      channelOf,
      parameters: {
        ...base,
        aesGcm: { units: 1, latency: 40, initiationInterval: 40 },
        hash: { engine: 'dedicated', latency: 80 },
      },
      shape: { ...shape, slotBytes: 16 },
    });
    const t = m.access([ev('write', 1, 'meta', 'evict')], {
      backgroundMacs: 3,
      backgroundHashes: 2,
    });
    // 3 one-block MACs on one unpipelined unit: 120; 2 chained hashes: 160; write: tRCD+tCWL+B.
    expect(t.done).toBe(120 + 160 + tRCD + tCWL + B);
  });

  it('tree digests update level by level; the nodes of one level run in parallel', () => {
    const writes = [1, 2, 3].map((level) => ({ ...ev('write', level, 'meta', 'evict'), level }));
    const m = createTimingModel({
      channelOf,
      parameters: { ...base, hash: { engine: 'dedicated', units: 2, latency: 80 } },
      shape,
    });
    // 6 digests over 3 levels: 3 rounds of 2 parallel hashes on 2 units = 3 × 80 before the
    // metadata writes (buckets 1, 2, 3 on channels 1, 0, 1: the third waits for the first's bus).
    const t = m.access(writes, { backgroundHashes: 6 });
    expect(t.done).toBe(240 + tRCD + tCWL + B + (tCWL + B));
    expect(m.stats.hashes).toBe(6);
  });

  it("on the 'aes-gcm' engine digests are GMACs sharing the AES-GCM units with the MACs", () => {
    const m = createTimingModel({
      channelOf,
      parameters: { ...base, aesGcm: { units: 1, latency: 40, initiationInterval: 10 } },
      shape: { ...shape, metaBytes: 32 },
    });
    // One MAC of 64 B (4 blocks: done at 3 × 10 + 40), then, as the digest covers the MACs, one
    // 32-B digest (2 blocks: 10 + 40) on the same unit, then the metadata write.
    const t = m.access([ev('write', 1, 'meta', 'evict')], {
      backgroundMacs: 1,
      backgroundHashes: 1,
    });
    expect(t.done).toBe(30 + 40 + (10 + 40) + tRCD + tCWL + B);
    expect(m.stats.macs).toBe(1);
    expect(m.stats.hashes).toBe(1);
  });

  it('a MAC-bound access stream runs at u / latency MACs per cycle', () => {
    for (const u of [1, 2, 4, 8]) {
      const m = createTimingModel({
        channelOf,
        parameters: {
          ...base,
          treeTopCachedLevels: 8,
          aesGcm: { units: u, latency: 40, initiationInterval: 40 },
        },
        shape: { ...shape, slotBytes: 16 },
      });
      const perAccess = 16;
      const n = 100;
      for (let i = 0; i < n; i++)
        m.access([ev('read', 1, 0, 'online', 1)], { onlineMacs: perAccess });
      expect((n * perAccess) / m.elapsed).toBeCloseTo(u / 40, 12);
    }
  });

  it('independent digests only occupy the units; writes do not wait for them', () => {
    const m = createTimingModel({
      channelOf,
      parameters: { ...base, aesGcm: { units: 1, latency: 40, initiationInterval: 40 } },
      shape: { ...shape, metaBytes: 16 },
    });
    // The slot write goes out at once: tRCD + tCWL + B = 32. The two one-block digests run
    // one after the other on the single unpipelined unit: 0 → 40 → 80. Free at 80.
    const t = m.access([ev('write', 1, 0, 'evict')], { independentHashes: 2 });
    expect(t.done).toBe(80);
    expect(m.stats.dram.requests).toBe(1);
    expect(tRCD + tCWL + B).toBe(32);
    // A ReadPath metadata write-back waits for its digest chain like any metadata write:
    // one 16-B digest of 40 cycles, then the write: 40 + 32.
    const w = createTimingModel({
      channelOf,
      parameters: { ...base, aesGcm: { units: 1, latency: 40, initiationInterval: 40 } },
      shape: { ...shape, metaBytes: 16 },
    });
    expect(w.access([ev('write', 1, 'meta', 'online')], { backgroundHashes: 1 }).done).toBe(72);
  });

  it('the mirrored metadata copy goes to its own channel', () => {
    const m = createTimingModel({ channelOf, parameters: base, shape });
    const t = m.access([
      { ...ev('write', 1, 'meta', 'evict'), copy: 0 },
      { ...ev('write', 1, 'meta', 'evict'), copy: 1 },
    ]);
    expect(t.done).toBe(tRCD + tCWL + B); // two channels in parallel
  });
});

describe('timing parameters', () => {
  it('refuses a misspelt name at any depth instead of running the default', () => {
    expect(() => resolveTimingParameters({ verifyMetadataBeforeSlotReads: 0 } as never)).toThrow(
      'verifyMetadataBeforeSlotReads must be true or false, got 0',
    );
    expect(() => resolveTimingParameters({ channel: 4 } as never)).toThrow(
      /timing parameters: unknown option 'channel'; the options are cpuClockMhz, channels, dram/,
    );
    expect(() => resolveTimingParameters({ dram: { tcl: 5 } } as never)).toThrow(
      /timing parameters\.dram: unknown option 'tcl'; the options are clockMhz, tCL,/,
    );
    expect(() => resolveTimingParameters({ aesGcm: { unit: 2 } } as never)).toThrow(
      /timing parameters\.aesGcm: unknown option 'unit'/,
    );
    expect(() => resolveTimingParameters({ hash: { engines: 'dedicated' } } as never)).toThrow(
      /timing parameters\.hash: unknown option 'engines'/,
    );
    expect(() => createTimingModel({ shape, parameter: {} } as never)).toThrow(
      /createTimingModel: unknown option 'parameter'/,
    );
    expect(() => createTimingModel({} as never)).toThrow(
      'shape must be an object { bucketCount, slotsPerBucket, slotBytes, metaBytes }, got undefined',
    );
    expect(() => createTimingModel({ shape, channelOf: 3 } as never)).toThrow(
      'channelOf must be a function, got number',
    );
    expect(() => runIroReproduction({ access: 10 } as never)).toThrow(
      /runIroReproduction: unknown option 'access'/,
    );
    // createDramModel is public too: its arguments get the parameters' checks.
    expect(() => createDramModel({ ...defaultTimingParameters.dram, banks: 0 }, 2, 3000)).toThrow(
      'dram.banks must be an integer in [1, 1024], got 0',
    );
    expect(() => createDramModel(defaultTimingParameters.dram, 0.5, 3000)).toThrow(
      'channels must be an integer in [1, 64], got 0.5',
    );
    expect(() => createDramModel(defaultTimingParameters.dram, 2, Number.NaN)).toThrow(
      'cpuClockMhz must be a number in [1, 100000], got NaN',
    );
  });

  it('rejects bad fields with their name and range', () => {
    expect(() => resolveTimingParameters({ channels: 0 })).toThrow(
      'channels must be an integer in [1, 64], got 0',
    );
    expect(() => resolveTimingParameters({ aesGcm: { units: 0.5 } })).toThrow(/aesGcm\.units/);
    expect(() => resolveTimingParameters({ hash: { engine: 'sha' as 'aes-gcm' } })).toThrow(
      "hash.engine must be 'aes-gcm' or 'dedicated', got sha",
    );
    expect(() => createTimingModel({ shape: { ...shape, slotBytes: 0 } })).toThrow(
      'shape.slotBytes must be an integer in [1, 16777216], got 0',
    );
    const m = createTimingModel({ shape });
    expect(() => m.access([], { onlineMacs: -1 })).toThrow(/crypto\.onlineMacs/);
    // A bad event anywhere rejects the whole access and leaves the model untouched.
    expect(() => m.access([ev('read', 1, 'meta'), ev('read', 15, 0)])).toThrow(
      'event.bucket must be an integer in [0, 14], got 15',
    );
    expect(() => m.access([ev('read', 1, 4)])).toThrow(
      /event\.slot must be 'meta' or an integer in \[0, 3\]/,
    );
    expect(m.stats.dram.requests).toBe(0);
    expect(m.elapsed).toBe(0);
    expect(() => m.compute(Number.NaN)).toThrow(/cycles/);
  });

  it('derives CPU work between misses as 1000 / MPKI × CPI', () => {
    expect(computeCyclesPerMiss({ name: 'x', mpki: 20, cpi: 0.8 })).toBe(40);
  });
});
