// Redraws every Mermaid diagram of the site into src/diagrams/ (light and dark SVG) and removes
// the stored SVGs no page uses: `pnpm --filter @paperlab/docs diagrams`. The build draws only
// the diagrams that have no SVG yet; see plugins/mermaidDiagrams.mjs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mermaidBlocks, pruneDiagrams, renderDiagrams } from '../plugins/mermaidDiagrams.mjs';

const docsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pages = readdirSync(path.join(docsDir, 'docs'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.mdx?$/.test(e.name))
  .map((e) => path.join(e.parentPath, e.name))
  .filter((f) => !f.includes(`${path.sep}api${path.sep}`));
const sources = [...new Set(pages.flatMap((f) => mermaidBlocks(readFileSync(f, 'utf8'))))];
await renderDiagrams(sources);
const removed = pruneDiagrams(sources);
console.log(
  `${sources.length} diagram(s) drawn in ${pages.length} page(s); ${removed.length} unused SVG(s) removed`,
);
