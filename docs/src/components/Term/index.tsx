/**
 * <Term id="z">Z</Term>: a term defined where it appears. The term is a link to its glossary
 * entry; hovering it or focusing it (Tab) shows the definition in a card, which Escape
 * dismisses (WCAG 1.4.13). The card is in the server-rendered HTML and tied to the link by
 * aria-describedby, so screen readers announce the definition and nothing depends on
 * JavaScript. <Glossary /> renders every entry for the glossary page.
 */
import Link from '@docusaurus/Link';
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
        onMouseEnter={() => setDismissed(false)}
      >
        {props.children ?? entry.term}
      </Link>
      <span role="tooltip" id={cardId} className={styles.card}>
        <strong>{entry.term}</strong>: {entry.definition}
      </span>
    </span>
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
                <div key={e.id} id={e.id} className={styles.entry}>
                  <dt>{e.term}</dt>
                  <dd>
                    {e.definition} <span className={styles.source}>Source: {e.source}.</span>
                  </dd>
                </div>
              ))}
          </dl>
        </section>
      ))}
    </>
  );
}

export default Term;
