// Types of typedocSourceLinks.mjs (a plain ES module, because TypeDoc imports plugins with
// Node's loader, which does not read TypeScript).
import type { Application } from 'typedoc';

export interface SourceLike {
  fileName: string;
  line: number;
  url?: string | undefined;
}
export function sourceBaseUrl(env?: Record<string, string | undefined>): string | undefined;
export function rewriteSources<T extends SourceLike>(sources: T[], base: string | undefined): T[];
export function load(app: Application): void;
