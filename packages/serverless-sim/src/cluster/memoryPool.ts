// The remote memory pool (CXL or RDMA) that holds TrEnv's mm-templates. One pool serves every
// node of the cluster, so a template is stored once however many nodes and instances map it:
// that is the memory TrEnv saves over per-instance snapshot copies.
//
// Placement is on first use; when a new template does not fit, unpinned templates are evicted
// in least-recently-used order. A template is pinned while any instance maps it (its page
// tables point into the pool, so it cannot move). When even evicting every unpinned template
// leaves too little room, the placement is refused and the caller falls back to a local
// restore: the "pool too small" ablation.
//
// Sizes are in MiB like the rest of the simulator.
// Hot path: integer template ids, typed arrays and an intrusive LRU list; no allocation.

/** Outcome of {@link MemoryPool.acquire}. */
export const PoolAcquire = {
  /** The template was resident: map it. */
  hit: 0,
  /** The template was loaded into the pool now (possibly after evictions): pay the load. */
  placed: 1,
  /** It cannot fit, even after evicting every unpinned template: restore locally instead. */
  rejected: 2,
} as const;
export type PoolAcquireResult = (typeof PoolAcquire)[keyof typeof PoolAcquire];

const NONE = -1;

export interface MemoryPoolStats {
  hits: number;
  placements: number;
  rejections: number;
  evictions: number;
  usedMb: number;
  peakMb: number;
  residentTemplates: number;
}

export class MemoryPool {
  readonly capacityMb: number;
  readonly maxTemplates: number;
  private readonly size: Float64Array;
  private readonly refs: Int32Array;
  private readonly resident: Uint8Array;
  // Intrusive doubly linked LRU list over resident templates: head = least recently used.
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = NONE;
  private tail = NONE;
  private used = 0;
  private peak = 0;
  private count = 0;
  private hitCount = 0;
  private placeCount = 0;
  private rejectCount = 0;
  private evictCount = 0;

  /**
   * @param capacityMb pool capacity, MiB; `Infinity` models a pool large enough for every template.
   * @param maxTemplates template ids run over `[0, maxTemplates)` (one per function or image).
   */
  constructor(capacityMb: number, maxTemplates: number) {
    if (!(capacityMb > 0)) {
      throw new RangeError(`capacityMb must be > 0 (or Infinity), got ${capacityMb}`);
    }
    if (!Number.isInteger(maxTemplates) || maxTemplates < 1 || maxTemplates > 2 ** 24) {
      throw new RangeError(`maxTemplates must be an integer in [1, 2^24], got ${maxTemplates}`);
    }
    this.capacityMb = capacityMb;
    this.maxTemplates = maxTemplates;
    this.size = new Float64Array(maxTemplates);
    this.refs = new Int32Array(maxTemplates);
    this.resident = new Uint8Array(maxTemplates);
    this.prev = new Int32Array(maxTemplates).fill(NONE);
    this.next = new Int32Array(maxTemplates).fill(NONE);
  }

  /**
   * Maps template `id` of `sizeMb` for one instance: pins it until {@link release}.
   * A rejected acquisition pins nothing and needs no release.
   */
  acquire(id: number, sizeMb: number): PoolAcquireResult {
    this.checkId(id);
    if (this.resident[id] === 1) {
      this.hitCount++;
      this.refs[id]!++;
      this.touch(id);
      return PoolAcquire.hit;
    }
    if (!(sizeMb > 0) || !Number.isFinite(sizeMb)) {
      throw new RangeError(`sizeMb must be a finite number > 0, got ${sizeMb}`);
    }
    if (!this.makeRoom(sizeMb)) {
      this.rejectCount++;
      return PoolAcquire.rejected;
    }
    this.placeCount++;
    this.resident[id] = 1;
    this.size[id] = sizeMb;
    this.refs[id] = 1;
    this.used += sizeMb;
    this.count++;
    if (this.used > this.peak) this.peak = this.used;
    this.append(id);
    return PoolAcquire.placed;
  }

  /** What {@link acquire} would return now, without changing anything. */
  wouldAcquire(id: number, sizeMb: number): PoolAcquireResult {
    this.checkId(id);
    if (this.resident[id] === 1) return PoolAcquire.hit;
    if (this.used + sizeMb <= this.capacityMb) return PoolAcquire.placed;
    if (sizeMb > this.capacityMb) return PoolAcquire.rejected;
    let freeable = 0;
    for (let i = this.head; i !== NONE; i = this.next[i]!) {
      if (this.refs[i] === 0) freeable += this.size[i]!;
    }
    return this.used - freeable + sizeMb <= this.capacityMb
      ? PoolAcquire.placed
      : PoolAcquire.rejected;
  }

  /** Unpins one mapping of template `id` (the instance ended or was evicted). */
  release(id: number): void {
    this.checkId(id);
    if (this.resident[id] !== 1 || this.refs[id]! <= 0) {
      throw new RangeError(`release(${id}): template ${id} is not pinned`);
    }
    this.refs[id]!--;
  }

  /** Whether template `id` is currently resident in the pool. */
  has(id: number): boolean {
    this.checkId(id);
    return this.resident[id] === 1;
  }

  /** How many instances currently map template `id`. */
  pins(id: number): number {
    this.checkId(id);
    return this.refs[id]!;
  }

  get usedMb(): number {
    return this.used;
  }

  get peakMb(): number {
    return this.peak;
  }

  stats(): MemoryPoolStats {
    return {
      hits: this.hitCount,
      placements: this.placeCount,
      rejections: this.rejectCount,
      evictions: this.evictCount,
      usedMb: this.used,
      peakMb: this.peak,
      residentTemplates: this.count,
    };
  }

  // Evicts unpinned templates, least recently used first, until `mb` fit. Checks first that
  // enough unpinned memory exists so that a refused placement evicts nothing.
  private makeRoom(mb: number): boolean {
    if (this.used + mb <= this.capacityMb) return true;
    if (mb > this.capacityMb) return false;
    let freeable = 0;
    for (let id = this.head; id !== NONE; id = this.next[id]!) {
      if (this.refs[id] === 0) freeable += this.size[id]!;
    }
    if (this.used - freeable + mb > this.capacityMb) return false;
    let id = this.head;
    while (this.used + mb > this.capacityMb) {
      const following = this.next[id]!;
      if (this.refs[id] === 0) this.evict(id);
      id = following;
    }
    return true;
  }

  private evict(id: number): void {
    this.unlink(id);
    this.resident[id] = 0;
    this.used -= this.size[id]!;
    this.size[id] = 0;
    this.count--;
    this.evictCount++;
  }

  private touch(id: number): void {
    if (this.tail === id) return;
    this.unlink(id);
    this.append(id);
  }

  private append(id: number): void {
    this.prev[id] = this.tail;
    this.next[id] = NONE;
    if (this.tail === NONE) this.head = id;
    else this.next[this.tail] = id;
    this.tail = id;
  }

  private unlink(id: number): void {
    const p = this.prev[id]!;
    const n = this.next[id]!;
    if (p === NONE) this.head = n;
    else this.next[p] = n;
    if (n === NONE) this.tail = p;
    else this.prev[n] = p;
    this.prev[id] = NONE;
    this.next[id] = NONE;
  }

  private checkId(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.maxTemplates) {
      throw new RangeError(
        `template id must be an integer in [0, ${this.maxTemplates - 1}], got ${id}`,
      );
    }
  }
}
