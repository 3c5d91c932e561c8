#!/usr/bin/env node
// paperlab-sim entry point; runCli (program.ts) maps errors to the exit status.
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv);
