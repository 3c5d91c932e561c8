// Splits text arriving in chunks (a fetch stream, a file stream) into lines without holding
// more than one partial line, so a multi-GB trace can be parsed anywhere, browser included.

export class LineSplitter {
  private rest = '';
  private readonly onLine: (line: string) => void;

  constructor(onLine: (line: string) => void) {
    this.onLine = onLine;
  }

  /** Feeds the next chunk of text. */
  push(chunk: string): void {
    let start = 0;
    const text = this.rest.length > 0 ? this.rest + chunk : chunk;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.onLine(text.slice(start, end));
      start = nl + 1;
    }
    this.rest = text.slice(start);
  }

  /** Flushes a last line without a newline. */
  end(): void {
    if (this.rest.length > 0) {
      const line = this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest;
      this.rest = '';
      this.onLine(line);
    }
  }
}
