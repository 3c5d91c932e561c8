import Link from '@docusaurus/Link';
import { usePluginData } from '@docusaurus/useGlobalData';
import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import styles from './index.module.css';

const cards: { title: string; to: string; body: string }[] = [
  {
    title: 'Serverless / TrEnv-X',
    to: '/docs/serverless',
    body: 'Why cold starts hurt, how repurposable sandboxes and memory templates remove them, and a simulator you can run in this page.',
  },
  {
    title: 'ORAM / IRO',
    to: '/docs/oram',
    body: 'Hiding access patterns with Ring ORAM, and how IRO adds integrity and reliability without giving the pattern away.',
  },
  {
    title: 'Simulator playground',
    to: '/docs/serverless/playground',
    body: 'Pick platforms and load, simulate hundreds of thousands of invocations in a Web Worker, and compare latency CDFs, P99s and memory.',
  },
  {
    title: 'API reference',
    to: '/docs/api',
    body: 'Every public function and type of the three packages, generated from their TypeScript source.',
  },
  {
    title: '@paperlab/stats',
    to: '/docs/stats',
    body: 'The seeded randomness, summaries and tests both simulators share, with examples you can edit and run.',
  },
];

/** Routes the docs plugin actually generated: a section still being written gets no card
 * rather than a broken link. */
function useDocPaths(): Set<string> {
  const data = usePluginData('docusaurus-plugin-content-docs') as {
    versions: { docs: { path: string }[] }[];
  };
  return new Set(data.versions.flatMap((v) => v.docs.map((d) => d.path)));
}

export default function Home(): ReactNode {
  const docPaths = useDocPaths();
  return (
    <Layout description="Two systems papers as runnable, tested TypeScript">
      <header className={styles.hero}>
        <div className="container">
          <h1 className={styles.heroTitle}>paperlab</h1>
          <p className={styles.heroLead}>
            Two systems papers — TrEnv-X (serverless sandboxes) and IRO (oblivious RAM with
            integrity and reliability) — rebuilt as small TypeScript libraries whose every example
            runs in your browser and in the test suite.
          </p>
          <div className={styles.buttons}>
            <Link className="button button--primary button--lg" to="/docs/getting-started">
              Get started
            </Link>
            <Link className="button button--secondary button--lg" to="/docs/stats">
              Run an example
            </Link>
          </div>
        </div>
      </header>
      <main className="container margin-vert--lg">
        <div className="row">
          {cards
            .filter((c) => docPaths.has(c.to))
            .map((c) => (
              <div key={c.title} className="col col--4 margin-bottom--md">
                <Link to={c.to} className={styles.card}>
                  <h2>{c.title}</h2>
                  <p>{c.body}</p>
                </Link>
              </div>
            ))}
        </div>
      </main>
    </Layout>
  );
}
