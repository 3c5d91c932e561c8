import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { channelOf } from '../src/channels.js';
import {
  compareDesigns,
  cryptoWorkOf,
  type DesignTrace,
  enoughMacUnits,
  replayTrace,
} from '../src/timing/designTrace.js';
import { syntheticWorkloadProfiles } from '../src/timing/timingParameters.js';
import type { TraceEvent } from '../src/trace.js';

// A Ring-ORAM-shaped synthetic trace (L = 6, Z = 4, S = 5, A = 3): ReadPath reads the metadata
// of every bucket on a random path, then one slot per bucket; every 3rd access evicts a path.
export function syntheticTrace(
  name: string,
  macsPerSlot: number,
  hashesPerMeta: number,
): DesignTrace {
  const rng = createRng('synthetic-ring');
  const L = 6;
  const Z = 4;
  const slots = 9;
  const accesses: DesignTrace['accesses'] = [];
  const path = (leaf: number): number[] => {
    const out: number[] = [];
    let b = (1 << L) - 1 + leaf;
    for (;;) {
      out.unshift(b);
      if (b === 0) break;
      b = (b - 1) >> 1;
    }
    return out;
  };
  for (let i = 0; i < 300; i++) {
    const events: TraceEvent[] = [];
    const p = path(rng.int(0, (1 << L) - 1));
    let macs = 0;
    let hashes = 0;
    p.forEach((bucket, level) => {
      events.push({ op: 'read', bucket, slot: 'meta', bytes: 64, level, phase: 'online' });
      hashes += hashesPerMeta;
    });
    p.forEach((bucket, level) => {
      events.push({
        op: 'read',
        bucket,
        slot: rng.int(0, slots - 1),
        bytes: 64,
        level,
        phase: 'online',
      });
      macs += macsPerSlot;
    });
    if (i % 3 === 2) {
      const e = path(rng.int(0, (1 << L) - 1));
      e.forEach((bucket, level) => {
        for (let s = 0; s < Z; s++)
          events.push({ op: 'read', bucket, slot: s, bytes: 64, level, phase: 'evict' });
      });
      e.forEach((bucket, level) => {
        for (let s = 0; s < slots; s++) {
          events.push({ op: 'write', bucket, slot: s, bytes: 64, level, phase: 'evict' });
          macs += macsPerSlot;
        }
        events.push({ op: 'write', bucket, slot: 'meta', bytes: 64, level, phase: 'evict' });
        hashes += hashesPerMeta;
      });
    }
    accesses.push({ events, macs, hashes });
  }
  return {
    name,
    shape: { bucketCount: (2 << L) - 1, slotsPerBucket: slots, slotBytes: 64, metaBytes: 64 },
    accesses,
  };
}

const plain = syntheticTrace('ring', 0, 0);
const withMacs = syntheticTrace('iro-like', 1, 1);
const profiles = syntheticWorkloadProfiles;

describe('design trace replay', () => {
  it('splits crypto work: checks on arrival, the rest in the background', () => {
    const access = withMacs.accesses[2]!; // an evicting access: 7 + 63 MACs, 7 + 7 hashes
    expect(access.macs).toBe(7 + 7 * 9);
    expect(cryptoWorkOf(access, 0)).toEqual({
      onlineMacs: 7,
      onlineHashes: 7,
      backgroundMacs: 63,
      backgroundHashes: 7,
    });
    // Cached levels need no check: levels 0..2 drop out of the online counts.
    expect(cryptoWorkOf(access, 3).onlineMacs).toBe(4);
  });

  it('a design compared with itself costs exactly nothing extra', () => {
    const c = compareDesigns(plain, plain, { profiles, channelOf });
    expect(c.meanOverhead).toBe(0);
    expect(c.perProfile).toHaveLength(profiles.length);
  });

  it('MAC work costs more with fewer units, and nothing waits with enough', () => {
    const enough = enoughMacUnits(withMacs);
    expect(enough).toBe(70 + 14); // an evicting access: 7 + 63 MACs, 7 + 7 digests
    let previous = Number.POSITIVE_INFINITY;
    for (const units of [1, 2, 4, 8, 16, enough]) {
      const c = compareDesigns(plain, withMacs, {
        profiles,
        channelOf,
        parameters: { aesGcm: { units } },
      });
      expect(c.meanOverhead).toBeLessThanOrEqual(previous);
      expect(c.meanOverhead).toBeGreaterThan(0);
      previous = c.meanOverhead;
    }
    const r = replayTrace(withMacs, {
      profile: profiles[0]!,
      channelOf,
      parameters: { aesGcm: { units: enough } },
    });
    expect(r.stats.macQueueingCycles).toBe(0);
    expect(r.stats.macs).toBe(withMacs.accesses.reduce((s, a) => s + a.macs, 0));
  });

  it('switching crypto work off leaves only the memory traffic', () => {
    const common = { profile: profiles[1]!, channelOf };
    const bare = replayTrace(withMacs, { ...common, include: { macs: false, hashes: false } });
    expect(bare.cycles).toBe(replayTrace(plain, common).cycles); // same events, same seed
    const hashesOnly = replayTrace(withMacs, { ...common, include: { macs: false } });
    expect(hashesOnly.stats.macs).toBe(0);
    expect(hashesOnly.cycles).toBeGreaterThan(bare.cycles);
    expect(replayTrace(withMacs, common).cycles).toBeGreaterThan(hashesOnly.cycles);
  });

  it('a compute-bound profile dilutes the ORAM overhead', () => {
    const c = compareDesigns(plain, withMacs, { profiles, channelOf });
    const ratios = c.perProfile.map((p) => p.ratio);
    // Profiles run from MPKI 40 down to MPKI 1: the overhead shrinks monotonically.
    for (let i = 1; i < ratios.length; i++) expect(ratios[i]!).toBeLessThanOrEqual(ratios[i - 1]!);
  });

  it('more channels make the memory part faster', () => {
    const cycles = [1, 2, 4].map(
      (channels) =>
        replayTrace(plain, { profile: profiles[0]!, channelOf, parameters: { channels } }).cycles,
    );
    expect(cycles[1]!).toBeLessThan(cycles[0]!);
    expect(cycles[2]!).toBeLessThanOrEqual(cycles[1]!);
  });
});
