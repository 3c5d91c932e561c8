// The one contended sandbox-creation lock of each node. Creating a sandbox (container netns +
// cgroup + overlay, or a microVM's tap device + netns) holds kernel locks for part of its work:
// TrEnv (SOSP'24, §6.1, as quoted in summaries) reports network-namespace setup reaching
// ~600 ms under load for this reason. A creation holds the lock for its serial part, FIFO in
// request order, then runs its parallel part alongside others. Every start path and the agents'
// microVMs take this same lock, so a burst of any kind queues behind the others.

export class CreationLock {
  private readonly freeAt: Float64Array;

  constructor(nodes: number) {
    this.freeAt = new Float64Array(nodes);
  }

  /**
   * Reserves the lock of `node` for a creation requested at `now` and returns when the sandbox
   * is ready: after waiting for earlier holders, `serialMs` under the lock and `parallelMs`
   * beside it.
   */
  reserve(node: number, now: number, serialMs: number, parallelMs: number): number {
    const free = this.freeAt[node]!;
    const start = Math.max(free, now);
    const end = start + serialMs;
    this.freeAt[node] = end;
    return end + parallelMs;
  }

  /** Time until `node`'s lock frees (0 when free), ms. */
  backlogMs(node: number, now: number): number {
    const b = this.freeAt[node]! - now;
    return Math.max(b, 0);
  }
}
