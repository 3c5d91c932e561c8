// Invariants after every access, checked from outside: the client's own inspection and the
// physical trace (what the server sees).
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { createRingOram, type IntegrityMode, type TraceEvent } from '../src/index.ts';
import { budget } from './support/budget.ts';

interface Case {
  name: string;
  Z: number;
  S: number;
  A: number;
  capacity: number;
  integrity?: IntegrityMode;
  treeTopLevels?: number;
}

const cases: Case[] = [
  { name: 'teaching', Z: 4, S: 5, A: 3, capacity: 64 },
  { name: 'Z=2 S=2 A=2', Z: 2, S: 2, A: 2, capacity: 32 },
  { name: 'Z=8 S=12 A=8 tree-top 2', Z: 8, S: 12, A: 8, capacity: 100, treeTopLevels: 2 },
  { name: 'teaching rit', Z: 4, S: 5, A: 3, capacity: 32, integrity: 'rit' },
];

describe('Ring ORAM invariants after every access', () => {
  for (const c of cases) {
    it(c.name, () => {
      const rng = createRng(`inv-${c.name}`);
      const events: TraceEvent[] = [];
      const oram = createRingOram({
        capacity: c.capacity,
        blockSize: 4,
        Z: c.Z,
        S: c.S,
        A: c.A,
        integrity: c.integrity ?? 'none',
        encrypt: c.integrity !== undefined,
        treeTopLevels: c.treeTopLevels ?? 0,
        rng: rng.fork('oram'),
        observer: (e) => events.push(e),
      });
      const L = oram.levels;
      const k = c.treeTopLevels ?? 0;
      const W = c.Z + c.S;
      // Slots read since each bucket's last full write, reconstructed from the trace alone.
      const readSince = new Map<number, Set<number>>();
      const written = new Set<number>();
      const ops = rng.fork('ops');
      for (let i = 0; i < budget(400, 80); i++) {
        events.length = 0;
        const addr = ops.int(0, c.capacity - 1);
        if (ops.bernoulli(0.5)) {
          oram.write(addr, Uint8Array.of(i & 255, 1, 2, 3));
          written.add(addr);
        } else oram.read(addr);

        const online = events.filter(
          (e) => e.phase === 'online' && e.op === 'read' && e.slot !== 'meta',
        );
        // Exactly one slot per untrusted level, in level order, each a valid (unread) slot.
        expect(online.map((e) => e.level)).toEqual(
          Array.from({ length: L + 1 - k }, (_, j) => j + k),
        );
        for (const e of events) {
          if (e.slot === 'meta') continue;
          const set = readSince.get(e.bucket) ?? new Set<number>();
          readSince.set(e.bucket, set);
          if (e.op === 'read') {
            if (e.phase === 'online') expect(set.has(e.slot)).toBe(false);
            set.add(e.slot);
          } else if (e.slot === W - 1) set.clear(); // a bucket write rewrites all W slots in order
        }
        const seen = oram.inspect();
        expect(seen.stashSize + seen.blocksInTree).toBe(written.size);
        expect(seen.blocksWritten).toBe(written.size);
        expect(seen.maxRealsPerBucket).toBeLessThanOrEqual(c.Z);
        // A bucket that reaches S reads is reshuffled before the access returns, so count < S here.
        expect(seen.maxBucketCount).toBeLessThan(c.S);
      }
    });
  }
});
