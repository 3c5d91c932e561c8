// REPRODUCTION.md must hold the tables the code produces today: a change to a parameter or a
// mechanism that moves a figure fails here until the page is regenerated with the command it
// names, so the docs never quote stale numbers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderReproMarkdown } from '../src/repro/renderRepro.js';
import { reproduceAgents } from '../src/repro/reproduceAgents.js';
import { reproduceContainers } from '../src/repro/reproduceContainers.js';

const page = readFileSync(fileURLToPath(new URL('../REPRODUCTION.md', import.meta.url)), 'utf8');

describe('REPRODUCTION.md', () => {
  it('names the command that produced it', () => {
    expect(page).toContain('paperlab-sim repro --out repro-out --markdown repro-out/repro.md');
  });

  it('holds the current container tables', () => {
    const { runs: _r, ...report } = reproduceContainers();
    expect(page).toContain(renderReproMarkdown(report).trim());
  });

  it('holds the current agent tables', () => {
    const { results: _r, ...report } = reproduceAgents();
    expect(page).toContain(renderReproMarkdown(report).trim());
  });
});
