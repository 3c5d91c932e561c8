// Azure Functions 2019 trace ("Serverless in the Wild", ATC'20; CC BY 4.0):
//   invocations: HashOwner,HashApp,HashFunction,Trigger,1,2,…,1440  (count per minute of a day;
//                files cut to a window keep the minute numbers as headers, e.g. 480..959)
//   durations:   HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,
//                percentile_Average_0,_1,_25,_50,_75,_99,_100   (ms, excluding cold start)
//   memory:      HashOwner,HashApp,[HashFunction,]SampleCount,AverageAllocatedMb,
//                AverageAllocatedMb_pct1,…                        (per app, MiB)
// The builder takes lines one at a time and keeps only the non-zero minute counts, so memory
// grows with the number of busy (function, minute) cells, not with the file size. Browser-safe.
import type { FunctionProfile } from './functionProfile.js';
import { azureStatistics } from './parameters.js';
import { MinuteCountsWorkload } from './workloads/minuteCountsWorkload.js';

function splitCsv(line: string): string[] {
  // The trace files hold hashes and numbers only: no quoted fields.
  return line.split(',');
}

function columnIndex(header: string[], name: string, file: string): number {
  const i = header.indexOf(name);
  if (i < 0)
    throw new RangeError(
      `${file} header must contain a ${name} column, got ${header.slice(0, 6).join(',')}…`,
    );
  return i;
}

export interface Azure2019Options {
  /** How arrivals spread inside a minute: evenly spaced or uniformly at random. */
  spread?: 'even' | 'uniform';
  /** Keep functions with at least this many invocations in total. */
  minInvocations?: number;
}

export class Azure2019TraceBuilder {
  private invHeader: string[] | undefined;
  private firstMinuteCol = 4;
  private minuteLabels: number[] = [];
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
  private readonly durations = new Map<string, { p50: number; p99: number; average: number }>();
  private memHeader: string[] | undefined;
  private readonly memoryByApp = new Map<string, number>();
  private lineNo = 0;

  /** Feeds one line of the invocations file (header first). */
  invocationsLine(line: string): void {
    this.lineNo++;
    if (line.length === 0) return;
    const cols = splitCsv(line);
    if (this.invHeader === undefined) {
      this.invHeader = cols;
      this.firstMinuteCol = columnIndex(cols, 'Trigger', 'invocations') + 1;
      this.minuteLabels = cols.slice(this.firstMinuteCol).map((c, i) => {
        const m = Number(c);
        if (!Number.isInteger(m) || m < 1) {
          throw new RangeError(
            `invocations header column ${this.firstMinuteCol + i + 1} must be a minute number >= 1, got ${c}`,
          );
        }
        return m;
      });
      if (this.minuteLabels.length === 0)
        throw new RangeError('invocations header must list minute columns after Trigger');
      return;
    }
    if (cols.length !== this.invHeader.length) {
      throw new RangeError(
        `invocations line ${this.lineNo} must have ${this.invHeader.length} fields, got ${cols.length}`,
      );
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
    let total = 0;
    for (let j = 0; j < this.minuteLabels.length; j++) {
      const s = cols[this.firstMinuteCol + j]!;
      if (s === '0' || s === '') continue;
      const c = Number(s);
      if (!(Number.isInteger(c) && c >= 0)) {
        throw new RangeError(
          `invocations line ${this.lineNo} minute ${this.minuteLabels[j]} must be a count >= 0, got ${s}`,
        );
      }
      if (c === 0) continue;
      if (this.cells === this.cellFn.length) this.growCells();
      this.cellFn[this.cells] = fn;
      this.cellMinute[this.cells] = this.minuteLabels[j]!;
      this.cellCount[this.cells] = c;
      this.cells++;
      total += c;
    }
    this.totals[fn] = this.totals[fn]! + total;
  }

  /** Feeds one line of the durations file (header first). */
  durationsLine(line: string): void {
    if (line.length === 0) return;
    const cols = splitCsv(line);
    if (this.durHeader === undefined) {
      this.durHeader = cols;
      return;
    }
    const h = this.durHeader;
    const get = (name: string) => Number(cols[columnIndex(h, name, 'durations')]);
    this.durations.set(
      `${cols[columnIndex(h, 'HashApp', 'durations')]}/${cols[columnIndex(h, 'HashFunction', 'durations')]}`,
      {
        p50: get('percentile_Average_50'),
        p99: get('percentile_Average_99'),
        average: get('Average'),
      },
    );
  }

  /** Feeds one line of the memory file (header first). */
  memoryLine(line: string): void {
    if (line.length === 0) return;
    const cols = splitCsv(line);
    if (this.memHeader === undefined) {
      this.memHeader = cols;
      return;
    }
    const h = this.memHeader;
    const app = cols[columnIndex(h, 'HashApp', 'memory')]!;
    const pct50 = h.indexOf('AverageAllocatedMb_pct50');
    const mb = Number(cols[pct50 >= 0 ? pct50 : columnIndex(h, 'AverageAllocatedMb', 'memory')]);
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
    if (this.invHeader === undefined)
      throw new RangeError('invocations file is empty: no header line');
    const min = options.minInvocations ?? 1;
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
      workload: new MinuteCountsWorkload(
        start,
        fnOf,
        countOf,
        firstMinute,
        options.spread ?? 'uniform',
      ),
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
