import { createRequire } from "node:module";

/**
 * A reader's parsing library, required the first time a story of its format is
 * read rather than when the reader module is imported. The readers are all
 * reachable from ingest's face (and the library's), so importing them must stay
 * cheap: yaml, markdown-it, html-to-text and fast-xml-parser together take about
 * 0.15 s to load, which a folder of plain-text stories should never pay.
 * Each of them ships CommonJS, so a synchronous require keeps the readers synchronous.
 */
const requireLibrary = createRequire(import.meta.url);

export function lazyLibrary<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireLibrary(name) as T);
}
