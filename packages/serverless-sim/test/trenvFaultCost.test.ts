import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { remoteMemory } from '../src/parameters.js';
import { trenvFaultCost, trenvPrivatePages } from '../src/platforms/trenvFaultCost.js';

const p = {
  anonFaultUs: remoteMemory.anonFaultUs,
  pageCopyUs: remoteMemory.pageCopyUs,
  cxlExtraLatencyNs: remoteMemory.cxlExtraLatencyNs,
  cxlMissesPerReadPage: remoteMemory.cxlMissesPerReadPage,
  rdmaFaultUs: remoteMemory.rdmaFaultUs,
};

describe('trenvFaultCost', () => {
  it('RDMA: one fetch per touched page, whether read or written', () => {
    // 10 000 pages × 6 µs = 60 ms.
    expect(trenvFaultCost('rdma', 10_000, 0, p)).toBeCloseTo(60, 9);
    expect(trenvFaultCost('rdma', 10_000, 10_000, p)).toBeCloseTo(60, 9);
    expect(trenvFaultCost('rdma', 20_000, 0, p)).toBeCloseTo(120, 9);
  });

  it('CXL: grows with written pages by one CoW fault each', () => {
    const base = trenvFaultCost('cxl', 10_000, 0, p);
    // Hand formula: 10 000 read pages × 8 misses × 200 ns = 16 ms.
    expect(base).toBeCloseTo(16, 9);
    const more = trenvFaultCost('cxl', 10_000, 4_000, p);
    // 4 000 pages move from in-place reads (1.6 µs) to CoW (2.5 + 0.4 µs): +5.2 ms.
    expect(more - base).toBeCloseTo((4_000 * (2.9 - 1.6)) / 1000, 9);
    // For the same touched set, CXL with few writes beats RDMA; RDMA does not care.
    expect(base).toBeLessThan(trenvFaultCost('rdma', 10_000, 0, p));
  });

  it('private memory: CXL keeps written pages, RDMA every touched page', () => {
    expect(trenvPrivatePages('cxl', 1000, 300)).toBe(300);
    expect(trenvPrivatePages('rdma', 1000, 300)).toBe(1000);
  });

  it('rejects impossible page counts', () => {
    expect(() => trenvFaultCost('cxl', 10, 11, p)).toThrow(
      /writtenPages must be in \[0, touchedPages=10\]/,
    );
    expect(() => trenvFaultCost('cxl', -1, 0, p)).toThrow(/touchedPages must be/);
  });
});

describe('trenvFaultCost properties', () => {
  it('RDMA cost grows with touched pages, CXL cost with written pages (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        (a, b, extra) => {
          const touched = Math.max(a, b);
          const written = Math.min(a, b);
          // One more touched page costs RDMA one more fetch.
          expect(trenvFaultCost('rdma', touched + extra, written, p)).toBeGreaterThan(
            trenvFaultCost('rdma', touched, written, p),
          );
          // Turning read pages into written ones costs CXL more: a CoW fault (2.9 µs) is dearer
          // than reading a page in place (8 × 200 ns = 1.6 µs) at these defaults.
          if (written + extra <= touched) {
            expect(trenvFaultCost('cxl', touched, written + extra, p)).toBeGreaterThan(
              trenvFaultCost('cxl', touched, written, p),
            );
          }
        },
      ),
      { seed: 20241, numRuns: 200 },
    );
  });
});
