// The playground's form (src/components/playground/playgroundForm.ts): what a reader can type
// is either refused with a message naming the field, or becomes a config the simulator itself
// accepts. References: the simulator's own validation (resolveConfig / ConfigError) and
// expected invocation counts worked out by hand in the comments.
import { ConfigError, catalogue, resolveConfig } from '@paperlab/serverless-sim';
import { describe, expect, it } from 'vitest';
import {
  FormError,
  type FormText,
  fieldLimits,
  MAX_TOTAL_INVOCATIONS,
  meanRate,
  parseForm,
} from '../src/components/playground/playgroundForm';

const base: FormText = {
  platforms: ['faasd', 'trenv-cxl'],
  functions: catalogue.map((f) => f.name),
  kind: 'poisson',
  ratePerSec: '4',
  minutes: '60',
  nodes: '2',
  coresPerNode: '64',
  seed: '1',
};
const form = (patch: Partial<FormText>): FormText => ({ ...base, ...patch });

describe('playground form', () => {
  it('estimates invocations by hand: functions × mean rate × seconds', () => {
    const n = catalogue.length;
    // Poisson: n × 4/s × 3600 s.
    expect(parseForm(base).perPlatform).toBeCloseTo(n * 4 * 3600, 6);
    expect(parseForm(base).total).toBeCloseTo(2 * n * 4 * 3600, 6);
    // On/off: on 20 s of every 80 at 4× the rate, off the rest at 1/8:
    // 0.25 × 4 + 0.75 × 0.125 = 1.09375 times the rate.
    expect(meanRate('on-off', 4)).toBeCloseTo(4 * 1.09375, 12);
    expect(parseForm(form({ kind: 'on-off' })).perPlatform).toBeCloseTo(n * 4.375 * 3600, 6);
    // Diurnal over one whole cycle: the sine averages out.
    expect(meanRate('diurnal', 4)).toBe(4);
  });

  it('an empty or non-numeric field is refused, naming the field, never read as 0', () => {
    for (const [field, label] of [
      ['ratePerSec', 'rate per function'],
      ['minutes', 'simulated minutes'],
      ['nodes', 'nodes'],
      ['coresPerNode', 'cores per node'],
      ['seed', 'seed'],
    ] as const) {
      for (const bad of ['', '   ']) {
        let err: unknown;
        try {
          parseForm(form({ [field]: bad }));
        } catch (e) {
          err = e;
        }
        expect(err, `${field} = ${JSON.stringify(bad)}`).toBeInstanceOf(FormError);
        expect((err as Error).message).toContain(label);
        expect((err as Error).message).toContain('empty');
      }
    }
    expect(() => parseForm(form({ ratePerSec: 'Infinity' }))).toThrow(/not a finite number/);
    expect(() => parseForm(form({ platforms: [] }))).toThrow(/at least one platform/);
    expect(() => parseForm(form({ functions: [] }))).toThrow(/at least one function/);
  });

  it("out-of-range values get the simulator's own error, naming the config field", () => {
    const cases: [Partial<FormText>, RegExp][] = [
      [{ ratePerSec: '-1' }, /^config\.workload\.ratePerSec: .*-1/],
      [{ minutes: '0' }, /^config\.workload\.durationMs: /],
      [{ nodes: '0' }, /^config\.cluster\.nodes: .*got 0/],
      [{ nodes: '2.5' }, /^config\.cluster\.nodes: /],
      [{ coresPerNode: '2000000000' }, /^config\.cluster\.coresPerNode: /],
      [{ seed: '1.5' }, /^config\.seed: /],
    ];
    for (const [patch, message] of cases) {
      let err: unknown;
      try {
        parseForm(form(patch));
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(patch)).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(message);
    }
    // A negative rate never reaches the estimate ("≈ -4,800 invocations").
    expect(() => parseForm(form({ ratePerSec: '-0.01' }))).toThrow(ConfigError);
  });

  it('refuses runs a tab cannot finish, and warns on long ones', () => {
    // Rate 1e6 (the schema's largest): 8 × 1e6 × 3600 ≈ 2.9e10 invocations per platform.
    expect(() => parseForm(form({ ratePerSec: '1e6' }))).toThrow(/more than this page runs/);
    // 100,000,000 minutes at 4/s: 8 × 4 × 6e9 ≈ 1.9e11.
    expect(() => parseForm(form({ minutes: '100000000' }))).toThrow(/more than this page runs/);
    // Exactly at the cap passes; one request a second over it does not.
    const n = catalogue.length;
    const minutesAtCap = MAX_TOTAL_INVOCATIONS / (2 * n * 60);
    expect(() => parseForm(form({ ratePerSec: '1', minutes: String(minutesAtCap) }))).not.toThrow();
    expect(() =>
      parseForm(form({ ratePerSec: '1', minutes: String(minutesAtCap * 1.01) })),
    ).toThrow(/more than/);
    expect(parseForm(form({ minutes: '3000' })).warning).toMatch(/Cancel stops it/);
    expect(parseForm(base).warning).toBeNull();
    // Rate 0 is valid for the simulator but gives nothing to simulate.
    expect(() => parseForm(form({ ratePerSec: '0' }))).toThrow(/nothing to simulate/);
  });

  it("the browser fields' min/max are the simulator's limits", () => {
    const cfg = parseForm(base).config;
    const withCluster = (nodes: number, coresPerNode: number) => () =>
      resolveConfig({ ...cfg, cluster: { nodes, coresPerNode } });
    const { nodes, coresPerNode } = fieldLimits;
    expect(withCluster(nodes.min, 1)).not.toThrow();
    expect(withCluster(nodes.max, 1)).not.toThrow();
    expect(withCluster(nodes.min - 1, 1)).toThrow(ConfigError);
    expect(withCluster(nodes.max + 1, 1)).toThrow(ConfigError);
    expect(withCluster(1, coresPerNode.min)).not.toThrow();
    expect(withCluster(1, coresPerNode.max)).not.toThrow();
    expect(withCluster(1, coresPerNode.min - 1)).toThrow(ConfigError);
    expect(withCluster(1, coresPerNode.max + 1)).toThrow(ConfigError);
    const rate = (r: number) => () =>
      resolveConfig({ ...cfg, workload: { kind: 'poisson', ratePerSec: r, durationMs: 1000 } });
    expect(rate(fieldLimits.ratePerSec.min)).not.toThrow();
    expect(rate(fieldLimits.ratePerSec.min - 1e-9)).toThrow(ConfigError);
  });
});
