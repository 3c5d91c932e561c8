import { fileURLToPath } from 'node:url';
import { defineExampleTests } from '../../../vitest.examples.ts';

defineExampleTests(fileURLToPath(new URL('../examples', import.meta.url)));
