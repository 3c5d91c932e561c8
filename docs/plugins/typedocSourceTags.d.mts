// Types of typedocSourceTags.mjs (a plain ES module, because TypeDoc imports plugins with
// Node's loader, which does not read TypeScript).
import type { Application } from 'typedoc';

export const SOURCE_TAGS: string;
export function withSourceTags(markdown: string): string;
export function load(app: Application): void;
