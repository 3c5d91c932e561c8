// A Mermaid diagram drawn at build time (plugins/mermaidDiagrams.mjs): the light and the dark
// SVG are both in the page, and the site's CSS shows the one for the current theme, so a
// theme switch needs no redraw and the page runs no Mermaid.
import type { ReactNode } from 'react';

export default function MermaidDiagram({
  light,
  dark,
}: {
  light: string;
  dark: string;
}): ReactNode {
  return (
    <div className="docusaurus-mermaid-container paperlab-diagram">
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: SVG Mermaid drew from the site's own source at build time */}
      <div data-diagram-theme="light" dangerouslySetInnerHTML={{ __html: light }} />
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: as above */}
      <div data-diagram-theme="dark" dangerouslySetInnerHTML={{ __html: dark }} />
    </div>
  );
}
