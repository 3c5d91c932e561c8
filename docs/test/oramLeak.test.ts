// The leak demo's two runs (src/components/oram/leakDemo.ts): the encrypted array gives the PIN
// away, the Ring ORAM's log does not. References: a hand count of the digits, the tree's path
// structure (heap order), and the uniform distribution of leaves, checked with scipy values.
import { describe, expect, it } from 'vitest';
import {
  arrayGuess,
  LEAK_CELLS,
  oramGuess,
  parsePin,
  runEncryptedArray,
  runOram,
} from '../src/components/oram/leakDemo';

describe('leak demo', () => {
  it('the encrypted array leaks the PIN exactly, though every ciphertext differs', async () => {
    const log = await runEncryptedArray(parsePin('1111'));
    expect(log.map((l) => `${l.op} ${l.cell}`)).toEqual(
      Array.from({ length: 4 }, () => ['read 1', 'write 1']).flat(),
    );
    // A fresh IV on every write: the four values written to cell 1 never repeat a ciphertext.
    const written = log.filter((l) => l.op === 'write').map((l) => l.ciphertext);
    expect(new Set(written).size).toBe(4);
    expect(arrayGuess(log)).toBe('1111');
    expect(arrayGuess(await runEncryptedArray(parsePin('2718')))).toBe('2718');
  });

  it('the ORAM runs the program: the table counts the digits (by hand: 2,7,1,8,2,8)', () => {
    const { table } = runOram(parsePin('271828'), 'leak-demo/0');
    const byHand = Array(LEAK_CELLS).fill(0);
    byHand[1] = 1;
    byHand[2] = 2;
    byHand[7] = 1;
    byHand[8] = 2;
    expect(table).toEqual(byHand);
  });

  it("each access fetches one root-to-leaf path, and the log's shape does not depend on the PIN", () => {
    const a = runOram(parsePin('2718'), 'same-seed');
    const b = runOram(parsePin('0000'), 'same-seed');
    expect(a.levels).toBe(3);
    for (const l of a.log) {
      expect(l.buckets).toHaveLength(a.levels + 1);
      expect(l.buckets[0]).toBe(0);
      for (let i = 1; i < l.buckets.length; i++) {
        expect([2 * l.buckets[i - 1]! + 1, 2 * l.buckets[i - 1]! + 2]).toContain(l.buckets[i]);
      }
      expect(l.leaf).toBe(l.buckets.at(-1)! - (2 ** a.levels - 1));
    }
    // Reads and writes alike cost, by hand for L = 3, Z = 4, S = 5, A = 3 (W = 9 slots):
    // ReadPath 3(L+1) = 12; every 3rd access EvictPath (L+1)(1+Z) + (L+1)(W+1) = 60; each
    // early-reshuffled bucket 1 + Z + W + 1 = 15. Nothing else, whatever the op or the digit.
    for (const run of [a, b]) {
      run.log.forEach((l, i) => {
        const rest = l.physical - 12 - ((i + 1) % 3 === 0 ? 60 : 0);
        expect(rest, `access ${i + 1}`).toBeGreaterThanOrEqual(0);
        expect(rest % 15, `access ${i + 1}`).toBe(0);
      });
    }
    expect(a.log.map((l) => l.op)).toEqual(b.log.map((l) => l.op));
    expect(oramGuess(a.log).split(' ')).toHaveLength(8);
  });

  it('the leaves are uniform and say nothing about the digits', () => {
    // 100 runs of an 8-digit PIN of one repeated digit: 1,600 accesses over 8 leaves.
    const counts = Array(8).fill(0);
    let match = 0;
    let reads = 0;
    for (let run = 0; run < 100; run++) {
      const { log } = runOram(parsePin('33333333'), `leak-demo/${run}`);
      for (const l of log) counts[l.leaf]++;
      // The attacker's reading "the leaf of each read is the digit" is right by chance only.
      for (const l of log.filter((x) => x.op === 'read')) {
        reads++;
        if (l.leaf === 3) match++;
      }
    }
    const n = counts.reduce((s, c) => s + c, 0);
    expect(n).toBe(1600);
    const chi2 = counts.reduce((s, c) => s + (c - n / 8) ** 2 / (n / 8), 0);
    // scipy.stats.chi2.ppf(0.999, 7) = 24.321886347856854
    expect(chi2).toBeLessThan(24.321886347856854);
    // 800 reads, each matching with p = 1/8 (mean 100):
    // scipy.stats.binom.ppf(1e-4, 800, 1/8) = 67.0, scipy.stats.binom.isf(1e-4, 800, 1/8) = 136.0
    expect(reads).toBe(800);
    expect(match).toBeGreaterThanOrEqual(67);
    expect(match).toBeLessThanOrEqual(136);
  });

  it('rejects a PIN that is not 1 to 8 digits', () => {
    expect(() => parsePin('12a4')).toThrow('the PIN must be 1 to 8 digits, got "12a4"');
    expect(() => parsePin('')).toThrow(RangeError);
    expect(() => parsePin('123456789')).toThrow(RangeError);
  });
});
