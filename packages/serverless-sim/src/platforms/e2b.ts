// E2B, the agent-sandbox baseline: every session gets its own Firecracker microVM resumed from
// a snapshot (memory served page by page through userfaultfd), its own browser, and a guest page
// cache that holds file pages a second time on top of the host's copy.
import type { AgentPlatform, AgentPlatformCosts } from '../agents/agentPlatform.js';
import { defaultAgentPlatformCosts } from '../agents/agentPlatform.js';

export interface E2bOptions {
  /** Per-sandbox browser launched cold in the VM ('cold') or captured running in the snapshot
   * ('snapshot', the default: the stronger baseline, it skips the ~1.2 s launch). */
  browserStart?: 'cold' | 'snapshot';
  costs?: Partial<AgentPlatformCosts>;
  name?: string;
}

export function e2bPlatform(options: E2bOptions = {}): AgentPlatform {
  const browserStart = options.browserStart ?? 'snapshot';
  return {
    name: options.name ?? (browserStart === 'cold' ? 'e2b (cold browser)' : 'e2b'),
    restore: 'snapshot-resume',
    tier: 'cxl',
    sandboxPool: false,
    browser: 'per-sandbox',
    browserStart,
    pageCacheBypass: false,
    costs: { ...defaultAgentPlatformCosts(), ...options.costs },
  };
}
