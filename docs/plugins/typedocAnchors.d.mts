// Types of typedocAnchors.mjs (a plain ES module, because TypeDoc imports plugins with Node's
// loader, which does not read TypeScript).
import type { Application } from 'typedoc';

export function slug(text: string): string;
export function headingAnchors(markdown: string): Set<string>;
export function fixAnchors(markdown: string): string;
export function load(app: Application): void;
