import { copyBytes, words, zeroBytes } from './copyBytes.js';

/**
 * The client's stash: blocks waiting to be evicted. Parallel typed arrays plus an address
 * index, so finding, adding and removing a block is O(1) and allocation-free.
 */
export class Stash {
  readonly blockSize: number;
  size = 0;
  addr: Uint32Array;
  leaf: Uint32Array;
  data: Uint8Array;
  /** A 32-bit view of `data`, replaced with it. */
  data32: Uint32Array;
  /** Stash index of each address, or -1. */
  private readonly indexOfAddr: Int32Array;

  constructor(capacity: number, blockSize: number, initialSlots = 64) {
    this.blockSize = blockSize;
    this.addr = new Uint32Array(initialSlots);
    this.leaf = new Uint32Array(initialSlots);
    this.data = new Uint8Array(initialSlots * blockSize);
    this.data32 = words(this.data);
    this.indexOfAddr = new Int32Array(capacity).fill(-1);
  }

  find(addr: number): number {
    return this.indexOfAddr[addr]!;
  }

  /** Adds a block (its data copied from src at srcOffset) and returns its stash index. */
  add(addr: number, leaf: number, src: Uint8Array, srcOffset: number): number {
    const i = this.addZero(addr, leaf, false);
    const bs = this.blockSize;
    this.data.set(src.subarray(srcOffset, srcOffset + bs), i * bs);
    return i;
  }

  /** add() from a source with a word view (the ORAM's block buffer): no view object made. */
  addFrom(addr: number, leaf: number, src: Uint8Array, src32: Uint32Array): number {
    const i = this.addZero(addr, leaf, false);
    const bs = this.blockSize;
    copyBytes(this.data, this.data32, i * bs, src, src32, 0, bs);
    return i;
  }

  /** Copies block i into out (with its word view). */
  copyOut(i: number, out: Uint8Array, out32: Uint32Array, outOff: number): void {
    const bs = this.blockSize;
    copyBytes(out, out32, outOff, this.data, this.data32, i * bs, bs);
  }

  /** Adds a zero block (or, with zero false, one whose bytes the caller writes at once). */
  addZero(addr: number, leaf: number, zero = true): number {
    if (this.size === this.addr.length) this.grow();
    const i = this.size++;
    this.addr[i] = addr;
    this.leaf[i] = leaf;
    const bs = this.blockSize;
    if (zero) zeroBytes(this.data, this.data32, i * bs, bs);
    this.indexOfAddr[addr] = i;
    return i;
  }

  block(i: number): Uint8Array {
    const bs = this.blockSize;
    return this.data.subarray(i * bs, (i + 1) * bs);
  }

  /** Removes entry i by moving the last entry into its place. */
  remove(i: number): void {
    const last = --this.size;
    this.indexOfAddr[this.addr[i]!] = -1;
    if (i !== last) {
      const a = this.addr[last]!;
      this.addr[i] = a;
      this.leaf[i] = this.leaf[last]!;
      const bs = this.blockSize;
      this.data.copyWithin(i * bs, last * bs, (last + 1) * bs);
      this.indexOfAddr[a] = i;
    }
  }

  private grow(): void {
    const n = this.addr.length * 2;
    const addr = new Uint32Array(n);
    addr.set(this.addr);
    const leaf = new Uint32Array(n);
    leaf.set(this.leaf);
    const data = new Uint8Array(n * this.blockSize);
    data.set(this.data);
    this.addr = addr;
    this.leaf = leaf;
    this.data = data;
    this.data32 = words(data);
  }
}
