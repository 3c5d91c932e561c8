// `paperlab-sim repro`: runs the TrEnv-X reproductions (containers and agents) with their
// sensitivity sweeps, prints the paper's metrics beside the paper's figures with the reason for
// each gap, and writes CSV + JSON (and, with --page, REPRODUCTION.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { type ReproTarget, runReproduction } from '../repro/runReproduction.js';

export function register(program: Command): void {
  program
    .command('repro')
    .description(
      "reproduce the TrEnv-X paper's comparisons (trenv-containers, trenv-x-agents): tables " +
        "beside the paper's figures, ablations, sensitivity sweeps; writes CSV and JSON",
    )
    .option('-o, --out <dir>', 'directory for the CSV and JSON files', 'repro-out')
    .addOption(
      new Option('--only <which>', 'which preset to run')
        .choices(['containers', 'agents', 'all'])
        .default('all'),
    )
    .option('--no-sweep', 'skip the sensitivity sweeps over the "estimate" parameters')
    .option('--markdown <file>', 'also write the Markdown tables to this file')
    .option(
      '--page <file>',
      'also write the whole REPRODUCTION.md page (intro + tables) to this file',
    )
    .action(
      (opts: { out: string; only: string; sweep: boolean; markdown?: string; page?: string }) => {
        const out = runReproduction({ only: opts.only as ReproTarget, sweep: opts.sweep });
        console.log(out.markdown);
        mkdirSync(opts.out, { recursive: true });
        const written: string[] = [];
        for (const [name, text] of Object.entries(out.csv)) {
          writeFileSync(join(opts.out, name), text);
          written.push(name);
        }
        writeFileSync(join(opts.out, 'repro.json'), out.json);
        written.push('repro.json');
        if (opts.markdown !== undefined) {
          writeFileSync(opts.markdown, out.markdown);
          written.push(opts.markdown);
        }
        if (opts.page !== undefined) {
          writeFileSync(opts.page, out.page);
          written.push(opts.page);
        }
        console.log(
          `wrote ${written.map((w) => (w === opts.markdown || w === opts.page ? w : join(opts.out, w))).join(', ')}`,
        );
      },
    );
}
