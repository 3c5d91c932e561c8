// Exact Σx and Σx² of a stream of finite doubles ≥ 0, so that count, mean and stdev depend only
// on the multiset of values — not on the order they arrived in, nor on how the stream was split
// into shards and merged back. Floating-point running sums (Neumaier, Welford, Chan–Golub–LeVeque)
// all round at every step, so two recorders fed the same values in another order disagree in
// the last bits; an exact accumulator cannot.
//
// The scheme is a fixed-point "superaccumulator" (Kulisch & Miranker 1981; the small
// superaccumulator of R. M. Neal, "Fast exact summation using small and large
// superaccumulators", arXiv:1505.05571, 2015): every double is an integer multiple of 2^-1074,
// so Σx·2^1074 is an integer (< 2^2151 for < 2^53 terms) and Σx²·2^2148 is one too (< 2^4249).
// Both are held as base-2^32 limbs in Float64Arrays; a limb stays an exact integer up to 2^53,
// so adds deposit 32-bit pieces without carrying, and carries are propagated every
// CARRY_INTERVAL adds and before any read. Results are converted to doubles with correct
// rounding (round half to even) from the exact integers, like Python's statistics.mean and
// statistics.stdev, which the tests use as the reference.

const TWO32 = 2 ** 32;
const INV_TWO32 = 2 ** -32;
const INV_TWO64 = 2 ** -64;
const TWO64 = 2 ** 64;
/** Σx·2^1074 < 2^(1024+1074+53) ⇒ 2151 bits ⇒ 68 limbs of 32 bits. */
const SUM_LIMBS = 68;
/** Σx²·2^2148 < 2^(2048+2148+53) ⇒ 4249 bits ⇒ 133 limbs; one spare. */
const SQUARE_LIMBS = 134;
/**
 * One add puts < 2^35 into any limb (a square's five partial products, 18 bits apart and each
 * spread over three limbs, put at most six pieces < 2^32 into one limb), so 2^17 adds stay below 2^52: exact, with a factor 2 spare.
 */
const CARRY_INTERVAL = 2 ** 17;

// The bits of a double, read through a shared buffer; which word is the high one depends on
// the platform's byte order (typed arrays use it), so it is probed once.
const scratchFloat = new Float64Array(1);
const scratchWords = new Uint32Array(scratchFloat.buffer);
scratchFloat[0] = 1; // 0x3ff00000_00000000
const HIGH_WORD = scratchWords[1] === 0x3ff00000 ? 1 : 0;
const LOW_WORD = 1 - HIGH_WORD;
const POW2 = Float64Array.from({ length: 32 }, (_, b) => 2 ** b);
const TWO18 = 2 ** 18;
const TWO36 = 2 ** 36;
const INV_TWO18 = 2 ** -18;
const INV_TWO36 = 2 ** -36;

/** Adds c·2^bit (c an integer < 2^53, bit ≥ 0) into limbs as up to three 32-bit pieces. */
function deposit(limbs: Float64Array, c: number, bit: number): void {
  const k = bit >>> 5;
  // c has ≤ 53 significant bits, so c·2^b and every split below are exact in doubles.
  const v = c * POW2[bit & 31]!;
  const p2 = Math.floor(v * INV_TWO64);
  const r = v - p2 * TWO64;
  const p1 = Math.floor(r * INV_TWO32);
  limbs[k]! += r - p1 * TWO32;
  limbs[k + 1]! += p1;
  if (p2 !== 0) limbs[k + 2]! += p2;
}

/** Propagates carries so every limb is in [0, 2^32): the canonical form of the integer. */
function carry(limbs: Float64Array): void {
  let c = 0;
  for (let i = 0; i < limbs.length; i++) {
    const v = limbs[i]! + c;
    c = Math.floor(v / TWO32);
    limbs[i] = v - c * TWO32;
  }
  // Unreachable while the sizes above hold; a silent wrap would corrupt every later result.
  if (c !== 0) throw new RangeError('exact accumulator overflow: more than 2^53 values');
}

function toBigInt(limbs: Float64Array): bigint {
  let out = 0n;
  for (let i = limbs.length - 1; i >= 0; i--) out = (out << 32n) | BigInt(limbs[i]!);
  return out;
}

function fromBigInt(name: string, value: bigint, limbs: Float64Array): void {
  if (value < 0n || value >> BigInt(32 * limbs.length) !== 0n) {
    throw new RangeError(`${name} must be a non-negative integer below 2^${32 * limbs.length}`);
  }
  for (let i = 0; i < limbs.length; i++) {
    limbs[i] = Number(value & 0xffffffffn);
    value >>= 32n;
  }
}

function bitLength(x: bigint): number {
  if (x === 0n) return 0;
  const hex = x.toString(16);
  return (hex.length - 1) * 4 + 32 - Math.clz32(Number.parseInt(hex[0]!, 16));
}

/** Rounds the integer q + (fraction f/den, 0 ≤ f < den) to the nearest integer, ties to even. */
function roundHalfEven(q: bigint, twiceRemainder: bigint, den: bigint): bigint {
  if (twiceRemainder > den || (twiceRemainder === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** num/den (num ≥ 0, den > 0) as the nearest double, ties to even; subnormals included. */
export function ratioToDouble(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const e = bitLength(num) - bitLength(den); // num/den ∈ (2^(e−1), 2^(e+1))
  if (e <= -1022) {
    // Below 2^-1021 doubles are spaced 2^-1074 apart: round num/den·2^1074 to an integer R.
    const scaled = num << 1074n;
    const q = scaled / den;
    const r = scaled - q * den;
    return Number(roundHalfEven(q, 2n * r, den)) * 2 ** -1074;
  }
  // Otherwise take ≥ 55 bits of the quotient plus a sticky bit for the remainder; Number()
  // rounds that integer to nearest-even exactly as the infinitely precise quotient would round,
  // and the power-of-two scaling is exact in the normal range.
  const s = 56 - e;
  const scaledNum = s >= 0 ? num << BigInt(s) : num;
  const scaledDen = s >= 0 ? den : den << BigInt(-s);
  const q = scaledNum / scaledDen;
  const sticky = q * scaledDen === scaledNum ? 0n : 1n;
  return scale2(Number((q << 1n) | sticky), -(s + 1));
}

/** √(num/den) (num ≥ 0, den > 0) as the nearest double, ties to even. */
export function sqrtRatioToDouble(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const e = bitLength(num) - bitLength(den); // √ ∈ (2^((e−1)/2), 2^((e+1)/2))
  if (e <= -2044) {
    // Subnormal result: R = round(√(num/den)·2^1074), comparing squares to find the rounding.
    const t = (num << 2148n) / den; // floor(num/den·2^2148)
    const root = isqrt(t);
    // √(num/den)·2^1074 ≥ root + ½ ⇔ 4·num·2^2148 ≥ (2·root + 1)²·den.
    const lhs = num << 2150n;
    const rhs = (2n * root + 1n) ** 2n * den;
    const up = lhs > rhs || (lhs === rhs && (root & 1n) === 1n);
    return Number(up ? root + 1n : root) * 2 ** -1074;
  }
  // Scale by 4^s so the integer root has ≥ 55 bits, then a sticky bit as in ratioToDouble.
  const s = Math.ceil((112 - e) / 2);
  const scaledNum = s >= 0 ? num << BigInt(2 * s) : num;
  const scaledDen = s >= 0 ? den : den << BigInt(-2 * s);
  const t = scaledNum / scaledDen;
  const root = isqrt(t);
  const exact = root * root === t && t * scaledDen === scaledNum;
  return scale2(Number((root << 1n) | (exact ? 0n : 1n)), -(s + 1));
}

/** x·2^k for a double x whose result is normal (exact), in two steps so 2^k never overflows. */
function scale2(x: number, k: number): number {
  const half = Math.trunc(k / 2);
  return x * 2 ** half * 2 ** (k - half);
}

/** ⌊√n⌋ for a BigInt n ≥ 0 (Newton's iteration from above). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Exact running Σx and Σx² of doubles ≥ 0 (callers validate; −0 counts as 0). */
export class ExactMoments {
  private readonly sums = new Float64Array(SUM_LIMBS);
  private readonly squares = new Float64Array(SQUARE_LIMBS);
  private sinceCarry = 0;

  add(x: number): void {
    scratchFloat[0] = x;
    const hi = scratchWords[HIGH_WORD]!;
    const biased = (hi >>> 20) & 0x7ff; // drops the sign bit, which only −0 has here
    let m = (hi & 0xfffff) * TWO32 + scratchWords[LOW_WORD]!;
    if (m === 0 && biased === 0) return;
    if (biased !== 0) m += 2 ** 52;
    // x = m·2^(max(biased, 1) − 1075), so x·2^1074 = m·2^shift.
    const shift = biased === 0 ? 0 : biased - 1;
    if (++this.sinceCarry === CARRY_INTERVAL) this.carryAll();
    deposit(this.sums, m, shift);
    // x²·2^2148 = m²·2^(2·shift). m² has 106 bits, so split m into 18-bit pieces u0, u1, u2;
    // the five partial products below are < 2^38 and exact.
    const u2 = Math.floor(m * INV_TWO36);
    const rest = m - u2 * TWO36;
    const u1 = Math.floor(rest * INV_TWO18);
    const u0 = rest - u1 * TWO18;
    const base = 2 * shift;
    deposit(this.squares, u0 * u0, base);
    deposit(this.squares, 2 * u0 * u1, base + 18);
    deposit(this.squares, u1 * u1 + 2 * u0 * u2, base + 36);
    deposit(this.squares, 2 * u1 * u2, base + 54);
    deposit(this.squares, u2 * u2, base + 72);
  }

  /** Adds other's sums into this one; exact, so merge order never matters. */
  merge(other: ExactMoments): void {
    this.carryAll();
    other.carryAll();
    for (let i = 0; i < SUM_LIMBS; i++) this.sums[i]! += other.sums[i]!;
    for (let i = 0; i < SQUARE_LIMBS; i++) this.squares[i]! += other.squares[i]!;
    this.carryAll();
  }

  /** Σx·2^1074, exactly. */
  sumScaled(): bigint {
    this.carryAll();
    return toBigInt(this.sums);
  }

  /** Σx²·2^2148, exactly. */
  sumOfSquaresScaled(): bigint {
    this.carryAll();
    return toBigInt(this.squares);
  }

  /** Replaces both sums (from a serialised form); throws RangeError, leaving state, if too big. */
  load(sumScaled: bigint, sumOfSquaresScaled: bigint): void {
    const sums = new Float64Array(SUM_LIMBS);
    const squares = new Float64Array(SQUARE_LIMBS);
    fromBigInt('sum', sumScaled, sums);
    fromBigInt('sumOfSquares', sumOfSquaresScaled, squares);
    this.sums.set(sums);
    this.squares.set(squares);
    this.sinceCarry = 0;
  }

  /** The mean of n values, correctly rounded; NaN for n = 0. */
  mean(n: number): number {
    if (n === 0) return Number.NaN;
    return ratioToDouble(this.sumScaled(), BigInt(n) << 1074n);
  }

  /** The sample standard deviation (ddof = 1) of n values, correctly rounded; NaN for n < 2. */
  stdev(n: number): number {
    if (n < 2) return Number.NaN;
    const s1 = this.sumScaled();
    const big = BigInt(n);
    // Var = (nΣx² − (Σx)²) / (n(n − 1)), all in units of 2^-2148; ≥ 0 by Cauchy–Schwarz.
    return sqrtRatioToDouble(
      big * this.sumOfSquaresScaled() - s1 * s1,
      (big * (big - 1n)) << 2148n,
    );
  }

  /** Bytes held by the limb arrays. */
  byteLength(): number {
    return this.sums.byteLength + this.squares.byteLength;
  }

  private carryAll(): void {
    carry(this.sums);
    carry(this.squares);
    this.sinceCarry = 0;
  }
}
