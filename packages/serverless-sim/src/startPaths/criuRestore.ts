// CRIU: a new container, then every page of the image copied into fresh memory (an anonymous
// fault and a 4 KiB copy per page). The image file is read from the node's storage unless the
// page cache already holds it (another instance of the function lives on the node), and stays
// in the page cache once per node while instances live.
import type { FunctionTable } from '../functionProfile.js';
import { criu, sandboxCreation } from '../parameters.js';
import { StartPath, type StartPlan } from '../platform.js';

/**
 * @param cachedMb page cache the node holds for `fn` now (0: the image must be read from disk).
 * @param restoreBaseMs the fixed restore cost (an estimate; the sensitivity sweep varies it).
 */
export function planCriuRestore(
  fns: FunctionTable,
  fn: number,
  plan: StartPlan,
  cachedMb = 0,
  restoreBaseMs: number = criu.restoreBaseMs,
): void {
  const mem = fns.memoryMb[fn]!;
  plan.path = StartPath.restore;
  plan.createSerialMs = sandboxCreation.serialMs;
  plan.createParallelMs = sandboxCreation.parallelMs;
  plan.startupMs = restoreBaseMs + criu.restorePerMbMs * mem;
  plan.readMb = cachedMb >= fns.fileCacheMb[fn]! + mem ? 0 : mem;
  plan.privateMb = mem;
  plan.nodePageCacheMb = fns.fileCacheMb[fn]! + mem;
}
