// The sidebar's layout, apart from sidebars.ts because Docusaurus reads every export of that
// file as a sidebar. The sidebar coverage test reads it too.

/** The sections, in order: [folder, label]. Exported for the sidebar coverage test. */
export const sections: ReadonlyArray<readonly [dir: string, label: string]> = [
  ['learn', 'Learn the papers'],
  ['serverless', 'Serverless / TrEnv-X'],
  ['oram', 'ORAM / IRO'],
  ['stats', 'Stats'],
  ['api', 'API reference'],
];

/** Top-level pages outside any section. */
export const topLevel = ['intro', 'getting-started'] as const;

/** The doc id a section's category links to (its folder's index page). */
export const sectionIndexId = (dir: string): string => `${dir}/index`;

/** The part of a generated sidebar item this module looks at. */
interface GeneratedItem {
  readonly type: string;
  readonly id?: string;
}

/**
 * Drops a section's index page from the items Docusaurus generates for the section's folder.
 * The section's category already links to that page (sidebars.ts), and the generator lists
 * every doc of the folder, the index too, so without this the index appears twice: once as
 * the category and once as its first entry (with the page's own title), and the index page's
 * "Next" button points at itself. Used by docusaurus.config.ts's `sidebarItemsGenerator`.
 */
export function dropSectionIndex<T extends GeneratedItem>(
  items: readonly T[],
  dirName: string,
): T[] {
  const index = sectionIndexId(dirName);
  const isSection = sections.some(([dir]) => dir === dirName);
  return isSection ? items.filter((i) => !(i.type === 'doc' && i.id === index)) : [...items];
}
