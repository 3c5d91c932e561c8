// The packages an example may import on the page, keyed by the specifier it writes.
// Kept separate from the component so that it loads (with all package code) only in the
// browser, after the page has rendered.
import * as oram from '@paperlab/oram';
import * as serverlessSim from '@paperlab/serverless-sim';
import * as stats from '@paperlab/stats';
import type { ModuleMap } from './runExample';

export const exampleModules: ModuleMap = {
  '@paperlab/stats': stats,
  '@paperlab/oram': oram,
  '@paperlab/serverless-sim': serverlessSim,
};
