// The interactive half of RunnableExample, loaded only in the browser. The program runs in a
// Web Worker (exampleWorker.ts), so a long example never blocks the page; the editor is a
// textarea over a syntax-highlighted copy of the same text.
import { usePrismTheme } from '@docusaurus/theme-common';
import { Highlight } from 'prism-react-renderer';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { type ExampleRun, outputText, runExample } from '../../lib/runExample';
import type { ExampleRequest, ExampleResponse } from './exampleWorker';
import type { RunnableExampleProps } from './index';
import styles from './styles.module.css';

type Status = 'idle' | 'running' | 'match' | 'differs' | 'done' | 'error';

function statusOf(run: ExampleRun | null, expected: string | undefined): Status {
  if (run === null) return 'idle';
  if (run.error) return 'error';
  if (expected === undefined) return 'done';
  return outputText(run) === expected ? 'match' : 'differs';
}

const statusLabel: Record<Status, string> = {
  idle: '',
  running: 'running in a Web Worker…',
  match: '✓ matches expected output',
  differs: '≠ differs from expected output',
  done: 'finished',
  error: '✗ threw an error',
};

/**
 * One worker per example box, started on the first Run and kept for the next (the packages
 * load once). Stop terminates it: a running program is one synchronous loop that would read a
 * "stop" message only after finishing.
 */
function useExampleWorker() {
  const worker = useRef<Worker | null>(null);
  const pending = useRef<{ id: number; resolve: (r: ExampleResponse | null) => void } | null>(null);
  const nextId = useRef(0);
  useEffect(
    () => () => {
      worker.current?.terminate();
      worker.current = null;
    },
    [],
  );
  const run = useCallback((code: string) => {
    if (worker.current === null) {
      const w = new Worker(new URL('./exampleWorker.ts', import.meta.url));
      w.onmessage = (e: MessageEvent<ExampleResponse>) => {
        const p = pending.current;
        if (p && p.id === e.data.id) {
          pending.current = null;
          p.resolve(e.data);
        }
      };
      w.onerror = (e) => {
        const p = pending.current;
        pending.current = null;
        p?.resolve({
          id: p.id,
          ms: 0,
          run: { lines: [], error: { name: 'WorkerError', message: e.message } },
        });
      };
      worker.current = w;
    }
    const id = ++nextId.current;
    return new Promise<ExampleResponse | null>((resolve) => {
      pending.current?.resolve(null);
      pending.current = { id, resolve };
      worker.current?.postMessage({ id, code } satisfies ExampleRequest);
    });
  }, []);
  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
    pending.current?.resolve(null);
    pending.current = null;
  }, []);
  return { run, stop };
}

function HighlightedCode({ code }: { code: string }): ReactNode {
  const theme = usePrismTheme();
  return (
    <Highlight code={code} language="tsx" theme={theme}>
      {({ tokens, getLineProps, getTokenProps }) => (
        <pre className={styles.highlight} aria-hidden="true" style={{ background: 'none' }}>
          {tokens.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines of one text, re-rendered whole
            <span key={i} {...getLineProps({ line })}>
              {line.map((token, k) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: tokens of one line
                <span key={k} {...getTokenProps({ token })} />
              ))}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </Highlight>
  );
}

export default function ExampleRunner(props: RunnableExampleProps & { title: string }): ReactNode {
  const [code, setCode] = useState(props.source);
  const [run, setRun] = useState<ExampleRun | null>(null);
  const [running, setRunning] = useState(false);
  const [ms, setMs] = useState(0);
  const worker = useExampleWorker();
  const theme = usePrismTheme();
  const status: Status = running ? 'running' : statusOf(run, props.expected);
  const lineCount = code.split('\n').length;

  const onRun = async () => {
    setRunning(true);
    setRun(null);
    if (props.modules) {
      // Custom modules are live objects that cannot cross to a worker: run them here.
      const t0 = performance.now();
      setRun(runExample(code, props.modules));
      setMs(performance.now() - t0);
      setRunning(false);
      return;
    }
    const result = await worker.run(code);
    if (result === null) return; // stopped, or superseded by a newer run
    setRun(result.run);
    setMs(result.ms);
    setRunning(false);
  };
  const onStop = () => {
    worker.stop();
    setRunning(false);
  };

  return (
    <>
      <div className={styles.header}>
        <span className={styles.title}>{props.title}</span>
        {code !== props.source && <span className={styles.edited}>edited</span>}
      </div>
      <div
        className={styles.editorWrap}
        style={{ background: theme.plain.backgroundColor, color: theme.plain.color }}
      >
        <HighlightedCode code={code} />
        <textarea
          className={styles.editor}
          value={code}
          spellCheck={false}
          aria-label={`source of ${props.title}`}
          rows={Math.min(Math.max(lineCount, 4), 40)}
          onChange={(e) => setCode(e.target.value)}
          onScroll={(e) => {
            const pre = e.currentTarget.previousElementSibling as HTMLElement | null;
            if (pre) {
              pre.scrollTop = e.currentTarget.scrollTop;
              pre.scrollLeft = e.currentTarget.scrollLeft;
            }
          }}
          onKeyDown={(e) => {
            // Ctrl/Cmd+Enter runs, as in most playgrounds.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void onRun();
            }
          }}
        />
      </div>
      <div className={styles.toolbar}>
        <button
          type="button"
          className="button button--primary button--sm"
          aria-disabled={running || undefined}
          onClick={() => {
            if (!running) void onRun();
          }}
        >
          Run
        </button>
        {running && (
          <button type="button" className="button button--secondary button--sm" onClick={onStop}>
            Stop
          </button>
        )}
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
        <span className={styles.status} data-status={status} aria-live="polite">
          {statusLabel[status]}
          {run && !running && ` (${ms.toFixed(0)} ms)`}
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
