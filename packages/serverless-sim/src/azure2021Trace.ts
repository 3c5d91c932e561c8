// Azure Functions 2021 invocation trace (Zhang et al., SOSP'21; CC BY 4.0): one row per
// invocation, `app,func,end_timestamp,duration` in seconds. Rows are not sorted by start, so
// the builder keeps 20 bytes per invocation in typed arrays (never the text) and sorts by start
// time (end − duration) when the workload is built. Browser-safe.
import { checkOptionNames } from '@paperlab/stats';
import type { FunctionProfile } from './functionProfile.js';
import { azureStatistics } from './parameters.js';
import { clip, fieldAt, parseDecimal, requireText, stripBom } from './traceFields.js';
import { InvocationListWorkload } from './workloads/invocationListWorkload.js';

/** The columns of the 2021 trace, in any order (Zhang et al., SOSP'21 dataset schema). */
export const azure2021Columns = ['app', 'func', 'end_timestamp', 'duration'] as const;

/**
 * Largest end_timestamp or duration accepted, s: one year. The published trace spans two weeks
 * (1.21·10^6 s), so a larger value is a wrong file, and it keeps times exact in milliseconds.
 */
export const azure2021MaxSeconds = 365 * 86_400;

/** Default cap on rows (20 bytes each while building, 32 when sorted): 2^24, about 540 MB. */
export const azure2021DefaultMaxInvocations = 2 ** 24;

export interface Azure2021BuilderOptions {
  /** Most invocation rows accepted, an integer in [1, 2^27]; default 2^24. */
  maxInvocations?: number;
}

/** true when a header line (BOM and column order aside) is the 2021 trace's. */
export function isAzure2021Header(line: string): boolean {
  const cols = stripBom(line).split(',');
  return azure2021Columns.every((c) => cols.includes(c));
}

export class Azure2021TraceBuilder {
  private header: string[] | undefined;
  private cApp = 0;
  private cFunc = 1;
  private cEnd = 2;
  private cDur = 3;
  private readonly maxRows: number;
  private readonly fnIndex = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly apps: string[] = [];
  private start = new Float64Array(1024);
  private dur = new Float64Array(1024);
  private fn = new Int32Array(1024);
  private n = 0;
  private lineNo = 0;

  constructor(options: Azure2021BuilderOptions = {}) {
    checkOptionNames<Azure2021BuilderOptions>('Azure2021TraceBuilder', options, {
      maxInvocations: true,
    });
    const max = options.maxInvocations ?? azure2021DefaultMaxInvocations;
    if (!(Number.isInteger(max) && max >= 1 && max <= 2 ** 27)) {
      throw new RangeError(`maxInvocations must be an integer in [1, 2^27], got ${String(max)}`);
    }
    this.maxRows = max;
  }

  /** Feeds one line (header first). A rejected line leaves the builder as it was. */
  line(line: string): void {
    this.lineNo++;
    if (this.header === undefined) line = stripBom(line);
    if (line.length === 0) return;
    const cols = line.split(',');
    if (this.header === undefined) {
      const idx = (name: string) => {
        const i = cols.indexOf(name);
        if (i < 0)
          throw new RangeError(
            `2021 trace header must contain ${azure2021Columns.join(', ')} (any order); ${name} is missing in ${clip(line)}`,
          );
        return i;
      };
      this.cApp = idx('app');
      this.cFunc = idx('func');
      this.cEnd = idx('end_timestamp');
      this.cDur = idx('duration');
      this.header = cols;
      return;
    }
    const h = this.header;
    const lineNo = this.lineNo;
    if (cols.length !== h.length) {
      throw new RangeError(
        `2021 trace line ${lineNo} must have ${h.length} fields, got ${cols.length}`,
      );
    }
    const at = (i: number) => () => fieldAt('2021 trace', lineNo, i, h[i]);
    const app = requireText(cols[this.cApp]!, at(this.cApp));
    const func = requireText(cols[this.cFunc]!, at(this.cFunc));
    const end = parseDecimal(cols[this.cEnd]!, azure2021MaxSeconds, at(this.cEnd));
    const d = parseDecimal(cols[this.cDur]!, azure2021MaxSeconds, at(this.cDur));
    if (this.n >= this.maxRows) {
      throw new RangeError(
        `2021 trace line ${lineNo}: more than maxInvocations (${this.maxRows}) rows`,
      );
    }
    const key = `${app}/${func}`;
    let f = this.fnIndex.get(key);
    if (f === undefined) {
      f = this.keys.length;
      this.fnIndex.set(key, f);
      this.keys.push(key);
      this.apps.push(app);
    }
    if (this.n === this.start.length) this.grow();
    // Start = end − duration, in ms; a trace rounding artefact below 0 is clamped.
    this.start[this.n] = Math.max(0, (end - d) * 1000);
    this.dur[this.n] = d * 1000;
    this.fn[this.n] = f;
    this.n++;
  }

  get count(): number {
    return this.n;
  }

  /**
   * Profiles (footprint: the ATC'20 median; execution: the trace's own durations, so the
   * profile's distribution is only a fallback) and the replay workload.
   */
  build(): { functions: FunctionProfile[]; workload: InvocationListWorkload } {
    if (this.header === undefined) throw new RangeError('2021 trace is empty: no header line');
    const n = this.n;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const s = this.start;
    order.sort((a, b) => s[a]! - s[b]! || a - b);
    const start = new Float64Array(n);
    const dur = new Float64Array(n);
    const fn = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const j = order[i]!;
      start[i] = s[j]!;
      dur[i] = this.dur[j]!;
      fn[i] = this.fn[j]!;
    }
    const m = azureStatistics.medianMemoryMb;
    const functions: FunctionProfile[] = this.keys.map((key, i) => ({
      name: key,
      tenant: this.apps[i]!,
      runtime: 'python',
      imageMb: Math.round(m * 1.2),
      memoryMb: m,
      touchedFraction: 0.4,
      readOnlyFraction: 0.6,
      fileCacheMb: Math.round(m * 0.3),
      initMs: 200,
      exec: {
        kind: 'lognormal',
        medianMs: azureStatistics.medianExecMs,
        p99Ms: azureStatistics.medianExecMs * 4,
      },
    }));
    return { functions, workload: new InvocationListWorkload(start, fn, dur) };
  }

  private grow(): void {
    const c = Math.min(this.start.length * 2, this.maxRows);
    const a = new Float64Array(c);
    a.set(this.start);
    this.start = a;
    const b = new Float64Array(c);
    b.set(this.dur);
    this.dur = b;
    const f = new Int32Array(c);
    f.set(this.fn);
    this.fn = f;
  }
}
