// The "every example is embedded" failure message, checked on made-up examples (no package is
// touched): it names the file, the page to embed it in and the exact lines to add.
import { describe, expect, it } from 'vitest';
import {
  importName,
  missingExampleMessage,
  missingExamples,
  type PageEmbeds,
  suggestPage,
} from './exampleCoverage';

// The site's embeds as of this commit (a subset is enough for the rules).
const pages: PageEmbeds[] = [
  {
    page: 'oram/ring-oram.mdx',
    examples: [
      'packages/oram/examples/ring-oram-basics.ts',
      'packages/oram/examples/ring-oram-trace.ts',
    ],
  },
  {
    page: 'oram/timing.mdx',
    examples: [
      'packages/oram/examples/timing-readpath.ts',
      'packages/oram/examples/timing-iro-reproduction.ts',
    ],
  },
  {
    page: 'oram/reliability.mdx',
    examples: [
      'packages/oram/examples/faults-ecp.ts',
      'packages/oram/examples/faults-campaign.ts',
      'packages/oram/examples/integrity-replication.ts',
    ],
  },
  { page: 'stats/index.mdx', examples: ['packages/stats/examples/bad-input.ts'] },
];

describe('example coverage message', () => {
  it('lists exactly the examples no page runs', () => {
    expect(
      missingExamples(
        ['packages/oram/examples/timing-readpath.ts', 'packages/oram/examples/timing-dram.ts'],
        pages,
      ),
    ).toEqual(['packages/oram/examples/timing-dram.ts']);
  });

  it('suggests the page running the most similarly named examples of the same package', () => {
    expect(suggestPage('packages/oram/examples/timing-dram-banks.ts', pages)).toBe(
      'oram/timing.mdx',
    );
    expect(suggestPage('packages/oram/examples/faults-channel.ts', pages)).toBe(
      'oram/reliability.mdx',
    );
    // No shared prefix: the page with most of the package's examples.
    expect(suggestPage('packages/oram/examples/stash.ts', pages)).toBe('oram/reliability.mdx');
    expect(suggestPage('packages/stats/examples/histogram.ts', pages)).toBe('stats/index.mdx');
    expect(suggestPage('packages/newpkg/examples/hello.ts', pages)).toBeUndefined();
  });

  it('turns file names into import names', () => {
    expect(importName('packages/oram/examples/timing-dram-banks.ts')).toBe('timingDramBanks');
    expect(importName('packages/stats/examples/bad_input.v2.ts')).toBe('badInputV2');
  });

  it('says which file, where, and the exact MDX to add', () => {
    expect(missingExampleMessage('packages/oram/examples/timing-dram-banks.ts', pages)).toBe(
      [
        'packages/oram/examples/timing-dram-banks.ts is not embedded on any page of the site.',
        'Embed it in docs/docs/oram/timing.mdx (it already runs other oram examples):',
        '  at the top, with the other imports (the first line only if the page lacks it):',
        "    import RunnableExample from '@site/src/components/RunnableExample';",
        "    import timingDramBanks from '!!raw-loader!@site/../packages/oram/examples/timing-dram-banks.ts';",
        "    import timingDramBanksOut from '!!raw-loader!@site/../packages/oram/examples/timing-dram-banks.out';",
        '  where it belongs in the text:',
        '    <RunnableExample path="packages/oram/examples/timing-dram-banks.ts" source={timingDramBanks} expected={timingDramBanksOut} />',
        '(packages/oram/examples/timing-dram-banks.out must exist too: the page shows it as the expected output and the browser suite compares against it.)',
      ].join('\n'),
    );
    expect(missingExampleMessage('packages/newpkg/examples/hello.ts', pages)).toContain(
      'Embed it in a page under docs/docs/ (no page runs newpkg examples yet):',
    );
  });

  it('the suggested MDX is what the pages test accepts (path, raw imports of .ts and .out)', () => {
    const msg = missingExampleMessage('packages/oram/examples/faults-x.ts', pages);
    // The same patterns test/pages.test.ts reads pages with.
    const rawImports = [...msg.matchAll(/['"]!!raw-loader!@site\/([^'"]+)['"]/g)].map((m) => m[1]);
    const paths = [...msg.matchAll(/<RunnableExample[^>]*?\bpath="([^"]+)"/gs)].map((m) => m[1]);
    expect(paths).toEqual(['packages/oram/examples/faults-x.ts']);
    expect(rawImports).toEqual([
      '../packages/oram/examples/faults-x.ts',
      '../packages/oram/examples/faults-x.out',
    ]);
  });
});
