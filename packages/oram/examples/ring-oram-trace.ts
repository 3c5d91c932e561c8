// The physical trace is the interface: the same logical address read three times touches three
// independent random paths, one slot per bucket, and every A = 3 accesses a path is evicted.
import { createRingOram, type TraceEvent } from '@paperlab/oram';
import { createRng } from '@paperlab/stats';

const seen: TraceEvent[] = [];
const oram = createRingOram({
  capacity: 8,
  blockSize: 4,
  encrypt: false,
  rng: createRng('trace'),
  observer: (e) => seen.push(e),
});

for (let i = 0; i < 3; i++) {
  seen.length = 0;
  oram.read(5);
  const online = seen.filter((e) => e.phase === 'online' && e.op === 'read' && e.slot !== 'meta');
  const evict = seen.filter((e) => e.phase === 'evict');
  console.log(
    `read(5) #${i + 1}: ${online.map((e) => `L${e.level} bucket ${e.bucket} slot ${e.slot}`).join(', ')}`,
  );
  if (evict.length > 0)
    console.log(
      `  eviction: ${evict.length} physical accesses on buckets ${[...new Set(evict.map((e) => e.bucket))].join(', ')}`,
    );
}
