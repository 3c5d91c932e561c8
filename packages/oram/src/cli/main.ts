#!/usr/bin/env node
// paperlab-oram: the package's command line (Node only; not reachable from the browser entry).
// runCli (program.ts) maps errors to the exit status: 2 for usage errors, 1 for the rest.
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv);
