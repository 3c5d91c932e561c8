/**
 * The timed part of the ORAM bench, shared by the Node bench (oramBench.ts) and the
 * headless-Chromium bench (bench/browser.ts); browser-safe (performance.now only).
 *
 * A warm-up of 200 accesses (so the JIT has compiled the access path), then `rounds` rounds,
 * each a short yardstick measurement followed by `seconds / rounds` of accesses. Interleaving
 * the yardstick with the ORAM rounds means a load change on a shared machine hits both, so the
 * ratio of the medians survives it better than either figure alone.
 */
export interface BenchRounds {
  /** Accesses per second, one per round. */
  rates: number[];
  /** Yardstick operations per second, one per round. */
  yardsticks: number[];
  /** Timed accesses in all (warm-up excluded). */
  accesses: number;
}

export function runBenchRounds(
  step: () => void,
  seconds: number,
  yardstick: (seconds: number) => number,
  /** Called between the warm-up and the first round (e.g. to snapshot counters). */
  afterWarmUp: () => void = () => {},
  rounds = 5,
): BenchRounds {
  for (let i = 0; i < 200; i++) step();
  afterWarmUp();
  const rates: number[] = [];
  const yardsticks: number[] = [];
  let accesses = 0;
  for (let r = 0; r < rounds; r++) {
    yardsticks.push(yardstick(Math.min(0.3, seconds / rounds)));
    const t = performance.now();
    const end = t + (seconds * 1000) / rounds;
    let n = 0;
    // At least 20 accesses per round, so a slow row still yields a rate.
    while (performance.now() < end || n < 20) {
      for (let k = 0; k < 10; k++) step();
      n += 10;
    }
    rates.push(n / ((performance.now() - t) / 1000));
    accesses += n;
  }
  return { rates, yardsticks, accesses };
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
