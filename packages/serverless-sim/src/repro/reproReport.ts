// The shape every reproduction returns: table rows (what the CLI writes as CSV and the docs
// chart), the paper's figures beside ours with the gap and its cause, figures for the docs with
// the paper's value beside the simulated one, and notes on the setup.

/** One table row: platform name and its metrics. */
export type ReproRow = Record<string, string | number>;

/** One of the paper's headline figures against the simulated one. */
export interface Comparison {
  metric: string;
  /** The paper's figure, with its source tag. */
  paper: string;
  simulated: string;
  /** By how much they differ. */
  gap: string;
  /** Which assumption drives the difference. */
  why: string;
}

/** One value of a figure: simulated, or the paper's (from its text or read off its chart). */
export interface FigurePoint {
  /** Category on the figure's axis (a function, a workload, a baseline). */
  group: string;
  /** Which system or metric (a colour on the figure). */
  series: string;
  value: number;
  source: 'simulated' | 'paper';
}

/** A figure for the docs: the same numbers as the tables, with the paper's beside them. */
export interface ReproFigure {
  id: string;
  title: string;
  /** Axis label with its unit. */
  unit: string;
  /** Latency tails are drawn on a log scale. */
  scale: 'linear' | 'log';
  points: FigurePoint[];
  /** Where the paper's points come from. */
  note: string;
}

export interface ReproReport {
  id: string;
  title: string;
  /** The headline in the paper's own metric, one row per (system, metric). */
  headline: ReproRow[];
  rows: ReproRow[];
  /** What one row of `rows` is ("Every platform", "Per workload"). */
  rowsTitle: string;
  comparisons: Comparison[];
  notes: string[];
  /** Further tables (e.g. per-function P99), each written to its own CSV. */
  tables?: { id: string; title: string; rows: ReproRow[] }[];
  figures: ReproFigure[];
}
