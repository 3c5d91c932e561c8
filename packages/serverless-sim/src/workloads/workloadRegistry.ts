// Every workload kind a config can name. The config schema's `workload` union and
// `buildWorkload` are derived from this list: a new kind is its file plus one line here.
import { azureLikeWorkload } from './azureLikeWorkload.js';
import { diurnalWorkload } from './diurnalWorkload.js';
import { onOffWorkload } from './onOffWorkload.js';
import { poissonWorkload } from './poissonWorkload.js';

export const workloadRegistry = [
  poissonWorkload,
  onOffWorkload,
  diurnalWorkload,
  azureLikeWorkload,
] as const;

/** Names of the registered workload kinds. */
export const workloadKinds = workloadRegistry.map((d) => d.kind);
