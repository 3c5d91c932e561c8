/**
 * What the visualiser draws at one step of one access, as pure functions of the replayed
 * picture (oramSession.ts) and the physical events done so far. Kept apart from the React
 * component so the tests can check it against hand-computed traces without a DOM.
 */
import type { LogicalOp, PhysicalEvent, TreeState } from './oramSession';
import type { BucketLook, SlotLook } from './TreeView';

export const phaseName: Record<PhysicalEvent['phase'], string> = {
  online: 'ReadPath',
  evict: 'EvictPath',
  reshuffle: 'EarlyReshuffle',
  integrity: 'integrity',
};

/** One line for the program log: `write(5, 42)` or `read(5) → 42`. */
export function describeOp(op: Pick<LogicalOp, 'op' | 'addr' | 'value'>): string {
  if (op.op === 'write') return `write(${op.addr}, ${op.value})`;
  return `read(${op.addr}) → ${op.value === null ? '0 (never written)' : op.value}`;
}

export interface StepView {
  bucketLook(bucket: number): BucketLook;
  slotLook(bucket: number, slot: number): SlotLook;
  /** The block address drawn in a slot, if the client knows one is there. */
  slotText(bucket: number, slot: number): string | undefined;
  /**
   * The leaf of this access's ReadPath, once its first event is shown. The client knows it
   * before the first physical access (it is the block's position-map entry), so it is read off
   * the whole access's trace, not off the buckets reached so far.
   */
  pathLeaf: number | undefined;
  /** The leaf of this access's EvictPath, once one of its events is shown. */
  evictLeaf: number | undefined;
}

/**
 * The leaf of the path that `phase` walks in one access's trace: its bucket at level L minus
 * the 2^L − 1 buckets above the leaves (heap order). Undefined if the phase never reaches
 * level L in these events.
 */
export function leafOf(
  levels: number,
  events: readonly PhysicalEvent[],
  phase: 'online' | 'evict',
): number | undefined {
  const e = events.find((x) => x.phase === phase && x.level === levels);
  return e === undefined ? undefined : e.bucket - (2 ** levels - 1);
}

/**
 * The looks of buckets and slots after the events `done` (a prefix of one access, whose whole
 * trace is `all`), with `shown` the picture at that point. A bucket is coloured by the latest phase that touched it
 * (early reshuffle over eviction over read path); the slot ReadPath chose in a bucket shows
 * whether it held the block; slots rewritten in this access show whether they now hold one.
 */
export function stepView(
  levels: number,
  shown: TreeState,
  done: readonly PhysicalEvent[],
  all: readonly PhysicalEvent[] = done,
): StepView {
  const phaseBuckets = (phase: PhysicalEvent['phase']) =>
    new Set(done.filter((e) => e.phase === phase).map((e) => e.bucket));
  const online = phaseBuckets('online');
  const evict = phaseBuckets('evict');
  const reshuffle = phaseBuckets('reshuffle');
  const chosen = new Map<number, PhysicalEvent>();
  for (const e of done)
    if (e.phase === 'online' && e.op === 'read' && e.slot !== 'meta') chosen.set(e.bucket, e);
  const written = new Set(
    done.filter((e) => e.op === 'write' && e.slot !== 'meta').map((e) => `${e.bucket}/${e.slot}`),
  );
  return {
    bucketLook: (b) =>
      reshuffle.has(b) ? 'reshuffle' : evict.has(b) ? 'evict' : online.has(b) ? 'path' : undefined,
    // A slot rewritten later in the access (EvictPath or EarlyReshuffle after ReadPath chose
    // it) shows what it holds now, not what ReadPath found there.
    slotLook: (b, s) => {
      const st = shown.slots[b]![s]!;
      if (written.has(`${b}/${s}`)) return st.content ? 'writtenReal' : 'written';
      const c = chosen.get(b);
      if (c !== undefined && c.slot === s) return c.content ? 'readReal' : 'readDummy';
      if (!st.valid) return 'used';
      return st.content ? 'real' : 'dummy';
    },
    slotText: (b, s) => {
      const st = shown.slots[b]![s]!;
      if (written.has(`${b}/${s}`)) return st.content ? String(st.content.addr) : undefined;
      const c = chosen.get(b);
      if (c !== undefined && c.slot === s && c.content) return String(c.content.addr);
      return st.content && st.valid ? String(st.content.addr) : undefined;
    },
    pathLeaf: online.size > 0 ? leafOf(levels, all, 'online') : undefined,
    evictLeaf: evict.size > 0 ? leafOf(levels, all, 'evict') : undefined,
  };
}

/** The step after the phase that the event at `step` belongs to ("Next phase"). */
export function nextPhaseStep(events: readonly PhysicalEvent[], step: number): number {
  let k = step;
  const phase = events[k]?.phase;
  while (k < events.length && events[k]!.phase === phase) k++;
  return Math.min(k === step ? k + 1 : k, events.length);
}
