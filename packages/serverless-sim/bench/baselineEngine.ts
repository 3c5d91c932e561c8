// The engine of an earlier commit, for A/B runs in the same process: its sources are extracted
// with `git archive` under node_modules/.cache (ignored by git) and imported from there, so the
// baseline and the current engine run on the same machine, load and JIT, interleaved.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The commit whose engine the bench compares against (before engine/ existed). */
export const BASELINE_COMMIT = '1a7fa10';

export async function loadBaseline(
  commit = BASELINE_COMMIT,
): Promise<typeof import('../src/index.js')> {
  const pkg = fileURLToPath(new URL('..', import.meta.url));
  const dir = `${pkg}node_modules/.cache/sim-baseline-${commit}`;
  if (!existsSync(`${dir}/src/index.ts`)) {
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', commit, 'packages/serverless-sim/src'], {
      cwd: pkg,
      maxBuffer: 1 << 28,
    });
    execFileSync('tar', ['-x', '-C', dir, '--strip-components=2'], { input: tar });
  }
  return import(pathToFileURL(`${dir}/src/index.ts`).href);
}
