// Every cost and default the simulator uses, in one place, each with where it comes from.
// Confidence tags: paper = abstract/README of the authors; 2nd = a secondary source: a
// summary quoting the paper; lit = another paper's or project's measurement; estimate = our
// default, which a user can override. Nothing here is fitted backwards to a paper's ratios.
//
// Units: milliseconds for time, MiB for memory, unless the name says otherwise.

/** Size of a page, bytes (x86-64 base page). */
export const PAGE_BYTES = 4096;
/** Pages in one MiB. */
export const PAGES_PER_MB = (1024 * 1024) / PAGE_BYTES;

/** Page-fault costs per 4 KiB page, microseconds. Source: lit (fault costs as summarised for TrEnv, SOSP'24). */
export const faultCostsUs = {
  /** Anonymous (zero-fill) fault. lit */
  anonymous: 2.5,
  /** Minor fault on a page already in the page cache. lit */
  pageCacheMinor: 3.7,
  /** Major fault reading the page from local disk. lit */
  disk: 13.3,
  /** Fault resolved in user space through userfaultfd. lit */
  userfaultfd: 6.7,
} as const;

/**
 * Sandbox (container) creation: netns + cgroup + rootfs overlay + devices.
 * "Tens of ms idle; network-namespace setup reaches ~600 ms under load because kernel locks
 * serialise it" (2nd, TrEnv §6.1). We split creation into a part serialised per node (held
 * under the kernel locks) and a part that runs in parallel. Values: estimate, chosen so an idle
 * creation costs tens of ms and a burst of ~40 concurrent creations queues ~600 ms.
 */
export const sandboxCreation = {
  /** Serialised part per creation (netns setup under kernel locks). estimate */
  serialMs: 15,
  /** Part that overlaps with other creations (cgroup, overlay mount, devices). estimate */
  parallelMs: 15,
} as const;

/** Firecracker microVM creation (REAP+/FaaSnap+/E2B baselines). */
export const microVm = {
  /** VMM process spawn + API configuration: ~12 ms (6–60 ms). lit */
  spawnMs: 12,
  /** Part of the spawn serialised per node (tap device / netns setup). estimate */
  serialMs: 6,
  /** Guest page cache doubles file-backed memory: each guest caches files again. 2nd (Fig. 11b) */
  guestPageCacheFactor: 2,
} as const;

/** Runtime bootstrap on a vanilla cold start (before the function's own init). estimate */
export const runtimeInitMs: Readonly<Record<string, number>> = {
  // estimate: order of magnitude of interpreter/VM start in a container (tens to hundreds of ms).
  python: 150,
  node: 120,
  java: 500,
  go: 20,
  native: 10,
};

/** Warm start: dispatch an invocation to an idle, initialised sandbox. estimate */
export const warmStartMs = 1;

/**
 * CRIU restore from a local image: "~0.3 s for 37–228 MB of state" (lit, CRIU issue #214) is one
 * report on one machine, so no cost model is fitted through it. The per-MiB part is built from
 * the sourced per-page costs: CRIU maps fresh anonymous memory and copies the image into it, one
 * anonymous fault (2.5 µs, lit) plus one 4 KiB copy (0.4 µs, estimate) per page. The image is read
 * from the node's storage when it is not in the page cache (see `storage`). The fixed part
 * (process tree, files, namespaces, mounts) is an estimate, swept over `criuRestoreBaseRangeMs`.
 */
export const criu = {
  /** Fixed restore work, ms. estimate (swept over criuRestoreBaseRangeMs) */
  restoreBaseMs: 250,
  /** Fault + copy per MiB restored: 256 pages × (2.5 + 0.4) µs. lit (fault) + estimate (copy) */
  restorePerMbMs: (256 * (2.5 + 0.4)) / 1000,
} as const;

/** Range over which the CRIU fixed restore cost is swept (ms): tens of ms for a small process
 * tree up to the ~0.3 s total of CRIU issue #214. estimate */
export const criuRestoreBaseRangeMs = { min: 50, max: 300 } as const;

/**
 * Each node's local storage, shared by every snapshot read that starts there (CRIU images not in
 * the page cache, REAP's working-set prefetch, FaaSnap's loader, loading an evicted mm-template).
 */
export const storage = {
  /** Sequential read bandwidth, MiB per ms (~1 GB/s local NVMe/SSD). estimate */
  mbPerMs: 1,
} as const;

/**
 * REAP (ASPLOS'21) on Firecracker, with the "+" of the TrEnv paper (sandbox creation modelled
 * like the others). Restore the VMM, then prefetch the recorded working set in one read; pages
 * outside it fault through userfaultfd.
 */
export const reap = {
  /** VM state restore before prefetch. lit ("REAP: 50 ms restore + fault-bound work") */
  restoreMs: 50,
  /** Fraction of touched pages outside the recorded working set (faulted later). estimate */
  workingSetMissFraction: 0.05,
} as const;

/**
 * FaaSnap (EuroSys'22) + : restore the VMM and load the snapshot concurrently with execution, so
 * touched pages mostly take page-cache minor faults instead of a prefetch stall.
 */
export const faasnap = {
  /** VM state restore before the guest runs. estimate (FaaSnap's restores are tens of ms) */
  restoreMs: 25,
  /** Fraction of touched pages that still wait for the loader (major fault from disk). estimate */
  lateLoadFraction: 0.1,
} as const;

/** Fixed keep-alive TTLs seen in production. Brief (ATC'20): Lambda ~10 min, Azure ~20 min. */
export const keepAliveMs = {
  lambda: 10 * 60_000,
  azure: 20 * 60_000,
} as const;

/**
 * Hybrid-histogram keep-alive (Shahrad et al., ATC'20). Defaults: paper:
 * 1-minute bins, a 4-hour range, the 5th/99th percentiles, a 10 % margin, CV threshold 2.
 */
export const hybridHistogram = {
  binMs: 60_000,
  /** 4 hours of 1-minute bins. paper (ATC'20 §4.2) */
  bins: 240,
  prewarmPercentile: 0.05,
  keepAlivePercentile: 0.99,
  margin: 0.1,
  cvThreshold: 2,
  /** Idle times observed before the histogram is trusted. estimate */
  minSamples: 10,
} as const;

/** Defaults of the Azure-like synthetic workload: "Serverless in the Wild" (ATC'20). */
export const azureStatistics = {
  /** 81 % of functions are invoked at most once per minute. paper (ATC'20) */
  fractionFunctionsAtMostPerMinute: 0.81,
  /** The most popular 18.6 % of apps make 99.6 % of invocations. paper (ATC'20) */
  popularFraction: 0.186,
  popularShare: 0.996,
  /** 40 % of apps have an inter-arrival CV > 1. paper (ATC'20) */
  fractionBursty: 0.4,
  /** Median execution ~1 s; 75 % of functions run ≤ 10 s at most. paper (ATC'20) */
  medianExecMs: 1000,
  /** Median memory ~170 MiB. paper (ATC'20) */
  medianMemoryMb: 170,
} as const;

/** Cluster defaults. estimate */
export const clusterDefaults = {
  nodes: 1,
  coresPerNode: 64,
  memoryMbPerNode: 256 * 1024,
} as const;

// --- TrEnv / TrEnv-X / agents ---

/**
 * TrEnv's repurposable sandbox: a finished container is cleaned (overlay upper dir purged, old
 * rootfs unmounted, new one mounted, cgroup limits reset) and handed to any function of the
 * same tenant. "< 1 ms rootfs reconfiguration" (2nd); we take the bound itself.
 */
export const trenvSandbox = {
  /** Clean-up + rootfs reconfiguration of a pooled container. 2nd (< 1 ms) */
  repurposeMs: 1,
  /** Repurposing a pooled microVM sandbox (reset devices, remount rootfs, attach net). estimate */
  vmRepurposeMs: 5,
  /** Memory an idle pooled microVM sandbox keeps (VMM process, device state), MiB. estimate */
  vmPooledMb: 16,
  /** Idle sandboxes a node keeps for repurposing; more are destroyed. estimate (a policy knob) */
  vmMaxPooledPerNode: 64,
  /** Idle containers a node keeps per tenant for repurposing. estimate (a policy knob) */
  maxPooledPerNode: 256,
  /** Memory a parked, cleaned container keeps (cgroup, netns, overlay mount), MiB. estimate */
  containerPooledMb: 1,
} as const;

/**
 * The mm-template: a kernel object holding pre-built page tables that point into the pool.
 * Attaching copies those page tables (8 bytes per 4 KiB page: "< 1 MB" for the paper's
 * functions, 2nd) and sets up the VMAs. The paper reports a start "< 10 ms" per container.
 */
export const mmTemplate = {
  /** Fixed attach work (VMAs, registers, fds), ms. estimate (keeps the start well under 10 ms) */
  attachBaseMs: 2,
  /** Bytes of page-table entry per 4 KiB page. x86-64 PTE size */
  pteBytesPerPage: 8,
  /** Page-table copy bandwidth, MiB per ms (≈ 5 GB/s memcpy of small tables). estimate */
  pteCopyMbPerMs: 5,
} as const;

/**
 * Lazy restore from the remote pool (see `platforms/trenvFaultCost.ts`).
 * CXL: read in place at 150–300 ns per miss (an estimate); CoW on written pages
 * (anonymous fault 2.5 µs, lit, plus a 4 KiB copy). RDMA: 3–10 µs per page (estimate).
 */
export const remoteMemory = {
  anonFaultUs: faultCostsUs.anonymous,
  /** 4 KiB memcpy at ~10 GB/s. estimate */
  pageCopyUs: 0.4,
  /** Extra latency of a CXL miss over DRAM, ns. estimate (range 150–300 ns) */
  cxlExtraLatencyNs: 200,
  /** Last-level-cache misses per touched page of the template, after prefetching and cache
   * reuse (a page has 64 lines); the share of them that reach read-only pages (read in place
   * from CXL) is the function's `readOnlyAccessShare`. estimate */
  cxlMissesPerTouchedPage: 8,
  /** One RDMA major fault fetching 4 KiB. estimate (range 3–10 µs) */
  rdmaFaultUs: 6,
  /** Capacity of the shared pool, MiB (large enough for every template by default). estimate */
  poolCapacityMb: 64 * 1024,
} as const;

/**
 * "24 % to 90 % of memory accesses are to read-only pages" (2nd, quoting TrEnv): a share of
 * accesses, not of pages. The simulator keeps the two apart: a profile's `readOnlyFraction` is
 * the share of touched pages only read (it decides CoW faults and private memory), its
 * `readOnlyAccessShare` the share of accesses to those pages (it decides in-place CXL reads).
 * The sensitivity sweeps use this range as their two ends.
 */
export const readOnlyShareRange = { min: 0.24, max: 0.9 } as const;

/** Default `readOnlyAccessShare` of a profile that gives none: the middle of 24–90 %. estimate */
export const defaultReadOnlyAccessShare = (readOnlyShareRange.min + readOnlyShareRange.max) / 2;

/**
 * Agent sandboxes (TrEnv-X vs E2B). Templates: lit (the authors' predecessor repository):
 * browser-use 4096 MiB / 1 vCPU, code-interpreter 1–2 GiB. How much of that a session really
 * touches, writes and caches is our estimate.
 */
export const agentTemplates = {
  browserUse: {
    vmMemoryMb: 4096,
    vcpus: 1,
    /** Guest kernel + agent runtime anonymous memory a session touches. estimate */
    anonTouchedMb: 400,
    /** File-backed pages (rootfs, libraries, Python packages) a session reads. estimate */
    fileMb: 200,
    /** Fraction of touched anonymous pages a session writes (CoW on TrEnv-X). estimate */
    writtenShare: 0.35,
    usesBrowser: true,
  },
  codeInterpreter: {
    vmMemoryMb: 2048,
    vcpus: 1,
    anonTouchedMb: 300,
    fileMb: 250,
    writtenShare: 0.35,
    usesBrowser: false,
  },
} as const;

/** Browsers for agents. */
export const agentBrowser = {
  /** Fresh Chromium: launch ~1.2 s, ~2 s to a first page. lit */
  launchMs: 1200,
  /** Resident memory of a browser with one page. estimate (Chromium: a few hundred MiB) */
  memoryMb: 450,
  /** Base resident memory of a shared browser (browser + GPU + network processes). estimate */
  sharedBaseMb: 300,
  /** Memory of one more isolated context (its renderer process) in a shared browser. estimate */
  contextMb: 80,
  /** Creating a new context + page in a running browser, ms. estimate */
  contextCreateMs: 60,
} as const;

/**
 * E2B-style Firecracker sandboxes: snapshot resume ~85 ms hot / ~142 ms cold (lit, the same
 * group's follow-up); memory served lazily by userfaultfd (6.7 µs per page, lit); guest page
 * cache holds file pages again on top of the host's copy (2nd: ~2×; lit: a 128 MiB VM's RSS
 * drops from ~120 to ~96 MiB with virtio-pmem/DAX).
 */
export const e2b = {
  resumeHotMs: 85,
  resumeColdMs: 142,
  uffdFaultUs: faultCostsUs.userfaultfd,
  /** Part of a microVM start serialised per node (tap + netns under kernel locks). estimate */
  createSerialMs: microVm.serialMs,
} as const;

/** Agent steps: LLM calls dominate (seconds); tools are code runs and browser navigations.
 * Lognormal, given by median and P99. All estimate: a profile a user should replace. */
export const agentSteps = {
  llm: { medianMs: 2000, p99Ms: 12000 },
  codeRun: { medianMs: 300, p99Ms: 4000 },
  browserNav: { medianMs: 1200, p99Ms: 6000 },
  /** Tool steps per session, uniform in [min, max]; each tool step follows one LLM call. */
  minToolSteps: 3,
  maxToolSteps: 10,
} as const;

// ===== TrEnv-X reproduction: the six agent workloads and their host (owned by src/repro) =====
// The authors' README figure names six agent workloads and plots their peak memory on E2B, E2B+
// and TrEnv-X, but what each workload does (steps, tools, memory) is not published in what we
// could read. Every number below is our estimate unless tagged otherwise; the memory figures of
// the two templates they start from are lit (browser-use 4096 MiB, code-interpreter 1–2 GiB,
// `agentTemplates` above). None was chosen by comparing with the paper's chart.

/**
 * Host of the agent reproduction. E2B's peak is ~182 GB on three of the six workloads in the
 * authors' figure (paper, read off the chart), which we read as the host's memory cap; we take
 * the axis as GiB (if it is decimal GB the host is 7 % smaller). paper (our reading)
 */
export const agentHost = {
  memoryMb: 182 * 1024,
} as const;

/**
 * Arrivals of every agent workload: a Poisson stream with ×4 bursts of 30 s every 5 min, for
 * 20 min, at the rate that makes E2B's mean memory demand `e2bMeanLoad` of the host (measured
 * by a pilot run of E2B on an unbounded host, then scaled by Little's law). Sizing the load to
 * the host, not in sessions/s, keeps the six workloads comparable (their sessions differ in
 * length and size by up to 10×) and the queue stable on average, while bursts can fill the
 * host. The paper's loads are not published. estimate (swept from 0.3 to 1)
 */
export const agentWorkloadArrivals = {
  e2bMeanLoad: 0.6,
  burstFactor: 4,
  burstEverySec: 300,
  burstLengthSec: 30,
  durationMs: 20 * 60_000,
} as const;

/** One agent workload: its sandbox memory, its tool and the shape of its step chain. */
export interface AgentWorkloadParameters {
  /** Template it starts from (lit sizes in `agentTemplates`). */
  template: 'browserUse' | 'codeInterpreter';
  /** Anonymous memory a session touches (guest kernel, runtime, agent, tool state), MiB. estimate */
  anonTouchedMb: number;
  /** File-backed pages a session reads (rootfs, libraries, repository, data), MiB. estimate */
  fileMb: number;
  /** Share of touched anonymous pages a session writes. estimate */
  writtenShare: number;
  /** Tool latency (code run or browser navigation), lognormal by median and P99, ms. estimate */
  tool: { medianMs: number; p99Ms: number };
  /** LLM call + tool step pairs per session, uniform in [min, max]. estimate */
  minRounds: number;
  maxRounds: number;
}

/** The six workloads of the authors' figure. All estimate (see the comment on each). */
export const agentWorkloads: Readonly<Record<string, AgentWorkloadParameters>> = {
  // A card game driven by the LLM: a short Python step per hand, little state.
  Blackjack: {
    template: 'codeInterpreter',
    anonTouchedMb: 250,
    fileMb: 150,
    writtenShare: 0.35,
    tool: { medianMs: 50, p99Ms: 500 },
    minRounds: 4,
    maxRounds: 10,
  },
  // A coding agent on a repository: reads and edits files, runs tests (seconds, long tail).
  'Bug fixer': {
    template: 'codeInterpreter',
    anonTouchedMb: 500,
    fileMb: 600,
    writtenShare: 0.5,
    tool: { medianMs: 1500, p99Ms: 20_000 },
    minRounds: 8,
    maxRounds: 20,
  },
  // A data job split across LLM calls: each step processes a shard held in memory.
  'Map reduce': {
    template: 'codeInterpreter',
    anonTouchedMb: 900,
    fileMb: 300,
    writtenShare: 0.6,
    tool: { medianMs: 800, p99Ms: 8000 },
    minRounds: 3,
    maxRounds: 8,
  },
  // A browser agent shopping on a site: many navigations and clicks.
  'Shop assistant': {
    template: 'browserUse',
    anonTouchedMb: 400,
    fileMb: 200,
    writtenShare: 0.35,
    tool: { medianMs: 1200, p99Ms: 6000 },
    minRounds: 8,
    maxRounds: 16,
  },
  // A browser agent reading a few long pages, then summarising.
  'Blog summary': {
    template: 'browserUse',
    anonTouchedMb: 400,
    fileMb: 200,
    writtenShare: 0.35,
    tool: { medianMs: 1500, p99Ms: 8000 },
    minRounds: 4,
    maxRounds: 10,
  },
  // Writes a web game and plays it in the browser to test it: code and browser state.
  'Game design': {
    template: 'browserUse',
    anonTouchedMb: 600,
    fileMb: 300,
    writtenShare: 0.5,
    tool: { medianMs: 1200, p99Ms: 6000 },
    minRounds: 10,
    maxRounds: 20,
  },
};
// ===== end of the TrEnv-X reproduction section =====
