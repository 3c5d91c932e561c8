// TrEnv's mm-template, one model for containers and agent microVMs alike. A template is a
// kernel object holding page tables pre-built for the whole snapshot image, pointing into the
// remote pool (CXL or RDMA). A start attaches it, then the instance faults pages in lazily (RDMA)
// or reads them in place (CXL).
//
// Attach cost: the page tables are pre-built for every page of the template image, so attaching
// copies them all, whatever this instance will touch: 8 bytes per 4 KiB page. That matches the
// paper's text, "< 1 MB of page tables to copy" (2nd) for its functions (1 MB of PTEs covers a
// 512 MiB image), and a start "< 10 ms" (paper). An earlier version of this package charged
// agents for touched pages only; for agents the template image is what the session touched when
// the snapshot was taken, so the two coincide there, and the formula is now the same call.
//
// Fault cost, after attach:
//   CXL: the pool is byte-addressable. A page only read stays in the pool and is read in place:
//        its cost is the cache misses that reach CXL at CXL's extra latency. How many of the
//        instance's misses go to read-only pages is the share of *accesses* to them (TrEnv:
//        24–90 % of accesses), not the share of pages. A written page takes a copy-on-write
//        fault (anonymous fault + 4 KiB copy) and becomes local private memory.
//   RDMA: not load/store addressable: every touched page takes a major fault fetching 4 KiB and
//        lands in local memory.
import { mmTemplate } from '../parameters.js';

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
  /** Last-level-cache misses per touched page (estimate). */
  cxlMissesPerTouchedPage: number;
  /** One RDMA major fault fetching a 4 KiB page, µs (estimate within 3–10). */
  rdmaFaultUs: number;
}

function checkPages(name: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}

/** Attaching a template of `templatePages` pages: fixed part + copying its page tables, ms. */
export function templateAttachMs(
  templatePages: number,
  attachBaseMs: number = mmTemplate.attachBaseMs,
  pteCopyMbPerMs: number = mmTemplate.pteCopyMbPerMs,
): number {
  checkPages('templatePages', templatePages);
  return (
    attachBaseMs + (templatePages * mmTemplate.pteBytesPerPage) / (1024 * 1024) / pteCopyMbPerMs
  );
}

/**
 * Extra execution time, ms, from lazily restoring state out of the pool when an instance
 * touches `touchedPages` pages of its template, writes `writtenPages` of them, and sends
 * `readOnlyAccessShare` of its memory accesses to the pages it only reads.
 */
export function templateFaultMs(
  tier: MemoryTier,
  touchedPages: number,
  writtenPages: number,
  readOnlyAccessShare: number,
  p: FaultCostParameters,
): number {
  checkPages('touchedPages', touchedPages);
  checkPages('writtenPages', writtenPages);
  if (writtenPages > touchedPages) {
    throw new RangeError(
      `writtenPages must be in [0, touchedPages=${touchedPages}], got ${writtenPages}`,
    );
  }
  if (!(readOnlyAccessShare >= 0 && readOnlyAccessShare <= 1)) {
    throw new RangeError(`readOnlyAccessShare must be in [0, 1], got ${readOnlyAccessShare}`);
  }
  if (tier === 'rdma') return (touchedPages * p.rdmaFaultUs) / 1000;
  const cowUs = writtenPages * (p.anonFaultUs + p.pageCopyUs);
  // Nothing is read in place when every touched page was written.
  const readShare = writtenPages < touchedPages ? readOnlyAccessShare : 0;
  const inPlaceUs =
    (touchedPages * p.cxlMissesPerTouchedPage * readShare * p.cxlExtraLatencyNs) / 1000;
  return (cowUs + inPlaceUs) / 1000;
}

/** Pages an instance holds privately in local memory after its lazy restore. */
export function templatePrivatePages(
  tier: MemoryTier,
  touchedPages: number,
  writtenPages: number,
): number {
  return tier === 'rdma' ? touchedPages : writtenPages;
}
