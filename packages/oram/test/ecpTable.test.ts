import { createRng, type Rng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { createEcpTable, ecpBitsPerLine, getBit, setBit } from '../src/reliability/ecpTable.js';

// Stuck-at cells as the device shows them: a write leaves stuck cells at their stuck value.
function storeWithStuck(intended: Uint8Array, stuck: Map<number, number>): Uint8Array {
  const stored = intended.slice();
  for (const [cell, v] of stuck) setBit(stored, cell, v);
  return stored;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function randomLine(rng: Rng, bytes = 64): Uint8Array {
  return rng.fillBytes(new Uint8Array(bytes));
}

function randomStuck(rng: Rng, count: number, lineBits = 512): Map<number, number> {
  const stuck = new Map<number, number>();
  while (stuck.size < count) stuck.set(rng.int(0, lineBits - 1), rng.int(0, 1));
  return stuck;
}

describe('ECP-n sizes (Schechter et al. ISCA 2010: n × (9 + 1) + 1 bits per 512-bit line)', () => {
  it('ECP6 needs 61 bits and ECP1 11', () => {
    expect(ecpBitsPerLine(6)).toBe(61);
    expect(ecpBitsPerLine(1)).toBe(11);
    for (let n = 1; n <= 16; n++) expect(ecpBitsPerLine(n)).toBe(10 * n + 1);
  });

  it('packs lines at bit granularity: 8 lines of ECP6 take 61 bytes, not 64', () => {
    expect(createEcpTable(8, 6).bits.length).toBe(61);
  });

  it('rejects bad parameters naming the field', () => {
    expect(() => createEcpTable(1, 0)).toThrow('ecpEntries must be an integer in [1, 64], got 0');
    expect(() => createEcpTable(1, 3, 1)).toThrow(/lineBits must be an integer in \[2, 65536\]/);
    const t = createEcpTable(2, 2);
    expect(() => t.activeEntries(2)).toThrow('line must be an integer in [0, 1], got 2');
  });
});

describe('ECP correction', () => {
  it('exhaustively: every set of up to n stuck cells in a 16-cell line is corrected, n + 1 detected', () => {
    // lineBits 16, n = 2: all 2^16 subsets would be too many values; every subset of size ≤ 3
    // (697 of them) × all stuck-value patterns × 4 data words is exhaustive in what matters.
    const n = 2;
    const lineBits = 16;
    const rng = createRng('ecp-exhaustive');
    let corrected = 0;
    let detected = 0;
    const subsets: number[][] = [[]];
    for (let a = 0; a < lineBits; a++) {
      subsets.push([a]);
      for (let b = a + 1; b < lineBits; b++) {
        subsets.push([a, b]);
        for (let c = b + 1; c < lineBits; c++) subsets.push([a, b, c]);
      }
    }
    expect(subsets.length).toBe(1 + 16 + 120 + 560);
    for (const cells of subsets) {
      for (let values = 0; values < 1 << cells.length; values++) {
        const stuck = new Map(cells.map((c, i) => [c, (values >>> i) & 1]));
        for (let w = 0; w < 4; w++) {
          const t = createEcpTable(1, n, lineBits);
          const intended = randomLine(rng, 2);
          const stored = storeWithStuck(intended, stuck);
          let mismatches = 0;
          for (const [c, v] of stuck) if (getBit(intended, c) !== v) mismatches++;
          const added = t.writeVerify(0, intended, stored, 0, lineBits);
          // Plain checks in the hot loop (thousands of cases); expect only on a failure.
          if (mismatches <= n) {
            const read = stored.slice();
            t.correct(0, read, 0, lineBits);
            if (added !== mismatches || !sameBytes(read, intended)) {
              expect.fail(`cells ${cells} stuck at ${values}: added ${added}, not corrected`);
            }
            corrected++;
          } else {
            // Refused, and the table left unchanged.
            if (added !== -1 || t.activeEntries(0) !== 0)
              expect.fail(`cells ${cells}: not refused`);
            detected++;
          }
        }
      }
    }
    expect(corrected).toBeGreaterThan(0);
    expect(detected).toBeGreaterThan(0);
  });

  it('512-bit lines: entries accumulate over many writes; never a wrong corrected value', () => {
    const rng = createRng('ecp-accumulate');
    for (const n of [1, 2, 4, 6]) {
      for (let trial = 0; trial < 60; trial++) {
        const lines = 3;
        const t = createEcpTable(lines, n);
        const stuck = new Map<number, number>();
        const line = rng.int(0, lines - 1);
        const totalStuck = rng.int(0, n + 3);
        let dead = false;
        for (let write = 0; write < 40 && !dead; write++) {
          // A new cell sticks now and then, as wear-out would make it.
          if (stuck.size < totalStuck && rng.bernoulli(0.3)) {
            const more = randomStuck(rng, 1);
            for (const [c, v] of more) if (!stuck.has(c)) stuck.set(c, v);
          }
          const intended = randomLine(rng, 64 * lines);
          const stored = storeWithStuck(intended.subarray(line * 64, line * 64 + 64), stuck);
          const fullStored = intended.slice();
          fullStored.set(stored, line * 64);
          const added = t.writeVerify(line, intended, fullStored, line * 512, 512);
          if (added < 0) {
            // Needed more than n: more cells are stuck at a wrong value than ECP-n can hold.
            let wrongOrCovered = 0;
            for (const [c, v] of stuck)
              if (getBit(intended, line * 512 + c) !== v) wrongOrCovered++;
            expect(wrongOrCovered + t.activeEntries(line)).toBeGreaterThan(n);
            dead = true;
            continue;
          }
          const read = fullStored.slice();
          t.correct(line, read, line * 512, 512);
          if (t.activeEntries(line) > Math.min(n, stuck.size) || !sameBytes(read, intended)) {
            expect.fail(`ECP-${n}, trial ${trial}, write ${write}: wrong entries or data`);
          }
        }
        if (stuck.size <= n) expect(dead).toBe(false);
      }
    }
  });

  it('a line starting at an unaligned bit offset is handled like an aligned one', () => {
    const rng = createRng('ecp-unaligned');
    for (let trial = 0; trial < 50; trial++) {
      const offset = rng.int(1, 7);
      const intended = randomLine(rng, 66);
      const stored = intended.slice();
      const cells = randomStuck(rng, 3);
      for (const [c, v] of cells) setBit(stored, offset + c, v);
      const t = createEcpTable(1, 3);
      expect(t.writeVerify(0, intended, stored, offset, 512)).toBeGreaterThanOrEqual(0);
      t.correct(0, stored, offset, 512);
      let differ = 0;
      for (let c = 0; c < 512; c++)
        differ += getBit(stored, offset + c) ^ getBit(intended, offset + c);
      expect(differ).toBe(0);
    }
  });

  it('the later of two entries for one cell wins, and a partial last line is honoured', () => {
    const t = createEcpTable(1, 3, 512);
    const intended = new Uint8Array(8); // a 64-bit tail line
    setBit(intended, 5, 1);
    const stored = intended.slice();
    setBit(stored, 5, 0);
    setBit(stored, 63, 1);
    expect(t.writeVerify(0, intended, stored, 0, 64)).toBe(2);
    const read = stored.slice();
    expect(t.correct(0, read, 0, 64)).toBe(2);
    expect(read).toEqual(intended);
    // Cells beyond lineLength are never touched.
    expect(() => t.writeVerify(0, intended, stored, 0, 513)).toThrow(/lineLength/);
  });
});
