// Azure Functions 2021 invocation trace (Zhang et al., SOSP'21; CC BY 4.0): one row per
// invocation, `app,func,end_timestamp,duration` in seconds. Rows are not sorted by start, so
// the builder keeps 20 bytes per invocation in typed arrays (never the text) and sorts by start
// time (end − duration) when the workload is built. Browser-safe.
import type { FunctionProfile } from './functionProfile.js';
import { azureStatistics } from './parameters.js';
import { InvocationListWorkload } from './workloads/invocationListWorkload.js';

export class Azure2021TraceBuilder {
  private header: string[] | undefined;
  private cApp = 0;
  private cFunc = 1;
  private cEnd = 2;
  private cDur = 3;
  private readonly fnIndex = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly apps: string[] = [];
  private start = new Float64Array(1024);
  private dur = new Float64Array(1024);
  private fn = new Int32Array(1024);
  private n = 0;
  private lineNo = 0;

  /** Feeds one line (header first). */
  line(line: string): void {
    this.lineNo++;
    if (line.length === 0) return;
    const cols = line.split(',');
    if (this.header === undefined) {
      this.header = cols;
      const idx = (name: string) => {
        const i = cols.indexOf(name);
        if (i < 0) throw new RangeError(`2021 trace header must contain ${name}, got ${line}`);
        return i;
      };
      this.cApp = idx('app');
      this.cFunc = idx('func');
      this.cEnd = idx('end_timestamp');
      this.cDur = idx('duration');
      return;
    }
    const end = Number(cols[this.cEnd]);
    const d = Number(cols[this.cDur]);
    if (!(Number.isFinite(end) && end >= 0)) {
      throw new RangeError(
        `2021 trace line ${this.lineNo}: end_timestamp must be a number >= 0, got ${cols[this.cEnd]}`,
      );
    }
    if (!(Number.isFinite(d) && d >= 0)) {
      throw new RangeError(
        `2021 trace line ${this.lineNo}: duration must be a number >= 0, got ${cols[this.cDur]}`,
      );
    }
    const key = `${cols[this.cApp]}/${cols[this.cFunc]}`;
    let f = this.fnIndex.get(key);
    if (f === undefined) {
      f = this.keys.length;
      this.fnIndex.set(key, f);
      this.keys.push(key);
      this.apps.push(cols[this.cApp]!);
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
    const c = this.start.length * 2;
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
