// Bad input fails loudly, naming the argument and the range it must lie in.
import { createRecorder, createRng, quantile } from '@paperlab/stats';

const rng = createRng(1);
const attempts: [string, () => unknown][] = [
  ['exponential(-1)', () => rng.exponential(-1)],
  ['zipf(0, 1.1)', () => rng.zipf(0, 1.1)],
  ['quantile([], 0.5)', () => quantile([], 0.5)],
  ['quantile([1, 2], 1.5)', () => quantile([1, 2], 1.5)],
  ['quantile([1, NaN], 0.5)', () => quantile([1, Number.NaN], 0.5)],
  ['recorder.add(-3)', () => createRecorder().add(-3)],
];
for (const [call, run] of attempts) {
  try {
    run();
    console.log(`${call}: no error?`);
  } catch (error) {
    const e = error as Error;
    console.log(`${call} → ${e.name}: ${e.message}`);
  }
}
