// E2B+, the second agent baseline of TrEnv-X's README figure. What its "+" adds is not stated
// there. We take it to be E2B with the page-cache bypass (virtio-pmem/DAX, the guest reads file
// pages from the host's copy): the one TrEnv-X optimisation a stock VMM offers (the authors'
// README points to Cloud Hypervisor's virtio-pmem for density), in the way REAP+ and FaaSnap+
// are the earlier systems given help from the new one. Everything else is E2B's: a new
// Firecracker VM per session, a snapshot resume, userfaultfd copies of every touched page, and
// a browser in every VM. The reproduction also shows TrEnv-X without browser sharing, the other
// reading (E2B+ = everything but browser sharing).
import type { AgentPlatform, AgentPlatformCosts } from '../agents/agentPlatform.js';
import { e2bPlatform } from './e2b.js';

export function e2bPlusPlatform(
  options: { costs?: Partial<AgentPlatformCosts>; name?: string } = {},
): AgentPlatform {
  return {
    ...e2bPlatform({ ...(options.costs !== undefined ? { costs: options.costs } : {}) }),
    name: options.name ?? 'e2b+',
    pageCacheBypass: true,
  };
}
