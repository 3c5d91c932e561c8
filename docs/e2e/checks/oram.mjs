// The ORAM pages' checks live in e2e/oramChecks.mjs (owned with docs/docs/oram); this file
// only puts them where run.mjs looks for page-specific checks.
export { default } from '../oramChecks.mjs';
