// Adds <Term> (and <MermaidDiagram>, what a ```mermaid block becomes) to every MDX page
// without an import, so a page can define a term where it first
// uses it: <Term id="z">Z</Term>. Markdown tables go in a box that scrolls sideways and takes
// keyboard focus (a wide table on a phone; axe's scrollable-region-focusable), instead of
// Infima's scrolling table, which no keyboard can reach. The rest is Docusaurus's own map.
import MermaidDiagram from '@site/src/components/MermaidDiagram';
import ScrollBox from '@site/src/components/ScrollBox';
import Term from '@site/src/components/Term';
import MDXComponents from '@theme-original/MDXComponents';
import type { ComponentProps, ReactNode } from 'react';

function Table(props: ComponentProps<'table'>): ReactNode {
  return (
    <ScrollBox className="table-scroll" label="table">
      <table {...props} />
    </ScrollBox>
  );
}

export default { ...MDXComponents, MermaidDiagram, Term, table: Table };
