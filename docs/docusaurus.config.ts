import { existsSync } from 'node:fs';
import type * as Preset from '@docusaurus/preset-classic';
import type { Config } from '@docusaurus/types';
import remarkMermaidSvg from './plugins/mermaidDiagrams.mjs';
import paperlabSourcePlugin from './plugins/paperlabSource';
import { dropSectionIndex } from './sidebarSections';
import { darkCodeTheme, lightCodeTheme } from './src/prismThemes';

const config: Config = {
  title: 'paperlab',
  tagline: 'Two systems papers — TrEnv-X and IRO — as runnable, tested TypeScript',
  favicon: 'img/favicon.svg',
  url: 'http://localhost:3000',
  baseUrl: '/',
  trailingSlash: false,
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  markdown: {
    // .md files (the generated API reference) are CommonMark, so `<T>` or `{` in a doc comment
    // is text; the hand-written pages are .mdx.
    format: 'detect',
    hooks: { onBrokenMarkdownLinks: 'throw' },
  },
  i18n: { defaultLocale: 'en', locales: ['en'] },
  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: '/docs',
          sidebarPath: './sidebars.ts',
          // ```mermaid blocks become static SVG, drawn at build time (plugins/mermaidDiagrams.mjs).
          beforeDefaultRemarkPlugins: [remarkMermaidSvg],
          // A section's index page is its category's link (sidebars.ts); keep it out of the
          // category's generated entries so it is not listed twice.
          async sidebarItemsGenerator({ defaultSidebarItemsGenerator, ...args }) {
            return dropSectionIndex(await defaultSidebarItemsGenerator(args), args.item.dirName);
          },
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
      } satisfies Preset.Options,
    ],
  ],
  themes: [
    [
      // Offline full-text search: the index is built with the site, no search service needed.
      '@easyops-cn/docusaurus-search-local',
      {
        hashed: true,
        indexBlog: false,
        indexPages: true,
        docsRouteBasePath: '/docs',
        explicitSearchResultPath: true,
        searchResultLimits: 10,
        // A <Term>'s hover card repeats the glossary on every page that uses the term; the
        // glossary page itself is indexed.
        ignoreCssSelectors: ['[data-term-card]'],
      },
    ],
  ],
  plugins: [
    paperlabSourcePlugin,
    [
      // Runs TypeDoc when the site starts or builds (docs/api is generated, git-ignored).
      'docusaurus-plugin-typedoc',
      {
        name: 'API reference',
        entryPoints: ['../packages/stats', '../packages/serverless-sim', '../packages/oram'],
        entryPointStrategy: 'packages',
        // readme: 'none' per package too: a README's relative links (to examples/, say) have
        // no target inside the site.
        packageOptions: {
          entryPoints: ['src/index.ts'],
          skipErrorChecking: true,
          readme: 'none',
          // "Defined in" shows the path from the repository root (packages/<pkg>/src/…);
          // plugins/typedocSourceLinks.mjs turns it into a link only when PAPERLAB_SOURCE_URL
          // names where this repository is published.
          disableGit: true,
          basePath: '../..',
          // Required with disableGit; the plugin replaces (or clears) every url it makes.
          sourceLinkTemplate: '{path}#L{line}',
        },
        out: './docs/api',
        // One page per package (and per namespace) with every member on it, not one per
        // member: each page is a route, and Docusaurus puts every route in the bundle every
        // page loads and matches it on every navigation; ~380 member pages made that start-up
        // work the longest main-thread task of each page.
        outputFileStrategy: 'modules',
        readme: 'none',
        disableGit: true,
        sourceLinkTemplate: '{path}#L{line}',
        plugin: [
          './plugins/typedocSourceLinks.mjs',
          './plugins/typedocAnchors.mjs',
          './plugins/typedocSourceTags.mjs',
        ],
        skipErrorChecking: true,
        excludePrivate: true,
        excludeInternal: true,
        pageTitleTemplates: { index: 'API reference' },
        logLevel: 'Warn',
      },
    ],
  ],
  themeConfig: {
    // Token colours that meet WCAG AA contrast on the code background (src/prismThemes.ts).
    prism: { theme: lightCodeTheme, darkTheme: darkCodeTheme },
    navbar: {
      title: 'paperlab',
      items: [
        { type: 'docSidebar', sidebarId: 'docs', position: 'left', label: 'Docs' },
        { to: '/docs/serverless', label: 'TrEnv-X', position: 'left' },
        // The ORAM section is written separately; link it once it exists.
        ...(existsSync(new URL('./docs/oram/index.mdx', import.meta.url))
          ? [{ to: '/docs/oram', label: 'ORAM / IRO', position: 'left' as const }]
          : []),
        { to: '/docs/stats', label: 'Stats', position: 'left' },
        { to: '/docs/serverless/playground', label: 'Playground', position: 'left' },
        { to: '/docs/api', label: 'API', position: 'right' },
      ],
    },
    footer: {
      style: 'dark',
      copyright: 'paperlab — every example on this site is a file the test suite runs.',
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
