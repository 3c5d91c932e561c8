// The sidebar's layout, apart from sidebars.ts because Docusaurus reads every export of that
// file as a sidebar. The sidebar coverage test reads it too.

/** The sections, in order: [folder, label]. Exported for the sidebar coverage test. */
export const sections: ReadonlyArray<readonly [dir: string, label: string]> = [
  ['serverless', 'Serverless / TrEnv-X'],
  ['oram', 'ORAM / IRO'],
  ['stats', 'Stats'],
  ['api', 'API reference'],
];

/** Top-level pages outside any section. */
export const topLevel = ['intro', 'getting-started'] as const;
