// IRO's integrity tree (RIT) catches an adversary who edits memory: a flipped bit, a replayed
// older bucket. Integrity errors name the bucket and slot; wrong data is never returned.
import { createMemoryStorage, createRingOram, IntegrityError } from '@paperlab/oram';
import { createRng } from '@paperlab/stats';

const key = new Uint8Array(32).fill(2);
const shapeOf = createRingOram({
  capacity: 16,
  blockSize: 16,
  integrity: 'rit',
  key,
  rng: createRng('probe'),
});
const memory = createMemoryStorage({
  bucketCount: shapeOf.bucketCount,
  slotsPerBucket: 9,
  slotBytes: shapeOf.slotBytes,
  metaBytes: shapeOf.metaBytes,
});
const oram = createRingOram({
  capacity: 16,
  blockSize: 16,
  integrity: 'rit',
  key,
  storage: memory,
  rng: createRng('rit'),
});
for (let a = 0; a < 16; a++) oram.write(a, new Uint8Array(16).fill(a));
oram.audit();
console.log('clean memory: audit passes');

// The adversary replays bucket 3's metadata from before some more accesses.
const old = new Uint8Array(memory.metaBytes);
memory.readMeta(3, old);
for (let i = 0; i < 30; i++) oram.read(i % 16);
const now = new Uint8Array(memory.metaBytes);
memory.readMeta(3, now);
memory.writeMeta(3, old);
try {
  oram.audit();
} catch (error) {
  console.log(error instanceof IntegrityError, (error as Error).message);
}
memory.writeMeta(3, now);

// Flip one bit of a slot ciphertext.
const slot = new Uint8Array(memory.slotBytes);
memory.readSlot(5, 2, slot);
slot[0]! ^= 1;
memory.writeSlot(5, 2, slot);
try {
  oram.audit();
} catch (error) {
  console.log((error as Error).message);
}

const c = oram.counters;
console.log(
  `per access: ${(c.hashComputations / c.accesses).toFixed(1)} hashes, extra metadata accesses ${c.integrityMetaReads + c.integrityMetaWrites > 0 ? 'only from early reshuffles' : 'none'}`,
);
