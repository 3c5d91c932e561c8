// Adds `/docs/api/@paperlab/<pkg>/index` as an alias of each package's API overview, which
// Docusaurus serves at `/docs/api/@paperlab/<pkg>` (the generated index.md becomes the folder's
// page). Guides naturally write the `/index` form; the alias redirects instead of 404-ing, and
// the build's link check accepts both.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadContext, Plugin } from '@docusaurus/types';

const packagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages');

export default function apiIndexAliases(_context: LoadContext): Plugin {
  return {
    name: 'paperlab-api-index-aliases',
    async contentLoaded({ actions }) {
      for (const pkg of readdirSync(packagesDir).sort()) {
        actions.addRoute({
          path: `/docs/api/@paperlab/${pkg}/index`,
          component: '@site/src/components/RedirectToParent',
          exact: true,
        });
      }
    },
  };
}
