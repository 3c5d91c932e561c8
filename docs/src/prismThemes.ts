// Code-block colours that meet WCAG AA (4.5:1 for normal text) against the block's own
// background, in both themes. prism-react-renderer's GitHub theme writes comments #998 (2.71:1
// on its #f6f8fa), numbers and properties #36acaa (2.58:1) and keywords #00a4db (2.69:1);
// Palenight, the dark theme, writes comments at 2.84:1 and tags/booleans at 4.4:1. The same
// hues, darkened (light) or lightened (dark) until they clear 4.5:1; test/prismThemes.test.ts
// recomputes every ratio from the WCAG 2 relative-luminance formula.
import { type PrismTheme, themes } from 'prism-react-renderer';

/** Replaces the colour of every style rule whose colour is a key of `map`. */
function recolour(theme: PrismTheme, map: Record<string, string>): PrismTheme {
  return {
    plain: theme.plain,
    styles: theme.styles.map((s) => {
      const c = s.style.color;
      return c !== undefined && c in map ? { ...s, style: { ...s.style, color: map[c] } } : s;
    }),
  };
}

export const lightCodeTheme: PrismTheme = recolour(themes.github, {
  '#999988': '#6e6e5e', // comment: 4.86:1
  '#e3116c': '#c10f5c', // string: 5.65:1
  '#36acaa': '#1d7a78', // number, property, constant: 4.80:1
  '#00a4db': '#00739a', // keyword, attr-name: 5.03:1
  '#d73a49': '#c42e40', // function, tag: 5.17:1
});

export const darkCodeTheme: PrismTheme = recolour(themes.palenight, {
  'rgb(105, 112, 152)': '#9aa2c4', // comment: 5.42:1 on #292d3e
  'rgb(255, 85, 114)': '#ff7a90', // tag, deleted: 5.48:1
  'rgb(255, 88, 116)': '#ff7d92', // boolean: 5.59:1
});
