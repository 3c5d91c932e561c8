// Runs an example program the way the pages do: transpile its TypeScript with sucrase, then
// execute it with a `require` that hands out already-loaded package modules and a `console`
// that records lines. Pure and DOM-free so vitest runs the very same path in Node.
import { transform } from 'sucrase';

/** Module specifier → module namespace, e.g. `{ '@paperlab/stats': stats }`. */
export type ModuleMap = Readonly<Record<string, unknown>>;

export interface ExampleRun {
  /** Everything printed, one entry per console call, formatted like the example tests do. */
  readonly lines: readonly string[];
  /** What the program threw (compile or run time), or null if it finished. */
  readonly error: { readonly name: string; readonly message: string } | null;
}

/** Formats console arguments exactly as `vitest.examples.ts` does, so `.out` files compare. */
export function formatLogArgs(args: readonly unknown[]): string {
  return args.map(String).join(' ');
}

/** The text a run printed, in `.out` file form (lines joined, trailing newline). */
export function outputText(run: ExampleRun): string {
  return run.lines.length === 0 ? '' : `${run.lines.join('\n')}\n`;
}

export function transpileExample(source: string): string {
  // ES transforms off: the code runs as written (the browser supports it), as in Node.
  return transform(source, { transforms: ['typescript', 'imports'], disableESTransforms: true })
    .code;
}

export function runExample(source: string, modules: ModuleMap): ExampleRun {
  const lines: string[] = [];
  const log = (...args: unknown[]) => {
    lines.push(formatLogArgs(args));
  };
  const sandboxConsole = { log, info: log, warn: log, error: log, debug: log };
  const require = (specifier: string): unknown => {
    if (Object.hasOwn(modules, specifier)) return modules[specifier];
    throw new Error(
      `cannot import '${specifier}' here; examples may import: ${Object.keys(modules).join(', ')}`,
    );
  };
  try {
    const code = transpileExample(source);
    const module = { exports: {} as Record<string, unknown> };
    // The example is the reader's own code running in their own tab; Function (not eval)
    // keeps it out of this module's scope so it sees only what we pass in.
    new Function('require', 'console', 'module', 'exports', code)(
      require,
      sandboxConsole,
      module,
      module.exports,
    );
    return { lines, error: null };
  } catch (thrown) {
    const error =
      thrown instanceof Error
        ? { name: thrown.name, message: thrown.message }
        : { name: 'Error', message: String(thrown) };
    return { lines, error };
  }
}
