import { createRng, type Rng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { createRingOram } from '../src/ringOram.js';
import { replayTrace } from '../src/timing/designTrace.js';
import {
  type DesignUnderTest,
  PAPER_OVERHEAD_FOUR_UNITS,
  recordDesignTrace,
  runIroReproduction,
} from '../src/timing/iroReproduction.js';
import { ringOramDesigns } from '../src/timing/ringOramDesigns.js';
import { syntheticWorkloadProfiles } from '../src/timing/timingParameters.js';
import type { Observer } from '../src/trace.js';

// A stand-in ORAM whose trace is known exactly: each access reads the metadata and one slot of
// two buckets at levels 3 and 4, and writes one slot when `writes`; `hashesPerAccess` hashes.
function fakeDesign(
  name: string,
  slotMacs: boolean,
  hashesPerAccess: number,
  metaBytes = 64,
): DesignUnderTest {
  return {
    name,
    slotMacs,
    create(observer: Observer, rng: Rng) {
      const counters = { hashComputations: 0 };
      const access = (write: boolean) => {
        const b = rng.int(7, 14);
        const c = 2 * b + 1;
        observer({
          op: 'read',
          bucket: b,
          slot: 'meta',
          bytes: metaBytes,
          level: 3,
          phase: 'online',
        });
        observer({
          op: 'read',
          bucket: c,
          slot: 'meta',
          bytes: metaBytes,
          level: 4,
          phase: 'online',
        });
        observer({ op: 'read', bucket: b, slot: 1, bytes: 64, level: 3, phase: 'online' });
        observer({ op: 'read', bucket: c, slot: 2, bytes: 64, level: 4, phase: 'online' });
        if (write)
          observer({ op: 'write', bucket: c, slot: 0, bytes: 64, level: 4, phase: 'evict' });
        counters.hashComputations += hashesPerAccess;
      };
      const store = new Map<number, Uint8Array>();
      return {
        oram: {
          counters,
          read: (addr: number) => {
            access(false);
            return store.get(addr) ?? new Uint8Array(16);
          },
          write: (addr: number, data: Uint8Array) => {
            access(true);
            store.set(addr, data.slice());
          },
        },
        shape: { bucketCount: 31, slotsPerBucket: 4, slotBytes: 64, metaBytes },
        capacity: 100,
        blockSize: 16,
      };
    },
  };
}

describe('IRO reproduction driver', () => {
  it('records events, MACs by the per-slot rule and hashes from the counter', () => {
    const t = recordDesignTrace(fakeDesign('iro', true, 3), { accesses: 50, seed: 1 });
    expect(t.accesses).toHaveLength(50);
    for (const a of t.accesses) {
      const slotEvents = a.events.filter((e) => e.slot !== 'meta').length;
      expect(a.macs).toBe(slotEvents);
      expect([2, 3]).toContain(a.macs);
      expect(a.hashes).toBe(3);
    }
    const plain = recordDesignTrace(fakeDesign('ring', false, 0), { accesses: 50, seed: 1 });
    expect(plain.accesses.every((a) => a.macs === 0 && a.hashes === 0)).toBe(true);
    // Same seed, same logical workload: reads and writes line up access by access.
    expect(plain.accesses.map((a) => a.events.length)).toEqual(
      t.accesses.map((a) => a.events.length),
    );
    expect(() => recordDesignTrace(fakeDesign('x', true, 0), { accesses: 0, seed: 1 })).toThrow(
      'accesses must be an integer in [1, 10000000], got 0',
    );
  });

  it("adds a design's extra metadata bytes (IRO's packed ECP) to every metadata event", () => {
    const design = { ...fakeDesign('iro', true, 3), metaExtraBytes: 20 };
    const t = recordDesignTrace(design, { accesses: 5, seed: 1 });
    expect(t.shape.metaBytes).toBe(64 + 20);
    expect(t.hashBytes).toBe(64); // digests cover what the ORAM stores, not the ECP entries
    for (const a of t.accesses) {
      for (const e of a.events) expect(e.bytes).toBe(e.slot === 'meta' ? 84 : 64);
    }
    expect(() =>
      recordDesignTrace({ ...design, metaExtraBytes: -1 }, { accesses: 1, seed: 1 }),
    ).toThrow('metaExtraBytes must be a non-negative integer, got -1');
  });

  it('reports the paper settings and sweeps; more units never cost more', () => {
    const r = runIroReproduction({
      ring: fakeDesign('ring', false, 0),
      merkle: { ...fakeDesign('merkle', false, 2), hashBytes: 4 * 64 },
      iro: fakeDesign('iro', true, 2, 128),
      accesses: 300,
      parameters: { treeTopCachedLevels: 0 },
    });
    expect(r.rows.map((x) => x.paper)).toEqual([PAPER_OVERHEAD_FOUR_UNITS, -0.0214]);
    expect(r.enoughUnits).toBe(3 + 2); // busiest access: 3 MACs + 2 digests
    expect(r.pipelineSweep).toHaveLength(8);
    for (let i = 1; i < r.unitSweep.length; i++) {
      expect(r.unitSweep[i]!.vsRing).toBeLessThanOrEqual(r.unitSweep[i - 1]!.vsRing);
    }
    // The breakdown adds up to the headline overhead of the same setting.
    const b = r.breakdown[0]!;
    expect(b.memory + b.hashes + b.macs).toBeCloseTo(r.rows[0]!.vsRing, 12);
    expect(b.memory).toBeGreaterThan(0); // IRO's larger metadata costs memory time
    expect(r.traces.map((t) => t.design)).toEqual(['ring', 'merkle', 'iro']);
    expect(r.variants).toEqual([]);
  });

  it('times variants against Ring ORAM: more digests cost more', () => {
    const common = {
      ring: fakeDesign('ring', false, 0),
      merkle: fakeDesign('merkle', false, 2),
      iro: fakeDesign('iro', true, 2),
      accesses: 200,
      parameters: { treeTopCachedLevels: 0 },
      unitSweep: [4],
      channelSweep: [2],
      pipelineSweep: [10],
    };
    const r = runIroReproduction({ ...common, variants: [fakeDesign('more digests', true, 6)] });
    expect(r.variants.map((v) => v.design)).toEqual(['more digests']);
    expect(r.variants[0]!.fourUnits).toBeGreaterThan(r.rows[0]!.vsRing);
    expect(r.traces.map((t) => t.design)).toEqual(['ring', 'merkle', 'iro', 'more digests']);
  });

  it('on the real Ring ORAM, every recorded event reaches the timing model', () => {
    const { iro } = ringOramDesigns({ capacity: 128, treeTopLevels: 2 });
    const t = recordDesignTrace(iro, { accesses: 200, seed: 'real' });
    const events = t.accesses.reduce((s, a) => s + a.events.length, 0);
    const r = replayTrace(t, {
      profile: syntheticWorkloadProfiles[0]!,
      parameters: { treeTopCachedLevels: 2 },
    });
    expect(r.stats.dram.requests + r.stats.cachedEvents).toBe(events);
    expect(r.stats.cachedEvents).toBe(0); // the ORAM itself keeps levels 0..1: no events there
    expect(r.stats.macs).toBe(t.accesses.reduce((s, a) => s + a.macs, 0));
  });

  it('trace events match the ORAM physical counters', () => {
    let slotEvents = 0;
    let metaEvents = 0;
    const oram = createRingOram({
      capacity: 64,
      blockSize: 32,
      integrity: 'rit+must',
      mirrorMetadata: true,
      rng: createRng('counters'),
      key: new Uint8Array(32),
      observer: (e) => {
        if (e.slot === 'meta') metaEvents++;
        else slotEvents++;
      },
    });
    const before = oram.counters;
    slotEvents = 0;
    metaEvents = 0;
    for (let i = 0; i < 100; i++) oram.write(i % 64, new Uint8Array(32));
    const c = oram.counters;
    expect(slotEvents).toBe(c.slotReads + c.slotWrites - before.slotReads - before.slotWrites);
    expect(metaEvents).toBe(c.metaReads + c.metaWrites - before.metaReads - before.metaWrites);
  });
});
