// TrEnv's repurposable sandboxes: a released sandbox is cleaned (overlay upper dir purged, old
// rootfs unmounted, new one mounted, cgroup limits reset) and parked; a later start of any
// function of the same group (a tenant for containers; every agent for microVMs) takes it at the
// repurposing cost instead of creating one under the node's creation lock. A parked sandbox
// keeps a little memory (cgroup, netns, a VMM process), which the recycler accounts on its node.
import { type MemoryAccounting, MemoryKind } from '../cluster/memoryAccounting.js';

export class SandboxRecycler {
  private readonly parked: Int32Array;
  private readonly groups: number;
  readonly maxPerSlot: number;
  readonly parkedMb: number;
  private readonly memory: MemoryAccounting;
  repurposed = 0;
  parkedTotal = 0;

  /**
   * @param maxPerSlot most sandboxes parked per (node, group); more are destroyed.
   * @param parkedMb memory one parked sandbox keeps, MiB.
   */
  constructor(
    nodes: number,
    groups: number,
    maxPerSlot: number,
    parkedMb: number,
    memory: MemoryAccounting,
  ) {
    this.parked = new Int32Array(nodes * groups);
    this.groups = groups;
    this.maxPerSlot = maxPerSlot;
    this.parkedMb = parkedMb;
    this.memory = memory;
  }

  /** Parked sandboxes of `group` on `node`. */
  count(node: number, group: number): number {
    return this.parked[node * this.groups + group]!;
  }

  /** Takes a parked sandbox (the caller checked {@link count}); frees its parked memory. */
  take(node: number, group: number, now: number): void {
    const slot = node * this.groups + group;
    if (this.parked[slot]! <= 0) {
      throw new RangeError(`no parked sandbox of group ${group} on node ${node} to take`);
    }
    this.parked[slot]!--;
    this.repurposed++;
    this.memory.add(MemoryKind.private, node, -this.parkedMb, now);
  }

  /** Parks a released sandbox if the slot has room; returns whether it was kept. */
  park(node: number, group: number, now: number): boolean {
    const slot = node * this.groups + group;
    if (this.parked[slot]! >= this.maxPerSlot) return false;
    this.parked[slot]!++;
    this.parkedTotal++;
    this.memory.add(MemoryKind.private, node, this.parkedMb, now);
    return true;
  }
}
