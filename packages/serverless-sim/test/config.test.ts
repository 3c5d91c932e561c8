import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/configError.js';
import { createPlatform } from '../src/platforms/index.js';
import { preset, presetNames } from '../src/presets.js';
import { simulate } from '../src/simulate.js';

const poisson = { kind: 'poisson', ratePerSec: 1, durationMs: 60_000 } as const;

describe('config validation', () => {
  it('names the field and the allowed range', () => {
    expect(() => simulate({ cluster: { nodes: 0 }, workload: poisson })).toThrow(
      /^config\.cluster\.nodes: must be an integer in \[1, 100000\], got 0$/,
    );
    expect(() => simulate({ cluster: { nodes: 0 }, workload: poisson })).toThrow(ConfigError);
  });

  it('lists the allowed platforms', () => {
    expect(() => simulate({ platform: 'lambda', workload: poisson })).toThrow(
      /config\.platform: .*faasd.*keep-alive.*hybrid-histogram.*criu.*reap-plus.*faasnap-plus.*got "lambda"/,
    );
  });

  it('rejects unknown keys, bad workloads and bad platform options', () => {
    expect(() => simulate({ workload: poisson, nodes: 3 } as never)).toThrow(
      /config: unknown key\(s\) nodes/,
    );
    expect(() => simulate({ workload: { ...poisson, durationMs: -1 } })).toThrow(
      /config\.workload\.durationMs/,
    );
    expect(() => simulate({ workload: { kind: 'zipf' } as never })).toThrow(
      /config\.workload\.kind/,
    );
    expect(() => simulate({ workload: poisson, platformOptions: { keepAliveMs: -5 } })).toThrow(
      /platformOptions\.keepAliveMs: .*got -5/,
    );
    expect(() => simulate({ functions: ['nope'], workload: poisson })).toThrow(
      /config\.functions\[0\]/,
    );
    expect(() =>
      simulate({
        functions: ['hello-python', 'pyaes'],
        workload: { ...poisson, ratePerSec: [1, 2, 3] },
      }),
    ).toThrow(/config\.workload\.ratePerSec: must hold one rate per function \(2\), got 3/);
  });

  it('every preset validates and runs a short slice', () => {
    for (const name of presetNames()) {
      const p = preset(name);
      if (p.workload !== undefined && 'durationMs' in p.workload) p.workload.durationMs = 30_000;
      const r = simulate(p);
      expect(r.invocations, name).toBeGreaterThanOrEqual(0);
    }
    expect(() => preset('nope')).toThrow(/preset must be one of simfaas-readme, /);
  });
});

describe('progress', () => {
  it('reports increasing fractions ending at 1', () => {
    const seen: number[] = [];
    simulate(
      { seed: 1, workload: { kind: 'poisson', ratePerSec: 20, durationMs: 3_600_000 } },
      { onProgress: (f) => seen.push(f) },
    );
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
  });
});

describe('names that are Object.prototype keys', () => {
  it('preset and createPlatform refuse __proto__ by name', () => {
    // preset('__proto__') used to return {} (a clone of Object.prototype).
    expect(() => preset('__proto__')).toThrow(RangeError);
    expect(() => preset('__proto__')).toThrow(
      /^preset must be one of simfaas-readme, .*, got __proto__$/,
    );
    // createPlatform('__proto__') used to say "f.create is not a function".
    expect(() => createPlatform('__proto__')).toThrow(RangeError);
    expect(() => createPlatform('toString')).toThrow(
      /^platform must be one of faasd, .*, got toString$/,
    );
  });
});
