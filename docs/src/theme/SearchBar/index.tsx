// The navbar's search box (@easyops-cn/docusaurus-search-local), in a chunk of its own: the
// plugin's component and what it imports were 47 KB of the 409 KB main bundle every page
// parses before it can run (a build without the plugin: 362 KB). The server renders the box
// in full (Docusaurus waits for every lazy component, renderToPipeableStream's onAllReady), so
// the HTML shows it at once; in the browser React hydrates it once its chunk has arrived.
import { type ComponentProps, lazy, type ReactNode, Suspense } from 'react';

const OriginalSearchBar = lazy(() => import('@theme-original/SearchBar'));

export default function SearchBar(props: ComponentProps<typeof OriginalSearchBar>): ReactNode {
  return (
    <Suspense fallback={null}>
      <OriginalSearchBar {...props} />
    </Suspense>
  );
}
