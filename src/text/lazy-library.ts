import { createRequire } from "node:module";

/**
 * A library required the first time it is used rather than when the module that uses
 * it is imported. A folder's face loads all of the folder, so heavy libraries behind
 * it would be paid by every command: the readers' parsers (yaml, markdown-it,
 * html-to-text, fast-xml-parser: about 0.15 s) by a folder of plain text, nodemailer
 * and csv-parse by `editions`, which sends nothing. Each ships CommonJS, so a
 * synchronous require keeps the callers synchronous.
 */
const requireLibrary = createRequire(import.meta.url);

export function lazyLibrary<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireLibrary(name) as T);
}
