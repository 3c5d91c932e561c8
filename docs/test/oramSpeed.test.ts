// The in-browser ORAM speed measurement (src/components/oram/speedBench.ts), with an injected
// clock so the count is exact: no timing assertions.
import { createRingOram, type Oram } from '@paperlab/oram';
import { describe, expect, it } from 'vitest';
import { BATCH, formatRate, measureAccessRate } from '../src/components/oram/speedBench';

/** A clock that advances 1 ms every time it is read. */
function tickingClock(): () => number {
  let t = 0;
  return () => t++;
}

describe('measureAccessRate', () => {
  it('counts batches until the clock passes the deadline (hand count with a 1 ms/read clock)', () => {
    // Reads: 0 before set-up, 1 after it (set-up 1 ms), 2 at the start; then one read per batch
    // of 10 accesses: 3, 4, … 52 = start + 50 ms. So 50 batches, 500 accesses in 0.050 s.
    const r = measureAccessRate(
      { capacity: 64, blockSize: 16, encrypt: false, seconds: 0.05 },
      tickingClock(),
    );
    expect(BATCH).toBe(10);
    expect(r.setupSeconds).toBeCloseTo(0.001, 12);
    expect(r.accesses).toBe(500);
    expect(r.seconds).toBeCloseTo(0.05, 12);
    expect(r.perSecond).toBeCloseTo(10_000, 6);
    expect([r.capacity, r.blockSize, r.encrypt]).toEqual([64, 16, false]);
  });

  it('times a full tree: every block is in the tree or the stash when the timing starts and after it', () => {
    // The package bench's workload (prefill, then a fair read/write coin): with the earlier
    // workload here (even addresses written, odd ones read, no prefill) about half the blocks
    // were never stored.
    let oram: Oram | undefined;
    let atStart = -1;
    const stored = () => {
      const s = oram!.inspect();
      return s.blocksInTree + s.stashSize;
    };
    let reads = 0;
    const r = measureAccessRate(
      { capacity: 128, blockSize: 16, encrypt: false, seconds: 0.05 },
      () => {
        // Read 2 is the start of the timed accesses (see the hand count above).
        if (reads++ === 2) atStart = stored();
        return reads;
      },
      (options) => {
        oram = createRingOram(options);
        return oram;
      },
    );
    expect(atStart).toBe(128);
    expect(stored()).toBe(128);
    expect(r.accesses).toBeGreaterThan(0);
  });

  it('runs the real ORAM, encrypted too, and reports a positive rate', () => {
    const r = measureAccessRate({ capacity: 256, blockSize: 64, encrypt: true, seconds: 0.05 });
    expect(r.accesses).toBeGreaterThan(0);
    expect(r.accesses % BATCH).toBe(0);
    expect(r.perSecond).toBeGreaterThan(0);
    expect(r.perSecond).toBeCloseTo(r.accesses / r.seconds, 6);
  });

  it("rejects a bad duration and passes the library's own errors through", () => {
    expect(() =>
      measureAccessRate({ capacity: 64, blockSize: 16, encrypt: false, seconds: 0 }),
    ).toThrow('seconds must be in (0, 60], got 0');
    expect(() =>
      measureAccessRate({ capacity: 0, blockSize: 16, encrypt: false, seconds: 1 }),
    ).toThrow(/capacity/);
  });

  it('formats rates as whole numbers with separators', () => {
    expect(formatRate(52_726.4)).toBe('52,726');
    expect(formatRate(1614.6)).toBe('1,615');
  });
});
