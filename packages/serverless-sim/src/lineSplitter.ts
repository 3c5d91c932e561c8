// Splits text arriving in chunks (a fetch stream, a file stream) into lines without holding
// more than one partial line, so a multi-GB trace can be parsed anywhere, browser included. A
// line longer than `maxLineLength` is refused, so a file without newlines cannot grow memory.
import { checkOptionNames } from '@paperlab/stats';

/** Default longest line: 1 MiB of text. A full-day 2019 invocations row is about 10 KB. */
export const defaultMaxLineLength = 1 << 20;

export interface LineSplitterOptions {
  /** Longest line accepted, in UTF-16 code units; an integer in [1, 2^28]. Default 2^20. */
  maxLineLength?: number;
}

export class LineSplitter {
  private rest = '';
  private lines = 0;
  private readonly onLine: (line: string) => void;
  private readonly maxLineLength: number;

  constructor(onLine: (line: string) => void, options: LineSplitterOptions = {}) {
    if (typeof onLine !== 'function') {
      throw new TypeError(`LineSplitter: onLine must be a function, got ${typeof onLine}`);
    }
    checkOptionNames<LineSplitterOptions>('LineSplitter', options, { maxLineLength: true });
    const max = options.maxLineLength ?? defaultMaxLineLength;
    if (!(Number.isInteger(max) && max >= 1 && max <= 2 ** 28)) {
      throw new RangeError(`maxLineLength must be an integer in [1, 2^28], got ${String(max)}`);
    }
    this.onLine = onLine;
    this.maxLineLength = max;
  }

  /** Feeds the next chunk of text. */
  push(chunk: string): void {
    if (typeof chunk !== 'string') {
      throw new TypeError(`LineSplitter: chunk must be a string, got ${typeof chunk}`);
    }
    let start = 0;
    const text = this.rest.length > 0 ? this.rest + chunk : chunk;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.check(end - start);
      this.lines++;
      this.onLine(text.slice(start, end));
      start = nl + 1;
    }
    // A trailing '\r' may be a CRLF line ending whose '\n' is in the next chunk.
    const pending = text.length - start;
    this.check(text.charCodeAt(text.length - 1) === 13 ? pending - 1 : pending);
    this.rest = text.slice(start);
  }

  /** Flushes a last line without a newline. */
  end(): void {
    if (this.rest.length > 0) {
      const line = this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest;
      this.rest = '';
      this.lines++;
      this.onLine(line);
    }
  }

  private check(length: number): void {
    if (length > this.maxLineLength) {
      this.rest = '';
      throw new RangeError(
        `line ${this.lines + 1} is longer than maxLineLength (${this.maxLineLength} characters)`,
      );
    }
  }
}
