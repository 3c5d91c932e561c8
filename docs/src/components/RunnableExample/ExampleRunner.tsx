// The interactive half of RunnableExample, loaded only in the browser (it pulls in sucrase
// and the packages).
import { type ReactNode, useState } from 'react';
import { exampleModules } from '../../lib/exampleModules';
import { type ExampleRun, outputText, runExample } from '../../lib/runExample';
import type { RunnableExampleProps } from './index';
import styles from './styles.module.css';

type Status = 'idle' | 'match' | 'differs' | 'done' | 'error';

function statusOf(run: ExampleRun | null, expected: string | undefined): Status {
  if (run === null) return 'idle';
  if (run.error) return 'error';
  if (expected === undefined) return 'done';
  return outputText(run) === expected ? 'match' : 'differs';
}

const statusLabel: Record<Status, string> = {
  idle: '',
  match: '✓ matches expected output',
  differs: '≠ differs from expected output',
  done: 'finished',
  error: '✗ threw an error',
};

export default function ExampleRunner(props: RunnableExampleProps & { title: string }): ReactNode {
  const [code, setCode] = useState(props.source);
  const [run, setRun] = useState<ExampleRun | null>(null);
  const [ms, setMs] = useState(0);
  const status = statusOf(run, props.expected);
  const lineCount = code.split('\n').length;

  const onRun = () => {
    const t0 = performance.now();
    setRun(runExample(code, props.modules ?? exampleModules));
    setMs(performance.now() - t0);
  };

  return (
    <>
      <div className={styles.header}>
        <span className={styles.title}>{props.title}</span>
        {code !== props.source && <span className={styles.edited}>edited</span>}
      </div>
      <textarea
        className={styles.editor}
        value={code}
        spellCheck={false}
        aria-label={`source of ${props.title}`}
        rows={Math.min(Math.max(lineCount, 4), 40)}
        onChange={(e) => setCode(e.target.value)}
        onKeyDown={(e) => {
          // Ctrl/Cmd+Enter runs, as in most playgrounds.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            onRun();
          }
        }}
      />
      <div className={styles.toolbar}>
        <button type="button" className="button button--primary button--sm" onClick={onRun}>
          Run
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          disabled={code === props.source}
          onClick={() => {
            setCode(props.source);
            setRun(null);
          }}
        >
          Reset
        </button>
        <span className={styles.status} data-status={status}>
          {statusLabel[status]}
          {run && ` (${ms.toFixed(0)} ms)`}
        </span>
      </div>
      {run && (
        <div className={styles.outputBox}>
          <pre className={styles.output} data-testid="example-output">
            {outputText(run)}
          </pre>
          {run.error && (
            <pre className={styles.error} role="alert" data-testid="example-error">
              {run.error.name}: {run.error.message}
            </pre>
          )}
        </div>
      )}
      {props.expected !== undefined && (
        <details className={styles.expected}>
          <summary>Expected output (stored beside the example and checked by the tests)</summary>
          <pre data-testid="example-expected">{props.expected}</pre>
        </details>
      )}
    </>
  );
}
