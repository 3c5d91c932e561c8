/**
 * The visualiser's client view of a real Ring ORAM from @paperlab/oram.
 *
 * Everything shown comes from the library: each logical access runs `oram.read`/`oram.write`,
 * and the observer records the physical trace it emits (bucket, slot, op, phase). To show
 * which slot held a real block, the session turns encryption off and, at each traced slot
 * access, reads the bytes of that slot back from `oram.storage`: blocks it writes carry a
 * marker byte, dummies are all zeros. A real client learns the same thing by decrypting the
 * bucket metadata; the server sees the same trace either way, only with ciphertext.
 *
 * The tree and stash pictured are a replay of that trace (a slot read invalidates the slot
 * and moves a real block to the stash; a slot write puts a block back), and after every
 * access the replay is compared with the library's own stash counter and `inspect()`, so a
 * picture that drifted from the real ORAM would say so.
 */
import { createRingOram, type RingOram, type TraceEvent } from '@paperlab/oram';
import { createRng } from '@paperlab/stats';

/** First byte of every block the visualiser writes, so real slots can be told from dummies. */
const MARK = 0xa5;
const BLOCK_SIZE = 4;

/** A real block as stored in a slot (dummies are null). */
export interface BlockContent {
  readonly addr: number;
  readonly value: number;
}

/** One physical event of the trace, with what the client knows about the slot it touched. */
export interface PhysicalEvent extends TraceEvent {
  /** Position in the whole session's trace, from 1. */
  readonly seq: number;
  /** Slot events only: the block the slot held at that moment, or null for a dummy. */
  readonly content: BlockContent | null;
}

export interface LogicalOp {
  /** 1-based number of the access. */
  readonly n: number;
  readonly op: 'read' | 'write';
  readonly addr: number;
  /** The value written, or the value the read returned (null: never written, reads as 0). */
  readonly value: number | null;
  readonly events: readonly PhysicalEvent[];
  /**
   * Events [0, onlineEnd) are ReadPath; the block is in the stash (and a write applied) from
   * there on. Later events belong to EvictPath and EarlyReshuffle.
   */
  readonly onlineEnd: number;
  /** The library's counters after this access. */
  readonly stashSize: number;
  readonly evictions: number;
  readonly earlyReshuffles: number;
}

export interface SlotState {
  content: BlockContent | null;
  /** False once read since the bucket's last write (Ring ORAM's valid bit). */
  valid: boolean;
}

export interface TreeState {
  /** slots[bucket][slot] */
  readonly slots: SlotState[][];
  /** ReadPath reads of each bucket since its last write (Ring ORAM's count). */
  readonly count: number[];
  /** The stash: address → value. */
  readonly stash: Map<number, number>;
}

export interface Geometry {
  readonly capacity: number;
  /** L: levels 0..L. */
  readonly levels: number;
  readonly bucketCount: number;
  /** Slots per bucket, Z + S. */
  readonly slotsPerBucket: number;
  readonly Z: number;
  readonly S: number;
  readonly A: number;
}

export interface ModelCheck {
  readonly ok: boolean;
  readonly detail: string;
}

export interface OramSession {
  readonly geometry: Geometry;
  /** State after the last access. */
  readonly state: TreeState;
  /** State before the last access (for stepping through it). */
  readonly before: TreeState;
  readonly history: readonly LogicalOp[];
  access(op: 'read' | 'write', addr: number, value?: number): LogicalOp;
  /** Compares the replayed tree and stash with the library's own view. */
  check(): ModelCheck;
}

export function cloneState(s: TreeState): TreeState {
  return {
    slots: s.slots.map((b) => b.map((x) => ({ ...x }))),
    count: s.count.slice(),
    stash: new Map(s.stash),
  };
}

/** Applies one physical event to the client's picture (mutates `s`). */
export function applyEvent(s: TreeState, e: PhysicalEvent): void {
  if (e.slot === 'meta') return;
  const slot = s.slots[e.bucket]?.[e.slot];
  if (slot === undefined) throw new RangeError(`event outside the tree: bucket ${e.bucket}`);
  if (e.op === 'read') {
    slot.valid = false;
    if (e.phase === 'online') s.count[e.bucket] = (s.count[e.bucket] ?? 0) + 1;
    if (e.content !== null) s.stash.set(e.content.addr, e.content.value);
  } else {
    // WriteBucket rewrites every slot with count 0: reals leave the stash for the tree.
    s.count[e.bucket] = 0;
    slot.valid = true;
    slot.content = e.content;
    if (e.content !== null) s.stash.delete(e.content.addr);
  }
}

/** The picture after the first `step` events of `op`, starting from `before`. */
export function stateAt(before: TreeState, op: LogicalOp, step: number): TreeState {
  const s = cloneState(before);
  const n = Math.max(0, Math.min(step, op.events.length));
  for (let i = 0; i < n; i++) {
    if (i === op.onlineEnd) applyLogical(s, op);
    applyEvent(s, op.events[i]!);
  }
  if (n === op.onlineEnd) applyLogical(s, op);
  return s;
}

function applyLogical(s: TreeState, op: LogicalOp): void {
  if (op.op === 'write' && op.value !== null) s.stash.set(op.addr, op.value);
}

function decode(buf: Uint8Array): BlockContent | null {
  return buf[0] === MARK ? { addr: buf[1]!, value: buf[2]! } : null;
}

export function encodeBlock(addr: number, value: number): Uint8Array {
  const b = new Uint8Array(BLOCK_SIZE);
  b[0] = MARK;
  b[1] = addr;
  b[2] = value;
  return b;
}

/** A teaching-size Ring ORAM (Z = 4, S = 5, A = 3 unless given) with its trace recorded. */
export function createOramSession(options: {
  seed: string;
  capacity?: number;
  Z?: number;
  S?: number;
  A?: number;
}): OramSession {
  const capacity = options.capacity ?? 16;
  if (!Number.isInteger(capacity) || capacity < 2 || capacity > 64) {
    throw new RangeError(`capacity must be an integer in [2, 64], got ${capacity}`);
  }
  let pending: PhysicalEvent[] = [];
  let seq = 0;
  let storage: RingOram['storage'] | undefined;
  const buf = new Uint8Array(BLOCK_SIZE);
  const oram = createRingOram({
    capacity,
    blockSize: BLOCK_SIZE,
    encrypt: false,
    ...(options.Z !== undefined ? { Z: options.Z } : {}),
    ...(options.S !== undefined ? { S: options.S } : {}),
    ...(options.A !== undefined ? { A: options.A } : {}),
    rng: createRng(options.seed),
    observer: (e) => {
      let content: BlockContent | null = null;
      if (e.slot !== 'meta' && storage !== undefined) {
        // The observer runs right after the storage access, so the slot holds exactly the
        // bytes that were read or written.
        storage.readSlot(e.bucket, e.slot, buf);
        content = decode(buf);
      }
      pending.push({ ...e, seq: ++seq, content });
    },
  });
  storage = oram.storage;
  const { Z, S, A } = oram.parameters;
  const W = oram.storage.slotsPerBucket;
  const geometry: Geometry = {
    capacity,
    levels: oram.levels,
    bucketCount: oram.bucketCount,
    slotsPerBucket: W,
    Z,
    S,
    A,
  };
  // The tree starts as all valid dummies (the library initialises it without tracing).
  let state: TreeState = {
    slots: Array.from({ length: oram.bucketCount }, () =>
      Array.from({ length: W }, () => ({ content: null, valid: true })),
    ),
    count: new Array(oram.bucketCount).fill(0),
    stash: new Map(),
  };
  let before = cloneState(state);
  const history: LogicalOp[] = [];

  return {
    geometry,
    get state() {
      return state;
    },
    get before() {
      return before;
    },
    history,
    access(op, addr, value = 0) {
      if (op !== 'read' && op !== 'write') {
        throw new RangeError(`op must be 'read' or 'write', got ${String(op)}`);
      }
      if (!Number.isInteger(value) || value < 0 || value > 255) {
        throw new RangeError(`value must be an integer in [0, 255], got ${value}`);
      }
      pending = [];
      // The library validates addr and throws before touching anything.
      let result: number | null;
      if (op === 'write') {
        oram.write(addr, encodeBlock(addr, value));
        result = value;
      } else {
        const data = oram.read(addr);
        result = data[0] === MARK ? data[2]! : null;
      }
      const events = pending;
      pending = [];
      let onlineEnd = 0;
      while (onlineEnd < events.length && events[onlineEnd]!.phase === 'online') onlineEnd++;
      const c = oram.counters;
      const logical: LogicalOp = {
        n: history.length + 1,
        op,
        addr,
        value: result,
        events,
        onlineEnd,
        stashSize: c.stashSize,
        evictions: c.evictions,
        earlyReshuffles: c.earlyReshuffles,
      };
      before = state;
      state = stateAt(before, logical, events.length);
      history.push(logical);
      return logical;
    },
    check() {
      const inspection = oram.inspect();
      let inTree = 0;
      for (const b of state.slots) for (const s of b) if (s.valid && s.content !== null) inTree++;
      const stash = state.stash.size;
      const ok = stash === oram.counters.stashSize && inTree === inspection.blocksInTree;
      return {
        ok,
        detail: `picture: ${stash} in stash, ${inTree} in tree; library: ${oram.counters.stashSize} in stash, ${inspection.blocksInTree} in tree`,
      };
    },
  };
}
