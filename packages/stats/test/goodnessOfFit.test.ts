import { describe, expect, it } from 'vitest';
import { chiSquareTest, createRng, type Rng } from '../src/index.ts';

// Each sampler's output is binned at the distribution's deciles as scipy computes them and
// tested with Pearson's chi-square. Seeds are fixed, so this is a deterministic check; a
// sampler with the wrong shape (not just the wrong mean) fails it by many orders of magnitude.
// python3 -c 'from scipy import stats; import numpy as np; print(stats.DIST.ppf(np.arange(1,10)/10, ...))'
const DRAWS = 100_000;

function decileCounts(draw: () => number, deciles: readonly number[]): number[] {
  const counts = new Array(deciles.length + 1).fill(0);
  for (let i = 0; i < DRAWS; i++) {
    const x = draw();
    let k = 0;
    while (k < deciles.length && x > deciles[k]!) k++;
    counts[k]++;
  }
  return counts;
}

const cases: [string, (rng: Rng) => number, number[]][] = [
  [
    'gamma(0.5, 2): stats.gamma.ppf(q, 0.5, scale=2)',
    (rng) => rng.gamma(0.5, 2),
    [
      0.01579077409343122, 0.0641847546673016, 0.14847186183254538, 0.2749958977284559,
      0.454936423119572, 0.7083263008007934, 1.0741941708575846, 1.642374415149818,
      2.705543454095404,
    ],
  ],
  [
    'gamma(3): stats.gamma.ppf(q, 3)',
    (rng) => rng.gamma(3),
    [
      1.1020653282493214, 1.5350442026446436, 1.9137757941270621, 2.2850769040033807,
      2.674060313723559, 3.10537859726335, 3.615567665865991, 4.279029860125334, 5.322320337834211,
    ],
  ],
  [
    'normal(10, 3): stats.norm.ppf(q, 10, 3)',
    (rng) => rng.normal(10, 3),
    [
      6.1553453033661985, 7.475136299281258, 8.426798461875878, 9.239958690592601, 10,
      10.760041309407399, 11.573201538124122, 12.524863700718743, 13.844654696633802,
    ],
  ],
  [
    'exponential(4): stats.expon.ppf(q, scale=1/4)',
    (rng) => rng.exponential(4),
    [
      0.026340128914456577, 0.05578588782855244, 0.08916873598468311, 0.12770640594149768,
      0.17328679513998632, 0.22907268296853875, 0.300993201081484, 0.4023594781085251,
      0.5756462732485115,
    ],
  ],
  [
    'pareto(3, 1.5): stats.pareto.ppf(q, 1.5, scale=3)',
    (rng) => rng.pareto(3, 1.5),
    [
      3.218297948685432, 3.4811916252095836, 3.8053028646111464, 4.2171633265087465,
      4.762203155904598, 5.526047247960579, 6.694329500821693, 8.7720532146386, 13.924766500838338,
    ],
  ],
];

describe('continuous samplers fit scipy deciles', () => {
  it.each(cases)('%s', (name, draw, deciles) => {
    const rng = createRng(`gof-${name}`);
    const counts = decileCounts(() => draw(rng), deciles);
    expect(chiSquareTest(counts).pValue).toBeGreaterThan(1e-3);
  });

  it('the test has power: gamma(0.55) is rejected against gamma(0.5) deciles', () => {
    const rng = createRng('gof-power');
    const counts = decileCounts(() => rng.gamma(0.55, 2), cases[0]![2]);
    expect(chiSquareTest(counts).pValue).toBeLessThan(1e-6);
  });
});

describe('poisson(30) (the PTRS branch) fits scipy pmf', () => {
  it('chi-square over k < 20, 20..40, k > 40', () => {
    // python3 -c 'from scipy import stats; import numpy as np; print(stats.poisson.cdf(19, 30),
    //   list(stats.poisson.pmf(np.arange(20, 41), 30)), stats.poisson.sf(40, 30))'
    const pmf = [
      0.013411150012837837, 0.01915878573262553, 0.026125616908125687, 0.03407689161929397,
      0.042596114524117726, 0.05111533742894147, 0.058979235494932516, 0.06553248388325897,
      0.07021337558920529, 0.07263452647159181, 0.07263452647159181, 0.07029147723057269,
      0.06589825990366238, 0.05990750900332832, 0.052859566767644015, 0.045308200086552224,
      0.03775683340545924, 0.030613648707130015, 0.024168670031944207, 0.018591284639957045,
      0.013943463479967897,
    ];
    const probs = [0.02187346844139091, ...pmf, 0.032309574165874266];
    const rng = createRng('gof-poisson');
    const counts = new Array(probs.length).fill(0);
    for (let i = 0; i < DRAWS; i++) {
      const k = rng.poisson(30);
      counts[k < 20 ? 0 : k > 40 ? probs.length - 1 : k - 19]++;
    }
    const total = probs.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - 1)).toBeLessThan(1e-12);
    const expected = probs.map((p) => (p * DRAWS) / total);
    expect(chiSquareTest(counts, expected).pValue).toBeGreaterThan(1e-3);
  });
});
