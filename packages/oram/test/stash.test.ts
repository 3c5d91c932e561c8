// The client's stash (src/core/stash.ts) against a reference model, a Map from address to
// (leaf, bytes): random sequences of add, addFrom, addZero, remove and copyOut, starting from one
// slot so that the arrays grow several times, with an odd block size (byte copies), a word-sized
// one (word copies) and one above the native-copy threshold (192 bytes).
import { createRng, type Rng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { words } from '../src/core/copyBytes.ts';
import { Stash } from '../src/core/stash.ts';

type Entry = { leaf: number; bytes: Uint8Array };

const CAPACITY = 40;

function randomBytes(rng: Rng, n: number): Uint8Array {
  // Never all zero, so a block that should read as zeros cannot pass by chance.
  const b = rng.fillBytes(new Uint8Array(n));
  b[0] = 1 + (b[0]! % 255);
  return b;
}

/** Where the stash differs from the model (null when it holds exactly the model's blocks, each
 * at the index find() gives). Plain loops: an expect() per byte made the campaign slow. */
function difference(stash: Stash, model: Map<number, Entry>): string | null {
  if (stash.size !== model.size) return `size ${stash.size}, model ${model.size}`;
  for (let a = 0; a < CAPACITY; a++) {
    const e = model.get(a);
    const i = stash.find(a);
    if (e === undefined) {
      if (i !== -1) return `address ${a} is absent but find() gives ${i}`;
      continue;
    }
    if (!(i >= 0 && i < stash.size)) return `address ${a}: find() gives ${i}`;
    if (stash.addr[i] !== a) return `entry ${i}: addr ${stash.addr[i]}, expected ${a}`;
    if (stash.leaf[i] !== e.leaf) return `address ${a}: leaf ${stash.leaf[i]}, model ${e.leaf}`;
    const b = stash.block(i);
    if (b.length !== e.bytes.length) return `address ${a}: block of ${b.length} bytes`;
    for (let k = 0; k < b.length; k++) {
      if (b[k] !== e.bytes[k]) return `address ${a}: byte ${k} is ${b[k]}, model ${e.bytes[k]}`;
    }
  }
  return null;
}

function campaign(blockSize: number, seed: string): void {
  const rng = createRng(seed);
  const stash = new Stash(CAPACITY, blockSize, 1);
  const model = new Map<number, Entry>();
  // The ORAM's block buffer and an output buffer, each with its word view (4-aligned sizes).
  const srcSize = (blockSize + 3) & ~3;
  const outSize = ((blockSize + 3 + 3) & ~3) + 4;
  for (let step = 0; step < 600; step++) {
    const absent = [...Array(CAPACITY).keys()].filter((a) => !model.has(a));
    const present = [...model.keys()];
    const op = rng.int(0, 4);
    if (op <= 2 && absent.length > 0) {
      const a = rng.choice(absent);
      const leaf = rng.uint32();
      const bytes = randomBytes(rng, blockSize);
      if (op === 0) {
        // add(): the block sits at some offset of a larger buffer.
        const off = rng.int(0, 5);
        const src = rng.fillBytes(new Uint8Array(off + blockSize + 3));
        src.set(bytes, off);
        stash.add(a, leaf, src, off);
        model.set(a, { leaf, bytes });
      } else if (op === 1) {
        const src = new Uint8Array(srcSize);
        src.set(bytes);
        stash.addFrom(a, leaf, src, words(src));
        model.set(a, { leaf, bytes });
      } else {
        // A fresh block reads as zeros, also in a slot a removed block left bytes in.
        stash.addZero(a, leaf);
        model.set(a, { leaf, bytes: new Uint8Array(blockSize) });
      }
    } else if (op === 3 && present.length > 0) {
      const a = rng.choice(present);
      stash.remove(stash.find(a));
      model.delete(a);
    } else if (present.length > 0) {
      // copyOut to an aligned or unaligned offset; the bytes around it are left alone.
      const a = rng.choice(present);
      const outOff = rng.int(0, 3);
      const out = rng.fillBytes(new Uint8Array(outSize));
      const expected = Uint8Array.from(out);
      expected.set(model.get(a)!.bytes, outOff);
      stash.copyOut(stash.find(a), out, words(out), outOff);
      if (!out.every((x, k) => x === expected[k])) expect(out).toEqual(expected);
    }
    const diff = difference(stash, model);
    if (diff !== null) expect.fail(`step ${step}: ${diff}`);
  }
  // Sequences this long fill most of the address space at some point: growth from 1 slot.
  expect(stash.addr.length).toBeGreaterThanOrEqual(16);
}

describe('Stash against a Map model', () => {
  it('odd block size (5 bytes: byte copies)', () => campaign(5, 'stash-5'));
  it('word-sized blocks (8 bytes: word copies)', () => campaign(8, 'stash-8'));
  it('blocks above the native-copy threshold (200 bytes)', () => campaign(200, 'stash-200'));

  it('hand-worked: removing entry 0 of three moves entry 2 into its place', () => {
    const s = new Stash(8, 4, 1);
    s.add(3, 30, Uint8Array.of(3, 3, 3, 3), 0);
    s.add(5, 50, Uint8Array.of(9, 5, 5, 5, 5), 1);
    s.addZero(7, 70);
    expect([s.find(3), s.find(5), s.find(7)]).toEqual([0, 1, 2]);
    s.remove(0);
    expect([s.find(3), s.find(5), s.find(7), s.size]).toEqual([-1, 1, 0, 2]);
    expect([s.addr[0], s.leaf[0], ...s.block(0)]).toEqual([7, 70, 0, 0, 0, 0]);
    expect([...s.block(1)]).toEqual([5, 5, 5, 5]);
    // Slot 2 still holds block 7's old place; a new zero block there must not show old bytes.
    s.add(1, 10, Uint8Array.of(8, 8, 8, 8), 0);
    s.remove(s.find(1));
    s.addZero(2, 20);
    expect([...s.block(s.find(2))]).toEqual([0, 0, 0, 0]);
  });
});
