// `paperlab-sim repro`: runs the TrEnv-X reproductions (containers and agents) with their
// sensitivity sweeps, prints the tables beside the paper's figures, and writes CSV + JSON.
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
    .action((opts: { out: string; only: string; sweep: boolean; markdown?: string }) => {
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
      console.log(
        `wrote ${written.map((w) => (w === opts.markdown ? w : join(opts.out, w))).join(', ')}`,
      );
    });
}
