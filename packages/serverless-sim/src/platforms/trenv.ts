// TrEnv for containers (T-CXL, T-RDMA). Two mechanisms, each switchable for the ablations:
// - repurposable sandboxes: a released sandbox is cleaned and parked in its node's universal
//   pool; a miss of any function of the same tenant takes one at the repurposing cost instead
//   of creating a sandbox (creations are serialised per node by the core);
// - mm-templates: each function's snapshot lives once in a remote pool shared by every node;
//   a start attaches the template's page tables, then the invocation faults pages in lazily
//   (`trenvFaultCost`). A template that does not fit the pool falls back to a CRIU restore from
//   a local image: that is the "pool too small" case.
// Warm sandboxes are kept alive like the keep-alive baseline; only released ones are recycled.
import { MemoryKind } from '../cluster/memoryAccounting.js';
import { MemoryPool, PoolAcquire } from '../cluster/memoryPool.js';
import { parseWith } from '../configError.js';
import {
  boolean,
  MAX_MS,
  num,
  type OutputOf,
  object,
  oneOf,
  optional,
  string,
  withDefault,
} from '../configFields.js';
import {
  criu,
  mmTemplate,
  PAGES_PER_MB,
  remoteMemory,
  sandboxCreation,
  trenvSandbox,
  warmStartMs,
} from '../parameters.js';
import {
  type Platform,
  type PlatformContext,
  type PlatformFactory,
  type Retention,
  StartPath,
  type StartPlan,
} from '../platform.js';
import { SandboxRecycler } from '../sandboxes/sandboxRecycler.js';
import { planCriuRestore } from '../startPaths/criuRestore.js';
import {
  type FaultCostParameters,
  type MemoryTier,
  templateAttachMs,
  templateFaultMs,
  templatePrivatePages,
} from '../startPaths/mmTemplate.js';

export interface TrenvOptions {
  tier?: MemoryTier;
  /** Recycle released sandboxes through the universal pool (default true). */
  repurpose?: boolean;
  /** Restore from mm-templates in the remote pool (default true); off: CRIU from a local image. */
  templates?: boolean;
  /** Remote pool capacity, MiB (default `remoteMemory.poolCapacityMb`). */
  poolCapacityMb?: number;
  /** Keep-alive of a warm sandbox before it is released to the pool, ms (default 0). */
  keepAliveMs?: number;
  /** Most cleaned sandboxes a node keeps per tenant. */
  maxPooledPerNode?: number;
  repurposeMs?: number;
  attachBaseMs?: number;
  criuRestoreBaseMs?: number;
  /** Fault-cost overrides (sensitivity sweeps). */
  faults?: Partial<FaultCostParameters>;
  name?: string;
}

const faultSchema = object({
  anonFaultUs: withDefault(num(0, 1e6), remoteMemory.anonFaultUs),
  pageCopyUs: withDefault(num(0, 1e6), remoteMemory.pageCopyUs),
  cxlExtraLatencyNs: withDefault(num(0, 1e6), remoteMemory.cxlExtraLatencyNs),
  cxlMissesPerTouchedPage: withDefault(num(0, 64), remoteMemory.cxlMissesPerTouchedPage),
  rdmaFaultUs: withDefault(num(0, 1e6), remoteMemory.rdmaFaultUs),
});

/** Options of the `trenv-cxl` / `trenv-rdma` platforms, as the config validates them. */
export const trenvOptionsSchema = object({
  tier: withDefault(oneOf(['cxl', 'rdma']), 'cxl'),
  repurpose: withDefault(boolean(), true),
  templates: withDefault(boolean(), true),
  poolCapacityMb: withDefault(num(0, 1e12, { openLow: true }), remoteMemory.poolCapacityMb),
  // 0 like the snapshot baselines (criu, reap-plus, faasnap-plus): every miss restores.
  keepAliveMs: withDefault(num(0, MAX_MS), 0),
  maxPooledPerNode: withDefault(num(0, 1e9, { int: true }), trenvSandbox.maxPooledPerNode),
  /** Cleaning and reconfiguring a parked sandbox, ms (2nd: < 1 ms). */
  repurposeMs: withDefault(num(0, 60_000), trenvSandbox.repurposeMs),
  /** Fixed part of a template attach, ms (estimate). */
  attachBaseMs: withDefault(num(0, 60_000), mmTemplate.attachBaseMs),
  /** Fixed part of the CRIU fallback's restore, ms (estimate, swept). */
  criuRestoreBaseMs: withDefault(num(0, 60_000), criu.restoreBaseMs),
  faults: withDefault(faultSchema, {}),
  name: optional(string(1, 200)),
});
type Resolved = OutputOf<typeof trenvOptionsSchema>;

/** Default row name: `trenv-cxl`, plus what an ablation switched off. */
export function trenvName(o: TrenvOptions = {}): string {
  const base = `trenv-${o.tier ?? 'cxl'}`;
  if (o.repurpose === false && o.templates === false) return `${base} (neither)`;
  if (o.repurpose === false) return `${base} (templates only)`;
  if (o.templates === false) return `${base} (repurposing only)`;
  if (o.poolCapacityMb !== undefined && o.poolCapacityMb < remoteMemory.poolCapacityMb) {
    return `${base} (pool ${Math.round(o.poolCapacityMb)} MiB)`;
  }
  return base;
}

export class TrenvPlatform implements Platform {
  readonly name: string;
  private readonly o: Resolved;
  private ctx!: PlatformContext;
  private pool!: MemoryPool;
  private recycler: SandboxRecycler | undefined;
  private nFn = 0;
  /** Live sandboxes per (node, fn) that pin their template in the pool. */
  private pinned!: Int32Array;
  /** Live sandboxes per (node, fn) restored by the CRIU fallback. */
  private fallback!: Int32Array;
  // Per-function costs, computed once.
  private attachMs!: Float64Array;
  private faultMs!: Float64Array;
  private templatePrivateMb!: Float64Array;
  private counters = { created: 0, templateStarts: 0, criuFallbacks: 0 };

  constructor(options: TrenvOptions = {}) {
    this.o = parseWith(trenvOptionsSchema, options, 'platformOptions');
    this.name = options.name ?? trenvName(options);
  }

  init(ctx: PlatformContext): void {
    this.ctx = ctx;
    const f = ctx.functions;
    this.nFn = f.count;
    this.pool = new MemoryPool(this.o.poolCapacityMb, f.count);
    this.recycler = this.o.repurpose
      ? new SandboxRecycler(
          ctx.nodeCount,
          f.tenantNames.length,
          this.o.maxPooledPerNode,
          trenvSandbox.containerPooledMb,
          ctx.memory,
        )
      : undefined;
    this.pinned = new Int32Array(ctx.nodeCount * f.count);
    this.fallback = new Int32Array(ctx.nodeCount * f.count);
    this.attachMs = new Float64Array(f.count);
    this.faultMs = new Float64Array(f.count);
    this.templatePrivateMb = new Float64Array(f.count);
    for (let i = 0; i < f.count; i++) {
      const memPages = f.memoryMb[i]! * PAGES_PER_MB;
      const touched = memPages * f.touchedFraction[i]!;
      const written = touched * (1 - f.readOnlyFraction[i]!);
      this.attachMs[i] = templateAttachMs(memPages, this.o.attachBaseMs);
      this.faultMs[i] = templateFaultMs(
        this.o.tier,
        touched,
        written,
        f.readOnlyAccessShare[i]!,
        this.o.faults,
      );
      this.templatePrivateMb[i] =
        templatePrivatePages(this.o.tier, touched, written) / PAGES_PER_MB;
    }
  }

  warmStartMs(): number {
    return warmStartMs;
  }

  plan(fn: number, node: number, _now: number, plan: StartPlan): void {
    const f = this.ctx.functions;
    const outcome = this.o.templates
      ? this.pool.wouldAcquire(fn, f.memoryMb[fn]!)
      : PoolAcquire.rejected;
    if (outcome === PoolAcquire.rejected) {
      // No template: restore exactly as the CRIU baseline does (cost, memory, page cache).
      planCriuRestore(f, fn, plan, this.ctx.pageCacheHeldMb(node, fn), this.o.criuRestoreBaseMs);
    } else {
      plan.path = StartPath.restore;
      plan.createSerialMs = sandboxCreation.serialMs;
      plan.createParallelMs = sandboxCreation.parallelMs;
      plan.startupMs = this.attachMs[fn]!;
      // A template not resident in the pool is loaded from the node's storage first.
      if (outcome === PoolAcquire.placed) plan.readMb = f.memoryMb[fn]!;
      plan.extraExecMs = this.faultMs[fn]!;
      plan.privateMb = this.templatePrivateMb[fn]!;
      // Libraries and other file-backed pages sit in the node's page cache, as for every
      // baseline; the template's pages live in the pool, not here.
      plan.nodePageCacheMb = f.fileCacheMb[fn]!;
    }
    const r = this.recycler;
    if (r !== undefined && r.count(node, f.tenant[fn]!) > 0) {
      plan.path = StartPath.repurpose;
      plan.createSerialMs = 0;
      plan.createParallelMs = 0;
      plan.startupMs += this.o.repurposeMs;
      plan.reclaimMb = r.parkedMb;
    }
  }

  commit(fn: number, node: number, now: number, plan: StartPlan): void {
    const f = this.ctx.functions;
    if (plan.path === StartPath.repurpose) this.recycler!.take(node, f.tenant[fn]!, now);
    else this.counters.created++;
    const pair = node * this.nFn + fn;
    const before = this.pool.usedMb;
    const r = this.o.templates ? this.pool.acquire(fn, f.memoryMb[fn]!) : PoolAcquire.rejected;
    if (r === PoolAcquire.rejected) {
      this.fallback[pair]!++;
      this.counters.criuFallbacks++;
    } else {
      this.pinned[pair]!++;
      this.counters.templateStarts++;
    }
    const delta = this.pool.usedMb - before;
    if (delta !== 0) this.ctx.memory.add(MemoryKind.shared, 0, delta, now);
  }

  onIdle(_fn: number, _node: number, _now: number, out: Retention): void {
    out.keepAliveMs = this.o.keepAliveMs;
  }

  onRelease(fn: number, node: number, now: number): void {
    const pair = node * this.nFn + fn;
    // The core does not say which sandbox went; CRIU-restored ones are released first, which
    // only matters when one function has both kinds alive on one node (a too-small pool).
    if (this.fallback[pair]! > 0) this.fallback[pair]!--;
    else if (this.pinned[pair]! > 0) {
      this.pinned[pair]!--;
      this.pool.release(fn);
    }
    this.recycler?.park(node, this.ctx.functions.tenant[fn]!, now);
  }

  /** Nodes with a parked sandbox of the tenant start faster. */
  affinity(fn: number, node: number): number {
    const r = this.recycler;
    return r !== undefined && r.count(node, this.ctx.functions.tenant[fn]!) > 0 ? 1 : 0;
  }

  stats(): Record<string, number> {
    const p = this.pool.stats();
    return {
      repurposed: this.recycler?.repurposed ?? 0,
      ...this.counters,
      poolHits: p.hits,
      poolPlacements: p.placements,
      poolRejections: p.rejections,
      poolEvictions: p.evictions,
      poolPeakMb: p.peakMb,
    };
  }
}

function optionsFrom(raw: Record<string, unknown> | undefined, tier: MemoryTier): TrenvOptions {
  return { tier, ...(raw ?? {}) } as TrenvOptions;
}

export const trenvCxlFactory: PlatformFactory = {
  description:
    'TrEnv on a CXL pool: repurposable sandboxes + mm-templates read in place, CoW on write',
  create: (options) => new TrenvPlatform(optionsFrom(options, 'cxl')),
};

export const trenvRdmaFactory: PlatformFactory = {
  description:
    'TrEnv on an RDMA pool: repurposable sandboxes + mm-templates, every touched page fetched',
  create: (options) => new TrenvPlatform(optionsFrom(options, 'rdma')),
};
