// TrEnv-X for agent sandboxes: microVM sandboxes taken from a per-node pool and repurposed, VM
// memory restored by mapping an mm-template that lives once in the CXL/RDMA pool, one browser per
// node shared by its agents through per-agent contexts, and virtio-pmem/DAX so the guest does not
// cache file pages again. Each mechanism can be switched off for the ablation rows.
//
// The paper's abstract names browser sharing without describing its mechanism: our model is a browser
// process per node, launched on first use and kept, plus a context (its own renderer) per agent
// with a fixed memory and creation cost (`agentBrowser` in parameters.ts).
import type { AgentPlatform, AgentPlatformCosts } from '../agents/agentPlatform.js';
import { defaultAgentPlatformCosts } from '../agents/agentPlatform.js';
import type { MemoryTier } from '../startPaths/mmTemplate.js';

export interface TrenvXOptions {
  /** Share one browser per node (default true); off: a browser in every sandbox. */
  browserSharing?: boolean;
  /** virtio-pmem page-cache bypass (default true). */
  pageCacheBypass?: boolean;
  /** Repurpose pooled sandboxes (default true). */
  sandboxPool?: boolean;
  tier?: MemoryTier;
  costs?: Partial<AgentPlatformCosts>;
  name?: string;
}

export function trenvXPlatform(options: TrenvXOptions = {}): AgentPlatform {
  const sharing = options.browserSharing ?? true;
  const bypass = options.pageCacheBypass ?? true;
  const pool = options.sandboxPool ?? true;
  const tier = options.tier ?? 'cxl';
  const off: string[] = [];
  if (!sharing) off.push('no browser sharing');
  if (!bypass) off.push('no page-cache bypass');
  if (!pool) off.push('no sandbox pool');
  if (tier !== 'cxl') off.push(tier);
  return {
    name: options.name ?? (off.length === 0 ? 'trenv-x' : `trenv-x (${off.join(', ')})`),
    restore: 'mm-template',
    tier,
    sandboxPool: pool,
    browser: sharing ? 'shared' : 'per-sandbox',
    browserStart: 'snapshot',
    pageCacheBypass: bypass,
    costs: { ...defaultAgentPlatformCosts(), ...options.costs },
  };
}
