// Lets the site import the workspace packages' TypeScript source instead of their built
// `dist/`, so `pnpm start` and `pnpm build` need no package build first and the pages always
// run the code the tests check.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadContext, Plugin } from '@docusaurus/types';

const pluginsDir = path.dirname(fileURLToPath(import.meta.url));
const packagesDir = path.resolve(pluginsDir, '../../packages');
const tsLoader = path.join(pluginsDir, 'sucraseTsLoader.cjs');

/** True for a workspace package's TypeScript, whether reached through its symlink (webpack
 * resolves symlinks, giving ../packages/…) or installed as a copy under node_modules. */
export function isPackageSource(file: string): boolean {
  return (
    (file.startsWith(packagesDir + path.sep) &&
      !file.includes(`${path.sep}node_modules${path.sep}`)) ||
    /node_modules[\\/]@paperlab[\\/][^\\/]+[\\/]src[\\/]/.test(file)
  );
}

/** The part of webpack's Compiler this plugin uses (webpack is Docusaurus's, not a direct
 * dependency of the site). */
interface Compiler {
  webpack: {
    RuntimeGlobals: Record<'requireScope' | 'publicPath' | 'getChunkScriptFilename', string>;
  };
  hooks: {
    thisCompilation: {
      tap(
        name: string,
        f: (compilation: {
          hooks: {
            additionalTreeRuntimeRequirements: {
              tap(name: string, f: (chunk: unknown, requirements: Set<string>) => void): void;
            };
          };
        }) => void,
      ): void;
    };
  };
}

/**
 * Docusaurus adds its `__webpack_require__.gca` helper (chunk name → asset URL) to the runtime
 * of every entry chunk without declaring what that helper needs (ChunkAssetPlugin; see
 * facebook/docusaurus#8389). A Web Worker's entry whose modules are all concatenated into one
 * scope needs no `__webpack_require__` of its own, so webpack never defines it and the worker
 * dies on its first line ("__webpack_require__ is not defined"). Declaring the helper's
 * requirements (the require scope, the public path, the chunk file-name function) makes
 * webpack emit them in every runtime; the page's own runtime has them already.
 */
export class ChunkAssetRequirementsPlugin {
  apply(compiler: Compiler): void {
    const { RuntimeGlobals } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('paperlab-chunk-asset-requirements', (compilation) => {
      compilation.hooks.additionalTreeRuntimeRequirements.tap(
        'paperlab-chunk-asset-requirements',
        (_chunk, requirements) => {
          requirements.add(RuntimeGlobals.requireScope);
          requirements.add(RuntimeGlobals.publicPath);
          requirements.add(RuntimeGlobals.getChunkScriptFilename);
        },
      );
    });
  }
}

/** theme-classic's client module that registers `prism.additionalLanguages` with Prism. Every
 * client module is imported by the entry chunk, so this one puts all of prism-react-renderer
 * (85 KB minified; its grammars are built when the module is evaluated) into the bundle every
 * page runs first, inside the page's first main-thread task. With no additional languages it
 * registers nothing, so the site replaces it with an empty module: Prism then loads with the
 * code blocks that use it (theme-classic's CodeBlock), in the pages' own chunks. */
export const PRISM_CLIENT_MODULE = /[\\/]theme-classic[\\/]lib[\\/]prism-include-languages(\.js)?$/;
const emptyClientModule = path.join(pluginsDir, 'emptyClientModule.js');

export default function paperlabSourcePlugin(context: LoadContext): Plugin {
  const prism = (context.siteConfig.themeConfig as { prism?: { additionalLanguages?: string[] } })
    .prism;
  if ((prism?.additionalLanguages ?? []).length > 0)
    throw new Error(
      'paperlab-source: themeConfig.prism.additionalLanguages is set, but this plugin removes the client module that registers them (see PRISM_CLIENT_MODULE); register the languages where the code blocks load instead',
    );
  return {
    name: 'paperlab-source',
    configureWebpack(config, isServer, { currentBundler }) {
      // Docusaurus's JS rule skips node_modules (so it would miss a copied package), would
      // otherwise also match ../packages, and downlevels in loose mode (see
      // sucraseTsLoader.cjs); take the package sources out of it and give them one explicit
      // rule below, so each file is transpiled exactly once, faithfully.
      for (const rule of config.module?.rules ?? []) {
        const r = rule as { test?: unknown; exclude?: unknown } | null;
        if (
          r &&
          r.test instanceof RegExp &&
          r.test.test('x.tsx') &&
          typeof r.exclude === 'function'
        ) {
          const original = r.exclude as (file: string) => boolean;
          r.exclude = (file: string) => isPackageSource(file) || original(file);
        }
      }
      // Setting conditionNames replaces webpack's defaults rather than extending them, so we
      // restate them (webpack adds 'import'/'require'/'module' per dependency type itself).
      // Derived from isServer and mode only: Docusaurus caches the webpack config on disk, so
      // it must not vary with anything else (e.g. environment variables).
      const mode = config.mode === 'production' ? 'production' : 'development';
      return {
        plugins: [
          new currentBundler.instance.NormalModuleReplacementPlugin(
            PRISM_CLIENT_MODULE,
            emptyClientModule,
          ),
          ...(isServer ? [] : [new ChunkAssetRequirementsPlugin()]),
        ],
        resolve: {
          conditionNames: [
            '@paperlab/source',
            'webpack',
            mode,
            isServer ? 'node' : 'browser',
            'import',
            'module',
            'default',
          ],
          // Package sources import siblings as `./x.js` (NodeNext style); the file is `x.ts`.
          extensionAlias: { '.js': ['.ts', '.js'] },
        },
        module: {
          rules: [
            // Types stripped, nothing downlevelled: see sucraseTsLoader.cjs for why not Babel.
            { test: /\.ts$/, include: isPackageSource, use: [tsLoader] },
            {
              // docs/package.json says "type": "module", so webpack would parse the generated
              // .docusaurus/*.js as strict ESM, where the `require`/`require.resolveWeak`
              // that Babel's server transform writes for `import()` are left unbundled and
              // fail during static rendering. Those files are not hand-written ESM; parse
              // them as auto.
              test: /\.js$/,
              include: context.generatedFilesDir,
              type: 'javascript/auto',
            },
          ],
        },
      };
    },
  };
}
