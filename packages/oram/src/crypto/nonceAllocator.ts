import { words } from '../core/copyBytes.js';
import { RESERVOIR_MAX_BLOCKS } from '../parameters.js';
import type { KeystreamCipher } from './keystreamCipher.js';

/**
 * The client's nonce counter and a keystream reservoir (ours).
 *
 * Positions (hi, lo) are handed out in increasing order and each is used for exactly one
 * message: hi is a 32-bit session prefix drawn at random when the ORAM is created and on every
 * reopen, lo a counter that continues from the saved state. When lo would pass 2^32 the pair
 * carries like one 64-bit counter (hi + 1, lo = 0). A position is never read from memory to
 * choose a new one, so a forged or replayed block cannot make the client reuse one.
 *
 * Because the positions of the next writes are known in advance, their keystream is generated
 * ahead, `reservoirBlocks` (at most RESERVOIR_MAX_BLOCKS) at a time, in one cipher call: a
 * whole eviction path, or the metadata write-back of many ReadPaths, costs one call (a few at
 * 4-KiB blocks) instead of one per message.
 * Generating keystream for a position is harmless; only using one twice would not be.
 */
export class NonceAllocator {
  hi = 0;
  lo = 0;
  /** Position of the last reservation. */
  lastHi = 0;
  lastLo = 0;
  /** The reservoir: keystream of positions (ksHi, ksLo … ksLo + ksBlocks - 1). */
  ks: Uint8Array;
  /** A 32-bit view of `ks`, replaced with it. */
  ks32: Uint32Array;
  private ksHi = 0;
  private ksLo = 0;
  private ksBlocks = 0;

  constructor(
    private readonly cipher: KeystreamCipher,
    private readonly reservoirBlocks: number,
  ) {
    this.ks = new Uint8Array(reservoirBlocks * 64);
    this.ks32 = words(this.ks);
  }

  /** Starts a session: hi fresh at random, lo where the last session's counter stopped. */
  start(hi: number, lo: number): void {
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    this.ksBlocks = 0;
  }

  /**
   * Reserves `blocks` fresh contiguous positions; returns the byte offset of their keystream
   * in `this.ks` (valid until the next reserve) and records the position in lastHi/lastLo.
   */
  reserve(blocks: number): number {
    if (this.lo + blocks > 0x100000000) {
      this.hi = (this.hi + 1) >>> 0;
      this.lo = 0;
    }
    let lo = this.lo;
    if (this.ksBlocks > 0 && this.ksHi === this.hi && lo >= this.ksLo) {
      const at = lo - this.ksLo;
      if (at + blocks <= this.ksBlocks) {
        this.lastHi = this.hi;
        this.lastLo = lo;
        this.lo = lo + blocks;
        return at * 64;
      }
      // The reservoir's tail is too short: skip it, so the next run starts where the last one
      // ended (no keystream generated twice, and a provider with a streaming cipher continues
      // it: nodeAes.ts). Skipped positions are never used; the counter only moves forward.
      const end = this.ksLo + this.ksBlocks;
      if (end + blocks <= 0x100000000) lo = end;
    }
    this.lastHi = this.hi;
    this.lastLo = lo;
    this.lo = lo + blocks;
    let n = Math.max(blocks, Math.min(this.reservoirBlocks, RESERVOIR_MAX_BLOCKS));
    if (lo + n > 0x100000000) n = 0x100000000 - lo;
    const gen = this.cipher.generate?.(this.hi, lo, n);
    if (gen !== undefined && (gen.byteOffset & 3) === 0) {
      // The provider's own fresh buffer becomes the reservoir: no copy. (A plain Uint8Array
      // view of it: a node Buffer's subarray is several times slower than a typed array's.)
      this.ks = new Uint8Array(gen.buffer, gen.byteOffset, gen.length);
      this.ks32 = words(this.ks);
    } else {
      if (this.ks.length < n * 64) {
        this.ks = new Uint8Array(n * 64);
        this.ks32 = words(this.ks);
      }
      if (gen !== undefined) this.ks.set(gen);
      else this.cipher.fill(this.hi, lo, n, this.ks, 0);
    }
    this.ksHi = this.hi;
    this.ksLo = lo;
    this.ksBlocks = n;
    return 0;
  }
}
