// How a platform starts and houses agent sandboxes, described as a set of mechanisms (so each
// ablation is one switch) and their costs. `e2bPlatform` and `trenvXPlatform` (in `platforms/`)
// build the two systems the paper compares. The description is plain data (easy to print, sweep
// and compare); `AgentSandboxPlatform` compiles it once into the engine's start path, browser
// strategy and recycler, so nothing downstream branches on these fields per event.
import {
  agentBrowser,
  e2b,
  microVm,
  mmTemplate,
  remoteMemory,
  trenvSandbox,
} from '../parameters.js';
import type { FaultCostParameters, MemoryTier } from '../startPaths/mmTemplate.js';

export interface AgentPlatformCosts extends FaultCostParameters {
  /** Part of a microVM creation serialised per node (tap + netns under kernel locks), ms. */
  createSerialMs: number;
  /** Part of a microVM creation that overlaps with others (VMM spawn), ms. */
  createParallelMs: number;
  /** Cleaning a finished sandbox and handing it to a new session, ms. */
  repurposeMs: number;
  /** Memory an idle pooled sandbox keeps (VMM process, device state), MiB. */
  pooledSandboxMb: number;
  /** Most idle sandboxes a node keeps in its pool. */
  maxPooledPerNode: number;
  /** Snapshot resume with the memory file in the host page cache / not, ms. */
  resumeHotMs: number;
  resumeColdMs: number;
  /** userfaultfd fault serving one page of the snapshot, µs. */
  uffdFaultUs: number;
  /** mm-template attach: fixed part, ms; page-table copy rate, MiB of PTEs per ms. */
  attachBaseMs: number;
  pteCopyMbPerMs: number;
  /** Capacity of the remote memory pool, MiB. */
  poolCapacityMb: number;
  /** Browser: cold launch, ms; resident memory of a per-sandbox browser, MiB. */
  browserLaunchMs: number;
  browserMb: number;
  /** Shared browser: base memory, MiB; per-agent context memory, MiB, and creation time, ms. */
  sharedBrowserBaseMb: number;
  contextMb: number;
  contextCreateMs: number;
}

export interface AgentPlatform {
  /** Row name in result tables. */
  name: string;
  /** Restore the VM's memory by a Firecracker snapshot resume or by mapping an mm-template. */
  restore: 'snapshot-resume' | 'mm-template';
  /** Remote-memory tier of the template pool (mm-template only). */
  tier: MemoryTier;
  /** Reuse finished sandboxes for new sessions instead of creating one per session. */
  sandboxPool: boolean;
  /** One browser inside every sandbox, or one per node shared through per-agent contexts. */
  browser: 'per-sandbox' | 'shared';
  /** A per-sandbox browser is launched cold, or captured running in the snapshot/template. */
  browserStart: 'cold' | 'snapshot';
  /** virtio-pmem/DAX: the guest reads file pages from the host's copy instead of caching them. */
  pageCacheBypass: boolean;
  costs: AgentPlatformCosts;
}

/** Every cost at its documented default (`parameters.ts`); override fields to explore. */
export function defaultAgentPlatformCosts(): AgentPlatformCosts {
  return {
    anonFaultUs: remoteMemory.anonFaultUs,
    pageCopyUs: remoteMemory.pageCopyUs,
    cxlExtraLatencyNs: remoteMemory.cxlExtraLatencyNs,
    cxlMissesPerTouchedPage: remoteMemory.cxlMissesPerTouchedPage,
    rdmaFaultUs: remoteMemory.rdmaFaultUs,
    createSerialMs: e2b.createSerialMs,
    createParallelMs: microVm.spawnMs,
    repurposeMs: trenvSandbox.vmRepurposeMs,
    pooledSandboxMb: trenvSandbox.vmPooledMb,
    maxPooledPerNode: trenvSandbox.vmMaxPooledPerNode,
    resumeHotMs: e2b.resumeHotMs,
    resumeColdMs: e2b.resumeColdMs,
    uffdFaultUs: e2b.uffdFaultUs,
    attachBaseMs: mmTemplate.attachBaseMs,
    pteCopyMbPerMs: mmTemplate.pteCopyMbPerMs,
    poolCapacityMb: remoteMemory.poolCapacityMb,
    browserLaunchMs: agentBrowser.launchMs,
    browserMb: agentBrowser.memoryMb,
    sharedBrowserBaseMb: agentBrowser.sharedBaseMb,
    contextMb: agentBrowser.contextMb,
    contextCreateMs: agentBrowser.contextCreateMs,
  };
}
