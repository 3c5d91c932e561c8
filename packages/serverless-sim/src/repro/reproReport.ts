// The shape every reproduction returns: table rows (what the CLI writes as CSV and the docs
// chart), the paper's figures beside ours with the gap and its cause, and notes on the setup.

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

export interface ReproReport {
  id: string;
  title: string;
  rows: ReproRow[];
  comparisons: Comparison[];
  notes: string[];
  /** Further tables (e.g. per-function P99), each written to its own CSV. */
  tables?: { id: string; title: string; rows: ReproRow[] }[];
}
