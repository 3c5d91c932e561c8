/**
 * The ORAM pages' interactive parts. Each runs the real @paperlab/oram in the reader's tab,
 * so each loads only in the browser (BrowserOnly + lazy): static rendering never runs an ORAM.
 */
import BrowserOnly from '@docusaurus/BrowserOnly';
import {
  type ComponentType,
  type LazyExoticComponent,
  lazy,
  type ReactNode,
  Suspense,
} from 'react';

const Visualiser = lazy(() => import('./Visualiser'));
const Leak = lazy(() => import('./LeakDemo'));
const Tamper = lazy(() => import('./TamperDemo'));
const Fault = lazy(() => import('./FaultDemo'));
const Timing = lazy(() => import('./IroTiming'));
const Speed = lazy(() => import('./OramSpeed'));

function InBrowser(props: {
  component: LazyExoticComponent<ComponentType>;
  what: string;
}): ReactNode {
  // data-loading marks the placeholder, so a test can wait for the demo to mount.
  const fallback = <p data-loading="">Loading the {props.what}…</p>;
  const Component = props.component;
  return (
    <BrowserOnly fallback={fallback}>
      {() => (
        <Suspense fallback={fallback}>
          <Component />
        </Suspense>
      )}
    </BrowserOnly>
  );
}

export function OramVisualiser(): ReactNode {
  return <InBrowser component={Visualiser} what="Ring ORAM visualiser" />;
}
export function LeakDemo(): ReactNode {
  return <InBrowser component={Leak} what="access-pattern demo" />;
}
export function TamperDemo(): ReactNode {
  return <InBrowser component={Tamper} what="tamper demo" />;
}
export function FaultDemo(): ReactNode {
  return <InBrowser component={Fault} what="fault demo" />;
}
export function IroTiming(): ReactNode {
  return <InBrowser component={Timing} what="timing reproduction" />;
}
export function OramSpeed(): ReactNode {
  return <InBrowser component={Speed} what="ORAM speed measurement" />;
}
