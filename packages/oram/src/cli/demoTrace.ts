import { createRng } from '@paperlab/stats';
import { createRingOram } from '../ringOram.js';
import type { TraceEvent } from '../trace.js';

/**
 * A short run printing each logical access beside the physical trace the server sees:
 * per access, the (bucket, slot) pairs ReadPath read, then any eviction or reshuffle.
 */
export function demoTrace(accesses: number, seed: string): string[] {
  const events: TraceEvent[] = [];
  const oram = createRingOram({
    capacity: 16,
    blockSize: 4,
    encrypt: false,
    rng: createRng(seed),
    observer: (e) => events.push(e),
  });
  const ops = createRng(`${seed}-ops`);
  const lines = [
    `Ring ORAM N=16 Z=4 S=5 A=3, L=${oram.levels}: logical access | what the server sees`,
  ];
  for (let i = 0; i < accesses; i++) {
    events.length = 0;
    const a = ops.int(0, 15);
    const write = ops.bernoulli(0.5);
    if (write) oram.write(a, Uint8Array.of(i, 0, 0, 0));
    else oram.read(a);
    const online = events.filter(
      (e) => e.phase === 'online' && e.op === 'read' && e.slot !== 'meta',
    );
    const rest = events.filter((e) => e.phase !== 'online');
    const evictW = rest.filter((e) => e.phase === 'evict' && e.op === 'write' && e.slot !== 'meta');
    const resh = new Set(rest.filter((e) => e.phase === 'reshuffle').map((e) => e.bucket));
    const logical = `${write ? 'write' : 'read '}(${String(a).padStart(2)})`;
    let extra = '';
    if (evictW.length > 0)
      extra += ` + evict path to leaf ${evictW[0]!.bucket - (2 ** oram.levels - 1)} (${evictW.length} slot writes)`;
    if (resh.size > 0) extra += ` + reshuffle buckets ${[...resh].join(',')}`;
    lines.push(
      `${logical} | read ${online.map((e) => `b${e.bucket}:s${e.slot}`).join(' ')}${extra}`,
    );
  }
  return lines;
}
