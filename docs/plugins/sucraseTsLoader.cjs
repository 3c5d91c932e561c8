// Webpack loader for the workspace packages' TypeScript: strips types and nothing else.
//
// Docusaurus's own JS loader runs Babel's preset-env in loose mode for the client, which
// rewrites `[...set]` as `[].concat(set)` and `for…of` as array indexing; that silently breaks
// library code iterating Sets and Maps (the packages target ES2022 and are tested as such in
// Node). Sucrase with ES transforms disabled keeps the code as written, with TypeScript's
// ES2022 class-field semantics (a bare `x: T;` stays a field), like the Node tests see it.
const { transform } = require('sucrase');

module.exports = function sucraseTsLoader(source) {
  const { code, sourceMap } = transform(source, {
    transforms: ['typescript'],
    disableESTransforms: true,
    filePath: this.resourcePath,
    sourceMapOptions: { compiledFilename: this.resourcePath },
  });
  this.callback(null, code, sourceMap ? { ...sourceMap, sources: [this.resourcePath] } : undefined);
};
