// TypeDoc plugin: the API reference's "Defined in" lines point at files of this repository.
// Without PAPERLAB_SOURCE_URL the site shows the path and line as plain text (the repository has
// no public home to link to); with it, each becomes a link `${PAPERLAB_SOURCE_URL}/<path>#L<line>`,
// e.g. PAPERLAB_SOURCE_URL=https://github.com/<owner>/paperlab/blob/main. Declarations TypeScript
// resolved into node_modules (types re-exported from a dependency) are dropped: they are not
// files of this repository. Loaded through the `plugin` option in docusaurus.config.ts.
import { Renderer } from 'typedoc';

/** The base URL for source links, without a trailing slash, or undefined for plain text. */
export function sourceBaseUrl(env = process.env) {
  const raw = (env.PAPERLAB_SOURCE_URL ?? '').trim();
  if (raw === '') return undefined;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(
      `PAPERLAB_SOURCE_URL must be an absolute http(s) URL, got ${JSON.stringify(raw)}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError(`PAPERLAB_SOURCE_URL must be an http(s) URL, got ${JSON.stringify(raw)}`);
  return raw.replace(/\/+$/, '');
}

/** Rewrites one reflection's sources in place: drops node_modules entries, sets or clears urls. */
export function rewriteSources(sources, base) {
  const kept = sources.filter((s) => !/(^|\/)node_modules\//.test(s.fileName));
  for (const s of kept) s.url = base ? `${base}/${s.fileName}#L${s.line}` : undefined;
  return kept;
}

function* withSignatures(reflection) {
  yield reflection;
  for (const s of reflection.signatures ?? []) yield s;
  for (const s of reflection.indexSignatures ?? []) yield s;
  if (reflection.getSignature) yield reflection.getSignature;
  if (reflection.setSignature) yield reflection.setSignature;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  const base = sourceBaseUrl();
  app.renderer.on(Renderer.EVENT_BEGIN, (event) => {
    for (const reflection of Object.values(event.project.reflections)) {
      for (const r of withSignatures(reflection)) {
        if (!r.sources) continue;
        const kept = rewriteSources(r.sources, base);
        r.sources = kept.length > 0 ? kept : undefined;
      }
    }
  });
}
