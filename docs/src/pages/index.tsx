import Link from '@docusaurus/Link';
import { usePluginData } from '@docusaurus/useGlobalData';
import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import { demoCards, existingCards, type HomeCard, sectionCards } from '../lib/homeCards';
import styles from './index.module.css';

/** Routes the docs plugin actually generated: a section still being written gets no card
 * rather than a broken link. */
function useDocPaths(): string[] {
  const data = usePluginData('docusaurus-plugin-content-docs') as {
    versions: { docs: { path: string }[] }[];
  };
  return data.versions.flatMap((v) => v.docs.map((d) => d.path));
}

function Cards(props: { cards: HomeCard[]; kind: string }): ReactNode {
  return (
    <ul className={styles.cards}>
      {props.cards.map((c) => (
        <li key={c.title}>
          <Link to={c.to} className={styles.card} data-home-card={props.kind}>
            <h3>{c.title}</h3>
            <p>{c.body}</p>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export default function Home(): ReactNode {
  const docPaths = useDocPaths();
  return (
    <Layout description="Two systems papers, TrEnv-X and IRO, as runnable, tested TypeScript">
      <header className={styles.hero}>
        <div className="container">
          <h1 className={styles.heroTitle}>paperlab</h1>
          <p className={styles.heroLead}>
            Two systems papers rebuilt as small TypeScript libraries you can run in this browser:
            TrEnv-X, which makes serverless functions start fast without holding memory idle, and
            IRO, which hides a program's memory accesses and still survives tampering and failing
            hardware.
          </p>
          <div className={styles.buttons}>
            <Link className="button button--primary button--lg" to="/docs/learn">
              Learn the papers
            </Link>
            <Link className="button button--secondary button--lg" to="/docs/getting-started">
              Get started
            </Link>
          </div>
        </div>
      </header>
      <main className="container margin-vert--lg">
        <div className={styles.papers}>
          <section className={styles.paper} aria-labelledby="home-trenv">
            <h2 id="home-trenv">TrEnv-X: serverless starts without the wait</h2>
            <p>
              <strong>The problem.</strong> When a request finds no ready copy of its function, the
              platform builds one: a new sandbox (namespaces, a cgroup, a file system), which slows
              to hundreds of milliseconds when many starts queue for the same kernel locks, plus the
              function's memory, copied in. Platforms hide this by keeping copies warm, and every
              warm copy holds its memory while it waits.
            </p>
            <p>
              <strong>How it wins.</strong> Sandboxes are kept and handed to <em>any</em> function
              after a sub-millisecond clean-up (repurposable sandboxes), and each function's
              initialised memory is kept once in a CXL or RDMA memory pool that new instances map
              instead of copy (mm-templates). The paper reports up to 7× lower P99 latency and 48 %
              less memory for containers, and up to 58 % lower P99 and 61 % less memory than E2B for
              LLM agents (TrEnv-X abstract).
            </p>
          </section>
          <section className={styles.paper} aria-labelledby="home-iro">
            <h2 id="home-iro">IRO: oblivious memory you can trust</h2>
            <p>
              <strong>The problem.</strong> Encryption hides what memory holds, not which addresses
              a program touches, and those addresses can give its secrets away. Ring ORAM hides
              them, but bolting the usual integrity checks and error protection onto it costs a lot
              of extra memory traffic.
            </p>
            <p>
              <strong>How it wins.</strong> Integrity checks ride in the metadata Ring ORAM reads
              anyway (RIT) and are updated once per eviction (MUST); backups of blocks fill the
              dummy slots Ring ORAM wastes, so a dead channel loses nothing (Secure Replication);
              pointers patch worn-out cells (ECP). The paper reports +7.54 % execution time over its
              baseline with two channels and four AES-GCM units, and −2.14 % with enough units (IRO
              abstract); the timing page puts this package's figure beside it.
            </p>
          </section>
        </div>
        <h2>Try it in the browser</h2>
        <Cards cards={existingCards(demoCards, docPaths)} kind="demo" />
        <h2>Read on</h2>
        <Cards cards={existingCards(sectionCards, docPaths)} kind="section" />
      </main>
    </Layout>
  );
}
