import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mmTemplate, remoteMemory } from '../src/parameters.js';
import {
  templateAttachMs,
  templateFaultMs,
  templatePrivatePages,
} from '../src/startPaths/mmTemplate.js';

const p = {
  anonFaultUs: remoteMemory.anonFaultUs,
  pageCopyUs: remoteMemory.pageCopyUs,
  cxlExtraLatencyNs: remoteMemory.cxlExtraLatencyNs,
  cxlMissesPerTouchedPage: remoteMemory.cxlMissesPerTouchedPage,
  rdmaFaultUs: remoteMemory.rdmaFaultUs,
};

describe('mm-template attach', () => {
  it('copies the page tables of the whole template image: 8 B per 4 KiB page', () => {
    // 512 MiB = 131 072 pages → 1 MiB of PTEs (the paper's "< 1 MB" bound) at 5 MiB/ms = 0.2 ms,
    // plus the 2 ms fixed part.
    expect(templateAttachMs(131_072)).toBeCloseTo(mmTemplate.attachBaseMs + 1 / 5, 12);
    // What the instance will touch does not enter: the tables are pre-built for every page.
    expect(templateAttachMs(0)).toBe(mmTemplate.attachBaseMs);
  });
});

describe('mm-template faults', () => {
  it('RDMA: one fetch per touched page, whether read or written, whatever the access mix', () => {
    // 10 000 pages × 6 µs = 60 ms.
    expect(templateFaultMs('rdma', 10_000, 0, 0.5, p)).toBeCloseTo(60, 9);
    expect(templateFaultMs('rdma', 10_000, 10_000, 0.9, p)).toBeCloseTo(60, 9);
    expect(templateFaultMs('rdma', 20_000, 0, 0.24, p)).toBeCloseTo(120, 9);
  });

  it('CXL: in-place reads follow the share of accesses, CoW faults the written pages', () => {
    // 10 000 touched pages × 8 misses × 50 % of accesses to read-only pages × 200 ns = 8 ms.
    expect(templateFaultMs('cxl', 10_000, 0, 0.5, p)).toBeCloseTo(8, 9);
    // 4 000 of them written: + 4 000 × (2.5 + 0.4) µs = 11.6 ms; the reads in place stay 8 ms
    // because the access share is a property of the workload, not of how many pages it writes.
    expect(templateFaultMs('cxl', 10_000, 4_000, 0.5, p)).toBeCloseTo(8 + 11.6, 9);
    // The paper's two ends of "24–90 % of accesses": 10 000 × 8 × s × 0.2 µs.
    expect(templateFaultMs('cxl', 10_000, 4_000, 0.24, p)).toBeCloseTo(11.6 + 3.84, 9);
    expect(templateFaultMs('cxl', 10_000, 4_000, 0.9, p)).toBeCloseTo(11.6 + 14.4, 9);
    // Every touched page written: nothing is read in place.
    expect(templateFaultMs('cxl', 10_000, 10_000, 0.9, p)).toBeCloseTo(29, 9);
  });

  it('private memory depends on the pages written, not on the access share', () => {
    expect(templatePrivatePages('cxl', 1000, 300)).toBe(300);
    expect(templatePrivatePages('rdma', 1000, 300)).toBe(1000);
  });

  it('rejects impossible inputs with the field and range', () => {
    expect(() => templateFaultMs('cxl', 10, 11, 0.5, p)).toThrow(
      /writtenPages must be in \[0, touchedPages=10\]/,
    );
    expect(() => templateFaultMs('cxl', -1, 0, 0.5, p)).toThrow(/touchedPages must be/);
    expect(() => templateFaultMs('cxl', 10, 0, 1.5, p)).toThrow(
      /readOnlyAccessShare must be in \[0, 1\], got 1.5/,
    );
    expect(() => templateFaultMs('cxl', 10, 0, Number.NaN, p)).toThrow(/readOnlyAccessShare/);
  });
});

describe('mm-template properties (fast-check)', () => {
  it('RDMA cost grows with touched pages; CXL cost with written pages and with the access share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (a, b, extra, share) => {
          const touched = Math.max(a, b);
          const written = Math.min(a, b, touched - 1);
          expect(templateFaultMs('rdma', touched + extra, written, share, p)).toBeGreaterThan(
            templateFaultMs('rdma', touched, written, share, p),
          );
          expect(templateFaultMs('cxl', touched, written, share + 0.01, p)).toBeGreaterThan(
            templateFaultMs('cxl', touched, written, share, p),
          );
          // One more written page adds exactly one CoW fault (2.9 µs) while a page is still read.
          if (written + 1 < touched) {
            expect(
              templateFaultMs('cxl', touched, written + 1, share, p) -
                templateFaultMs('cxl', touched, written, share, p),
            ).toBeCloseTo(0.0029, 9);
          }
        },
      ),
      { seed: 20241, numRuns: 200 },
    );
  });
});
