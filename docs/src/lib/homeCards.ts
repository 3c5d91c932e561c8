// The home page's cards, apart from the page so the unit tests and the browser suite can
// read the same list. `to` is a site path, optionally with an #anchor on the page (the build's
// broken-anchor check keeps the anchors true).

export interface HomeCard {
  readonly title: string;
  readonly to: string;
  readonly body: string;
}

/** One card per thing to try, each on the page where it lives. */
export const demoCards: readonly HomeCard[] = [
  {
    title: 'Simulator playground',
    to: '/docs/serverless/playground',
    body: 'Run TrEnv, its snapshot baselines and keep-alive platforms on the same arrivals, in a Web Worker, and compare start-up P99 and memory.',
  },
  {
    title: 'TrEnv-X reproduction',
    to: '/docs/serverless/reproduction',
    body: "The simulator's version of the paper's container and agent comparisons, with the paper's figures beside the simulated ones.",
  },
  {
    title: 'Access-pattern leak demo',
    to: '/docs/oram#see-it-happen',
    body: 'Type a PIN: an encrypted array gives it away through the cells it touches; a Ring ORAM does not.',
  },
  {
    title: 'Ring ORAM visualiser',
    to: '/docs/oram/ring-oram#drive-it',
    body: 'Step through ReadPath, EvictPath and EarlyReshuffle one physical access at a time, beside what the server sees.',
  },
  {
    title: 'Tamper demo',
    to: '/docs/oram/integrity#try-it',
    body: "Flip bytes or replay a bucket in the ORAM's memory and see which integrity check catches it, and where.",
  },
  {
    title: 'Fault demo',
    to: '/docs/oram/reliability#try-it',
    body: 'Kill a memory channel, stick cells, flip bits: count what is recovered, what is refused, and that nothing is silently wrong.',
  },
  {
    title: 'IRO timing model',
    to: '/docs/oram/timing',
    body: "IRO's execution-time overhead replayed on a DDR4 and AES-GCM model, beside the paper's +7.54 % / −2.14 %.",
  },
  {
    title: 'ORAM / IRO pages',
    to: '/docs/oram',
    body: 'Why encryption alone leaks, how Ring ORAM hides the pattern, and what IRO adds for integrity and reliability.',
  },
];

/** The sections a reader may want next. */
export const sectionCards: readonly HomeCard[] = [
  {
    title: 'Learn the papers',
    to: '/docs/learn',
    body: 'For each paper: the problem, the idea to try, the evidence beside the paper, and the code behind it.',
  },
  {
    title: 'Serverless / TrEnv-X',
    to: '/docs/serverless',
    body: 'Cold starts, snapshot systems, repurposable sandboxes, mm-templates and agent sandboxes, page by page.',
  },
  {
    title: '@paperlab/stats',
    to: '/docs/stats',
    body: 'The seeded randomness, summaries and tests both libraries share, with examples you can edit and run.',
  },
  {
    title: 'Glossary',
    to: '/docs/learn/glossary',
    body: 'Z, S, A, L, ReadPath, EvictPath, mm-template, REAP+, FaaSnap+, RIT, MUST and the rest, in a sentence each.',
  },
  {
    title: 'API reference',
    to: '/docs/api',
    body: 'Every public function and type of the three packages, generated from their TypeScript source.',
  },
];

/** A card's page path without its #anchor and trailing slash, as the docs plugin lists it. */
export function cardPath(to: string): string {
  const page = to.split('#')[0] ?? to;
  return page.length > 1 ? page.replace(/\/+$/, '') : page;
}

/**
 * The cards whose page exists. Docusaurus lists a section's index page with a trailing slash
 * (`/docs/oram/`) and other pages without, so both sides are compared without it.
 */
export function existingCards(cards: readonly HomeCard[], docPaths: Iterable<string>): HomeCard[] {
  const have = new Set([...docPaths].map(cardPath));
  return cards.filter((c) => have.has(cardPath(c.to)));
}
