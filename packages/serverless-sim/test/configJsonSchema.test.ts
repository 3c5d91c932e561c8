// The shipped JSON Schema of the config: generated from the config's fields, and it agrees with the
// config check on real and broken configs (checked with ajv, an independent validator).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { configJsonSchemaText } from '../src/configJsonSchema.js';
import { platformNames } from '../src/platforms/index.js';
import { preset, presetNames } from '../src/presets.js';
import { resolveConfig } from '../src/simulate.js';

const file = new URL('../simulation-config.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(file, 'utf8'));

describe('simulation-config.schema.json', () => {
  it('is what the config schema generates (regenerate: pnpm --filter @paperlab/serverless-sim schema)', () => {
    // Compared as data: the repository's formatter may lay the file out differently.
    expect(schema).toEqual(JSON.parse(configJsonSchemaText()));
  });

  it('accepts every preset and refuses what the config check refuses', () => {
    const validate = new Ajv2020({ strict: false }).compile(schema);
    for (const name of presetNames()) {
      const c = preset(name);
      expect({ name, ok: validate(c) }).toEqual({ name, ok: true });
    }
    expect(validate({ $schema: './simulation-config.schema.json', seed: 2 })).toBe(true);
    const bad = [
      { platform: 'nope' },
      { cluster: { nodes: 0 } },
      { seed: 1.5 },
      { extra: true },
      { workload: { kind: 'poisson', ratePerSec: -1, durationMs: 1 } },
    ];
    for (const c of bad) {
      expect({ c, ok: validate(c) }).toEqual({ c, ok: false });
      expect(() => resolveConfig(c as never)).toThrow();
    }
    expect(schema.properties.platform.enum).toEqual(platformNames());
  });
});
