import { expect, it } from 'vitest';
import { logGamma } from '../src/logGamma.ts';

// python3 -c 'from scipy.special import gammaln; print([float(gammaln(x)) for x in XS])'
const cases: [number, number][] = [
  [1e-8, 18.42068073818021],
  [0.1, 2.252712651734206],
  [0.5, 0.5723649429247],
  [1, 0],
  [1.5, -0.12078223763524526],
  [2, 0],
  [3.7, 1.428072326665388],
  [10, 12.801827480081469],
  [51, 148.47776695177302],
  [171.5, 709.1431630309283],
  [1234.5, 7550.550901077894],
  [1e6, 12815504.569147611],
];

it.each(cases)('logGamma(%d) matches scipy.special.gammaln', (x, expected) => {
  // Lanczos (g = 7, n = 9) is good to ~1e-15 relative; near the zeros at 1 and 2 compare absolutely.
  expect(Math.abs(logGamma(x) - expected)).toBeLessThanOrEqual(
    1e-14 * Math.max(1, Math.abs(expected)),
  );
});
