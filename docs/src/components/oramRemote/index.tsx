/**
 * The browser-storage page's demo. It runs the real @paperlab/oram in a Web Worker of the
 * reader's tab, so it loads only in the browser (BrowserOnly + lazy).
 */
import BrowserOnly from '@docusaurus/BrowserOnly';
import { lazy, type ReactNode, Suspense } from 'react';

const Demo = lazy(() => import('./BrowserStorageDemo'));

export function BrowserStorageDemo(): ReactNode {
  const fallback = <p data-loading="">Loading the browser-storage demo…</p>;
  return (
    <BrowserOnly fallback={fallback}>
      {() => (
        <Suspense fallback={fallback}>
          <Demo />
        </Suspense>
      )}
    </BrowserOnly>
  );
}
