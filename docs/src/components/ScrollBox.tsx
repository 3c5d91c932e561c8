// A box whose content may scroll (a wide table on a phone, a long log): a labelled section
// that takes keyboard focus, so a reader without a mouse can scroll it with the arrow keys
// (WCAG 2.1.1; axe's scrollable-region-focusable).
import type { ReactNode } from 'react';

export default function ScrollBox(props: {
  label: string;
  className?: string | undefined;
  children: ReactNode;
}): ReactNode {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable
    <section className={props.className} aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}
