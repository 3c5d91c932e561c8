// Start-up costs shared by the container and microVM baselines, all from parameters.ts.
import type { FunctionTable } from '../functionProfile.js';
import {
  criu,
  faasnap,
  faultCostsUs,
  microVm,
  PAGES_PER_MB,
  reap,
  runtimeInitMs,
  sandboxCreation,
} from '../parameters.js';
import { StartPath, type StartPlan } from '../platform.js';

/** Runtime bootstrap of function `fn`, ms. */
export function runtimeInit(fns: FunctionTable, fn: number): number {
  return runtimeInitMs[fns.profiles[fn]!.runtime] ?? 0;
}

/** A new container: creation under the node's lock, runtime and application init. */
export function planVanillaCold(fns: FunctionTable, fn: number, plan: StartPlan): void {
  plan.path = StartPath.cold;
  plan.createSerialMs = sandboxCreation.serialMs;
  plan.createParallelMs = sandboxCreation.parallelMs;
  plan.startupMs = runtimeInit(fns, fn) + fns.initMs[fn]!;
  plan.privateMb = fns.memoryMb[fn]!;
  plan.nodePageCacheMb = fns.fileCacheMb[fn]!;
}

/**
 * CRIU: a new container, then every page of the image copied into fresh memory. The image file
 * is read through the host page cache, where it stays once per node.
 */
export function planCriuRestore(fns: FunctionTable, fn: number, plan: StartPlan): void {
  const mem = fns.memoryMb[fn]!;
  plan.path = StartPath.restore;
  plan.createSerialMs = sandboxCreation.serialMs;
  plan.createParallelMs = sandboxCreation.parallelMs;
  plan.startupMs = criu.restoreBaseMs + criu.restorePerMbMs * mem;
  plan.privateMb = mem;
  plan.nodePageCacheMb = fns.fileCacheMb[fn]! + mem;
}

function guestMemory(fns: FunctionTable, fn: number, plan: StartPlan): void {
  const mem = fns.memoryMb[fn]!;
  const files = fns.fileCacheMb[fn]!;
  // A guest holds what it touched plus its own copy of the file pages; the host keeps the
  // snapshot file and the rootfs once per node in its page cache.
  plan.privateMb = mem * fns.touchedFraction[fn]! + files * (microVm.guestPageCacheFactor - 1);
  plan.nodePageCacheMb = mem + files;
}

/**
 * REAP+: spawn a Firecracker VMM, restore the VM, prefetch the recorded working set (the
 * touched pages) in one read; the few touched pages outside it fault via userfaultfd.
 */
export function planReap(fns: FunctionTable, fn: number, plan: StartPlan): void {
  const wsMb = fns.memoryMb[fn]! * fns.touchedFraction[fn]!;
  plan.path = StartPath.restore;
  plan.createSerialMs = microVm.serialMs;
  plan.createParallelMs = microVm.spawnMs - microVm.serialMs;
  plan.startupMs = reap.restoreMs + reap.prefetchMsPerMb * wsMb;
  plan.extraExecMs =
    (wsMb * PAGES_PER_MB * reap.workingSetMissFraction * faultCostsUs.userfaultfd) / 1000;
  guestMemory(fns, fn, plan);
}

/**
 * FaaSnap+: spawn and restore the VM, then run while a loader brings the snapshot in
 * concurrently; touched pages take page-cache minor faults, the late ones a disk fault.
 */
export function planFaasnap(fns: FunctionTable, fn: number, plan: StartPlan): void {
  const pages = fns.memoryMb[fn]! * fns.touchedFraction[fn]! * PAGES_PER_MB;
  const late = faasnap.lateLoadFraction;
  plan.path = StartPath.restore;
  plan.createSerialMs = microVm.serialMs;
  plan.createParallelMs = microVm.spawnMs - microVm.serialMs;
  plan.startupMs = faasnap.restoreMs;
  plan.extraExecMs =
    (pages * ((1 - late) * faultCostsUs.pageCacheMinor + late * faultCostsUs.disk)) / 1000;
  guestMemory(fns, fn, plan);
}
