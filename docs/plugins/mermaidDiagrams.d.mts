// Types of mermaidDiagrams.mjs (a plain ES module: the diagram script runs it with Node alone).
export const diagramsDir: string;
export const THEMES: Record<'light' | 'dark', { theme: string; themeCSS: string }>;
export function diagramKey(source: string): string;
export function storedDiagram(source: string): { light: string; dark: string } | null;
export function renderDiagrams(sources: string[]): Promise<void>;
export function mermaidBlocks(text: string): string[];
export function pruneDiagrams(sources: string[]): string[];
export default function remarkMermaidSvg(): (tree: unknown) => Promise<void>;
