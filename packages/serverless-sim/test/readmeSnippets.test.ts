// Every fenced code block of the repository's READMEs (root and packages/*) either runs or is
// skipped for a stated reason: ```ts / ```typescript blocks run under tsx, ```js / ```mjs blocks
// as plain Node ESM, each importing the packages by name as a user would. A block preceded by
// `<!-- no-run: reason -->` is skipped with that reason; any other language must have an entry
// in `notCode` saying why it is not run, so a new snippet cannot slip through unchecked.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const readmes = [
  'README.md',
  ...['stats', 'serverless-sim', 'oram'].map((p) => `packages/${p}/README.md`),
];

/** Why blocks of these languages are not run. */
const notCode: Record<string, string> = {
  sh: 'shell commands (install, CLI usage, batch-scheduler recipes), not JavaScript',
  json: 'a config file, checked against the config schema by test/readme.test.ts',
  yaml: 'a Kubernetes manifest, not JavaScript',
  '': 'output or a table printed by the block before it, not code',
};
const runAs: Record<string, 'tsx' | 'node'> = {
  ts: 'tsx',
  typescript: 'tsx',
  js: 'node',
  mjs: 'node',
};

interface Block {
  file: string;
  line: number;
  lang: string;
  code: string;
  skip?: string;
}

function blocksOf(file: string): Block[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^```(\S*)[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => {
    const line = text.slice(0, m.index).split('\n').length;
    const before = text.slice(0, m.index).trimEnd().split('\n').at(-1) ?? '';
    const marked = /^<!--\s*no-run:\s*(.+?)\s*-->$/.exec(before)?.[1];
    const lang = m[1]!;
    const skip =
      marked ??
      (runAs[lang] === undefined ? notCode[lang] : undefined) ??
      // The simulator's README snippets are run, and their printed output compared, by
      // test/readme.test.ts.
      (file === 'packages/serverless-sim/README.md'
        ? 'run and compared with its output by test/readme.test.ts'
        : undefined);
    return { file, line, lang, code: m[2]!, ...(skip !== undefined ? { skip } : {}) };
  });
}

const blocks = readmes.flatMap(blocksOf);

// A scratch app outside the workspace whose node_modules holds the three packages (as links to
// their folders, so their own dependencies resolve as installed); the source condition runs
// their TypeScript, which is what dist/ is compiled from.
const app = mkdtempSync(join(tmpdir(), 'paperlab-readme-'));
mkdirSync(join(app, 'node_modules', '@paperlab'), { recursive: true });
for (const p of ['stats', 'serverless-sim', 'oram']) {
  symlinkSync(join(root, 'packages', p), join(app, 'node_modules', '@paperlab', p), 'dir');
}
writeFileSync(join(app, 'package.json'), JSON.stringify({ type: 'module', private: true }));
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('README code blocks', () => {
  it('every block is run or has a reason not to be', () => {
    const unknown = blocks.filter((b) => b.skip === undefined && runAs[b.lang] === undefined);
    expect(unknown.map((b) => `${b.file}:${b.line} ${b.lang}`)).toEqual([]);
    // The root, stats and oram READMEs each have at least one block this test runs.
    for (const file of readmes.filter((f) => !f.includes('serverless-sim'))) {
      expect({ file, runs: blocks.some((b) => b.file === file && b.skip === undefined) }).toEqual({
        file,
        runs: true,
      });
    }
  });

  const runnable = blocks.filter((b) => b.skip === undefined);
  it.each(runnable.map((b) => [`${b.file}:${b.line}`, b] as const))(
    '%s runs, printing on stdout and nothing on stderr',
    (_name, b) => {
      const file = join(
        app,
        `snippet-${relative(root, b.file).replaceAll('/', '-')}-${b.line}.${runAs[b.lang] === 'tsx' ? 'ts' : 'mjs'}`,
      );
      writeFileSync(file, b.code);
      const args = runAs[b.lang] === 'tsx' ? ['--import', 'tsx'] : [];
      // cwd: the repository, where tsx is installed; imports resolve from the snippet's folder.
      const r = spawnSync(process.execPath, [...args, '--conditions=@paperlab/source', file], {
        cwd: root,
        encoding: 'utf8',
      });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      expect(r.stdout.length).toBeGreaterThan(0);
    },
    60_000,
  );
});
