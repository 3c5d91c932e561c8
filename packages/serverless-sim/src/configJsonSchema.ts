// The simulation config as a JSON Schema (draft 2020-12), generated from the same fields that
// check configs (configFields.ts), so an editor can check a `--config` file as it is typed. The package
// ships it as `simulation-config.schema.json` (export `./simulation-config.schema.json`);
// test/configJsonSchema.test.ts keeps that file equal to this function's output.
import { configSchema } from './configSchema.js';

/** The JSON Schema of a simulation config file (the input form: defaults may be left out). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = configSchema.jsonSchema();
  const properties = schema.properties as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: '@paperlab/serverless-sim simulation config',
    description:
      'A config for paperlab-sim run/sweep --config FILE and simulate(config). Defaults come from the package parameters; see the package README.',
    ...schema,
    properties: {
      $schema: {
        type: 'string',
        description: 'Path or URL of this schema, for editors; ignored by paperlab-sim.',
      },
      ...properties,
    },
  };
}

/** The schema file's text: two-space indented JSON with a final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
