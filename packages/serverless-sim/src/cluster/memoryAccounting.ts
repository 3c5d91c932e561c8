// Memory over simulated time, per node and for the cluster. Three kinds:
// - private: memory of live sandboxes that belongs to one instance (its heap, its CoW copies);
// - pageCache: file-backed pages on a node (images, snapshot files), which guests may double;
// - shared: memory counted once for the whole cluster (a remote pool of templates).
// Each series is a time-weighted gauge from @paperlab/stats, so averages weight every level by
// how long it lasted, and peaks are exact.
import { createGauge, type TimeWeightedGauge } from '@paperlab/stats';

export const MemoryKind = { private: 0, pageCache: 1, shared: 2 } as const;
export type MemoryKindCode = (typeof MemoryKind)[keyof typeof MemoryKind];

export interface MemorySummary {
  /** Time-weighted average of the cluster total (private + page cache + shared), MiB. */
  averageMb: number;
  /** Highest cluster total at any instant, MiB. */
  peakMb: number;
  /** Time-weighted average of memory private to one sandbox (its heap, its CoW copies), MiB. */
  averagePrivateMb: number;
  /** Time-weighted average of file-backed pages (images, snapshot files) in page caches, MiB. */
  averagePageCacheMb: number;
  /** Time-weighted average of memory counted once for the cluster (a remote template pool), MiB. */
  averageSharedMb: number;
  /** Highest per-node level (private + page cache), MiB. */
  peakNodeMb: number;
  /** Per node: time-weighted average and peak of private + page cache, MiB. */
  nodes: { averageMb: number; peakMb: number }[];
}

export class MemoryAccounting {
  readonly nodeCount: number;
  /** Current private memory per node, MiB. */
  readonly privateMb: Float64Array;
  /** Current page-cache memory per node, MiB. */
  readonly pageCacheMb: Float64Array;
  sharedMb = 0;
  private readonly nodeGauges: TimeWeightedGauge[];
  private readonly privateGauge: TimeWeightedGauge;
  private readonly pageCacheGauge: TimeWeightedGauge;
  private readonly sharedGauge: TimeWeightedGauge;
  private readonly totalGauge: TimeWeightedGauge;
  /** Private + page cache over the whole cluster: what lives on the nodes themselves. */
  private readonly localGauge: TimeWeightedGauge;

  constructor(nodeCount: number, startTime = 0) {
    this.nodeCount = nodeCount;
    this.privateMb = new Float64Array(nodeCount);
    this.pageCacheMb = new Float64Array(nodeCount);
    this.nodeGauges = Array.from({ length: nodeCount }, () => createGauge(startTime));
    this.privateGauge = createGauge(startTime);
    this.pageCacheGauge = createGauge(startTime);
    this.sharedGauge = createGauge(startTime);
    this.totalGauge = createGauge(startTime);
    this.localGauge = createGauge(startTime);
  }

  /** Memory used on `node` (private + page cache), MiB. */
  nodeUsedMb(node: number): number {
    return this.privateMb[node]! + this.pageCacheMb[node]!;
  }

  /**
   * Adds `deltaMb` (negative to free) of `kind` on `node` at `time`. `node` is ignored for
   * shared memory. Going below zero means a caller freed more than it took: a bug, so it throws.
   */
  add(kind: MemoryKindCode, node: number, deltaMb: number, time: number): void {
    if (deltaMb === 0) return;
    if (kind === MemoryKind.shared) {
      const v = this.sharedMb + deltaMb;
      if (v < -1e-6) throw new RangeError(`shared memory would become negative (${v} MiB)`);
      this.sharedMb = Math.max(v, 0);
      this.sharedGauge.set(time, this.sharedMb);
    } else {
      const arr = kind === MemoryKind.private ? this.privateMb : this.pageCacheMb;
      const v = arr[node]! + deltaMb;
      if (v < -1e-6) {
        throw new RangeError(`memory of node ${node} would become negative (${v} MiB)`);
      }
      arr[node] = Math.max(v, 0);
      this.nodeGauges[node]!.set(time, this.privateMb[node]! + this.pageCacheMb[node]!);
      (kind === MemoryKind.private ? this.privateGauge : this.pageCacheGauge).add(time, deltaMb);
      this.localGauge.add(time, deltaMb);
    }
    this.totalGauge.add(time, deltaMb);
  }

  /** Current cluster total, MiB. */
  get totalMb(): number {
    return this.totalGauge.current;
  }

  /** Cluster-wide local (private + page cache) and shared levels: current, peak and the
   * time-weighted average up to `untilTime`, MiB. */
  levels(untilTime: number): {
    local: { current: number; peak: number; average: number };
    shared: { current: number; peak: number; average: number };
    total: { current: number; peak: number; average: number };
  } {
    const of = (g: TimeWeightedGauge) => ({
      current: g.current,
      peak: g.peak,
      average: g.average(untilTime),
    });
    return { local: of(this.localGauge), shared: of(this.sharedGauge), total: of(this.totalGauge) };
  }

  summary(untilTime: number): MemorySummary {
    let peakNode = 0;
    for (const g of this.nodeGauges) peakNode = Math.max(peakNode, g.peak);
    return {
      averageMb: this.totalGauge.average(untilTime),
      peakMb: this.totalGauge.peak,
      averagePrivateMb: this.privateGauge.average(untilTime),
      averagePageCacheMb: this.pageCacheGauge.average(untilTime),
      averageSharedMb: this.sharedGauge.average(untilTime),
      peakNodeMb: peakNode,
      nodes: this.nodeGauges.map((g) => ({ averageMb: g.average(untilTime), peakMb: g.peak })),
    };
  }
}
