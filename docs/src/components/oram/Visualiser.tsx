// The Ring ORAM visualiser: a real @paperlab/oram Ring ORAM (see oramSession.ts), one logical
// access at a time, stepped through its physical trace.
import { createRng } from '@paperlab/stats';
import { type ReactNode, useMemo, useRef, useState } from 'react';
import LabelledField from '../LabelledField';
import ScrollBox from '../ScrollBox';
import { parseIntegerField } from './fieldInput';
import { createOramSession, type ModelCheck, type OramSession, stateAt } from './oramSession';
import styles from './styles.module.css';
import TreeView from './TreeView';
import { describeOp, nextPhaseStep, phaseName, stepView } from './visualiserView';

export default function Visualiser(): ReactNode {
  const [seed, setSeed] = useState('visualiser');
  const sessionRef = useRef<OramSession | null>(null);
  if (sessionRef.current === null) sessionRef.current = createOramSession({ seed });
  const session = sessionRef.current;
  const g = session.geometry;
  const workload = useRef(createRng(`${seed}/workload`));
  const [, setVersion] = useState(0);
  const [step, setStep] = useState(0);
  const [op, setOp] = useState<'read' | 'write'>('write');
  // The fields hold what the reader typed; they are parsed (and an empty one refused) only
  // when an access is made, so a half-typed number is never silently 0.
  const [addr, setAddr] = useState('5');
  const [value, setValue] = useState('42');
  const [error, setError] = useState<string | null>(null);
  const [check, setCheck] = useState<ModelCheck | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const current = session.history.at(-1);
  const shown = useMemo(
    () => (current ? stateAt(session.before, current, step) : session.state),
    [current, session, step],
  );
  const done = current ? current.events.slice(0, step) : [];
  const currentEvent = step > 0 ? done[step - 1] : undefined;

  const run = (f: () => void) => {
    setError(null);
    setNote(null);
    try {
      f();
    } catch (e) {
      setError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
    setCheck(session.check());
    setVersion((v) => v + 1);
  };

  const access = (o: 'read' | 'write', a: number, v: number, stepThrough: boolean) => {
    const logical = session.access(o, a, v);
    setStep(stepThrough ? 0 : logical.events.length);
  };

  const randomAccess = () => {
    const r = workload.current;
    const a = r.int(0, g.capacity - 1);
    if (r.bernoulli(0.5)) access('write', a, r.int(0, 255), false);
    else access('read', a, 0, false);
  };

  // Looks for the next access that triggers an early reshuffle, and shows it from its start.
  const untilReshuffle = () => {
    for (let i = 0; i < 500; i++) {
      const before = session.history.at(-1)?.earlyReshuffles ?? 0;
      randomAccess();
      const last = session.history.at(-1)!;
      if (last.earlyReshuffles > before || last.events.some((e) => e.phase === 'reshuffle')) {
        setStep(last.onlineEnd);
        setNote(
          `access #${last.n} (${i + 1} random accesses later) early-reshuffled a bucket read S = ${g.S} times since its last write`,
        );
        return;
      }
    }
    setNote('no early reshuffle in 500 accesses');
  };

  // What each bucket and slot looks like at this step of the current access.
  const { bucketLook, slotLook, slotText, pathLeaf, evictLeaf } = stepView(
    g.levels,
    shown,
    done,
    current?.events ?? [],
  );
  const complete = current !== undefined && step >= current.events.length;

  const accessFromFields = () => {
    const a = parseIntegerField('address', addr);
    const v = op === 'write' ? parseIntegerField('value', value) : 0;
    access(op, a, v, true);
  };

  const stepTo = (n: number) => setStep(Math.max(0, Math.min(n, current?.events.length ?? 0)));
  const nextPhase = () => {
    if (current) stepTo(nextPhaseStep(current.events, step));
  };

  return (
    <div className={styles.box} data-testid="oram-visualiser">
      <div className={styles.controls}>
        <label>
          operation
          <select
            value={op}
            onChange={(e) => setOp(e.target.value as 'read' | 'write')}
            aria-label="operation"
          >
            <option value="write">write</option>
            <option value="read">read</option>
          </select>
        </label>
        <LabelledField
          label="address"
          type="number"
          min={0}
          max={g.capacity - 1}
          value={addr}
          onChange={setAddr}
        />
        {op === 'write' && (
          <LabelledField
            label="value"
            type="number"
            min={0}
            max={255}
            value={value}
            onChange={setValue}
          />
        )}
        <button
          type="button"
          className="button button--primary button--sm"
          onClick={() => run(accessFromFields)}
        >
          Access
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          disabled={!current || step >= current.events.length}
          onClick={() => stepTo(step + 1)}
        >
          Step
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          disabled={!current || step >= current.events.length}
          onClick={nextPhase}
        >
          Next phase
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          disabled={!current || step >= current.events.length}
          onClick={() => stepTo(current?.events.length ?? 0)}
        >
          Finish
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          onClick={() => run(randomAccess)}
        >
          Random access
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          onClick={() => run(untilReshuffle)}
        >
          Run until an early reshuffle
        </button>
        <LabelledField label="seed" type="text" value={seed} onChange={setSeed} />
        <button
          type="button"
          className="button button--outline button--secondary button--sm"
          onClick={() => {
            if (seed.trim() === '') {
              setError(
                'RangeError: seed is empty: enter any text (the same seed gives the same run)',
              );
              return;
            }
            sessionRef.current = createOramSession({ seed });
            workload.current = createRng(`${seed}/workload`);
            setStep(0);
            setCheck(null);
            setError(null);
            setNote(null);
            setVersion((v) => v + 1);
          }}
        >
          New ORAM
        </button>
      </div>
      <div className={styles.status} aria-live="polite">
        N = {g.capacity} blocks, L = {g.levels} ({g.bucketCount} buckets, {2 ** g.levels} leaves), Z
        = {g.Z} real + S = {g.S} dummy slots per bucket, eviction every A = {g.A} accesses.{' '}
        {current ? (
          <span data-testid="viz-step">
            Access #{current.n} <code>{describeOp(current)}</code>: physical access {step} of{' '}
            {current.events.length}
            {currentEvent ? ` (${phaseName[currentEvent.phase]})` : ' (not started)'}
            {pathLeaf !== undefined ? `; ReadPath to leaf ${pathLeaf}` : ''}
            {evictLeaf !== undefined ? `; EvictPath to leaf ${evictLeaf}` : ''}.
          </span>
        ) : (
          <span data-testid="viz-step">No access yet: press Access.</span>
        )}
        {complete && (
          <span data-testid="viz-complete">
            {' '}
            Access #{current.n} is complete: Step, Next phase and Finish are off until the next
            access (press Access, Random access or Run until an early reshuffle).
          </span>
        )}
      </div>
      {error && (
        <div className={styles.errorBox} role="alert" data-testid="viz-error">
          {error}
        </div>
      )}
      {note && <div className={styles.status}>{note}</div>}
      <TreeView
        levels={g.levels}
        slotsPerBucket={g.slotsPerBucket}
        slotLook={slotLook}
        slotText={slotText}
        bucketLook={bucketLook}
        current={
          currentEvent ? { bucket: currentEvent.bucket, slot: currentEvent.slot } : undefined
        }
        label="Ring ORAM tree"
      />
      <div className={styles.legend}>
        <span>
          <span className={styles.swatch} style={{ background: '#b8c7d9' }} />
          metadata
        </span>
        <span>
          <span className={styles.swatch} style={{ background: '#8fd18f' }} />
          real block (number = address)
        </span>
        <span>
          <span className={styles.swatch} style={{ background: '#f4f4f4' }} />
          valid dummy
        </span>
        <span>
          <span className={styles.swatch} style={{ background: '#9a9a9a' }} />
          already read (invalid)
        </span>
        <span>
          <span className={styles.swatch} style={{ background: '#2ca02c' }} />
          slot read: the block
        </span>
        <span>
          <span className={styles.swatch} style={{ background: '#f2c14e' }} />
          slot read: a dummy
        </span>
        <span>
          <span className={styles.swatch} style={{ background: '#ff9f4a' }} />
          rewritten (real) / <span className={styles.swatch} style={{ background: '#ffd8b0' }} />
          (dummy)
        </span>
        <span>
          <span className={styles.legendLine} style={{ borderColor: '#1f77b4' }} />
          read path
        </span>
        <span>
          <span className={styles.legendLine} style={{ borderColor: '#c25400' }} />
          eviction path
        </span>
        <span>
          <span
            className={styles.legendLine}
            style={{ borderColor: '#7b4fa6', borderTopStyle: 'dashed' }}
          />
          early reshuffle
        </span>
      </div>
      <div className={styles.panel}>
        <h3 className={styles.panelTitle}>Stash (client memory)</h3>
        <div className={styles.chips} data-testid="viz-stash">
          {shown.stash.size === 0
            ? 'empty'
            : [...shown.stash.entries()]
                .sort((x, y) => x[0] - y[0])
                .map(([a, v]) => (
                  <span key={a} className={styles.chip}>
                    block {a} = {v}
                  </span>
                ))}
        </div>
        {current && (
          <div className={styles.status}>
            After access #{current.n} the library reports {current.stashSize} block(s) in the stash,{' '}
            {current.evictions} eviction(s) and {current.earlyReshuffles} early reshuffle(s) so far.{' '}
            {check && (
              <span className={check.ok ? styles.ok : styles.bad} data-testid="model-check">
                {check.ok ? '✓' : '✗'} {check.detail}
              </span>
            )}
          </div>
        )}
      </div>
      <div className={styles.columnsWide}>
        <div className={styles.panel}>
          <h3 className={styles.panelTitle}>What the server sees</h3>
          <ScrollBox className={styles.scroll} label="server trace">
            <table className={styles.table} data-testid="server-trace">
              <thead>
                <tr>
                  <th>#</th>
                  <th>op</th>
                  <th>bucket</th>
                  <th>slot</th>
                  <th>phase</th>
                  <th className={styles.clientOnly}>client only</th>
                </tr>
              </thead>
              <tbody>
                {current?.events.map((e, i) => (
                  <tr
                    key={e.seq}
                    data-testid="trace-row"
                    data-done={i < step ? 'yes' : 'no'}
                    data-current={i === step - 1 ? 'yes' : 'no'}
                    className={
                      i === step - 1
                        ? styles.rowCurrent
                        : i < step
                          ? styles.rowDone
                          : styles.rowPending
                    }
                  >
                    <td>{e.seq}</td>
                    <td>{e.op}</td>
                    <td>{e.bucket}</td>
                    <td>{e.slot}</td>
                    <td>{phaseName[e.phase]}</td>
                    <td className={styles.clientOnly}>
                      {e.slot === 'meta' ? '' : e.content ? `block ${e.content.addr}` : 'dummy'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          <p className={styles.status}>
            The server sees only the first five columns: bucket, slot, read or write (the phase
            follows from the public schedule: an eviction every A accesses). It cannot tell the
            block from a dummy; only the client, which decrypts the metadata, knows.
          </p>
        </div>
        <div className={styles.panel}>
          <h3 className={styles.panelTitle}>What the program did (latest first)</h3>
          <ScrollBox className={styles.logBox} label="program log">
            <ol className={styles.log} data-testid="program-log">
              {[...session.history].reverse().map((h) => (
                <li key={h.n} value={h.n}>
                  <code>{describeOp(h)}</code> — {h.events.length} physical accesses
                </li>
              ))}
            </ol>
          </ScrollBox>
        </div>
      </div>
    </div>
  );
}
