// Mermaid diagrams drawn once, at build time, into static SVG (one for the light theme, one for
// the dark), so that no page ships Mermaid (~1.5 MB of script) or lays a diagram out on the
// reader's main thread. A ```mermaid block in a page becomes <MermaidDiagram light dark>, whose
// two SVGs the site's CSS shows by theme (src/css/custom.css).
//
// The SVGs are kept in src/diagrams/, named after a hash of the diagram's source, Mermaid's
// version and the options below, and committed: a build whose diagrams are all there needs no
// browser. A block with no SVG yet is drawn while the site builds, by Mermaid itself inside
// headless Chromium (layout measures text, so it needs a real browser), and its files are
// written for the next build; `pnpm --filter @paperlab/docs diagrams` redraws every diagram
// and removes the files no page uses.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const docsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const diagramsDir = path.join(docsDir, 'src', 'diagrams');
const mermaidScript = require.resolve('mermaid/dist/mermaid.min.js');
const mermaidVersion = JSON.parse(
  readFileSync(path.join(path.dirname(mermaidScript), '..', 'package.json'), 'utf8'),
).version;

/** Mermaid's configuration per site theme. 'dark' is Mermaid's own dark palette; two of its
 * text colours miss WCAG AA and are lightened to white: flowchart edge labels (#ccc on #585858,
 * 4.43:1; white 7.1:1) and sequence-diagram notes (#b8b6b6 on #494949, 4.49:1; white 9.0:1). */
export const THEMES = {
  light: { theme: 'default', themeCSS: '' },
  dark: {
    theme: 'dark',
    themeCSS: [
      '.edgeLabel, .edgeLabel p, .edgeLabel span { color: #fff !important; }',
      '.noteText, .noteText > tspan { fill: #fff !important; }',
    ].join(' '),
  },
};
const RENDER_OPTIONS = { securityLevel: 'strict', flowchart: { useMaxWidth: true } };

/** The file stem of a diagram: changes whenever its source, Mermaid or the options change. */
export function diagramKey(source) {
  return createHash('sha256')
    .update(JSON.stringify([mermaidVersion, THEMES, RENDER_OPTIONS, source.trim()]))
    .digest('hex')
    .slice(0, 16);
}

const fileOf = (key, theme) => path.join(diagramsDir, `${key}.${theme}.svg`);

/** The stored SVGs of a diagram, or null when one of them is missing. */
export function storedDiagram(source) {
  const key = diagramKey(source);
  const files = Object.keys(THEMES).map((t) => fileOf(key, t));
  if (!files.every((f) => existsSync(f))) return null;
  return Object.fromEntries(
    Object.keys(THEMES).map((t) => [t, readFileSync(fileOf(key, t), 'utf8')]),
  );
}

/** Draws each source in each theme in one headless Chromium and stores the SVGs. */
export async function renderDiagrams(sources) {
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(
      `drawing ${sources.length} Mermaid diagram(s) needs Chromium at ${executablePath} (set CHROMIUM_PATH, or install Debian's chromium package)`,
    );
  mkdirSync(diagramsDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: mermaidScript });
    for (const source of sources) {
      const key = diagramKey(source);
      for (const [theme, config] of Object.entries(THEMES)) {
        const svg = await page.evaluate(
          async ({ source, id, config, options }) => {
            const m = globalThis.mermaid;
            m.initialize({ startOnLoad: false, ...options, ...config });
            const { svg } = await m.render(id, source);
            return svg;
          },
          { source: source.trim(), id: `mermaid-${key}-${theme}`, config, options: RENDER_OPTIONS },
        );
        writeFileSync(fileOf(key, theme), `${svg}\n`);
      }
    }
  } finally {
    await browser.close();
  }
}

/** Every ```mermaid block in the given Markdown/MDX text. */
export function mermaidBlocks(text) {
  return [...text.matchAll(/^```mermaid[^\n]*\n([\s\S]*?)^```\s*$/gm)].map((m) => m[1]);
}

/** Removes stored SVGs whose diagram is not in `sources`; returns the names removed. */
export function pruneDiagrams(sources) {
  const keep = new Set(sources.map(diagramKey));
  const removed = [];
  if (!existsSync(diagramsDir)) return removed;
  for (const f of readdirSync(diagramsDir)) {
    if (f.endsWith('.svg') && !keep.has(f.split('.')[0])) {
      rmSync(path.join(diagramsDir, f));
      removed.push(f);
    }
  }
  return removed;
}

// One drawing at a time per build process: the server and client compilations both load
// every page, and each missing diagram must be drawn only once.
let queue = Promise.resolve();
function ensureDrawn(sources) {
  const run = queue.then(async () => {
    const missing = [...new Set(sources.filter((s) => storedDiagram(s) === null))];
    if (missing.length > 0) await renderDiagrams(missing);
  });
  queue = run.catch(() => {});
  return run;
}

/** remark plugin: every ```mermaid code block becomes <MermaidDiagram light=… dark=…>. */
export default function remarkMermaidSvg() {
  return async (tree) => {
    const blocks = [];
    const walk = (node, parent) => {
      if (node.type === 'code' && node.lang === 'mermaid' && parent) blocks.push({ node, parent });
      for (const child of node.children ?? []) walk(child, node);
    };
    walk(tree, null);
    if (blocks.length === 0) return;
    await ensureDrawn(blocks.map((b) => b.node.value));
    for (const { node, parent } of blocks) {
      const svgs = storedDiagram(node.value);
      if (svgs === null) throw new Error(`Mermaid diagram ${diagramKey(node.value)} was not drawn`);
      parent.children[parent.children.indexOf(node)] = {
        type: 'mdxJsxFlowElement',
        name: 'MermaidDiagram',
        attributes: Object.entries(svgs).map(([name, value]) => ({
          type: 'mdxJsxAttribute',
          name,
          value,
        })),
        children: [],
      };
    }
  };
}
