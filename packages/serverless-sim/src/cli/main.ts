#!/usr/bin/env node
// paperlab-sim entry point. Bad input (an unknown preset, a bad config file) ends with its
// message and status 2, not a stack trace.
import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  console.error(`paperlab-sim: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
}
