// A Ring ORAM in five lines: every slot and metadata block is sealed with ChaCha20-Poly1305,
// and the server only ever sees uniformly random paths.
import { createRingOram } from '@paperlab/oram';
import { createRng } from '@paperlab/stats';

const oram = createRingOram({
  capacity: 1024,
  blockSize: 32,
  key: new Uint8Array(32).fill(1),
  rng: createRng('basics'),
});
oram.write(42, new TextEncoder().encode('attack at dawn'.padEnd(32, '.')));
console.log(new TextDecoder().decode(oram.read(42)));
console.log(
  'never written reads as zeros:',
  oram.read(7).every((b) => b === 0),
);

const c = oram.counters;
console.log(
  `tree: L=${oram.levels}, ${oram.bucketCount} buckets, Z/S/A = ${Object.values(oram.parameters).join('/')}`,
);
console.log(
  `${c.accesses} accesses: ${c.slotReads} slot reads, ${c.metaReads} metadata reads, ${c.evictions} eviction(s)`,
);

try {
  oram.read(1024);
} catch (error) {
  console.log((error as Error).message);
}
