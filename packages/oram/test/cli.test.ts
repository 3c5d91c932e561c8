// paperlab-oram as a user meets it: the real entry point in a child process (exit status,
// stdout and stderr apart).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));

function oram(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@paperlab/source', 'src/cli/main.ts', ...args],
    { cwd: pkg, encoding: 'utf8' },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('paperlab-oram process', () => {
  it('--version prints the package version and exits 0', () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    );
    expect(oram(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('usage errors exit 2 with the message on stderr and nothing on stdout', () => {
    expect(oram(['demo', '--accesses', '0'])).toEqual({
      status: 2,
      stdout: '',
      stderr:
        "error: option '--accesses <n>' argument '0' is invalid. --accesses must be an integer in [1, 1000], got 0\n",
    });
    const unknown = oram(['nope']);
    expect([unknown.status, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toMatch(/^error: unknown command 'nope'/);
  });

  it('a successful command exits 0 with its output on stdout', () => {
    const r = oram(['demo', '--accesses', '2']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
  });
});
