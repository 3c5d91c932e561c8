// The simulator's future-event list: a binary min-heap keyed by (time, priority, sequence).
// Sequence numbers break the remaining ties in insertion order, so two runs from one seed pop
// events in exactly the same order. Entries are four numbers in parallel typed arrays: an event
// is (time, priority, kind, arg), where `kind` selects a handler and `arg` is an integer id
// (an invocation slot, a sandbox id, a node). Nothing is allocated per event, which is what
// lets the simulator run millions of events per second.

const INITIAL_CAPACITY = 1024;

export class EventQueue {
  private times = new Float64Array(INITIAL_CAPACITY);
  // priority * 2^32 + (sequence mod 2^32) would wrap; we keep priority and sequence apart.
  private prios = new Int32Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private kinds = new Int32Array(INITIAL_CAPACITY);
  private args = new Int32Array(INITIAL_CAPACITY);
  private n = 0;
  private seq = 0;

  /** Time of the event popped last. */
  time = 0;
  /** Kind of the event popped last. */
  kind = 0;
  /** Argument of the event popped last. */
  arg = 0;

  get size(): number {
    return this.n;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
  }

  /** Priority of the earliest pending event (meaningless when empty). */
  peekPriority(): number {
    return this.prios[0]!;
  }

  /** Kind of the earliest pending event (meaningless when empty). */
  peekKind(): number {
    return this.kinds[0]!;
  }

  /** Argument of the earliest pending event (meaningless when empty). */
  peekArg(): number {
    return this.args[0]!;
  }

  /**
   * Adds an event. Lower priority values run first among events at the same time.
   * `priority`, `kind` and `arg` must be 32-bit integers; `time` a finite number.
   */
  push(time: number, priority: number, kind: number, arg: number): void {
    this.check(time, priority, kind, arg);
    if (this.n === this.times.length) this.grow();
    const seq = this.seq++;
    // Sift up with a hole instead of swaps.
    let i = this.n++;
    const times = this.times;
    const prios = this.prios;
    const seqs = this.seqs;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (
        pt < time ||
        (pt === time && (prios[p]! < priority || (prios[p] === priority && seqs[p]! < seq)))
      )
        break;
      times[i] = pt;
      prios[i] = prios[p]!;
      seqs[i] = seqs[p]!;
      this.kinds[i] = this.kinds[p]!;
      this.args[i] = this.args[p]!;
      i = p;
    }
    times[i] = time;
    prios[i] = priority;
    seqs[i] = seq;
    this.kinds[i] = kind;
    this.args[i] = arg;
  }

  /** Removes the earliest event into `time`, `kind`, `arg`; returns false when empty. */
  pop(): boolean {
    const n = this.n;
    if (n === 0) return false;
    this.time = this.times[0]!;
    this.kind = this.kinds[0]!;
    this.arg = this.args[0]!;
    const last = n - 1;
    this.n = last;
    if (last > 0) {
      this.siftDown(
        this.times[last]!,
        this.prios[last]!,
        this.seqs[last]!,
        this.kinds[last]!,
        this.args[last]!,
      );
    }
    return true;
  }

  /**
   * Replaces the earliest event by a new one: a pop followed by a push in one sift (half the
   * work). The queue must not be empty. The popped event is not reported.
   */
  replaceTop(time: number, priority: number, kind: number, arg: number): void {
    this.check(time, priority, kind, arg);
    if (this.n === 0) throw new RangeError('replaceTop needs a non-empty queue, got size 0');
    this.siftDown(time, priority, this.seq++, kind, arg);
  }

  private check(time: number, priority: number, kind: number, arg: number): void {
    if (!Number.isFinite(time)) {
      throw new RangeError(`event time must be a finite number, got ${time}`);
    }
    // The typed arrays would store NaN as 0 and 1.5 as 1 while the sift compared the original,
    // leaving the heap out of order with no error.
    if ((priority | 0) !== priority) {
      throw new RangeError(`event priority must be a 32-bit integer, got ${priority}`);
    }
    if ((kind | 0) !== kind)
      throw new RangeError(`event kind must be a 32-bit integer, got ${kind}`);
    if ((arg | 0) !== arg) throw new RangeError(`event arg must be a 32-bit integer, got ${arg}`);
  }

  private siftDown(t: number, pr: number, sq: number, k: number, a: number): void {
    const times = this.times;
    const prios = this.prios;
    const seqs = this.seqs;
    const kinds = this.kinds;
    const args = this.args;
    const last = this.n;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      const r = c + 1;
      if (r < last) {
        const ct = times[c]!;
        const rt = times[r]!;
        if (
          rt < ct ||
          (rt === ct && (prios[r]! < prios[c]! || (prios[r] === prios[c] && seqs[r]! < seqs[c]!)))
        ) {
          c = r;
        }
      }
      const ct = times[c]!;
      if (t < ct || (t === ct && (pr < prios[c]! || (pr === prios[c] && sq < seqs[c]!)))) break;
      times[i] = ct;
      prios[i] = prios[c]!;
      seqs[i] = seqs[c]!;
      kinds[i] = kinds[c]!;
      args[i] = args[c]!;
      i = c;
    }
    times[i] = t;
    prios[i] = pr;
    seqs[i] = sq;
    kinds[i] = k;
    args[i] = a;
  }

  /** Drops every pending event (the sequence counter keeps counting). */
  clear(): void {
    this.n = 0;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    times.set(this.times);
    this.times = times;
    const prios = new Int32Array(cap);
    prios.set(this.prios);
    this.prios = prios;
    const seqs = new Float64Array(cap);
    seqs.set(this.seqs);
    this.seqs = seqs;
    const kinds = new Int32Array(cap);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const args = new Int32Array(cap);
    args.set(this.args);
    this.args = args;
  }
}
