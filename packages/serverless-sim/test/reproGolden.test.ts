// REPRODUCTION.md is a golden file, a change detector: it must hold what the code produces
// today, so a change that moves any figure fails here until the page is regenerated with the
// command it names. It says nothing about whether the figures are right (the other repro*
// tests check the metrics and mechanisms). The sweeps are not re-run here, to keep the suite
// fast; `paperlab-sim repro --page` rewrites them with everything else.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  renderReproductionPage,
  renderReproMarkdown,
  reproPageCommand,
} from '../src/repro/renderRepro.js';
import { reproduceAgents } from '../src/repro/reproduceAgents.js';
import { reproduceContainers } from '../src/repro/reproduceContainers.js';

const page = readFileSync(fileURLToPath(new URL('../REPRODUCTION.md', import.meta.url)), 'utf8');

describe('REPRODUCTION.md (golden change detector)', () => {
  it('starts with the generated intro naming its command', () => {
    expect(page.startsWith(renderReproductionPage(''))).toBe(true);
    expect(page).toContain(reproPageCommand);
  });

  it('holds the current container report', () => {
    const { runs: _r, ...report } = reproduceContainers();
    expect(page).toContain(renderReproMarkdown(report).trim());
  });

  it('holds the current agent report', () => {
    const { results: _r, ...report } = reproduceAgents();
    expect(page).toContain(renderReproMarkdown(report).trim());
  });
});
