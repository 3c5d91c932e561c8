/**
 * Byte moves of the access path (ours). An access copies and XORs dozens of 64-byte slots and
 * ~60-byte metadata blocks; on V8 a byte loop costs several times a loop over 32-bit words,
 * and `dst.set(src.subarray(…))` builds a view object per call, which only pays off for long
 * runs (4 KiB blocks). So each hot buffer carries a Uint32Array view of itself (`words`), and
 * these helpers copy by words when both offsets are 4-aligned, natively above LONG bytes, and
 * byte by byte otherwise (odd block sizes). Results are byte-for-byte those of the plain loop.
 */

/** A Uint32Array over the same bytes as a (whole words only; a must start 4-aligned). */
export function words(a: Uint8Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length >>> 2);
}

/** Copies n bytes s8[sOff..] → d8[dOff..] (non-overlapping); d32/s32 are their word views. */
export function copyBytes(
  d8: Uint8Array,
  d32: Uint32Array,
  dOff: number,
  s8: Uint8Array,
  s32: Uint32Array,
  sOff: number,
  n: number,
): void {
  if (n > LONG) {
    d8.set(s8.subarray(sOff, sOff + n), dOff);
    return;
  }
  let i = 0;
  if (((dOff | sOff) & 3) === 0) {
    const dw = dOff >>> 2;
    const sw = sOff >>> 2;
    const k = n >>> 2;
    for (let j = 0; j < k; j++) d32[dw + j] = s32[sw + j]!;
    i = k << 2;
  }
  for (; i < n; i++) d8[dOff + i] = s8[sOff + i]!;
}

/** d8[dOff..+n) = a8[aOff..] XOR b8[bOff..] (the counter-mode step; d may be a). */
export function xorBytes(
  d8: Uint8Array,
  d32: Uint32Array,
  dOff: number,
  a8: Uint8Array,
  a32: Uint32Array,
  aOff: number,
  b8: Uint8Array,
  b32: Uint32Array,
  bOff: number,
  n: number,
): void {
  let i = 0;
  if (((dOff | aOff | bOff) & 3) === 0) {
    const dw = dOff >>> 2;
    const aw = aOff >>> 2;
    const bw = bOff >>> 2;
    const k = n >>> 2;
    for (let j = 0; j < k; j++) d32[dw + j] = a32[aw + j]! ^ b32[bw + j]!;
    i = k << 2;
  }
  for (; i < n; i++) d8[dOff + i] = a8[aOff + i]! ^ b8[bOff + i]!;
}

/** Sets n bytes of d8 from dOff to zero. */
export function zeroBytes(d8: Uint8Array, d32: Uint32Array, dOff: number, n: number): void {
  if (n > LONG) {
    d8.fill(0, dOff, dOff + n);
    return;
  }
  let i = 0;
  if ((dOff & 3) === 0) {
    const dw = dOff >>> 2;
    const k = n >>> 2;
    for (let j = 0; j < k; j++) d32[dw + j] = 0;
    i = k << 2;
  }
  for (; i < n; i++) d8[dOff + i] = 0;
}

/** Above this many bytes the native copy (one view object) beats the word loop. */
const LONG = 192;
