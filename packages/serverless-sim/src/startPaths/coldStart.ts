// The vanilla cold start (faasd, keep-alive, hybrid-histogram): a new container under the
// node's creation lock, then runtime bootstrap and the function's own initialisation.
import type { FunctionTable } from '../functionProfile.js';
import { runtimeInitMs, sandboxCreation } from '../parameters.js';
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
