#!/usr/bin/env node
// paperlab-sim entry point. Exit status: 0 on success (also --help, --version); 2 for a usage
// or input error (an unknown flag or preset, a bad config or trace file), with one line on
// stderr and no stack trace; 1 for anything else.
import { CommanderError } from 'commander';
import { buildProgram, USAGE_EXIT_CODE } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // commander has already printed its message (or the help / version text).
    process.exitCode = e.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
  } else if (e instanceof RangeError || (e as Error | undefined)?.name === 'CliError') {
    // RangeError: the library's bad-input errors (ConfigError included); CliError: the CLI's.
    console.error(`paperlab-sim: ${(e as Error).message}`);
    process.exitCode = USAGE_EXIT_CODE;
  } else {
    console.error(e);
    process.exitCode = 1;
  }
}
