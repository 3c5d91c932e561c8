// Adds <Term> to every MDX page without an import, so a page can define a term where it first
// uses it: <Term id="z">Z</Term>. The rest is Docusaurus's own MDX component map.
import Term from '@site/src/components/Term';
import MDXComponents from '@theme-original/MDXComponents';

export default { ...MDXComponents, Term };
