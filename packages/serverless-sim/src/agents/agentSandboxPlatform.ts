// An agent platform on the shared engine. An `AgentPlatform` description is compiled here, once,
// into the engine's `Platform`: a restore start path (Firecracker snapshot resume, or the
// mm-template shared with containers), a browser strategy (one per sandbox, cold or in the
// image; or one per node shared through contexts) and, when pooling is on, the same
// `SandboxRecycler` TrEnv's containers use. Per event only those objects run.
//
// Each agent profile is one "function" of the engine (fn = profile index); a session is one
// invocation with several steps; its sandbox lives from admission to its last step and is then
// released (no keep-alive), recycled if the platform pools sandboxes.
import { MemoryKind } from '../cluster/memoryAccounting.js';
import { MemoryPool, PoolAcquire, type PoolAcquireResult } from '../cluster/memoryPool.js';
import { defaultReadOnlyAccessShare, PAGES_PER_MB } from '../parameters.js';
import {
  type Platform,
  type PlatformContext,
  type Retention,
  StartPath,
  type StartPlan,
} from '../platform.js';
import { SandboxRecycler } from '../sandboxes/sandboxRecycler.js';
import {
  templateAttachMs,
  templateFaultMs,
  templatePrivatePages,
} from '../startPaths/mmTemplate.js';
import type { AgentPlatform, AgentPlatformCosts } from './agentPlatform.js';
import type { AgentProfile } from './agentWorkload.js';

/** Counters an agent run reports. */
export interface AgentCounts {
  created: number;
  repurposed: number;
  browserLaunches: number;
  browserContexts: number;
  poolPlacements: number;
  poolRejections: number;
}

/** Per-profile memory (MiB) and fault/attach times (ms), fixed for a run. */
interface ProfileCosts {
  imageMb: Float64Array;
  snapshotPrivateMb: Float64Array;
  templatePrivateMb: Float64Array;
  uffdMs: Float64Array;
  templateFaultMs: Float64Array;
  attachMs: Float64Array;
}

/** How the VM's memory comes back: a start path of the engine. */
interface RestorePath {
  /** Fills restore cost, private memory and lazy-fault time; returns the pool outcome. */
  plan(p: number, node: number, hot: boolean, plan: StartPlan): PoolAcquireResult;
  commit(p: number, node: number, now: number, outcome: PoolAcquireResult): void;
  release(p: number, node: number): void;
}

/** Firecracker snapshot resume (E2B): memory served page by page through userfaultfd. */
class SnapshotResume implements RestorePath {
  constructor(
    private readonly k: ProfileCosts,
    private readonly c: AgentPlatformCosts,
  ) {}
  plan(p: number, _node: number, hot: boolean, plan: StartPlan): PoolAcquireResult {
    plan.path = StartPath.restore;
    plan.createSerialMs = this.c.createSerialMs;
    plan.createParallelMs = 0; // the resume includes the VMM start
    plan.startupMs += hot ? this.c.resumeHotMs : this.c.resumeColdMs;
    plan.extraExecMs = this.k.uffdMs[p]!;
    plan.privateMb = this.k.snapshotPrivateMb[p]!;
    return PoolAcquire.rejected;
  }
  commit(): void {}
  release(): void {}
}

/** The mm-template in the remote pool; a template that does not fit falls back to a resume. */
class TemplateRestore implements RestorePath {
  private readonly pinned: Int32Array;
  private readonly fallback: Int32Array;
  constructor(
    private readonly k: ProfileCosts,
    private readonly c: AgentPlatformCosts,
    private readonly pool: MemoryPool,
    private readonly ctx: PlatformContext,
    private readonly counts: AgentCounts,
    private readonly resume: SnapshotResume,
    profiles: number,
  ) {
    this.pinned = new Int32Array(ctx.nodeCount * profiles);
    this.fallback = new Int32Array(ctx.nodeCount * profiles);
  }
  plan(p: number, node: number, hot: boolean, plan: StartPlan): PoolAcquireResult {
    const outcome = this.pool.wouldAcquire(p, this.k.imageMb[p]!);
    if (outcome === PoolAcquire.rejected) {
      this.resume.plan(p, node, hot, plan);
      return outcome;
    }
    plan.path = StartPath.restore;
    plan.createSerialMs = this.c.createSerialMs;
    plan.createParallelMs = this.c.createParallelMs;
    plan.startupMs += this.k.attachMs[p]!;
    if (outcome === PoolAcquire.placed) plan.readMb = this.k.imageMb[p]!;
    plan.extraExecMs = this.k.templateFaultMs[p]!;
    plan.privateMb = this.k.templatePrivateMb[p]!;
    return outcome;
  }
  commit(p: number, node: number, now: number, outcome: PoolAcquireResult): void {
    const slot = node * this.k.imageMb.length + p;
    if (outcome === PoolAcquire.rejected) {
      this.counts.poolRejections++;
      this.fallback[slot]!++;
      return;
    }
    const before = this.pool.usedMb;
    const r = this.pool.acquire(p, this.k.imageMb[p]!);
    if (r === PoolAcquire.placed) this.counts.poolPlacements++;
    this.pinned[slot]!++;
    const delta = this.pool.usedMb - before;
    if (delta !== 0) this.ctx.memory.add(MemoryKind.shared, 0, delta, now);
  }
  release(p: number, node: number): void {
    const slot = node * this.k.imageMb.length + p;
    if (this.fallback[slot]! > 0) this.fallback[slot]!--;
    else {
      this.pinned[slot]!--;
      this.pool.release(p);
    }
  }
}

/** Where an agent's browser comes from. */
interface BrowserStrategy {
  plan(usesBrowser: boolean, node: number, now: number, plan: StartPlan): void;
  commit(usesBrowser: boolean, node: number, now: number, plan: StartPlan): void;
}

/** A browser in every sandbox: launched cold after the restore, or part of the image. */
class PerSandboxBrowser implements BrowserStrategy {
  constructor(
    private readonly cold: boolean,
    private readonly c: AgentPlatformCosts,
    private readonly counts: AgentCounts,
  ) {}
  plan(usesBrowser: boolean, _node: number, _now: number, plan: StartPlan): void {
    if (usesBrowser && this.cold) plan.startupMs += this.c.browserLaunchMs;
  }
  commit(usesBrowser: boolean): void {
    if (usesBrowser && this.cold) this.counts.browserLaunches++;
  }
}

/** One browser per node, launched on first use and kept; each agent gets a context in it. */
class SharedBrowser implements BrowserStrategy {
  private readonly readyAt: Float64Array;
  constructor(
    nodes: number,
    private readonly c: AgentPlatformCosts,
    private readonly counts: AgentCounts,
    private readonly ctx: PlatformContext,
  ) {
    this.readyAt = new Float64Array(nodes).fill(Number.NaN);
  }
  plan(usesBrowser: boolean, node: number, now: number, plan: StartPlan): void {
    if (!usesBrowser) return;
    const at = this.readyAt[node]!;
    if (Number.isNaN(at)) {
      plan.joinAtMs = now + this.c.browserLaunchMs;
      plan.retainedMb += this.c.sharedBrowserBaseMb;
    } else {
      plan.joinAtMs = at;
    }
    plan.joinMs = this.c.contextCreateMs;
  }
  commit(usesBrowser: boolean, node: number, now: number, plan: StartPlan): void {
    if (!usesBrowser) return;
    if (Number.isNaN(this.readyAt[node]!)) {
      this.readyAt[node] = plan.joinAtMs;
      this.counts.browserLaunches++;
      this.ctx.memory.add(MemoryKind.private, node, this.c.sharedBrowserBaseMb, now);
    }
    this.counts.browserContexts++;
  }
}

export class AgentSandboxPlatform implements Platform {
  readonly name: string;
  readonly counts: AgentCounts = {
    created: 0,
    repurposed: 0,
    browserLaunches: 0,
    browserContexts: 0,
    poolPlacements: 0,
    poolRejections: 0,
  };
  private readonly d: AgentPlatform;
  private readonly profiles: readonly AgentProfile[];
  private ctx!: PlatformContext;
  private restore!: RestorePath;
  private browser!: BrowserStrategy;
  private recycler: SandboxRecycler | undefined;
  /** Whether a node's host page cache holds a profile's files (kept for good once read). */
  private seen!: Uint8Array;
  private outcome: PoolAcquireResult = PoolAcquire.rejected;
  private readonly k: ProfileCosts;

  constructor(description: AgentPlatform, profiles: readonly AgentProfile[]) {
    this.d = description;
    this.name = description.name;
    this.profiles = profiles;
    const c = description.costs;
    const n = profiles.length;
    const k: ProfileCosts = {
      imageMb: new Float64Array(n),
      snapshotPrivateMb: new Float64Array(n),
      templatePrivateMb: new Float64Array(n),
      uffdMs: new Float64Array(n),
      templateFaultMs: new Float64Array(n),
      attachMs: new Float64Array(n),
    };
    const perSandbox = description.browser === 'per-sandbox';
    for (let i = 0; i < n; i++) {
      const p = profiles[i]!;
      // A browser captured running in the snapshot is part of the VM image; its heap is all
      // written.
      const browserInImage = p.usesBrowser && perSandbox && description.browserStart === 'snapshot';
      const imageMb = p.anonTouchedMb + (browserInImage ? c.browserMb : 0);
      const written = p.writtenShare * p.anonTouchedMb + (browserInImage ? c.browserMb : 0);
      const guestFile = description.pageCacheBypass ? 0 : p.fileMb;
      let browserPrivate = 0;
      if (p.usesBrowser) {
        if (!perSandbox) browserPrivate = c.contextMb;
        else if (description.browserStart === 'cold') browserPrivate = c.browserMb;
      }
      k.imageMb[i] = imageMb;
      // userfaultfd copies every touched page into the VM's own memory.
      k.snapshotPrivateMb[i] = imageMb + guestFile + browserPrivate;
      // The template image is what the session touched when the snapshot was taken.
      const touchedPages = imageMb * PAGES_PER_MB;
      const writtenPages = written * PAGES_PER_MB;
      const accessShare = p.readOnlyAccessShare ?? defaultReadOnlyAccessShare;
      k.templatePrivateMb[i] =
        templatePrivatePages(description.tier, touchedPages, writtenPages) / PAGES_PER_MB +
        guestFile +
        browserPrivate;
      k.uffdMs[i] = (touchedPages * c.uffdFaultUs) / 1000;
      k.templateFaultMs[i] = templateFaultMs(
        description.tier,
        touchedPages,
        writtenPages,
        accessShare,
        c,
      );
      k.attachMs[i] = templateAttachMs(touchedPages, c.attachBaseMs, c.pteCopyMbPerMs);
    }
    this.k = k;
  }

  init(ctx: PlatformContext): void {
    const d = this.d;
    const c = d.costs;
    const np = this.profiles.length;
    this.ctx = ctx;
    this.seen = new Uint8Array(ctx.nodeCount * np);
    const resume = new SnapshotResume(this.k, c);
    this.restore =
      d.restore === 'mm-template'
        ? new TemplateRestore(
            this.k,
            c,
            new MemoryPool(c.poolCapacityMb, np),
            ctx,
            this.counts,
            resume,
            np,
          )
        : resume;
    this.browser =
      d.browser === 'shared'
        ? new SharedBrowser(ctx.nodeCount, c, this.counts, ctx)
        : new PerSandboxBrowser(d.browserStart === 'cold', c, this.counts);
    this.recycler = d.sandboxPool
      ? new SandboxRecycler(ctx.nodeCount, 1, c.maxPooledPerNode, c.pooledSandboxMb, ctx.memory)
      : undefined;
  }

  warmStartMs(): number {
    return 0;
  }

  plan(p: number, node: number, now: number, plan: StartPlan): void {
    const hot = this.seen[node * this.profiles.length + p] === 1;
    this.outcome = this.restore.plan(p, node, hot, plan);
    const r = this.recycler;
    if (r !== undefined && r.count(node, 0) > 0) {
      plan.path = StartPath.repurpose;
      plan.createSerialMs = 0;
      plan.createParallelMs = 0;
      plan.startupMs += this.d.costs.repurposeMs;
      plan.reclaimMb = r.parkedMb;
    }
    // The host's copy of the profile's file pages: read once per node and kept.
    if (!hot) plan.retainedMb += this.profiles[p]!.fileMb;
    this.browser.plan(this.profiles[p]!.usesBrowser, node, now, plan);
  }

  commit(p: number, node: number, now: number, plan: StartPlan): void {
    if (plan.path === StartPath.repurpose) {
      this.recycler!.take(node, 0, now);
      this.counts.repurposed++;
    } else {
      this.counts.created++;
    }
    this.restore.commit(p, node, now, this.outcome);
    const slot = node * this.profiles.length + p;
    if (this.seen[slot] === 0) {
      this.seen[slot] = 1;
      this.ctx.memory.add(MemoryKind.pageCache, node, this.profiles[p]!.fileMb, now);
    }
    this.browser.commit(this.profiles[p]!.usesBrowser, node, now, plan);
  }

  onIdle(_p: number, _node: number, _now: number, out: Retention): void {
    out.keepAliveMs = 0;
  }

  onRelease(p: number, node: number, now: number): void {
    this.restore.release(p, node);
    this.recycler?.park(node, 0, now);
  }

  /** The most a session of profile `p` can add to an empty node, MiB. */
  worstNeedMb(p: number): number {
    const c = this.d.costs;
    const prof = this.profiles[p]!;
    const priv = Math.max(this.k.snapshotPrivateMb[p]!, this.k.templatePrivateMb[p]!);
    const browser = prof.usesBrowser && this.d.browser === 'shared' ? c.sharedBrowserBaseMb : 0;
    return priv + prof.fileMb + browser;
  }

  stats(): Record<string, number> {
    return { ...this.counts };
  }
}
