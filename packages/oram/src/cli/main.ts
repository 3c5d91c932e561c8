#!/usr/bin/env node
// paperlab-oram: the package's command line (Node only; not reachable from the browser entry).
import { buildProgram } from './program.js';

buildProgram().parse();
