import { describe, expect, it } from 'vitest';
import {
  iroAsStated,
  iroDesignVariants,
  metadataLayout,
  validateVariant,
} from '../src/timing/designVariants.js';
import {
  PAPER_OVERHEAD_ENOUGH_UNITS,
  PAPER_OVERHEAD_FOUR_UNITS,
  runIroReproduction,
} from '../src/timing/iroReproduction.js';
import {
  defaultLayoutParameters,
  hardwareTree,
  syntheticWorkloadProfiles,
  type TreeParameters,
} from '../src/timing/timingParameters.js';

// A short run of the whole reproduction: a deep tree (14 levels, 4 cached) so paths are long
// but the run takes a second. What is checked are properties that follow from the designs'
// definitions, not earlier output of this code.
const tree: TreeParameters = {
  ...hardwareTree,
  name: 'test',
  levels: 13,
  capacity: 4 * 2 ** 13,
  cachedLevels: 4,
};
const profiles = [syntheticWorkloadProfiles[0]!, syntheticWorkloadProfiles[3]!];
const r = runIroReproduction({ tree, accesses: 150, profiles, mustCapacities: [64, 100_000] });
const by = new Map(r.variants.map((v) => [v.id, v]));

describe('IRO reproduction', () => {
  it('hardware-scale metadata sizes, by hand', () => {
    // Ring ORAM bucket at L = 23, N = 2^25, Z 5, S 7: count ⌈log2 8⌉ = 3, valid 12,
    // entries 5 · (25 + 23 + 4) = 260, IV 64 → 339 bits, one burst. IRO adds 2 × 64 digest
    // bits, 10 tags (5 reals, 5 replicas) of 64 bits and 5 replica pointers of 4 bits:
    // 339 + 128 + 640 + 20 = 1127 bits → 3 bursts, 192 B.
    const ring = iroDesignVariants([])[0]!;
    expect(metadataLayout(ring, hardwareTree, defaultLayoutParameters)).toMatchObject({
      bits: 339,
      bytes: 64,
    });
    expect(metadataLayout(iroAsStated, hardwareTree, defaultLayoutParameters)).toMatchObject({
      bits: 1127,
      bytes: 192,
      ecpBitsPerLine: 61,
    });
  });

  it('a baseline against itself costs exactly nothing', () => {
    for (const b of r.baselines) expect(by.get(b)!.vs[b]).toEqual({ fourUnits: 0, enoughUnits: 0 });
  });

  it('the mechanisms cost what their definitions say', () => {
    const ring = by.get('ring')!;
    const merkle = by.get('merkle')!;
    const synergy = by.get('synergy')!;
    const iro = by.get('iro')!;
    // Synergy's MACs ride in the ECC chip: the same requests and bytes as plain Ring ORAM.
    expect(synergy.requestsPerAccess).toBe(ring.requestsPerAccess);
    expect(synergy.bytesPerAccess).toBe(ring.bytesPerAccess);
    // A whole-bucket hash reads every slot of every bucket touched.
    expect(merkle.bytesPerAccess).toBeGreaterThan(2 * ring.bytesPerAccess);
    // IRO MACs real blocks and replicas only: far fewer than every line.
    expect(iro.macsPerAccess).toBeLessThan(synergy.macsPerAccess / 5);
    expect(ring.macsPerAccess).toBe(0);
    // A MUST kept across evictions absorbs updates: fewer requests than folding every A.
    expect(by.get('h1-must-100000')!.requestsPerAccess).toBeLessThan(iro.requestsPerAccess);
  });

  it('more AES-GCM units never cost more; the breakdown adds up to the headline', () => {
    // Against plain Ring ORAM (no crypto: its time does not depend on the units). Against the
    // other baselines the ratio may move either way: they get faster with more units too.
    for (const v of r.variants)
      expect(v.vs.ring!.enoughUnits).toBeLessThanOrEqual(v.vs.ring!.fourUnits + 1e-12);
    const iro = by.get('iro')!;
    const b4 = r.breakdown[0]!;
    expect(b4.memory + b4.hashes + b4.macs).toBeCloseTo(iro.vs.ring!.fourUnits, 12);
    expect(b4.memory).toBeGreaterThan(0); // 3-burst metadata vs 1
    // Pipelined units (a block per cycle) are never slower than iterative ones at one latency.
    for (const lat of [20, 40, 80]) {
      const p1 = r.aesSweep.find((s) => s.latency === lat && s.interval === 1)!;
      const p10 = r.aesSweep.find((s) => s.latency === lat && s.interval === 10)!;
      expect(p1.vs.ring!.fourUnits).toBeLessThanOrEqual(p10.vs.ring!.fourUnits + 1e-12);
    }
  });

  it('names the closest (variant, baseline) pair among the non-baselines', () => {
    const v = by.get(r.closest.variant)!;
    expect(v.role).not.toBe('baseline');
    const o = v.vs[r.closest.baseline]!;
    expect(r.closest.gap).toBeCloseTo(
      Math.abs(o.fourUnits - PAPER_OVERHEAD_FOUR_UNITS) +
        Math.abs(o.enoughUnits - PAPER_OVERHEAD_ENOUGH_UNITS),
      12,
    );
  });

  it('rejects bad input', () => {
    expect(() => runIroReproduction({ accesses: 0 })).toThrow(
      'accesses must be an integer in [1, 1000000], got 0',
    );
    expect(() => runIroReproduction({ tree, accesses: 5, profiles: [] })).toThrow(/profiles/);
    expect(() =>
      validateVariant({ ...iroAsStated, ecpEntries: 7 }, defaultLayoutParameters),
    ).toThrow('iro: ECP-7 needs 71 bits per line, more than the 64 ECC bits');
    expect(() =>
      validateVariant({ ...iroAsStated, integrity: 'ecc-chip-macs' }, defaultLayoutParameters),
    ).toThrow(/cannot share the ECC chip/);
  });
});
