// What a TrEnv restore costs after the template is mapped: the lazy page faults (or in-place
// remote reads) an invocation takes while it runs, and the private memory it ends up holding.
//
// CXL: the pool is byte-addressable, so a page the invocation only reads stays in the pool and
//   is read in place; each such page costs some cache-line misses at CXL's extra latency. Only a
//   page the invocation writes takes a copy-on-write fault (an anonymous fault plus a 4 KiB copy)
//   and becomes local private memory.
// RDMA: the pool is not load/store addressable, so every touched page takes a major fault that
//   fetches 4 KiB over the network, and every fetched page lands in local memory.

/** The remote-memory tier behind the pool. */
export type MemoryTier = 'cxl' | 'rdma';

/** Fault-cost knobs (defaults and sources in `parameters.ts`). */
export interface FaultCostParameters {
  /** Anonymous page fault, µs (lit). */
  anonFaultUs: number;
  /** Copying one 4 KiB page, µs (estimate). */
  pageCopyUs: number;
  /** Extra latency of a CXL load miss over local DRAM, ns (estimate within 150–300). */
  cxlExtraLatencyNs: number;
  /** Cache-line misses that reach CXL per read-only page an invocation touches (estimate). */
  cxlMissesPerReadPage: number;
  /** One RDMA major fault fetching a 4 KiB page, µs (estimate within 3–10). */
  rdmaFaultUs: number;
}

function checkPages(name: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}

/**
 * Extra execution time, in milliseconds, from lazily restoring state out of the pool when an
 * invocation touches `touchedPages` pages of its template and writes `writtenPages` of them.
 * CXL grows with written pages (and weakly with read-only ones); RDMA with every touched page.
 */
export function trenvFaultCost(
  tier: MemoryTier,
  touchedPages: number,
  writtenPages: number,
  p: FaultCostParameters,
): number {
  checkPages('touchedPages', touchedPages);
  checkPages('writtenPages', writtenPages);
  if (writtenPages > touchedPages) {
    throw new RangeError(
      `writtenPages must be in [0, touchedPages=${touchedPages}], got ${writtenPages}`,
    );
  }
  if (tier === 'rdma') return (touchedPages * p.rdmaFaultUs) / 1000;
  const readPages = touchedPages - writtenPages;
  const cowUs = writtenPages * (p.anonFaultUs + p.pageCopyUs);
  const inPlaceUs = (readPages * p.cxlMissesPerReadPage * p.cxlExtraLatencyNs) / 1000;
  return (cowUs + inPlaceUs) / 1000;
}

/** Pages an instance holds privately in local memory after such an invocation. */
export function trenvPrivatePages(
  tier: MemoryTier,
  touchedPages: number,
  writtenPages: number,
): number {
  return tier === 'rdma' ? touchedPages : writtenPages;
}
