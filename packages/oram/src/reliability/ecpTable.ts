/**
 * Error-Correcting Pointers (Schechter, Loh, Strauss, Burger, "Use ECP, not ECC, for hard
 * failures in resistive memories", ISCA 2010) — lit. Per line of `lineBits` data cells (512 for a
 * 64-byte line), ECP-n keeps n correction entries of (pointer to a failed cell, 9 bits for 512
 * cells + 1 replacement bit) and one "full" bit: 10n + 1 bits, ECP6 = 61 bits.
 *
 * The entry layout below is ours (the paper's exact bookkeeping was not at hand):
 *  - entries are allocated in order 0, 1, …; when two active entries point at the same cell the
 *    later one wins (that is how ECP patches a failed replacement cell);
 *  - full = 1 means all n entries are active; while full = 0, entry n−1 is unused, so its
 *    pointer field holds the number of active entries. This keeps exactly 10n + 1 bits with no
 *    per-entry valid bit, and a reader never applies a stale entry.
 * Entries are found by write-verify: after a write the cells are read back, and every cell that
 * does not hold the intended bit gets an entry. When a line needs more than n entries, the write
 * reports it uncorrectable; the caller must then refuse to return that line's data. ECP has no
 * check on read: a cell that sticks after the last write is caught by the MAC above, not here.
 *
 * "Compact metadata" (IRO, ours): all lines' entries of a bucket are packed back to back at bit
 * granularity in one array (the bucket metadata's spare bits), instead of a byte-aligned table.
 */
export interface EcpTable {
  /** Entries per line (the n of ECP-n). */
  readonly entries: number;
  /** Data cells per line. */
  readonly lineBits: number;
  /** Bits of pointer per entry: ceil(log2(lineBits)). */
  readonly pointerBits: number;
  /** n × (pointerBits + 1) + 1. */
  readonly bitsPerLine: number;
  readonly lines: number;
  /** The packed bits: ceil(lines × bitsPerLine / 8) bytes. */
  readonly bits: Uint8Array;
  /** Active entries of a line. */
  activeEntries(line: number): number;
  /**
   * Write-verify of one line: `intended` and `stored` hold the line's bits from bit `bitOffset`
   * (`lineLength` bits, ≤ lineBits). Refreshes the replacement bit of every active entry, then
   * allocates an entry for each cell still wrong. Returns the entries added, or −1 if more than n
   * were needed (then the table is left as it was before the call).
   */
  writeVerify(
    line: number,
    intended: Uint8Array,
    stored: Uint8Array,
    bitOffset: number,
    lineLength: number,
  ): number;
  /** Applies the line's active entries to `data` (bits from `bitOffset`); returns how many. */
  correct(line: number, data: Uint8Array, bitOffset: number, lineLength: number): number;
  /** Forgets every entry (a fresh device). */
  clear(): void;
}

function getBits(a: Uint8Array, at: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) {
    const b = at + i;
    v |= ((a[b >>> 3]! >>> (b & 7)) & 1) << i;
  }
  return v;
}

function setBits(a: Uint8Array, at: number, width: number, value: number): void {
  for (let i = 0; i < width; i++) {
    const b = at + i;
    const mask = 1 << (b & 7);
    if ((value >>> i) & 1) a[b >>> 3]! |= mask;
    else a[b >>> 3]! &= ~mask;
  }
}

export function getBit(a: Uint8Array, bit: number): number {
  return (a[bit >>> 3]! >>> (bit & 7)) & 1;
}

export function setBit(a: Uint8Array, bit: number, value: number): void {
  if (value) a[bit >>> 3]! |= 1 << (bit & 7);
  else a[bit >>> 3]! &= ~(1 << (bit & 7));
}

/** Bits ECP-n needs per line of `lineBits` cells: n × (ceil(log2 lineBits) + 1) + 1. */
export function ecpBitsPerLine(entries: number, lineBits = 512): number {
  checkEcp(entries, lineBits, 1);
  return entries * (Math.ceil(Math.log2(lineBits)) + 1) + 1;
}

function checkEcp(entries: number, lineBits: number, lines: number): void {
  if (!Number.isInteger(lineBits) || lineBits < 2 || lineBits > 1 << 16) {
    throw new RangeError(`lineBits must be an integer in [2, 65536], got ${lineBits}`);
  }
  const pointerBits = Math.ceil(Math.log2(lineBits));
  // While not full, entry n−1's pointer field stores a count up to n−1.
  const maxEntries = Math.min(64, 2 ** pointerBits);
  if (!Number.isInteger(entries) || entries < 1 || entries > maxEntries) {
    throw new RangeError(`ecpEntries must be an integer in [1, ${maxEntries}], got ${entries}`);
  }
  if (!Number.isInteger(lines) || lines < 0 || lines > 2 ** 28) {
    throw new RangeError(`lines must be an integer in [0, 2^28], got ${lines}`);
  }
}

export function createEcpTable(lines: number, entries: number, lineBits = 512): EcpTable {
  checkEcp(entries, lineBits, lines);
  const pointerBits = Math.ceil(Math.log2(lineBits));
  const entryBits = pointerBits + 1;
  const bitsPerLine = entries * entryBits + 1;
  const bits = new Uint8Array(Math.ceil((lines * bitsPerLine) / 8));
  const fullBit = entries * entryBits;
  const countField = (entries - 1) * entryBits;

  const checkLine = (line: number, lineLength: number): void => {
    if (!Number.isInteger(line) || line < 0 || line >= lines) {
      throw new RangeError(`line must be an integer in [0, ${lines - 1}], got ${line}`);
    }
    if (!Number.isInteger(lineLength) || lineLength < 1 || lineLength > lineBits) {
      throw new RangeError(`lineLength must be an integer in [1, ${lineBits}], got ${lineLength}`);
    }
  };
  const active = (base: number): number =>
    getBit(bits, base + fullBit) ? entries : getBits(bits, base + countField, pointerBits);
  const setActive = (base: number, k: number): void => {
    if (k === entries) setBit(bits, base + fullBit, 1);
    else {
      setBit(bits, base + fullBit, 0);
      setBits(bits, base + countField, pointerBits, k);
    }
  };

  return {
    entries,
    lineBits,
    pointerBits,
    bitsPerLine,
    lines,
    bits,
    activeEntries(line) {
      checkLine(line, 1);
      return active(line * bitsPerLine);
    },
    writeVerify(line, intended, stored, bitOffset, lineLength) {
      checkLine(line, lineLength);
      const base = line * bitsPerLine;
      const k = active(base);
      // The value each cell will read back as after correction by the existing entries.
      // Later entries win, so walking in order and overwriting gives the final pointer set.
      const covered = new Map<number, number>();
      for (let e = 0; e < k; e++) covered.set(getBits(bits, base + e * entryBits, pointerBits), e);
      const wrong: number[] = [];
      if ((bitOffset & 7) === 0) {
        // Byte-aligned (every line of a slot is): XOR whole bytes, visit only differing bits.
        const at = bitOffset >>> 3;
        const bytes = Math.ceil(lineLength / 8);
        for (let j = 0; j < bytes; j++) {
          let x = (intended[at + j]! ^ stored[at + j]!) & 0xff;
          if (j === bytes - 1 && (lineLength & 7) !== 0) x &= (1 << (lineLength & 7)) - 1;
          while (x !== 0) {
            const b = 31 - Math.clz32(x & -x);
            x &= x - 1;
            const c = j * 8 + b;
            if (!covered.has(c)) wrong.push(c); // a covered cell is carried by its entry
          }
        }
        wrong.sort((a, b) => a - b);
      } else {
        for (let c = 0; c < lineLength; c++) {
          if (covered.has(c)) continue; // the replacement bit will carry it
          if (getBit(stored, bitOffset + c) !== getBit(intended, bitOffset + c)) wrong.push(c);
        }
      }
      if (k + wrong.length > entries) return -1;
      for (const [cell, e] of covered) {
        if (cell < lineLength) {
          setBit(bits, base + e * entryBits + pointerBits, getBit(intended, bitOffset + cell));
        }
      }
      let e = k;
      for (const cell of wrong) {
        setBits(bits, base + e * entryBits, pointerBits, cell);
        setBit(bits, base + e * entryBits + pointerBits, getBit(intended, bitOffset + cell));
        e++;
      }
      setActive(base, e);
      return wrong.length;
    },
    correct(line, data, bitOffset, lineLength) {
      checkLine(line, lineLength);
      const base = line * bitsPerLine;
      const k = active(base);
      for (let e = 0; e < k; e++) {
        const cell = getBits(bits, base + e * entryBits, pointerBits);
        if (cell < lineLength) {
          setBit(data, bitOffset + cell, getBit(bits, base + e * entryBits + pointerBits));
        }
      }
      return k;
    },
    clear() {
      bits.fill(0);
    },
  };
}
