// Each node's local storage as one contended resource. Snapshot-image reads (a CRIU image not in
// the page cache, REAP's working-set prefetch, FaaSnap's concurrent loader, loading an evicted
// mm-template) all stream from the node's disk; when many starts read at once they share its
// bandwidth, so a burst of restores queues where each alone would be fast. The model is a FIFO
// server at a fixed bandwidth: a read of S MiB occupies the disk S / bandwidth ms after the reads
// requested before it. (FIFO and processor sharing finish the last of a burst at the same time,
// the figure a burst's P99 is made of; FIFO is the simpler of the two to reason about.)

export class StorageBandwidth {
  private readonly freeAt: Float64Array;
  /** Bytes served per ms, as MiB per ms. */
  readonly mbPerMs: number;
  /** MiB read in total (a counter for the results). */
  readMb = 0;

  constructor(nodes: number, mbPerMs: number) {
    if (!(mbPerMs > 0) || !Number.isFinite(mbPerMs)) {
      throw new RangeError(`storage bandwidth must be a finite number > 0 MiB/ms, got ${mbPerMs}`);
    }
    this.freeAt = new Float64Array(nodes);
    this.mbPerMs = mbPerMs;
  }

  /** Queues a read of `mb` MiB on `node`, requested at `at`; returns when it completes. */
  read(node: number, at: number, mb: number): number {
    if (!(mb > 0)) return at;
    const free = this.freeAt[node]!;
    const start = Math.max(free, at);
    const end = start + mb / this.mbPerMs;
    this.freeAt[node] = end;
    this.readMb += mb;
    return end;
  }

  /** Time until `node`'s disk is idle (0 when idle), ms. */
  backlogMs(node: number, now: number): number {
    const b = this.freeAt[node]! - now;
    return Math.max(b, 0);
  }
}
