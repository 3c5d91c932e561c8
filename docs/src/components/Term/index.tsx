/**
 * <Term id="z">Z</Term>: a term defined where it appears. The term is a link to its glossary
 * entry; hovering it or focusing it (Tab) shows the definition in a card, which Escape
 * dismisses (WCAG 1.4.13). The card is in the server-rendered HTML and tied to the link by
 * aria-describedby, so screen readers announce the definition and nothing depends on
 * JavaScript. <Glossary /> renders every entry for the glossary page.
 */
import Link from '@docusaurus/Link';
import useBrokenLinks from '@docusaurus/useBrokenLinks';
import { type ReactNode, useId, useState } from 'react';
import { GLOSSARY_PATH, glossary, glossaryEntry } from './glossary';
import styles from './styles.module.css';

export function Term(props: { id: string; children?: ReactNode }): ReactNode {
  const entry = glossaryEntry(props.id);
  const cardId = useId();
  const [dismissed, setDismissed] = useState(false);
  return (
    <span className={styles.term} data-term={entry.id} data-dismissed={dismissed ? 'yes' : 'no'}>
      <Link
        className={styles.trigger}
        to={`${GLOSSARY_PATH}#${entry.id}`}
        aria-describedby={cardId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setDismissed(true);
        }}
        onBlur={() => setDismissed(false)}
        // Not onMouseEnter: Docusaurus's Link sets its own (to preload the target) over ours.
        onMouseOver={() => setDismissed(false)}
      >
        {props.children ?? entry.term}
      </Link>
      <span role="tooltip" id={cardId} className={styles.card} data-term-card="">
        <strong>{entry.term}</strong>: {entry.definition}
      </span>
    </span>
  );
}

/** One glossary entry; its id is registered with the build's broken-anchor check, which
 * only knows headings otherwise, so every <Term> link to it is verified. */
function Entry({ entry: e }: { entry: (typeof glossary)[number] }): ReactNode {
  useBrokenLinks().collectAnchor(e.id);
  return (
    <div id={e.id} className={styles.entry}>
      <dt>{e.term}</dt>
      <dd>
        {e.definition} <span className={styles.source}>Source: {e.source}.</span>
      </dd>
    </div>
  );
}

const topics = ['TrEnv-X', 'Ring ORAM', 'IRO', 'general'] as const;

export function Glossary(): ReactNode {
  return (
    <>
      {topics.map((topic) => (
        <section key={topic}>
          <h2>{topic === 'general' ? 'General' : topic}</h2>
          <dl className={styles.list}>
            {glossary
              .filter((e) => e.topic === topic)
              .map((e) => (
                <Entry key={e.id} entry={e} />
              ))}
          </dl>
        </section>
      ))}
    </>
  );
}

export default Term;
