/**
 * RunnableExample: shows one of a package's `examples/*.ts` programs, lets the reader edit
 * it and run it in the page, and compares what it prints with the stored `.out` file.
 *
 * Props
 * - `source` (required): the program text, raw-imported from the package, never pasted:
 *     import src from '!!raw-loader!@site/../packages/stats/examples/foo.ts';
 * - `expected`: the stored stdout, raw-imported the same way from `foo.out`; when given, the
 *   output is marked "matches expected" or "differs from expected".
 * - `path`: the file's path from the repository root (`packages/stats/examples/foo.ts`);
 *   shown as the title and used by the browser suite to find the `.out` on disk.
 * - `title`: overrides the title.
 * - `modules`: what `import … from '<specifier>'` resolves to while running; defaults to
 *   all three workspace packages (see src/lib/exampleModules.ts).
 *
 * On the server and before hydration it renders the source as a static code block; the
 * editor and the package code load only in the browser, after hydration, in a transition: a
 * page with ten examples swaps ten highlighted editors in, and React renders a transition in
 * slices that yield to the browser, where an ordinary update (BrowserOnly's) would be one
 * main-thread task for all of them.
 */
import CodeBlock from '@theme/CodeBlock';
import { lazy, type ReactNode, Suspense, startTransition, useEffect, useState } from 'react';
import type { ModuleMap } from '../../lib/runExample';
import styles from './styles.module.css';

export interface RunnableExampleProps {
  source: string;
  expected?: string;
  path?: string;
  title?: string;
  modules?: ModuleMap;
}

const ExampleRunner = lazy(() => import('./ExampleRunner'));

export default function RunnableExample(props: RunnableExampleProps): ReactNode {
  const title = props.title ?? props.path ?? 'example';
  const fallback = (
    <CodeBlock language="ts" title={title}>
      {props.source}
    </CodeBlock>
  );
  // False on the server and in the render that hydrates, so both show the static block.
  const [inBrowser, setInBrowser] = useState(false);
  useEffect(() => startTransition(() => setInBrowser(true)), []);
  return (
    <div className={styles.example} data-runnable-example={props.path ?? ''}>
      {inBrowser ? (
        <Suspense fallback={fallback}>
          <ExampleRunner {...props} title={title} />
        </Suspense>
      ) : (
        fallback
      )}
    </div>
  );
}
