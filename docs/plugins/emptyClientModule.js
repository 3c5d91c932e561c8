// Stands in for theme-classic's prism-include-languages client module (see
// PRISM_CLIENT_MODULE in paperlabSource.ts): the site registers no additional Prism languages.
export {};
