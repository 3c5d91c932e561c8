// The remote memory pool holding mm-templates: one copy per template for the whole cluster,
// least-recently-used eviction of templates no instance maps, refusal when pinned ones fill it.
import { MemoryPool, PoolAcquire } from '@paperlab/serverless-sim';

const names = ['hit', 'placed', 'rejected'];
const pool = new MemoryPool(1024, 8); // 1 GiB, template ids 0..7

console.log('A first start of fn 0:', names[pool.acquire(0, 512)]);
for (let i = 0; i < 99; i++) pool.acquire(0, 512); // 99 more instances, any node
console.log('100 instances of fn 0 hold', pool.usedMb, 'MiB of pool');

console.log('fn 1 (600 MiB) while fn 0 is mapped:', names[pool.acquire(1, 600)]);
for (let i = 0; i < 100; i++) pool.release(0);
console.log('fn 1 once fn 0 is unmapped:', names[pool.acquire(1, 600)]);
console.log('fn 0 still resident?', pool.has(0), '| stats', JSON.stringify(pool.stats()));
console.log('PoolAcquire.hit =', PoolAcquire.hit);

try {
  pool.acquire(9, 10);
} catch (error) {
  console.log((error as Error).message);
}
