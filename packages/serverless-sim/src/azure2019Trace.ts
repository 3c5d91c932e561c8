// Azure Functions 2019 trace ("Serverless in the Wild", ATC'20; CC BY 4.0):
//   invocations: HashOwner,HashApp,HashFunction,Trigger,1,2,…,1440  (count per minute of a day;
//                files cut to a window keep the minute numbers as headers, e.g. 480..959)
//   durations:   HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,
//                percentile_Average_0,_1,_25,_50,_75,_99,_100   (ms, excluding cold start)
//   memory:      HashOwner,HashApp,[HashFunction,]SampleCount,AverageAllocatedMb,
//                AverageAllocatedMb_pct1,…                        (per app, MiB)
// The builder takes lines one at a time and keeps only the non-zero minute counts, so memory
// grows with the number of busy (function, minute) cells, not with the file size. Browser-safe.
import { checkOptionNames } from '@paperlab/stats';
import type { FunctionProfile } from './functionProfile.js';
import { azureStatistics } from './parameters.js';
import { clip, fieldAt, parseCount, parseDecimal, requireText, stripBom } from './traceFields.js';
import { MinuteCountsWorkload } from './workloads/minuteCountsWorkload.js';

/** The 2019 files hold one day each, so minute columns are numbered 1…1440 (ATC'20 schema). */
export const azure2019LastMinute = 1440;

/**
 * Default cap on one minute's invocations summed over all functions. The replay expands a
 * minute at a time (20 bytes per arrival), so this bounds its memory near 84 MB. The real rows
 * we checked peak at 9,736 per minute over 10 functions (vHive/InVitro's 10-function day-1 sample).
 */
export const azure2019DefaultMaxPerMinute = 2 ** 22;

/** Hard ceiling for `maxInvocationsPerMinute` (a minute's expansion then takes ~1.3 GB). */
export const azure2019MaxPerMinuteCeiling = 2 ** 26;

/** Largest mean duration (ms) or memory (MiB) accepted from the durations and memory files. */
const MAX_PROFILE_VALUE = 1e9;

function splitCsv(line: string): string[] {
  // The trace files hold hashes and numbers only: no quoted fields.
  return line.split(',');
}

function columnIndex(header: string[], name: string, file: string): number {
  const i = header.indexOf(name);
  if (i < 0)
    throw new RangeError(
      `${file} header must contain a ${name} column, got ${clip(header.slice(0, 6).join(','))}…`,
    );
  return i;
}

export interface Azure2019Options {
  /** How arrivals spread inside a minute: evenly spaced or uniformly at random. */
  spread?: 'even' | 'uniform';
  /** Keep functions with at least this many invocations in total. */
  minInvocations?: number;
}

export interface Azure2019BuilderOptions {
  /**
   * Most invocations one minute may hold over all functions, an integer in
   * [1, 2^26]; default 2^22. Bounds the replay's memory (20 bytes per arrival of a minute).
   */
  maxInvocationsPerMinute?: number;
}

/** Columns the durations file must have, and the ones read from it. */
interface DurationColumns {
  app: number;
  fn: number;
  average: number;
  p50: number;
  p99: number;
}

export class Azure2019TraceBuilder {
  private invHeader: string[] | undefined;
  private firstMinuteCol = 4;
  private minuteLabels: number[] = [];
  private readonly maxPerMinute: number;
  /** Invocations so far per minute label, over all functions (index = label). */
  private readonly minuteTotals = new Float64Array(azure2019LastMinute + 1);
  private readonly rowCounts = new Float64Array(azure2019LastMinute);
  private readonly fnIndex = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly apps: string[] = [];
  private readonly owners: string[] = [];
  private readonly triggers: string[] = [];
  private totals: number[] = [];
  // Non-zero cells.
  private cellFn = new Int32Array(1024);
  private cellMinute = new Int32Array(1024);
  private cellCount = new Float64Array(1024);
  private cells = 0;
  private durHeader: string[] | undefined;
  private durCols: DurationColumns | undefined;
  private durLineNo = 0;
  private readonly durations = new Map<string, { p50: number; p99: number; average: number }>();
  private memHeader: string[] | undefined;
  private memApp = 0;
  private memValue = 0;
  private memLineNo = 0;
  private readonly memoryByApp = new Map<string, number>();
  private lineNo = 0;

  constructor(options: Azure2019BuilderOptions = {}) {
    checkOptionNames<Azure2019BuilderOptions>('Azure2019TraceBuilder', options, {
      maxInvocationsPerMinute: true,
    });
    const max = options.maxInvocationsPerMinute ?? azure2019DefaultMaxPerMinute;
    if (!(Number.isInteger(max) && max >= 1 && max <= azure2019MaxPerMinuteCeiling)) {
      throw new RangeError(
        `maxInvocationsPerMinute must be an integer in [1, 2^26], got ${String(max)}`,
      );
    }
    this.maxPerMinute = max;
  }

  /**
   * Feeds one line of the invocations file (header first). A rejected line leaves the builder
   * as it was.
   */
  invocationsLine(line: string): void {
    this.lineNo++;
    if (this.invHeader === undefined) line = stripBom(line);
    if (line.length === 0) return;
    const cols = splitCsv(line);
    if (this.invHeader === undefined) {
      this.header(cols);
      return;
    }
    const h = this.invHeader;
    const lineNo = this.lineNo;
    if (cols.length !== h.length) {
      throw new RangeError(
        `invocations line ${lineNo} must have ${h.length} fields, got ${cols.length}`,
      );
    }
    for (let j = 0; j < this.firstMinuteCol; j++) {
      requireText(cols[j]!, () => fieldAt('invocations', lineNo, j, h[j]));
    }
    // Parse and check the whole row before touching any state.
    const counts = this.rowCounts;
    let total = 0;
    for (let j = 0; j < this.minuteLabels.length; j++) {
      const col = this.firstMinuteCol + j;
      const s = cols[col]!;
      const c =
        s === '0'
          ? 0
          : parseCount(s, this.maxPerMinute, () => fieldAt('invocations', lineNo, col, h[col]));
      const label = this.minuteLabels[j]!;
      if (c > 0 && this.minuteTotals[label]! + c > this.maxPerMinute) {
        throw new RangeError(
          `${fieldAt('invocations', lineNo, col, h[col])}: minute ${label} would hold ${this.minuteTotals[label]! + c} invocations over all functions, more than maxInvocationsPerMinute (${this.maxPerMinute})`,
        );
      }
      counts[j] = c;
      total += c;
    }
    const key = `${cols[1]}/${cols[2]}`;
    let fn = this.fnIndex.get(key);
    if (fn === undefined) {
      fn = this.keys.length;
      this.fnIndex.set(key, fn);
      this.keys.push(key);
      this.owners.push(cols[0]!);
      this.apps.push(cols[1]!);
      this.triggers.push(cols[3]!);
      this.totals.push(0);
    }
    for (let j = 0; j < this.minuteLabels.length; j++) {
      const c = counts[j]!;
      if (c === 0) continue;
      if (this.cells === this.cellFn.length) this.growCells();
      const label = this.minuteLabels[j]!;
      this.cellFn[this.cells] = fn;
      this.cellMinute[this.cells] = label;
      this.cellCount[this.cells] = c;
      this.cells++;
      this.minuteTotals[label]! += c;
    }
    this.totals[fn] = this.totals[fn]! + total;
  }

  private header(cols: string[]): void {
    // The row reader takes owner, app, function and trigger by position, as the schema has them.
    if (cols.slice(0, 4).join(',') !== 'HashOwner,HashApp,HashFunction,Trigger') {
      throw new RangeError(
        `invocations header must start HashOwner,HashApp,HashFunction,Trigger, got ${clip(cols.slice(0, 4).join(','))}`,
      );
    }
    const first = 4;
    const labels: number[] = [];
    const seen = new Set<number>();
    for (let i = first; i < cols.length; i++) {
      const where = () => fieldAt('invocations', 1, i, 'header');
      const text = cols[i]!;
      const m = /^[0-9]{1,4}$/.test(text) ? Number(text) : Number.NaN;
      if (!(m >= 1 && m <= azure2019LastMinute))
        throw new RangeError(
          `${where()} must be a minute number in [1, 1440], got "${clip(text)}"`,
        );
      if (seen.has(m)) throw new RangeError(`${where()} repeats minute ${m}`);
      seen.add(m);
      labels.push(m);
    }
    if (labels.length === 0)
      throw new RangeError('invocations header must list minute columns after Trigger');
    this.firstMinuteCol = first;
    this.minuteLabels = labels;
    this.invHeader = cols;
  }

  /** Feeds one line of the durations file (header first). */
  durationsLine(line: string): void {
    this.durLineNo++;
    if (this.durHeader === undefined) line = stripBom(line);
    if (line.length === 0) return;
    const cols = splitCsv(line);
    if (this.durHeader === undefined) {
      this.durCols = {
        app: columnIndex(cols, 'HashApp', 'durations'),
        fn: columnIndex(cols, 'HashFunction', 'durations'),
        average: columnIndex(cols, 'Average', 'durations'),
        p50: columnIndex(cols, 'percentile_Average_50', 'durations'),
        p99: columnIndex(cols, 'percentile_Average_99', 'durations'),
      };
      this.durHeader = cols;
      return;
    }
    const h = this.durHeader;
    const d = this.durCols!;
    const lineNo = this.durLineNo;
    if (cols.length !== h.length) {
      throw new RangeError(
        `durations line ${lineNo} must have ${h.length} fields, got ${cols.length}`,
      );
    }
    const text = (i: number) => requireText(cols[i]!, () => fieldAt('durations', lineNo, i, h[i]));
    const num = (i: number) =>
      parseDecimal(cols[i]!, MAX_PROFILE_VALUE, () => fieldAt('durations', lineNo, i, h[i]));
    const key = `${text(d.app)}/${text(d.fn)}`;
    const value = { p50: num(d.p50), p99: num(d.p99), average: num(d.average) };
    this.durations.set(key, value);
  }

  /** Feeds one line of the memory file (header first). */
  memoryLine(line: string): void {
    this.memLineNo++;
    if (this.memHeader === undefined) line = stripBom(line);
    if (line.length === 0) return;
    const cols = splitCsv(line);
    if (this.memHeader === undefined) {
      this.memApp = columnIndex(cols, 'HashApp', 'memory');
      const pct50 = cols.indexOf('AverageAllocatedMb_pct50');
      this.memValue = pct50 >= 0 ? pct50 : columnIndex(cols, 'AverageAllocatedMb', 'memory');
      this.memHeader = cols;
      return;
    }
    const h = this.memHeader;
    const lineNo = this.memLineNo;
    if (cols.length !== h.length) {
      throw new RangeError(
        `memory line ${lineNo} must have ${h.length} fields, got ${cols.length}`,
      );
    }
    const app = requireText(cols[this.memApp]!, () =>
      fieldAt('memory', lineNo, this.memApp, h[this.memApp]),
    );
    const mb = parseDecimal(cols[this.memValue]!, MAX_PROFILE_VALUE, () =>
      fieldAt('memory', lineNo, this.memValue, h[this.memValue]),
    );
    if (mb > 0) this.memoryByApp.set(app, mb);
  }

  /** Invocation count of each function, in function-id order (for checks). */
  functionTotals(): number[] {
    return this.totals.slice();
  }

  /**
   * Function profiles (durations → lognormal execution time by median and p99; app memory →
   * footprint; missing values → the ATC'20 medians) and the replay workload.
   */
  build(options: Azure2019Options = {}): {
    functions: FunctionProfile[];
    workload: MinuteCountsWorkload;
  } {
    checkOptionNames<Azure2019Options>('Azure2019TraceBuilder.build', options, {
      spread: true,
      minInvocations: true,
    });
    const min = options.minInvocations ?? 1;
    // NaN used to keep every function (no total is < NaN), and an unknown spread ran 'uniform'.
    if (typeof min !== 'number' || !(min >= 0 && min < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`minInvocations must be a finite number >= 0, got ${String(min)}`);
    }
    const spread = options.spread ?? 'uniform';
    if (spread !== 'even' && spread !== 'uniform') {
      throw new RangeError(`spread must be 'even' or 'uniform', got ${String(spread)}`);
    }
    if (this.invHeader === undefined)
      throw new RangeError('invocations file is empty: no header line');
    const keep = new Int32Array(this.keys.length).fill(-1);
    const functions: FunctionProfile[] = [];
    this.keys.forEach((key, i) => {
      if (this.totals[i]! < min) return;
      keep[i] = functions.length;
      const d = this.durations.get(key);
      let median =
        d !== undefined && d.p50 > 0
          ? d.p50
          : d !== undefined && d.average > 0
            ? d.average
            : azureStatistics.medianExecMs;
      if (!(median > 0)) median = azureStatistics.medianExecMs;
      const p99 = d !== undefined && d.p99 > median ? d.p99 : median * 4;
      const memoryMb = this.memoryByApp.get(this.apps[i]!) ?? azureStatistics.medianMemoryMb;
      functions.push({
        name: key,
        tenant: this.owners[i]!,
        runtime: 'python',
        imageMb: Math.round(memoryMb * 1.2),
        memoryMb,
        touchedFraction: 0.4,
        readOnlyFraction: 0.6,
        fileCacheMb: Math.round(memoryMb * 0.3),
        initMs: 200,
        exec: { kind: 'lognormal', medianMs: median, p99Ms: p99 },
      });
    });
    // Counting sort of the cells by minute.
    const firstMinute = Math.min(...this.minuteLabels);
    const lastMinute = Math.max(...this.minuteLabels);
    const span = lastMinute - firstMinute + 1;
    const start = new Int32Array(span + 1);
    let kept = 0;
    for (let c = 0; c < this.cells; c++) {
      if (keep[this.cellFn[c]!]! < 0) continue;
      start[this.cellMinute[c]! - firstMinute + 1]!++;
      kept++;
    }
    for (let m = 0; m < span; m++) start[m + 1]! += start[m]!;
    const fill = start.slice(0, span);
    const fnOf = new Int32Array(kept);
    const countOf = new Float64Array(kept);
    for (let c = 0; c < this.cells; c++) {
      const f = keep[this.cellFn[c]!]!;
      if (f < 0) continue;
      const pos = fill[this.cellMinute[c]! - firstMinute]!++;
      fnOf[pos] = f;
      countOf[pos] = this.cellCount[c]!;
    }
    return {
      functions,
      workload: new MinuteCountsWorkload(start, fnOf, countOf, firstMinute, spread),
    };
  }

  private growCells(): void {
    const n = this.cellFn.length * 2;
    const f = new Int32Array(n);
    f.set(this.cellFn);
    this.cellFn = f;
    const m = new Int32Array(n);
    m.set(this.cellMinute);
    this.cellMinute = m;
    const c = new Float64Array(n);
    c.set(this.cellCount);
    this.cellCount = c;
  }
}
