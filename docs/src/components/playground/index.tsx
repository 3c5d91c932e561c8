/**
 * SimulatorPlayground and ReproductionCharts for MDX pages. Both load only in the browser:
 * they start a Web Worker and draw with Observable Plot.
 */
import BrowserOnly from '@docusaurus/BrowserOnly';
import { lazy, type ReactNode, Suspense } from 'react';

const Playground = lazy(() => import('./Playground'));
const Reproduction = lazy(() => import('./Reproduction'));

// data-loading marks the placeholder, so a test can wait for the component to mount.
const loading = <p data-loading="">Loading the simulator…</p>;

export function SimulatorPlayground(): ReactNode {
  return (
    <BrowserOnly fallback={loading}>
      {() => (
        <Suspense fallback={loading}>
          <Playground />
        </Suspense>
      )}
    </BrowserOnly>
  );
}

export function ReproductionCharts(): ReactNode {
  return (
    <BrowserOnly fallback={loading}>
      {() => (
        <Suspense fallback={loading}>
          <Reproduction />
        </Suspense>
      )}
    </BrowserOnly>
  );
}
