// An SVG picture of a Ring ORAM tree: one block of cells per bucket (its metadata block, then
// its Z + S slots, wrapped in rows of at most five so the leaves stay wide enough to read),
// buckets in heap order (root 0, children of b at 2b+1 and 2b+2). The picture keeps a minimum
// size and scrolls sideways on narrow screens rather than shrinking its labels.
import type { ReactNode } from 'react';
import ScrollBox from '../ScrollBox';
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

/**
 * An integrity tree over the buckets' metadata (IRO's RIT): each bucket's metadata holds its
 * children's hashes, the root's hash is kept by the client. Drawn as hash links from each
 * metadata cell to its parent's and from the root to a box standing for the chip.
 */
export interface IntegrityTreeView {
  /** Text of the on-chip box, e.g. "on chip: root hash + 3 buckets' metadata (MUST)". */
  chipLabel: string;
  /** Buckets whose metadata the client currently holds on chip (MUST's subtree). */
  onChip(bucket: number): boolean;
}

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
  integrityTree?: IntegrityTreeView | undefined;
  label: string;
}

/** Cell size in SVG units; the picture is drawn at about one unit per CSS pixel. */
const CELL = 22;
const MAX_COLUMNS = 5;
const GAP = 14;

export default function TreeView(props: TreeViewProps): ReactNode {
  const { levels, slotsPerBucket: W } = props;
  const leaves = 2 ** levels;
  const columns = Math.min(W + 1, MAX_COLUMNS);
  const rows = Math.ceil((W + 1) / columns);
  const bucketWidth = columns * CELL;
  const bucketHeight = rows * CELL;
  const spacing = bucketWidth + GAP;
  const width = leaves * spacing;
  const levelGap = bucketHeight + 40;
  const chip = props.integrityTree;
  const top = chip ? 64 : 22;
  const height = top + levels * levelGap + bucketHeight + 8;
  const buckets: ReactNode[] = [];
  const edges: ReactNode[] = [];
  const centre = (b: number): [number, number] => {
    const level = 31 - Math.clz32(b + 1);
    const index = b + 1 - 2 ** level;
    return [((index + 0.5) * width) / 2 ** level, top + level * levelGap];
  };
  /** Top-left corner of cell k (0 = metadata) of a bucket whose block starts at x0, y. */
  const cellAt = (x0: number, y: number, k: number): [number, number] => [
    x0 + (k % columns) * CELL,
    y + Math.floor(k / columns) * CELL,
  ];
  const bucketCount = 2 ** (levels + 1) - 1;
  for (let b = 0; b < bucketCount; b++) {
    const [cx, y] = centre(b);
    const x0 = cx - bucketWidth / 2;
    if (b > 0) {
      const [px, py] = centre((b - 1) >> 1);
      edges.push(
        <line
          key={`e${b}`}
          x1={px}
          y1={py + bucketHeight}
          x2={cx}
          y2={y - 16}
          className={styles.edge}
        />,
      );
      if (chip) {
        // The hash link: this bucket's metadata hash is stored in its parent's metadata.
        const pm = px - bucketWidth / 2 + CELL / 2;
        edges.push(
          <line
            key={`h${b}`}
            x1={x0 + CELL / 2}
            y1={y}
            x2={pm}
            y2={py + CELL}
            className={styles.hashEdge}
          />,
        );
      }
    }
    const look = props.bucketLook?.(b);
    const cells: ReactNode[] = [];
    const metaLook = props.metaLook?.(b);
    const isCurrent = (slot: number | 'meta') =>
      props.current !== undefined && props.current.bucket === b && props.current.slot === slot;
    const held = chip?.onChip(b) === true;
    cells.push(
      <rect
        key="m"
        x={x0}
        y={y}
        width={CELL - 1}
        height={CELL - 1}
        data-on-chip={chip ? (held ? 'yes' : 'no') : undefined}
        className={`${styles.meta} ${metaLook ? (styles[metaLook] ?? '') : ''} ${held ? styles.metaOnChip : ''} ${isCurrent('meta') ? styles.current : ''}`}
      >
        <title>{`bucket ${b}, metadata${held ? ' (held on chip by MUST)' : ''}`}</title>
      </rect>,
    );
    for (let s = 0; s < W; s++) {
      const sl = props.slotLook(b, s);
      const text = props.slotText?.(b, s);
      const [x, sy] = cellAt(x0, y, s + 1);
      cells.push(
        <g key={s} data-slot={`${b}/${s}`} data-look={sl}>
          <rect
            x={x}
            y={sy}
            width={CELL - 1}
            height={CELL - 1}
            className={`${styles.slot} ${styles[sl] ?? ''} ${isCurrent(s) ? styles.current : ''}`}
          >
            <title>{`bucket ${b}, slot ${s}${text !== undefined ? `: block ${text}` : ''}`}</title>
          </rect>
          {text !== undefined && (
            <text x={x + (CELL - 1) / 2} y={sy + CELL / 2 + 5} className={styles.slotText}>
              {text}
            </text>
          )}
        </g>,
      );
    }
    const interactive = props.onBucketClick !== undefined;
    buckets.push(
      // biome-ignore lint/a11y/noStaticElementInteractions: role="button" and tabIndex are set whenever a handler is (an SVG group cannot be a <button>)
      <g
        key={b}
        data-bucket={b}
        data-look={look ?? ''}
        className={interactive ? styles.clickable : undefined}
        onClick={interactive ? () => props.onBucketClick?.(b) : undefined}
        onKeyDown={
          interactive
            ? (e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  props.onBucketClick?.(b);
                }
              }
            : undefined
        }
        role={interactive ? 'button' : undefined}
        tabIndex={interactive ? 0 : undefined}
        aria-label={interactive ? `bucket ${b}` : undefined}
      >
        <rect
          x={x0 - 4}
          y={y - 4}
          width={bucketWidth + 7}
          height={bucketHeight + 7}
          rx={3}
          className={`${styles.bucket} ${held ? styles.bucketOnChip : ''} ${look ? (styles[`bucket_${look}`] ?? '') : ''}`}
        />
        {cells}
        <text x={cx} y={y - 7} className={styles.bucketLabel}>
          {b}
        </text>
      </g>,
    );
  }
  const [rootX] = centre(0);
  const chipBox = chip && (
    <g data-testid="chip-box">
      <rect x={rootX - 210} y={6} width={420} height={30} rx={6} className={styles.chipBox} />
      <text x={rootX} y={26} className={styles.chipText}>
        {chip.chipLabel}
      </text>
      <line
        x1={rootX - bucketWidth / 2 + CELL / 2}
        y1={top}
        x2={rootX - bucketWidth / 2 + CELL / 2}
        y2={36}
        className={styles.hashEdge}
      />
    </g>
  );
  // A picture with clickable buckets is a group of buttons, not an image (an image's children
  // are presentational, so buttons inside one are unreachable for assistive technology).
  return (
    <ScrollBox className={styles.treeScroll} label={props.label}>
      <svg
        className={styles.tree}
        viewBox={`0 0 ${width} ${height}`}
        style={{ minWidth: `${Math.round(width * 0.8)}px` }}
        role={props.onBucketClick ? 'group' : 'img'}
        aria-label={props.label}
        data-testid="oram-tree"
      >
        {chipBox}
        {edges}
        {buckets}
      </svg>
    </ScrollBox>
  );
}
