// The Firecracker snapshot baselines of TrEnv (REAP+, FaaSnap+): spawn a VMM under the node's
// creation lock, restore the VM, and bring the memory in: REAP (ASPLOS'21) prefetches the
// recorded working set in one read before running; FaaSnap (EuroSys'22) runs while a loader
// streams the snapshot in. Both reads come from the node's storage and contend with others,
// unless the node's page cache already holds the snapshot file (another instance of the
// function lives there), as it would on a real host.
import type { FunctionTable } from '../functionProfile.js';
import { faasnap, faultCostsUs, microVm, PAGES_PER_MB, reap, remoteMemory } from '../parameters.js';
import { StartPath, type StartPlan } from '../platform.js';

function guestMemory(fns: FunctionTable, fn: number, plan: StartPlan): void {
  const mem = fns.memoryMb[fn]!;
  const files = fns.fileCacheMb[fn]!;
  // A guest holds what it touched plus its own copy of the file pages; the host keeps the
  // snapshot file and the rootfs once per node in its page cache.
  plan.privateMb = mem * fns.touchedFraction[fn]! + files * (microVm.guestPageCacheFactor - 1);
  plan.nodePageCacheMb = mem + files;
}

/** Whether the node's page cache holds the snapshot file (and rootfs) of `fn`. */
function cached(fns: FunctionTable, fn: number, cachedMb: number): boolean {
  return cachedMb >= fns.memoryMb[fn]! + fns.fileCacheMb[fn]!;
}

function spawn(plan: StartPlan): void {
  plan.path = StartPath.restore;
  plan.createSerialMs = microVm.serialMs;
  plan.createParallelMs = microVm.spawnMs - microVm.serialMs;
}

/**
 * REAP+: restore the VM, prefetch the working set (the touched pages) in one blocking read; the
 * few touched pages outside it fault via userfaultfd.
 */
export function planReap(fns: FunctionTable, fn: number, plan: StartPlan, cachedMb = 0): void {
  const wsMb = fns.memoryMb[fn]! * fns.touchedFraction[fn]!;
  spawn(plan);
  const hit = cached(fns, fn, cachedMb);
  // From the page cache the prefetch is a copy (one 4 KiB copy per page), from disk a read.
  plan.startupMs =
    reap.restoreMs + (hit ? (wsMb * PAGES_PER_MB * remoteMemory.pageCopyUs) / 1000 : 0);
  plan.readMb = hit ? 0 : wsMb;
  plan.extraExecMs =
    (wsMb * PAGES_PER_MB * reap.workingSetMissFraction * faultCostsUs.userfaultfd) / 1000;
  guestMemory(fns, fn, plan);
}

/**
 * FaaSnap+: restore the VM, then run while a loader reads the touched set in the background;
 * touched pages take page-cache minor faults, the late ones a disk fault.
 */
export function planFaasnap(fns: FunctionTable, fn: number, plan: StartPlan, cachedMb = 0): void {
  const wsMb = fns.memoryMb[fn]! * fns.touchedFraction[fn]!;
  const pages = wsMb * PAGES_PER_MB;
  const late = faasnap.lateLoadFraction;
  spawn(plan);
  plan.startupMs = faasnap.restoreMs;
  plan.backgroundReadMb = cached(fns, fn, cachedMb) ? 0 : wsMb;
  plan.extraExecMs =
    (pages * ((1 - late) * faultCostsUs.pageCacheMinor + late * faultCostsUs.disk)) / 1000;
  guestMemory(fns, fn, plan);
}
