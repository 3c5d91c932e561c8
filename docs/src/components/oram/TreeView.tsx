// An SVG picture of a Ring ORAM tree: one row of cells per bucket (its metadata block, then
// its Z + S slots), buckets in heap order (root 0, children of b at 2b+1 and 2b+2).
import type { ReactNode } from 'react';
import styles from './styles.module.css';

export type SlotLook =
  | 'dummy'
  | 'real'
  | 'used'
  | 'readReal'
  | 'readDummy'
  | 'written'
  | 'writtenReal'
  | 'unknown'
  | 'dead';

export type BucketLook = 'path' | 'evict' | 'reshuffle' | 'selected' | 'error' | undefined;

export interface TreeViewProps {
  levels: number;
  slotsPerBucket: number;
  slotLook(bucket: number, slot: number): SlotLook;
  /** Text inside a slot (e.g. the block address), if any. */
  slotText?(bucket: number, slot: number): string | undefined;
  metaLook?(bucket: number): SlotLook | undefined;
  bucketLook?(bucket: number): BucketLook;
  /** The physical access being shown, outlined. */
  current?: { bucket: number; slot: number | 'meta' } | undefined;
  onBucketClick?(bucket: number): void;
  label: string;
}

const CELL = 14;
const LEVEL_GAP = 56;
const TOP = 18;

export default function TreeView(props: TreeViewProps): ReactNode {
  const { levels, slotsPerBucket: W } = props;
  const leaves = 2 ** levels;
  const bucketWidth = (W + 1) * CELL;
  const spacing = bucketWidth + 12;
  const width = leaves * spacing;
  const height = TOP + (levels + 1) * LEVEL_GAP;
  const buckets: ReactNode[] = [];
  const edges: ReactNode[] = [];
  const centre = (b: number): [number, number] => {
    const level = 31 - Math.clz32(b + 1);
    const index = b + 1 - 2 ** level;
    return [((index + 0.5) * width) / 2 ** level, TOP + level * LEVEL_GAP];
  };
  const bucketCount = 2 ** (levels + 1) - 1;
  for (let b = 0; b < bucketCount; b++) {
    const [cx, y] = centre(b);
    if (b > 0) {
      const [px, py] = centre((b - 1) >> 1);
      edges.push(
        <line key={`e${b}`} x1={px} y1={py + CELL} x2={cx} y2={y} className={styles.edge} />,
      );
    }
    const x0 = cx - bucketWidth / 2;
    const look = props.bucketLook?.(b);
    const cells: ReactNode[] = [];
    const metaLook = props.metaLook?.(b);
    const isCurrent = (slot: number | 'meta') =>
      props.current !== undefined && props.current.bucket === b && props.current.slot === slot;
    cells.push(
      <rect
        key="m"
        x={x0}
        y={y}
        width={CELL - 1}
        height={CELL - 1}
        className={`${styles.meta} ${metaLook ? (styles[metaLook] ?? '') : ''} ${isCurrent('meta') ? styles.current : ''}`}
      >
        <title>{`bucket ${b}, metadata`}</title>
      </rect>,
    );
    for (let s = 0; s < W; s++) {
      const sl = props.slotLook(b, s);
      const text = props.slotText?.(b, s);
      const x = x0 + (s + 1) * CELL;
      cells.push(
        <g key={s} data-slot={`${b}/${s}`} data-look={sl}>
          <rect
            x={x}
            y={y}
            width={CELL - 1}
            height={CELL - 1}
            className={`${styles.slot} ${styles[sl] ?? ''} ${isCurrent(s) ? styles.current : ''}`}
          >
            <title>{`bucket ${b}, slot ${s}${text !== undefined ? `: block ${text}` : ''}`}</title>
          </rect>
          {text !== undefined && (
            <text x={x + (CELL - 1) / 2} y={y + CELL / 2 + 3} className={styles.slotText}>
              {text}
            </text>
          )}
        </g>,
      );
    }
    buckets.push(
      // biome-ignore lint/a11y/noStaticElementInteractions: role="button" and tabIndex are set whenever a handler is (an SVG group cannot be a <button>)
      <g
        key={b}
        data-bucket={b}
        data-look={look ?? ''}
        className={props.onBucketClick ? styles.clickable : undefined}
        onClick={props.onBucketClick ? () => props.onBucketClick?.(b) : undefined}
        onKeyDown={
          props.onBucketClick
            ? (e) => {
                if (e.key === 'Enter' || e.key === ' ') props.onBucketClick?.(b);
              }
            : undefined
        }
        role={props.onBucketClick ? 'button' : undefined}
        tabIndex={props.onBucketClick ? 0 : undefined}
        aria-label={props.onBucketClick ? `bucket ${b}` : undefined}
      >
        <rect
          x={x0 - 3}
          y={y - 3}
          width={bucketWidth + 5}
          height={CELL + 5}
          rx={3}
          className={`${styles.bucket} ${look ? (styles[`bucket_${look}`] ?? '') : ''}`}
        />
        {cells}
        <text x={cx} y={y - 6} className={styles.bucketLabel}>
          {b}
        </text>
      </g>,
    );
  }
  return (
    <svg
      className={styles.tree}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={props.label}
      data-testid="oram-tree"
    >
      {edges}
      {buckets}
    </svg>
  );
}
