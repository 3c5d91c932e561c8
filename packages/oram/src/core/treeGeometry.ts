/**
 * Tree addressing shared by both ORAMs. Buckets are numbered in heap order (root 0, children
 * of b at 2b+1 and 2b+2); a leaf is an L-bit integer whose bits, most significant first, pick
 * left (0) or right (1) going down.
 */
export function bucketOnPath(leaf: number, level: number, levels: number): number {
  return (1 << level) - 1 + (leaf >>> (levels - level));
}

/** Deepest level at which the paths to leaves a and b share a bucket. */
export function commonDepth(a: number, b: number, levels: number): number {
  const x = (a ^ b) >>> 0;
  return x === 0 ? levels : levels - (32 - Math.clz32(x));
}

/** Reverse the low `bits` bits of g: Ring ORAM's reverse-lexicographic eviction order. */
export function bitReverse(g: number, bits: number): number {
  let r = 0;
  for (let i = 0; i < bits; i++) {
    r = (r << 1) | ((g >>> i) & 1);
  }
  return r >>> 0;
}

/** Ring ORAM's g-th eviction leaf: the reverse-lexicographic order, bitReverse(g mod 2^L). */
export function evictionLeaf(g: number, levels: number): number {
  return bitReverse(g % 2 ** levels, levels);
}
