import { type IntegrityScheme, noTree } from './integrityScheme.js';

/** No tree: every slot and metadata block is still authenticated (AEAD) when encrypted, so
 * tampering is caught; a replayed bucket is not (README, "Security argument"). */
export const noneScheme: IntegrityScheme = {
  id: 0,
  name: 'none',
  needsKey: false,
  childHashes: false,
  tagsInMeta: false,
  readsWholeBucket: false,
  create: noTree,
};
