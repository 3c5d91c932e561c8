// Regenerates simulation-config.schema.json from the config schema:
//   pnpm --filter @paperlab/serverless-sim schema
import { writeFileSync } from 'node:fs';
import { configJsonSchemaText } from '../src/configJsonSchema.js';

writeFileSync(new URL('../simulation-config.schema.json', import.meta.url), configJsonSchemaText());
console.log('wrote simulation-config.schema.json');
