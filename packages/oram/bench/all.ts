// `pnpm --filter @paperlab/oram bench [-- options]`: bench/bench.ts, then bench/remote.ts, each
// in its own process (the remote bench starts servers and children of its own). Each gets the
// options it takes, so `--quick`, `--seconds` and `--only` reach both, `--rounds`, `--spin-us`
// and `--queued` the remote bench only; an option neither takes is refused by name here,
// before anything runs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ORAM_OPTIONS = ['quick', 'seconds', 'only'] as const;
const REMOTE_OPTIONS = ['quick', 'seconds', 'only', 'rounds', 'spin-us', 'queued'] as const;

const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();
const OPTIONS = {
  quick: { type: 'boolean' },
  seconds: { type: 'string' },
  only: { type: 'string' },
  rounds: { type: 'string' },
  'spin-us': { type: 'string' },
  queued: { type: 'string' },
} as const;
let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values'];
try {
  values = parseArgs({ args: argv, options: OPTIONS }).values;
} catch (e) {
  // A usage error: the message (it names the option), not a stack trace.
  console.error(`${(e as Error).message}; options: ${Object.keys(OPTIONS).join(', ')}`);
  process.exit(2);
}

/** The command-line flags of `values` that `names` lists, in the form each script parses. */
function flags(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const v = values[name as keyof typeof values];
    if (v === undefined || v === false) continue;
    out.push(`--${name}`);
    if (typeof v === 'string') out.push(v);
  }
  return out;
}

for (const [script, names] of [
  ['bench.ts', ORAM_OPTIONS],
  ['remote.ts', REMOTE_OPTIONS],
] as const) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  // This process runs under tsx; its loader flags (process.execArgv) serve the children too.
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, '--conditions=@paperlab/source', path, ...flags(names)],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
