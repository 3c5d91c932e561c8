// Trace readers under hostile input: caps with clear errors, strict number syntax, BOMs, empty
// fields, reordered 2021 columns, and memory that stays bounded (checked in a child process).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Azure2019TraceBuilder } from '../src/azure2019Trace.js';
import { Azure2021TraceBuilder } from '../src/azure2021Trace.js';
import { LineSplitter } from '../src/lineSplitter.js';
import { readAzureTrace } from '../src/node.js';
import { simulate } from '../src/simulate.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paperlab-trace-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const HEADER = 'HashOwner,HashApp,HashFunction,Trigger,1,2,3';

describe('Azure 2019 invocations: counts', () => {
  for (const bad of ['0x10', '1e3', '+5', '-1', '1.5', ' 5', '5 ', 'NaN', 'Infinity']) {
    it(`refuses ${JSON.stringify(bad)} as a count, naming line and column`, () => {
      const b = new Azure2019TraceBuilder();
      b.invocationsLine(HEADER);
      expect(() => b.invocationsLine(`o,a,f,http,1,${bad},3`)).toThrow(
        `invocations line 2, column 6 (2) must be a count written in decimal digits in [0, 4194304], got "${bad}"`,
      );
    });
  }

  it('refuses a count of 1e308 written out, and one over the per-minute cap', () => {
    const b = new Azure2019TraceBuilder();
    b.invocationsLine(HEADER);
    expect(() => b.invocationsLine(`o,a,f,http,1${'0'.repeat(308)},0,0`)).toThrow(
      /line 2, column 5 \(1\) must be a count written in decimal digits in \[0, 4194304\], got "10{39}…"/,
    );
    expect(() => b.invocationsLine('o,a,f,http,1000000000,0,0')).toThrow(
      'invocations line 3, column 5 (1) must be a count in [0, 4194304], got 1000000000',
    );
  });

  it('caps one minute summed over all functions, and a refused row changes nothing', () => {
    const b = new Azure2019TraceBuilder({ maxInvocationsPerMinute: 100 });
    b.invocationsLine(HEADER);
    b.invocationsLine('o,a,f1,http,60,1,0');
    expect(() => b.invocationsLine('o,a,f2,http,0,2,41')).not.toThrow();
    expect(() => b.invocationsLine('o,a,f3,http,41,5,0')).toThrow(
      'invocations line 4, column 5 (1): minute 1 would hold 101 invocations over all functions, more than maxInvocationsPerMinute (100)',
    );
    // Model of the accepted rows only: f1 = 61, f2 = 43; f3 was never registered.
    expect(b.functionTotals()).toEqual([61, 43]);
    b.invocationsLine('o,a,f3,http,40,0,0');
    expect(b.functionTotals()).toEqual([61, 43, 40]);
    expect(() => new Azure2019TraceBuilder({ maxInvocationsPerMinute: 2 ** 27 })).toThrow(
      'maxInvocationsPerMinute must be an integer in [1, 2^26], got 134217728',
    );
  });

  it('an empty field is an error naming its line and column', () => {
    const b = new Azure2019TraceBuilder();
    b.invocationsLine(HEADER);
    expect(() => b.invocationsLine('o,a,f,http,1,,3')).toThrow(
      'invocations line 2, column 6 (2) is empty; expected a count',
    );
    expect(() => b.invocationsLine('o,,f,http,1,2,3')).toThrow(
      'invocations line 3, column 2 (HashApp) is empty',
    );
    expect(b.functionTotals()).toEqual([]);
  });
});

describe('Azure 2019 invocations: header', () => {
  it('minute labels are distinct integers in [1, 1440]', () => {
    const header = (labels: string) => () =>
      new Azure2019TraceBuilder().invocationsLine(
        `HashOwner,HashApp,HashFunction,Trigger,${labels}`,
      );
    expect(header('1000000000')).toThrow(
      'invocations line 1, column 5 (header) must be a minute number in [1, 1440], got "1000000000"',
    );
    expect(header('0,1')).toThrow('must be a minute number in [1, 1440], got "0"');
    expect(header('5,5')).toThrow('invocations line 1, column 6 (header) repeats minute 5');
    expect(header('1e3')).toThrow('got "1e3"');
    expect(header('')).toThrow('column 5 (header) must be a minute number');
    expect(header('1,1440')).not.toThrow();
  });

  it('accepts a UTF-8 byte-order mark on the header, and the replay is the same', () => {
    const rows = ['o,a,f,http,3,0,2', 'o,a,g,timer,0,1,0'];
    const plain = new Azure2019TraceBuilder();
    const bom = new Azure2019TraceBuilder();
    for (const l of [HEADER, ...rows]) plain.invocationsLine(l);
    for (const l of [`\uFEFF${HEADER}`, ...rows]) bom.invocationsLine(l);
    expect(bom.functionTotals()).toEqual([5, 1]);
    expect(bom.build().workload.expectedCount).toBe(plain.build().workload.expectedCount);
  });

  it('durations and memory files: empty and non-numeric fields are refused', () => {
    const b = new Azure2019TraceBuilder();
    b.durationsLine(
      'HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100',
    );
    expect(() => b.durationsLine('o,a,f,10,5,1,20,1,1,5,,15,19,20')).toThrow(
      'durations line 2, column 11 (percentile_Average_50) is empty; expected a number',
    );
    expect(() => b.durationsLine('o,a,f,0x1,5,1,20,1,1,5,9,15,19,20')).toThrow(
      'durations line 3, column 4 (Average) must be a decimal number',
    );
    b.memoryLine('\uFEFFHashOwner,HashApp,SampleCount,AverageAllocatedMb');
    expect(() => b.memoryLine('o,a,3,-5')).toThrow(
      'memory line 2, column 4 (AverageAllocatedMb) must be a decimal number',
    );
  });
});

describe('Azure 2021', () => {
  const rows = [
    ['a1', 'f1', '10.5', '0.5'],
    ['a1', 'f2', '3', '1.25'],
    ['a2', 'f1', '7', '2'],
  ];

  it('tells the format by its header with the columns in any order, BOM included', async () => {
    const ordered = file(
      'ordered.csv',
      `app,func,end_timestamp,duration\n${rows.map((r) => r.join(',')).join('\n')}\n`,
    );
    // duration, app, end_timestamp, func
    const shuffled = file(
      'shuffled.csv',
      `\uFEFFduration,app,end_timestamp,func\r\n${rows.map((r) => [r[3], r[0], r[2], r[1]].join(',')).join('\r\n')}\r\n`,
    );
    const arrivals = async (path: string) => {
      const t = await readAzureTrace(path);
      expect(t.workload.name).toBe('azure-2021-replay');
      const got: string[] = [];
      simulate(
        { seed: 1 },
        {
          ...t,
          onRecord: (r, tab) => got.push(`${tab.profiles[r.fn]!.name}@${r.arrivalMs}+${r.execMs}`),
        },
      );
      return got.sort();
    };
    // Hand-worked: start = (end − duration) · 1000 ms.
    const expected = ['a1/f1@10000+500', 'a1/f2@1750+1250', 'a2/f1@5000+2000'];
    expect(await arrivals(ordered)).toEqual(expected);
    expect(await arrivals(shuffled)).toEqual(expected);
  });

  it('an empty field, a signed or hex number, or a huge time is an error naming the cell', () => {
    const b = new Azure2021TraceBuilder();
    b.line('func,app,duration,end_timestamp');
    expect(() => b.line('f,a,,3')).toThrow('2021 trace line 2, column 3 (duration) is empty');
    expect(() => b.line(',a,1,3')).toThrow('2021 trace line 3, column 1 (func) is empty');
    expect(() => b.line('f,a,0x1,3')).toThrow(
      '2021 trace line 4, column 3 (duration) must be a decimal number in [0, 31536000], got "0x1"',
    );
    expect(() => b.line('f,a,-1,3')).toThrow('must be a decimal number');
    expect(() => b.line('f,a,1,1e308')).toThrow(
      '2021 trace line 6, column 4 (end_timestamp) must be a number in [0, 31536000], got 1e308',
    );
    expect(() => b.line('f,a,1')).toThrow('2021 trace line 7 must have 4 fields, got 3');
    expect(b.count).toBe(0);
    b.line('f,a,5e-05,3');
    expect(b.count).toBe(1);
  });

  it('caps the number of rows', () => {
    const b = new Azure2021TraceBuilder({ maxInvocations: 2 });
    b.line('app,func,end_timestamp,duration');
    b.line('a,f,1,1');
    b.line('a,f,2,1');
    expect(() => b.line('a,f,3,1')).toThrow('2021 trace line 4: more than maxInvocations (2) rows');
    expect(b.count).toBe(2);
  });

  it('a header of neither format is refused by name', async () => {
    await expect(readAzureTrace(file('other.csv', 'a,b,c\n1,2,3\n'))).rejects.toThrow(
      /header must be the 2019 invocations schema .* or hold the 2021 columns app, func, end_timestamp, duration; got "a,b,c"/,
    );
  });
});

describe('memory stays bounded on hostile files', () => {
  it('a line without an end is refused past maxLineLength', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l), { maxLineLength: 10 });
    s.push('short\nabcdef');
    expect(() => s.push('ghijk')).toThrow('line 2 is longer than maxLineLength (10 characters)');
    expect(lines).toEqual(['short']);
  });

  it('1e9 invocations in one minute, minute 1e9, a 1e308 count and a 4 MiB line: clear errors, RSS bounded', () => {
    // Before the caps, the first file reached 12.9 GB RSS and the second 7.7 GB.
    const files = [
      file('huge-count.csv', `${HEADER}\no,a,f,http,1000000000,0,0\n`),
      file('huge-minute.csv', 'HashOwner,HashApp,HashFunction,Trigger,1000000000\no,a,f,http,1\n'),
      file('huge-number.csv', `${HEADER}\no,a,f,http,0,1${'0'.repeat(308)},0\n`),
      file('no-newline.csv', `${HEADER}\no,a,f,http,${'1'.repeat(4 << 20)}`),
    ];
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@paperlab/source',
        'test/scripts/adversarialTrace.ts',
        ...files,
      ],
      { cwd: pkg, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { errors: string[]; maxRssMb: number };
    expect(out.errors).toEqual([
      `RangeError: ${files[0]}: invocations line 2, column 5 (1) must be a count in [0, 4194304], got 1000000000`,
      `RangeError: ${files[1]}: invocations line 1, column 5 (header) must be a minute number in [1, 1440], got "1000000000"`,
      expect.stringContaining('line 2, column 6 (2) must be a count written in decimal digits'),
      `RangeError: ${files[3]}: line 2 is longer than maxLineLength (1048576 characters)`,
    ]);
    // Node + tsx alone take 60–120 MB here; the uncapped reader needed gigabytes.
    expect(out.maxRssMb).toBeLessThan(300);
  });
});

describe('trace reader options', () => {
  const invocations = 'HashOwner,HashApp,HashFunction,Trigger,1\no,a,f,http,3\n';
  const builder = () => {
    const b = new Azure2019TraceBuilder();
    for (const l of invocations.trim().split('\n')) b.invocationsLine(l);
    return b;
  };

  it.each([
    [
      () => new Azure2019TraceBuilder({ maxInvocationPerMinute: 5 } as never),
      RangeError,
      "Azure2019TraceBuilder: unknown option 'maxInvocationPerMinute'; the options are maxInvocationsPerMinute",
    ],
    [
      () => new Azure2021TraceBuilder({ maxinvocations: 5 } as never),
      RangeError,
      "Azure2021TraceBuilder: unknown option 'maxinvocations'; the options are maxInvocations",
    ],
    [
      () => new LineSplitter(() => {}, { maxLinelength: 5 } as never),
      RangeError,
      "LineSplitter: unknown option 'maxLinelength'; the options are maxLineLength",
    ],
    [
      () => new LineSplitter(() => {}, null as never),
      TypeError,
      'LineSplitter: options must be an object, got null',
    ],
    [
      () => new LineSplitter(null as never),
      TypeError,
      'LineSplitter: onLine must be a function, got object',
    ],
    [
      () => new LineSplitter(() => {}).push(undefined as never),
      TypeError,
      'LineSplitter: chunk must be a string, got undefined',
    ],
    [
      () => builder().build({ minInvocation: 5 } as never),
      RangeError,
      "Azure2019TraceBuilder.build: unknown option 'minInvocation'; the options are spread, minInvocations",
    ],
    [
      // NaN used to keep every function: no total is < NaN.
      () => builder().build({ minInvocations: Number.NaN }),
      RangeError,
      'minInvocations must be a finite number >= 0, got NaN',
    ],
    [
      // An unknown spread used to run as 'uniform'.
      () => builder().build({ spread: 'bogus' as never }),
      RangeError,
      "spread must be 'even' or 'uniform', got bogus",
    ],
  ])('%#', (call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('the file readers refuse a misspelt option or file key before reading', async () => {
    const p = file('invocations_opts.csv', invocations);
    await expect(readAzureTrace(p, {}, { maxLinelength: 10 } as never)).rejects.toThrow(
      "readAzureTrace: unknown option 'maxLinelength'; the options are spread, minInvocations, maxInvocationsPerMinute, maxInvocations, maxLineLength",
    );
    await expect(readAzureTrace(p, { duration: p } as never)).rejects.toThrow(
      "readAzureTrace files: unknown option 'duration'; the options are durations, memory",
    );
    // The union of the readers' options still passes through to each part.
    const r = await readAzureTrace(
      p,
      {},
      { spread: 'even', maxLineLength: 100, minInvocations: 1 },
    );
    expect(r.functions.length).toBe(1);
  });
});
