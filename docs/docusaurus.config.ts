import type * as Preset from '@docusaurus/preset-classic';
import type { Config } from '@docusaurus/types';
import paperlabSourcePlugin from './plugins/paperlabSource';

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
    mermaid: true,
    hooks: { onBrokenMarkdownLinks: 'throw' },
  },
  i18n: { defaultLocale: 'en', locales: ['en'] },
  presets: [
    [
      'classic',
      {
        docs: { routeBasePath: '/docs', sidebarPath: './sidebars.ts' },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
      } satisfies Preset.Options,
    ],
  ],
  themes: ['@docusaurus/theme-live-codeblock', '@docusaurus/theme-mermaid'],
  plugins: [paperlabSourcePlugin],
  themeConfig: {
    navbar: {
      title: 'paperlab',
      items: [
        { type: 'docSidebar', sidebarId: 'docs', position: 'left', label: 'Docs' },
        { to: '/docs/stats', label: 'Stats', position: 'left' },
      ],
    },
    footer: {
      style: 'dark',
      copyright: 'paperlab — every example on this site is a file the test suite runs.',
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
