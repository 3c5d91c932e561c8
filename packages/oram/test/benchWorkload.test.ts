// The bench's workload (src/cli/benchWorkload.ts), which the package bench and the docs' speed
// widget both time: the tree is full before timing starts (every block in the tree or the
// stash, checked against the ORAM's own inspection), the accesses are uniform with about half
// writes, and bad arguments are refused by name.
import { describe, expect, it } from 'vitest';
import { createBenchWorkload } from '../src/cli/benchWorkload.ts';
import type { Oram } from '../src/oram.ts';
import { createRingOram } from '../src/ringOram.ts';

describe('createBenchWorkload', () => {
  it('prefills every address, then draws uniform addresses and a fair read/write coin', () => {
    const oram = createRingOram({ capacity: 64, blockSize: 16, encrypt: false });
    const w = createBenchWorkload(oram, 64, 16);
    w.prefill();
    const writes = new Array<number>(64).fill(0);
    const reads = new Array<number>(64).fill(0);
    const spy: Oram = {
      ...oram,
      read: (a) => {
        reads[a]!++;
        return oram.read(a);
      },
      write: (a, d) => {
        writes[a]!++;
        oram.write(a, d);
      },
    } as Oram;
    const w2 = createBenchWorkload(spy, 64, 16);
    const n = 6400;
    for (let i = 0; i < n; i++) w2.step();
    const nWrites = writes.reduce((x, y) => x + y, 0);
    const nReads = reads.reduce((x, y) => x + y, 0);
    expect(nWrites + nReads).toBe(n);
    // Binomial(6400, 1/2): sd 40, so 5 sd is 200.
    expect(Math.abs(nWrites - n / 2)).toBeLessThan(200);
    // Every address drawn; per address Binomial(6400, 1/64), mean 100, sd 9.9: [50, 150] is > 5 sd.
    for (let a = 0; a < 64; a++) {
      const k = writes[a]! + reads[a]!;
      expect(k, `address ${a}`).toBeGreaterThan(50);
      expect(k, `address ${a}`).toBeLessThan(150);
    }
  });

  it('refuses what is not a synchronous ORAM, a capacity out of range and another block size', () => {
    const oram = createRingOram({ capacity: 64, blockSize: 16, encrypt: false });
    expect(() => createBenchWorkload({} as never, 64, 16)).toThrow(
      'oram must be a synchronous ORAM (createRingOram, createPathOram)',
    );
    expect(() => createBenchWorkload(oram, 65, 16)).toThrow(
      'capacity must be an integer in [1, 64], got 65',
    );
    expect(() => createBenchWorkload(oram, 1.5, 16)).toThrow(/capacity must be an integer/);
    expect(() => createBenchWorkload(oram, 64, 32)).toThrow(
      "blockSize must be the ORAM's, 16, got 32",
    );
  });
});
